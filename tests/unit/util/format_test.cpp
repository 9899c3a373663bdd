#include "util/format.hpp"

#include <gtest/gtest.h>

namespace pycontainer::util {
namespace {

TEST(FormatTest, HumanBinarySize)
{
  EXPECT_EQ(human_binary_size(0), "0 B");
  EXPECT_EQ(human_binary_size(512), "512 B");
  EXPECT_EQ(human_binary_size(1536), "1.5 KiB");
  EXPECT_EQ(human_binary_size(5 * 1024 * 1024), "5.0 MiB");
  EXPECT_EQ(human_binary_size(3ULL * 1024 * 1024 * 1024 / 2), "1.5 GiB");
  EXPECT_EQ(human_binary_size(4096ULL * 1024 * 1024 * 1024), "4096.0 GiB");
}

TEST(FormatTest, PercentDecodeKeepsMalformedEscapes)
{
  EXPECT_EQ(percent_decode("a%2Bb%2fc%zz%4"), "a+b/c%zz%4");
  EXPECT_EQ(percent_decode(percent_encode("s@cret:/?")), "s@cret:/?");
}

} // namespace
} // namespace pycontainer::util
