// Unit tests of deps::inspect_base: the facts it scans from a base's layers (read through
// layer::LayerReader, its digest checked on the way), and its cache of them
// (<cache>/deps/base/<key>.json): a damaged entry is scanned again and rewritten, never a nlohmann
// exception. And the venv skeleton's generated files, which are immutable entries.
#include "deps/dependency_plan.hpp"
#include "layout/layout.hpp"
#include "test_support.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
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

class BaseScanTest : public test::TempDirTest {
protected:
  // A gzip layer of a Debian-like Python base, written into dir()/layout; returns (blob, media type).
  std::pair<std::filesystem::path, std::string> base_layer(oci::media_type::Compression compression)
  {
    std::vector<layer::Entry> entries;
    auto add = [&](const std::string& path, const std::string& content) {
      layer::Entry entry;
      entry.path = path;
      entry.source = write("files/" + path, content).string();
      entries.push_back(std::move(entry));
    };
    add("usr/bin/python3", "\x7f" "ELF");
    add("usr/lib/python3.11/os.py", "# os\n");
    add("usr/lib/x86_64-linux-gnu/libc.so.6", "\x7f" "ELF");
    add("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    add("var/lib/dpkg/status", "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9\n\n"
                               "Package: gone\nStatus: deinstall ok config-files\nVersion: 1\n\n"
                               "Package: python3.11-minimal\nStatus: install ok installed\nArchitecture: amd64\n"
                               "Version: 3.11.2-6+deb12u6\n");
    layer::Options options;
    options.compression = compression;
    auto layout = layout::Layout::open_or_create(dir() / "layout");
    auto result = layer::write_layer(entries, options, layout);
    return {layout.blobs_directory() / result.descriptor.digest.encoded(), result.descriptor.media_type};
  }
};

TEST_F(BaseScanTest, FindsThePythonTheCLibraryAndTheSystemPackages)
{
  using oci::media_type::Compression;
  for (auto compression : {Compression::gzip, Compression::zstd, Compression::none}) {
    auto layer = base_layer(compression);
    auto cache = dir() / ("cache-" + layer.second);
    auto base = inspect_base(oci::ImageConfig{}, {layer}, cache);
    EXPECT_EQ(base.version, "3.11") << layer.second;
    EXPECT_EQ(base.version_origin, "usr/lib/python3.11 in its layers");
    EXPECT_EQ(base.interpreter, "/usr/bin/python3");
    EXPECT_EQ(base.libc, Libc::glibc);
    EXPECT_EQ(base.distro, "debian-12");
    EXPECT_EQ(base.full_version, "3.11.2"); // from python3.11-minimal's package version
    ASSERT_EQ(base.system_packages.size(), 2u) << layer.second;
    EXPECT_EQ(base.system_packages[0].name, "libc6");
    EXPECT_EQ(base.system_packages[0].version, "2.36-9");
  }
}

TEST_F(BaseScanTest, TheConfigsPythonVersionGivesTheFullVersion)
{
  oci::ImageConfig config;
  config.config.env = {"PYTHON_VERSION=3.12.7"};
  auto base = inspect_base(config, {}, dir());
  EXPECT_EQ(base.version, "3.12");
  EXPECT_EQ(base.full_version, "3.12.7");
  config.config.env = {"PYTHON_VERSION=3.13"};
  EXPECT_EQ(inspect_base(config, {}, dir() / "other").full_version, "");
}

TEST_F(BaseScanTest, ADamagedOrTruncatedLayerIsAnError)
{
  auto [blob, media_type] = base_layer(oci::media_type::Compression::gzip);
  auto content = util::read_file(blob);
  auto copy = dir() / "copy";
  std::filesystem::create_directories(copy);
  // Same bytes under another digest's name: the layout is damaged.
  auto misnamed = copy / std::string(64, 'a');
  util::write_file_atomic(misnamed, content);
  try {
    inspect_base(oci::ImageConfig{}, {{misnamed, media_type}}, dir() / "cache-1");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(error.message().find("does not match its digest"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find(misnamed.string()), std::string::npos) << error.message();
  }
  // Cut short but named by its digest (a layer damaged before it was stored): corrupt gzip.
  auto cut = content.substr(0, content.size() - 4);
  auto truncated = copy / util::sha256_hex(cut);
  util::write_file_atomic(truncated, cut);
  try {
    inspect_base(oci::ImageConfig{}, {{truncated, media_type}}, dir() / "cache-2");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(error.message().find("corrupt gzip data"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find(truncated.string()), std::string::npos) << error.message();
  }
  EXPECT_FALSE(std::filesystem::exists(dir() / "cache-1" / "deps" / "base"));
}

using VenvSkeletonTest = test::TempDirTest;

// Layers holding them are recorded by the build that generated them (their files are seconds old then).
TEST_F(VenvSkeletonTest, GeneratedFilesAreImmutable)
{
  DependencyPlan plan;
  plan.prefix = "/app/.venv";
  plan.generated_directory = dir() / "generated";
  plan.source.python_version = "3.11";
  BasePython base;
  base.interpreter = "/usr/local/bin/python3";
  auto entries = venv_skeleton(plan, base);
  auto config = std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.path == "app/.venv/pyvenv.cfg"; });
  ASSERT_NE(config, entries.end());
  EXPECT_TRUE(config->immutable);
  EXPECT_NE(config->inode, 0u);
}

} // namespace
} // namespace pycontainer::deps
