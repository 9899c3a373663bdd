#include "deps/lock_install.hpp"

#include "deps/source.hpp"
#include "test_support.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"
#include "wheel_zip.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace pycontainer::deps {
namespace {

namespace fs = std::filesystem;

WheelTarget x86_target()
{
  WheelTarget target;
  target.python_minor = 11;
  target.machine = "x86_64";
  target.libc_version = std::pair{2, 36};
  return target;
}

// A wheel of `name` 1.0 with one module and a console script.
fs::path make_wheel(const fs::path& directory, const std::string& name, const std::string& tag = "py3-none-any",
                    const std::string& body = "VALUE = 1\n")
{
  fs::create_directories(directory);
  auto dist_info = name + "-1.0.dist-info";
  auto path = directory / (name + "-1.0-" + tag + ".whl");
  test::write_zip(path,
                  {{name + "/__init__.py", {body}},
                   {dist_info + "/METADATA", {"Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n"}},
                   {dist_info + "/WHEEL", {"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: " + tag + "\n"}},
                   {dist_info + "/entry_points.txt", {"[console_scripts]\n" + name + "-tool = " + name + ":main\n"}}},
                  true, dist_info);
  return path;
}

// A wheel of `name` 1.0 with a module of its own and two files in the namespace directory "shared"
// (as google-* and azure-* wheels share theirs): shared/<name>.py and shared/common.txt, which every
// such wheel has, saying `body`.
fs::path make_shared_wheel(const fs::path& directory, const std::string& name, const std::string& body)
{
  fs::create_directories(directory);
  auto dist_info = name + "-1.0.dist-info";
  auto path = directory / (name + "-1.0-py3-none-any.whl");
  test::write_zip(path,
                  {{name + "/__init__.py", {"NAME = '" + name + "'\n"}},
                   {"shared/" + name + ".py", {body}},
                   {"shared/common.txt", {body}},
                   {dist_info + "/METADATA", {"Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n"}},
                   {dist_info + "/WHEEL", {"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}}},
                  true, dist_info);
  return path;
}

std::string sha256_of(const fs::path& path)
{
  return "sha256:" + util::sha256_file_hex(path);
}

ChosenPackage locked(const std::string& name, std::optional<LockedFile> wheel, std::vector<std::string> hashes = {})
{
  ChosenPackage package;
  package.name = name;
  package.version = "1.0";
  package.source = "index http://127.0.0.1:1/simple";
  package.where = "pylock.toml:" + name;
  package.wheel = std::move(wheel);
  package.hashes = std::move(hashes);
  return package;
}

// Every file under `root`, relative, with its content.
std::map<std::string, std::string> tree(const fs::path& root)
{
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), root).string()] = util::read_file(entry.path());
    }
  }
  return files;
}

// A provider serving files of a "remote" directory by URL http://index/<name>, counting what it is asked
// (from several threads: stage_lock fetches `transfers` files at once).
struct CountingProvider {
  explicit CountingProvider(fs::path directory) : remote(std::move(directory)) {}

  fs::path remote;
  unsigned transfers = 4;
  std::atomic<int> lists = 0;
  std::atomic<int> fetches = 0;
  std::atomic<int> in_flight = 0;
  std::atomic<int> most_in_flight = 0; // the most fetches at once
  std::function<std::chrono::milliseconds(const std::string& name)> delay; // each fetch's, by file name
  std::mutex mutex;
  std::vector<std::string> lock_indexes; // what each list() was given

  WheelProvider provider()
  {
    WheelProvider wheels;
    wheels.describe = [](const std::string& lock_index) {
      return lock_index.empty() ? "index http://index/simple" : "index " + lock_index + " (the lock's source)";
    };
    wheels.transfers = transfers;
    wheels.list = [this](const std::string&, const std::string& lock_index) {
      ++lists;
      std::lock_guard lock(mutex);
      lock_indexes.push_back(lock_index);
      std::vector<LockedFile> files;
      for (const auto& item : fs::directory_iterator(remote)) {
        auto name = item.path().filename().string();
        files.push_back(LockedFile{name, "http://index/" + name, "", {sha256_of(item.path())}, std::nullopt});
      }
      return files;
    };
    wheels.fetch = [this](const LockedFile& file) {
      ++fetches;
      int now = ++in_flight;
      for (int most = most_in_flight; now > most && !most_in_flight.compare_exchange_weak(most, now);) {
      }
      if (delay) {
        std::this_thread::sleep_for(delay(file.name));
      }
      --in_flight;
      // Verifies as PackageIndex::fetch does while the file streams.
      auto path = remote / file.url.substr(std::string("http://index/").size());
      auto sha256 = util::sha256_file_hex(path);
      if (std::find(file.hashes.begin(), file.hashes.end(), "sha256:" + sha256) == file.hashes.end()) {
        throw UsageError(path.string() + ": hash mismatch: got sha256:" + sha256);
      }
      return VerifiedFile{path, sha256};
    };
    wheels.cached = [](const LockedFile&) { return std::optional<fs::path>(); };
    return wheels;
  }
};

