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

TEST(PipPlatformTags, MuslBasesGetMusllinuxTags)
{
  auto tags = pip_platform_tags(oci::Platform::parse("linux/amd64"), Libc::musl);
  EXPECT_EQ(tags, (std::vector<std::string>{"musllinux_1_2_x86_64", "musllinux_1_1_x86_64", "musllinux_1_0_x86_64", "linux_x86_64"}));
}

TEST_F(SourceTest, RequirementsFilesFollowIncludesOnce)
{
  write("req/requirements.txt", "flask\n-r base.txt\n--constraint=sub/constraints.txt  # pinned\n-rbase.txt\n");
  write("req/base.txt", "requests\n--requirement sub/extra.txt\n");
  write("req/sub/extra.txt", "-r ../base.txt\n");
  write("req/sub/constraints.txt", "flask==2.2.2\n");
  auto files = requirements_files(dir() / "req/requirements.txt");
  EXPECT_EQ(files, (std::vector<std::filesystem::path>{dir() / "req/requirements.txt", dir() / "req/base.txt",
                                                       dir() / "req/sub/constraints.txt", dir() / "req/sub/extra.txt"}));
}

TEST_F(SourceTest, AMissingIncludeNamesTheFileAndLine)
{
  write("requirements.txt", "flask\n-r missing.txt\n");
  try {
    requirements_files(dir() / "requirements.txt");
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("requirements.txt' line 2 includes 'missing.txt'"), std::string::npos)
      << error.what();
  }
}

TEST_F(SourceTest, AVenvNamesItsConfigAsAnInput)
{
  write("v/pyvenv.cfg", "version = 3.11.2\n");
  write("v/lib/python3.11/site-packages/x.py", "");
  auto source = read_venv(dir() / "v");
  EXPECT_EQ(source.input_files, (std::vector<std::filesystem::path>{dir() / "v/pyvenv.cfg"}));
}

} // namespace
} // namespace pycontainer::deps
