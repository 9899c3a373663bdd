// Unit tests of deps::inspect_base's cache of base facts (<cache>/deps/base/<key>.json): a damaged entry
// is scanned again and rewritten, never a nlohmann exception.
#include "deps/dependency_plan.hpp"
#include "test_support.hpp"
#include "util/file.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace pycontainer::deps {
namespace {

using BaseFactsCacheTest = test::TempDirTest;

TEST_F(BaseFactsCacheTest, ADamagedEntryIsScannedAgain)
{
  oci::ImageConfig config;
  config.config.env = {"PYTHON_VERSION=3.11.2"};
  auto scanned = inspect_base(config, {}, dir());
  std::vector<std::filesystem::path> entries;
  for (const auto& entry : std::filesystem::directory_iterator(dir() / "deps" / "base")) {
    entries.push_back(entry.path());
  }
  ASSERT_EQ(entries.size(), 1u);
  const auto& entry = entries.front();
  auto good = util::read_file(entry);
  for (const char* damaged :
       {R"({})", R"({"python_directories":[],"interpreters":[5],"libc":"glibc"})",
        R"({"python_directories":{},"interpreters":[],"libc":"glibc"})",
        R"({"python_directories":[],"interpreters":[],"libc":5})",
        R"({"python_directories":[],"interpreters":[],"libc":"glibc","system_packages":[["dpkg","a"]]})",
        R"({"python_directories":[],"interpreters":[],"libc":"glibc","system_packages":5})",
        R"({"python_directories":[],"interpreters":[],"libc":"glibc","distro":["debian"]})"}) {
    util::write_file_atomic(entry, damaged);
    auto again = inspect_base(config, {}, dir());
    EXPECT_EQ(again.version, scanned.version) << damaged;
    EXPECT_EQ(again.libc, scanned.libc) << damaged;
    EXPECT_EQ(again.interpreter, scanned.interpreter) << damaged;
    EXPECT_EQ(again.distro, scanned.distro) << damaged;
    EXPECT_EQ(util::read_file(entry), good) << damaged; // rewritten
  }
}

} // namespace
} // namespace pycontainer::deps