class LockInstallTest : public test::TempDirTest {
protected:
  LockInstall install_of(std::vector<ChosenPackage> packages, const std::string& cache = "cache") const
  {
    LockInstall install;
    install.packages = std::move(packages);
    install.lock_directory = dir() / "project";
    install.target = x86_target();
    install.python_version = "3.11";
    install.interpreter = "/app/.venv/bin/python3";
    install.platform = "linux/amd64";
    install.cache_directory = dir() / cache;
    return install;
  }
};

TEST_F(LockInstallTest, InstallsLocalAndDownloadedWheelsOnceAndIdentically)
{
  auto local = make_wheel(dir() / "project/wheels", "alpha");
  CountingProvider counting{dir() / "remote"};
  auto remote = make_wheel(counting.remote, "beta");
  auto install = install_of({locked("alpha", LockedFile{local.filename(), "", "wheels/" + local.filename().string(), {sha256_of(local)}, {}}),
                             locked("beta", LockedFile{remote.filename(), "http://index/" + remote.filename().string(), "", {sha256_of(remote)}, {}})});
  auto wheels = counting.provider();

  auto prefix = stage_lock(install, wheels);
  EXPECT_EQ(prefix, dir() / "cache/deps" / lock_install_key(install) / "venv");
  EXPECT_EQ(util::read_file(prefix / "lib/python3.11/site-packages/alpha/__init__.py"), "VALUE = 1\n");
  EXPECT_TRUE(fs::is_regular_file(prefix / "lib/python3.11/site-packages/beta-1.0.dist-info/RECORD"));
  EXPECT_EQ(util::read_file_start(prefix / "bin/beta-tool", 25), "#!/app/.venv/bin/python3\n");
  EXPECT_EQ(counting.fetches, 1);
  EXPECT_EQ(counting.lists, 0);

  // Unchanged: nothing fetched again, nothing installed; the dry run says it is staged.
  EXPECT_EQ(stage_lock(install, wheels), prefix);
  EXPECT_EQ(counting.fetches, 1);
  EXPECT_TRUE(describe_fetches(install, wheels));
  EXPECT_EQ(install.packages[1].fetch, "staged");

  // Another cache: the same files, byte for byte; nothing but the venv left in the staging directory.
  auto other_cache = install_of(install.packages, "cache2");
  auto again = stage_lock(other_cache, wheels);
  EXPECT_EQ(tree(prefix), tree(again));
  EXPECT_EQ(test::directory_entries(again.parent_path()), (std::vector<std::string>{"install.lock", "installed.json", "venv"}));
}

// `count` packages pkg00, pkg01... in make_shared_wheel's wheels on the provider's index: the even ones
// locked with their URL, the odd ones with their hash only (chosen from the index's listing).
std::vector<ChosenPackage> shared_packages(const CountingProvider& counting, int count)
{
  std::vector<ChosenPackage> packages;
  for (int i = 0; i < count; ++i) {
    std::string name = std::string("pkg") + (i < 10 ? "0" : "") + std::to_string(i);
    auto wheel = make_shared_wheel(counting.remote, name, name + "\n");
    auto name_in_index = wheel.filename().string();
    packages.push_back(i % 2 == 0 ? locked(name, LockedFile{name_in_index, "http://index/" + name_in_index, "", {sha256_of(wheel)}, {}})
                                  : locked(name, std::nullopt, {sha256_of(wheel)}));
  }
  return packages;
}

