#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::util {
namespace {

class AtomicFileTest : public test::TempDirTest {};

TEST_F(AtomicFileTest, CommitReplacesTargetWhole)
{
  auto target = write("out.txt", "old");
  {
    AtomicFile file(target);
    file.write("new ");
    file.write("content");
    EXPECT_EQ(read_file(target), "old") << "target must not change before commit";
    file.commit();
  }
  EXPECT_EQ(read_file(target), "new content");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir()), std::filesystem::directory_iterator()), 1);
}

TEST_F(AtomicFileTest, CommitAsNewNeverReplacesAnExistingFile)
{
  auto taken = write("taken.txt", "old");
  auto free = dir() / "free.txt";
  {
    AtomicFile file(dir() / "out.txt");
    file.write("new");
    EXPECT_FALSE(file.commit_as_new(taken));
    EXPECT_EQ(read_file(taken), "old");
    EXPECT_TRUE(std::filesystem::exists(file.temp_path())) << "kept for the caller to decide";
    EXPECT_TRUE(file.commit_as_new(free));
  }
  EXPECT_EQ(read_file(free), "new");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir()), std::filesystem::directory_iterator()), 2);
}

TEST_F(AtomicFileTest, AbandonedFileLeavesNothingBehind)
{
  auto target = dir() / "out.txt";
  {
    AtomicFile file(target);
    file.write("partial");
  }
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_TRUE(std::filesystem::is_empty(dir()));
}

TEST_F(AtomicFileTest, UncreatableFileNamesThePath)
{
  try {
    AtomicFile file(dir() / "missing" / "out.txt");
    FAIL() << "expected IoError";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("missing/out.txt"), std::string::npos) << error.what();
  }
}

TEST_F(AtomicFileTest, ReadFileNamesMissingPath)
{
  EXPECT_THROW(read_file(dir() / "nope"), IoError);
}

TEST(Sha256Test, KnownVectors)
{
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 hasher;
  hasher.update("a");
  hasher.update("bc");
  EXPECT_EQ(hasher.finish_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ErrorTest, ContextIsPrefixedAsItRises)
{
  try {
    with_context("layer \"app\"", [] { throw UsageError("bad file"); });
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "layer \"app\": bad file");
    EXPECT_EQ(error.exit_code(), 2);
    return;
  }
  FAIL() << "expected UsageError";
}

} // namespace
} // namespace pycontainer::util
