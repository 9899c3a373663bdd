#include "remote/http.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pycontainer::remote {
namespace {

class CurlTransportTest : public test::TempDirTest {};

// The body file of an upload is opened as every input is: a FIFO there is refused before any connection
// (nothing listens on port 9), never waited on.
TEST_F(CurlTransportTest, AFifoAsTheBodyFileIsRefusedAtOnce)
{
  auto fifo = dir() / "blob";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  HttpRequest request;
  request.method = "PUT";
  request.url = "http://127.0.0.1:9/v2/x/blobs/uploads/1";
  request.body_file = fifo;
  request.body_length = 1;
  auto error = test::error_reading_fifo(fifo, [&] { curl_transport().perform(request); });
  EXPECT_EQ(error, "'" + fifo.string() + "' is a FIFO, not a regular file (replace it with a file)");
}

} // namespace
} // namespace pycontainer::remote
