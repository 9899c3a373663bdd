#include "deps/source.hpp"

#include "test_support.hpp"

#include <algorithm>
#include "util/error.hpp"

namespace pycontainer::deps {
namespace {

class SourceTest : public test::TempDirTest {};

TEST_F(SourceTest, FindsTheContextsVenvFirst)
{
  write("ctx/.venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.2\n");
  write("ctx/.venv/lib/python3.11/site-packages/x.py", "");
  write("ctx/requirements.txt", "flask\n");
  SourceRequest request;
  request.context = dir() / "ctx";
  request.platform = oci::Platform::parse("linux/amd64");
  auto source = find_dependency_source(request);
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(source->kind, SourceKind::venv);
  EXPECT_EQ(source->python_version, "3.11");
  EXPECT_EQ(source->python_full_version, "3.11.2");
  EXPECT_EQ(source->site_packages, dir() / "ctx/.venv/lib/python3.11/site-packages");
}

TEST_F(SourceTest, ExplicitPathsThatDoNotExistAreUsageErrors)
{
  SourceRequest request;
  request.context = dir();
  request.requirements = dir() / "missing.txt";
  EXPECT_THROW(find_dependency_source(request), UsageError);
  request.requirements.reset();
  write("notvenv/file", "");
  request.venv = dir() / "notvenv";
  EXPECT_THROW(find_dependency_source(request), UsageError);
}

TEST_F(SourceTest, NothingToInstallIsNullopt)
{
  SourceRequest request;
  request.context = dir();
  EXPECT_FALSE(find_dependency_source(request).has_value());
}

TEST(PipPlatformTags, ManylinuxAndPlainLinuxForTheArchitecture)
{
  auto tags = pip_platform_tags(oci::Platform::parse("linux/arm64"));
  EXPECT_NE(std::find(tags.begin(), tags.end(), "manylinux_2_17_aarch64"), tags.end());
  EXPECT_NE(std::find(tags.begin(), tags.end(), "manylinux2014_aarch64"), tags.end());
  EXPECT_EQ(tags.back(), "linux_aarch64");
}

} // namespace
} // namespace pycontainer::deps
