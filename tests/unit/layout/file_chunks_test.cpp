#include "layout/file_chunks.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pycontainer::layout {
namespace {

class FileChunksTest : public test::TempDirTest {};

TEST_F(FileChunksTest, ReadsTheWholeFileInChunks)
{
  std::string content(600 * 1024, 'x'); // more than one chunk
  content += "end";
  auto path = write("blob", content);
  std::string read;
  std::size_t chunks = 0;
  read_in_chunks(path, [&](const char* data, std::size_t size) {
    read.append(data, size);
    ++chunks;
  });
  EXPECT_EQ(read, content);
  EXPECT_GT(chunks, 1u);
  EXPECT_EQ(digest_of_file(path), oci::Digest::of(content));
}

// A FIFO in a blob's place (a layout's blob, a cached layer, a file pushed) is refused, never waited on.
TEST_F(FileChunksTest, AFifoIsRefusedAtOnce)
{
  auto fifo = dir() / "blob";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  auto error = test::error_reading_fifo(fifo, [&] { digest_of_file(fifo); });
  EXPECT_EQ(error, "'" + fifo.string() + "' is a FIFO, not a regular file (replace it with a file)");
}

} // namespace
} // namespace pycontainer::layout
