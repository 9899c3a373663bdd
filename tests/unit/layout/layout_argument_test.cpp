#include "layout/layout.hpp"

#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::layout {
namespace {

class LayoutArgumentTest : public test::TempDirTest {};

void expect_argument(std::string_view argument, const std::string& path, const std::string& ref)
{
  auto parsed = parse_layout_argument(argument);
  EXPECT_EQ(parsed.path.string(), path) << argument;
  EXPECT_EQ(parsed.ref, ref) << argument;
}

TEST_F(LayoutArgumentTest, SplitsPathAndTag)
{
  expect_argument("dist/image:1.0", "dist/image", "1.0");
  expect_argument("dist/image", "dist/image", "");
  expect_argument("image:latest", "image", "latest");
  expect_argument("/abs/out/image:v2", "/abs/out/image", "v2");
  expect_argument("image:", "image", "");
  expect_argument("build/a:b/image:1.0", "build/a:b/image", "1.0");
}

TEST_F(LayoutArgumentTest, AColonFollowedBySlashBelongsToThePath)
{
  expect_argument("build/a:b/image", "build/a:b/image", "");
  expect_argument("c:/image", "c:/image", "");
}

TEST_F(LayoutArgumentTest, AnExistingDirectoryWithAColonIsAPath)
{
  auto directory = dir() / "image:1.0";
  std::filesystem::create_directories(directory);
  expect_argument(directory.string(), directory.string(), "");
  expect_argument((dir() / "other:1.0").string(), (dir() / "other").string(), "1.0");
}

TEST_F(LayoutArgumentTest, EmptyPathIsAUsageError)
{
  EXPECT_THROW(parse_layout_argument(""), UsageError);
  EXPECT_THROW(parse_layout_argument(":1.0"), UsageError);
}

} // namespace
} // namespace pycontainer::layout