TEST_F(LockInstallTest, ParallelTransfersInstallWhatOneAtATimeDoes)
{
  CountingProvider counting{dir() / "remote"};
  auto packages = shared_packages(counting, 24);
  // The lock's first packages answer last: the transfers finish in about the reverse of its order.
  counting.delay = [](const std::string& name) { return std::chrono::milliseconds(2 * (24 - std::stoi(name.substr(3, 2)))); };

  counting.transfers = 1;
  auto one = install_of(packages, "one");
  auto one_at_a_time = stage_lock(one, counting.provider());
  EXPECT_EQ(counting.most_in_flight, 1);
  counting.transfers = 8;
  auto eight = install_of(packages, "eight");
  auto parallel = stage_lock(eight, counting.provider());
  EXPECT_GT(counting.most_in_flight, 1) << "no two fetches were under way at once";
  EXPECT_LE(counting.most_in_flight, 8);
  EXPECT_EQ(counting.fetches, 48);
  EXPECT_EQ(counting.lists, 24) << "each odd package's listing, once a build";

  auto files = tree(parallel);
  EXPECT_EQ(files, tree(one_at_a_time));
  EXPECT_EQ(files.size(), 24 * 6 + 1) << "each package's module, shared file, METADATA, WHEEL, INSTALLER, RECORD; one common.txt";
  EXPECT_EQ(files["lib/python3.11/site-packages/shared/common.txt"], "pkg23\n") << "the lock's last package's, as pip leaves it";
  EXPECT_EQ(files["lib/python3.11/site-packages/shared/pkg00.py"], "pkg00\n");
  EXPECT_NE(files["lib/python3.11/site-packages/pkg00-1.0.dist-info/RECORD"].find("shared/common.txt,sha256="), std::string::npos);
  EXPECT_EQ(test::directory_entries(parallel.parent_path()), (std::vector<std::string>{"install.lock", "installed.json", "venv"}));
}

TEST_F(LockInstallTest, ATamperedWheelAmongManyStopsTheTransfersAndStagesNothing)
{
  CountingProvider counting{dir() / "remote"};
  counting.transfers = 8;
  auto packages = shared_packages(counting, 24);
  make_shared_wheel(counting.remote, "pkg12", "import os\n"); // not the bytes the lock hashed
  auto install = install_of(packages);
  try {
    stage_lock(install, counting.provider());
    FAIL() << "a tampered wheel was installed";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("package pkg12 1.0 (pylock.toml:pkg12): " + (counting.remote / "pkg12-1.0-py3-none-any.whl").string() +
                                   ": hash mismatch"),
              std::string::npos)
      << error.message();
  }
  EXPECT_FALSE(fs::exists(lock_install_prefix(install)));
  EXPECT_EQ(test::directory_entries(lock_install_prefix(install).parent_path()), std::vector<std::string>{"install.lock"})
    << "no venv, no partial install, no extracted wheel left";
}

TEST_F(LockInstallTest, TheKeyFollowsTheHashesPythonAndInterpreter)
{
  auto wheel = make_wheel(dir() / "project", "alpha");
  LockedFile file{wheel.filename(), "", wheel.filename().string(), {sha256_of(wheel)}, {}};
  auto key = lock_install_key(install_of({locked("alpha", file)}));
  EXPECT_EQ(key, lock_install_key(install_of({locked("alpha", file)})));
  auto other_python = install_of({locked("alpha", file)});
  other_python.python_version = "3.12";
  EXPECT_NE(key, lock_install_key(other_python));
  auto other_interpreter = install_of({locked("alpha", file)});
  other_interpreter.interpreter = "/srv/.venv/bin/python3";
  EXPECT_NE(key, lock_install_key(other_interpreter));
  file.hashes = {"sha256:" + std::string(64, '0')};
  EXPECT_NE(key, lock_install_key(install_of({locked("alpha", file)})));
}

TEST_F(LockInstallTest, ATamperedWheelFailsItsHashAndStagesNothing)
{
  auto wheel = make_wheel(dir() / "project", "alpha");
  auto hash = sha256_of(wheel);
  make_wheel(dir() / "project", "alpha", "py3-none-any", "VALUE = 2\n");
  auto install = install_of({locked("alpha", LockedFile{wheel.filename(), "", wheel.filename().string(), {hash}, {}})});
  try {
    stage_lock(install, {});
    FAIL() << "a tampered wheel was installed";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("package alpha 1.0 (pylock.toml:alpha): '" + wheel.string() + "' has sha256 "),
              std::string::npos)
      << error.message();
    EXPECT_NE(error.message().find("the lock says " + hash.substr(7)), std::string::npos) << error.message();
  }
  EXPECT_FALSE(fs::exists(lock_install_prefix(install)));
}

TEST_F(LockInstallTest, ADownloadWithoutAHashIsRefused)
{
  CountingProvider counting{dir() / "remote"};
  auto wheel = make_wheel(counting.remote, "beta");
  auto install = install_of({locked("beta", LockedFile{wheel.filename(), "http://index/" + wheel.filename().string(), "", {}, {}})});
  auto wheels = counting.provider();
  EXPECT_THROW(stage_lock(install, wheels), UsageError);
}

