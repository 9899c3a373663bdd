#include "util/fd.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>

#include <cerrno>
#include <utility>

namespace pycontainer::util {
namespace {

bool is_open(int fd)
{
  return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

TEST(FdTest, DestructorCloses)
{
  int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(raw, 0);
  {
    Fd fd(raw);
    EXPECT_TRUE(fd);
    EXPECT_EQ(fd.get(), raw);
  }
  EXPECT_FALSE(is_open(raw));
}

TEST(FdTest, ReleaseGivesTheDescriptorUp)
{
  int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(raw, 0);
  {
    Fd fd(raw);
    EXPECT_EQ(fd.release(), raw);
    EXPECT_FALSE(fd);
  }
  EXPECT_TRUE(is_open(raw));
  ::close(raw);
}

TEST(FdTest, MoveTransfersOwnershipAndAssignmentClosesTheOld)
{
  int first = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int second = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  {
    Fd a(first);
    Fd b(std::move(a));
    EXPECT_FALSE(a);
    EXPECT_EQ(b.get(), first);
    Fd c(second);
    c = std::move(b);
    EXPECT_FALSE(is_open(second)) << "assignment must close the descriptor it replaces";
    EXPECT_EQ(c.get(), first);
    EXPECT_TRUE(is_open(first));
  }
  EXPECT_FALSE(is_open(first));
}

TEST(FdTest, CloseReportsAndEmpties)
{
  Fd fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  int raw = fd.get();
  EXPECT_TRUE(fd.close());
  EXPECT_FALSE(fd);
  EXPECT_FALSE(is_open(raw));
  EXPECT_TRUE(fd.close()) << "closing nothing succeeds";
}

} // namespace
} // namespace pycontainer::util
