#include "util/file.hpp"

#include "util/error.hpp"
#include "util/fd.hpp"

#include "test_support.hpp"

#include <fcntl.h>
#include <functional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace pycontainer::util {
namespace {

namespace fs = std::filesystem;

class FileTest : public test::TempDirTest {
protected:
  FileIdentity identity_of(const fs::path& path) const
  {
    struct stat status {};
    EXPECT_EQ(::lstat(path.c_str(), &status), 0);
    return {static_cast<std::uint64_t>(status.st_dev), static_cast<std::uint64_t>(status.st_ino)};
  }

  void expect_fifo_refused(const fs::path& fifo, const std::function<void()>& read) const
  {
    EXPECT_EQ(test::error_reading_fifo(fifo, read),
              "'" + fifo.string() + "' is a FIFO, not a regular file (replace it with a file)");
  }

  std::string io_error(const fs::path& path, const FileIdentity* listed) const
  {
    struct stat status {};
    try {
      ::close(open_input_file(path, status, listed));
    } catch (const IoError& error) {
      return error.message();
    }
    return "no error";
  }
};

TEST_F(FileTest, ReadsWholeFilesUpToTheLimit)
{
  auto path = write("a.txt", "12345");
  EXPECT_EQ(read_file(path), "12345");
  EXPECT_EQ(read_file(path, 5), "12345");
  EXPECT_THROW(read_file(path, 4), IoError);
  EXPECT_EQ(read_file_start(path, 2), "12");
  EXPECT_EQ(read_file_start(path, 10), "12345");
}

TEST_F(FileTest, ReadSomeGivesWhatIsThereAndZeroAtTheEnd)
{
  auto path = write("a.txt", "12345");
  Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  char buffer[4];
  EXPECT_EQ(read_some(file.get(), buffer, sizeof buffer, path), 4u);
  EXPECT_EQ(std::string(buffer, 4), "1234");
  EXPECT_EQ(read_some(file.get(), buffer, sizeof buffer, path), 1u);
  EXPECT_EQ(buffer[0], '5');
  EXPECT_EQ(read_some(file.get(), buffer, sizeof buffer, path), 0u);
  Fd directory(::open(dir().c_str(), O_RDONLY | O_CLOEXEC));
  try {
    read_some(directory.get(), buffer, sizeof buffer, dir());
    ADD_FAILURE() << "reading a directory succeeded";
  } catch (const IoError& error) {
    EXPECT_NE(error.message().find(dir().string()), std::string::npos) << error.message();
  }
}

TEST_F(FileTest, FifoIsRefusedWithoutBlocking)
{
  auto fifo = dir() / "pyproject.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  expect_fifo_refused(fifo, [&] { read_file(fifo); });
  expect_fifo_refused(fifo, [&] { read_file_start(fifo, 2); });
}

TEST_F(FileTest, DirectoryIsRefusedByKind)
{
  try {
    read_file(dir());
    FAIL() << "a directory was read";
  } catch (const UsageError& error) {
    EXPECT_EQ(error.message(), "'" + dir().string() + "' is a directory, not a regular file (replace it with a file)");
  }
}

TEST_F(FileTest, UnlistedSymlinkIsFollowed)
{
  write("real.toml", "x");
  fs::create_symlink("real.toml", dir() / "pyproject.toml");
  EXPECT_EQ(read_file(dir() / "pyproject.toml"), "x");
}

TEST_F(FileTest, ListedFileOpensWhileItIsTheSame)
{
  auto path = write("a.py", "x");
  auto listed = identity_of(path);
  EXPECT_EQ(io_error(path, &listed), "no error");
}

TEST_F(FileTest, ListedFileSwappedForASymlinkIsRefused)
{
  auto path = write("context/a.py", "inside");
  auto outside = write("secret", "outside");
  auto listed = identity_of(path);
  fs::remove(path);
  fs::create_symlink(outside, path);
  EXPECT_EQ(io_error(path, &listed), "cannot read '" + path.string() + "': changed while the build read it; run the build again");
}

TEST_F(FileTest, ListedFileReplacedByAnotherIsRefused)
{
  auto path = write("a.py", "old");
  auto listed = identity_of(path);
  auto other = write("a.py.new", "new");
  fs::rename(other, path);
  EXPECT_EQ(io_error(path, &listed), "cannot read '" + path.string() + "': changed while the build read it; run the build again");
  fs::remove(path);
  EXPECT_EQ(io_error(path, &listed), "cannot read '" + path.string() + "': changed while the build read it; run the build again");
}

} // namespace
} // namespace pycontainer::util