TEST_F(LockInstallTest, ALockWithoutFilesTakesTheIndexsBestWheelWithItsHashes)
{
  CountingProvider counting{dir() / "remote"};
  auto pure = make_wheel(counting.remote, "gamma", "py3-none-any", "PURE = 1\n");
  auto native = make_wheel(counting.remote, "gamma", "cp311-cp311-manylinux_2_17_x86_64", "NATIVE = 1\n");
  auto other = make_wheel(counting.remote, "gamma", "cp311-cp311-manylinux_2_17_aarch64", "ARM = 1\n");
  auto wheels = counting.provider();

  auto install = install_of({locked("gamma", std::nullopt, {sha256_of(pure), sha256_of(native), sha256_of(other)})});
  EXPECT_FALSE(describe_fetches(install, wheels));
  EXPECT_EQ(install.packages[0].fetch, "would be chosen from index http://127.0.0.1:1/simple (the lock's source)");
  EXPECT_EQ(counting.lists, 0) << "a dry run lists no index";
  auto prefix = stage_lock(install, wheels);
  EXPECT_EQ(util::read_file(prefix / "lib/python3.11/site-packages/gamma/__init__.py"), "NATIVE = 1\n");
  EXPECT_EQ(counting.lock_indexes, std::vector<std::string>{"http://127.0.0.1:1/simple"}) << "the lock's index for gamma";

  // Restricted to the lock's hashes: the native wheel is not the lock's, so the pure one is taken.
  auto pure_only = install_of({locked("gamma", std::nullopt, {sha256_of(pure)})}, "cache2");
  EXPECT_EQ(util::read_file(stage_lock(pure_only, wheels) / "lib/python3.11/site-packages/gamma/__init__.py"), "PURE = 1\n");

  // None of the lock's: the error names the package and the tags of the files with its hashes.
  auto arm_only = install_of({locked("gamma", std::nullopt, {sha256_of(other)})}, "cache3");
  try {
    stage_lock(arm_only, wheels);
    FAIL() << "an aarch64 wheel was installed for x86_64";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("package gamma 1.0 (pylock.toml:gamma): index http://127.0.0.1:1/simple (the lock's "
                                   "source) lists 3 files, 1 "
                                   "with the lock's hashes, and no wheel of them fits CPython 3.11, x86_64, glibc 2.36 "
                                   "(their tags: cp311-cp311-manylinux_2_17_aarch64)"),
              std::string::npos)
      << error.message();
  }
}

TEST_F(LockInstallTest, TheFilesInstalledFromAreKnownAgainOnceStaged)
{
  CountingProvider counting{dir() / "remote"};
  auto pure = make_wheel(counting.remote, "gamma", "py3-none-any");
  auto native = make_wheel(counting.remote, "gamma", "cp311-cp311-manylinux_2_17_x86_64");
  auto local = make_wheel(dir() / "project", "alpha");
  auto wheels = counting.provider();
  auto packages = std::vector<ChosenPackage>{
    locked("alpha", LockedFile{local.filename(), "", local.filename().string(), {}, {}}), // the project's own: no hash
    locked("gamma", std::nullopt, {sha256_of(pure), sha256_of(native)})};
  auto install = install_of(packages);
  stage_lock(install, wheels);
  ASSERT_TRUE(install.packages[1].installed_from.has_value());
  EXPECT_EQ(install.packages[1].installed_from->name, native.filename().string()) << "the index's best wheel";
  EXPECT_EQ(install.packages[1].installed_from->url, "http://index/" + native.filename().string());
  EXPECT_EQ(install.packages[1].installed_from->hashes, std::vector<std::string>{sha256_of(native)});
  ASSERT_TRUE(install.packages[0].installed_from.has_value());
  EXPECT_EQ(install.packages[0].installed_from->hashes, std::vector<std::string>{sha256_of(local)}) << "hashed when installed";

  // Staged already: the same files from the set's record, the index not asked.
  auto staged = install_of(packages);
  stage_lock(staged, wheels);
  EXPECT_EQ(counting.lists, 1);
  ASSERT_TRUE(staged.packages[1].installed_from.has_value());
  EXPECT_EQ(staged.packages[1].installed_from->url, install.packages[1].installed_from->url);
  EXPECT_EQ(staged.packages[1].installed_from->hashes, install.packages[1].installed_from->hashes);
  EXPECT_EQ(staged.packages[0].installed_from->hashes, install.packages[0].installed_from->hashes);
  EXPECT_EQ(staged.packages[0].installed_from->url, "");
}

TEST_F(LockInstallTest, TheIndexALockNamesForAPackageIsAskedFirst)
{
  CountingProvider counting{dir() / "remote"};
  auto wheel = make_wheel(counting.remote, "delta", "py3-none-any", "DELTA = 1\n");
  auto wheels = counting.provider();
  auto install = install_of({locked("delta", std::nullopt, {sha256_of(wheel)})});
  install.packages[0].source = "index https://private.example/simple"; // Pipfile.lock's, Poetry's source
  stage_lock(install, wheels);
  auto by_name = install_of({locked("delta", std::nullopt, {sha256_of(wheel)})}, "cache2");
  by_name.packages[0].source = "index pypi"; // an index named without URL: the configured ones
  stage_lock(by_name, wheels);
  EXPECT_EQ(counting.lock_indexes, (std::vector<std::string>{"https://private.example/simple", ""}));
}

TEST_F(LockInstallTest, ADryRunTellsWhatABuildWouldFetch)
{
  auto local = make_wheel(dir() / "project", "alpha");
  auto install = install_of({locked("alpha", LockedFile{local.filename(), "", local.filename().string(), {sha256_of(local)}, {}}),
                             locked("beta", LockedFile{"beta-1.0-py3-none-any.whl", "http://index/beta-1.0-py3-none-any.whl", "", {"sha256:00"}, {}}),
                             locked("delta", LockedFile{"delta-1.0-py3-none-any.whl", "http://index/delta-1.0-py3-none-any.whl", "", {"sha256:11"}, {}})});
  WheelProvider wheels;
  wheels.cached = [](const LockedFile& file) {
    return file.name.starts_with("delta") ? std::optional<fs::path>("/cached") : std::nullopt;
  };
  EXPECT_FALSE(describe_fetches(install, wheels));
  EXPECT_EQ(install.packages[0].fetch, "local file " + local.string());
  EXPECT_EQ(install.packages[1].fetch, "would download from http://index/beta-1.0-py3-none-any.whl");
  EXPECT_EQ(install.packages[2].fetch, "cached /cached");
  EXPECT_FALSE(fs::exists(dir() / "cache")) << "a dry run writes nothing";
}

TEST(ChooseWheel, TheBestTagAmongTheFilesWithTheHashes)
{
  std::vector<LockedFile> files{
    {"x-1.0-py3-none-any.whl", "u1", "", {"sha256:aa"}, {}},
    {"x-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "u2", "", {"sha256:bb"}, {}},
    {"x-1.0-cp311-cp311-manylinux_2_40_x86_64.whl", "u3", "", {"sha256:cc"}, {}},
    {"x-1.0.tar.gz", "u4", "", {"sha256:dd"}, {}},
  };
  auto best = choose_wheel(files, x86_target(), {});
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ(best->file.url, "u2") << "manylinux_2_40 is newer than the target's glibc 2.36";
  EXPECT_EQ(best->tag, "cp311-cp311-manylinux_2_17_x86_64");
  auto hashed = choose_wheel(files, x86_target(), {"sha256:aa", "sha256:cc"});
  ASSERT_TRUE(hashed.has_value());
  EXPECT_EQ(hashed->file.url, "u1");
  EXPECT_FALSE(choose_wheel(files, x86_target(), {"sha256:dd"}).has_value());
  EXPECT_EQ(wheel_tags_text({files[0], files[3]}), "py3-none-any");
}

TEST_F(LockInstallTest, AFoundLockIsInstalledByABuild)
{
  auto wheel = make_wheel(dir() / "ctx/wheels", "alpha");
  write("ctx/app.py", "import alpha\n");
  write("ctx/pylock.toml", "lock-version = \"1.0\"\ncreated-by = \"test\"\n\n[[packages]]\nname = \"alpha\"\nversion = \"1.0\"\n"
                           "wheels = [{path = \"wheels/" + wheel.filename().string() + "\", hashes = {sha256 = \"" +
                             sha256_of(wheel).substr(7) + "\"}}]\n");
  SourceRequest request;
  request.context = dir() / "ctx";
  request.platform = oci::Platform::parse("linux/amd64");
  request.install_target = [] { return InstallTarget{"3.11", "3.11.2", Libc::glibc, std::pair{2, 36}}; };
  request.cache_directory = dir() / "cache";
  request.interpreter = "/app/.venv/bin/python3";
  auto source = find_dependency_source(request);
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(source->kind, SourceKind::lock);
  EXPECT_TRUE(source->installed);
  EXPECT_EQ(source->site_packages, dir() / "cache/deps" / source->cache_key / "venv/lib/python3.11/site-packages");
  EXPECT_TRUE(fs::is_regular_file(source->site_packages / "alpha/__init__.py"));
  EXPECT_EQ(source->scripts_directory, dir() / "cache/deps" / source->cache_key / "venv/bin");
}

} // namespace
} // namespace pycontainer::deps
