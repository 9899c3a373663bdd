#include "deps/lock_file.hpp"

#include "deps/lock_selection.hpp"
#include "test_support.hpp"
#include "util/error.hpp"

#include <functional>

namespace pycontainer::deps {
namespace {

namespace fs = std::filesystem;

const fs::path k_fixtures = PYCONTAINER_LOCK_FIXTURES;

class LockFileTest : public test::TempDirTest {
protected:
  // The UsageError message of reading `name` written with `content` ("no error" if it reads).
  std::string read_error(const std::string& name, const std::string& content)
  {
    auto file = write(name, content);
    try {
      read_lock_file(file);
    } catch (const UsageError& error) {
      return error.what();
    }
    return "no error";
  }

  std::vector<ChosenPackage> choose(const std::string& name, const std::string& content)
  {
    WheelTarget target;
    target.python_minor = 11;
    target.machine = "x86_64";
    target.libc_version = std::pair{2, 36};
    return choose_packages(read_lock_file(write(name, content)), linux_environment("3.11.2", "x86_64"), target);
  }

  std::string choose_error(const std::string& name, const std::string& content)
  {
    try {
      choose(name, content);
    } catch (const UsageError& error) {
      return error.what();
    }
    return "no error";
  }
};

const LockedPackage& package_named(const Lock& lock, const std::string& name)
{
  for (const auto& package : lock.packages) {
    if (package.name == name) {
      return package;
    }
  }
  throw std::runtime_error("no " + name);
}

TEST_F(LockFileTest, FindsTheLockOfAContextInOrder)
{
  EXPECT_FALSE(find_lock_file(dir()));
  write("requirements.txt", "flask==3.0.0\n");
  EXPECT_FALSE(find_lock_file(dir())); // pinned, but without hashes: pip's requirements
  write("requirements.txt", "flask==3.0.0 --hash=sha256:21128f47\n");
  EXPECT_EQ(find_lock_file(dir()), dir() / "requirements.txt");
  write("Pipfile.lock", "{}");
  EXPECT_EQ(find_lock_file(dir()), dir() / "Pipfile.lock");
  write("pylock.toml", "");
  EXPECT_EQ(find_lock_file(dir()), dir() / "pylock.toml");
  write("pdm.lock", "");
  EXPECT_EQ(find_lock_file(dir()), dir() / "pdm.lock");
  write("poetry.lock", "");
  EXPECT_EQ(find_lock_file(dir()), dir() / "poetry.lock");
  write("uv.lock", "");
  EXPECT_EQ(find_lock_file(dir()), dir() / "uv.lock");
}

TEST_F(LockFileTest, ReadsUvFilesSourcesAndEdges)
{
  auto lock = read_lock_file(k_fixtures / "uv/uv.lock");
  EXPECT_EQ(lock.format, LockFormat::uv);
  EXPECT_TRUE(lock.walked);
  ASSERT_EQ(lock.roots.size(), 1u);
  EXPECT_EQ(lock.roots[0].name, "app");
  EXPECT_EQ(lock.root_groups.at("dev").at(0).name, "pytest");
  EXPECT_EQ(lock.root_extras.at("socks").at(0).name, "pysocks");
  const auto& click = package_named(lock, "click");
  EXPECT_EQ(click.source, "registry http://127.0.0.1:8080/simple");
  EXPECT_EQ(click.where, "uv.lock:35"); // its [[package]] line
  ASSERT_EQ(click.wheels.size(), 1u);
  EXPECT_EQ(click.wheels[0].url, "http://127.0.0.1:8080/files/click-8.1.7-py3-none-any.whl");
  EXPECT_EQ(click.wheels[0].name, "click-8.1.7-py3-none-any.whl");
  EXPECT_EQ(click.wheels[0].size, 97941u);
  ASSERT_EQ(click.sdists.size(), 1u);
  EXPECT_EQ(click.sdists[0].name, "click-8.1.7.tar.gz");
  const auto& flask = package_named(lock, "flask");
  EXPECT_EQ(flask.dependencies.at(1).name, "importlib-metadata");
  EXPECT_EQ(flask.dependencies.at(1).marker, "python_full_version < '3.10'");
  EXPECT_TRUE(package_named(lock, "lib").local);
}

TEST_F(LockFileTest, UvLockErrors)
{
  EXPECT_NE(read_error("uv.lock", "version = 2\n").find("uv.lock:1:11: uv.lock version 2 is not read by this pycontainer"),
            std::string::npos);
  EXPECT_NE(read_error("uv.lock", "[[package]]\nname = \"a\"\n").find("no `version = 1` at the top"), std::string::npos);
  EXPECT_NE(read_error("uv.lock", "version = 1\n[[package]]\nname = 'a'\nversion = '1'\nsource = { registry = 'x' }\n")
              .find("no package of the project"),
            std::string::npos);
  auto syntax = read_error("uv.lock", "version = 1\n[[package]\n");
  EXPECT_NE(syntax.find("uv.lock:2:"), std::string::npos) << syntax;
  EXPECT_NE(read_error("uv.lock", "version = 1\n[[package]]\nversion = '1'\n").find("uv.lock:2:1: this table has no `name`"),
            std::string::npos);
}

TEST_F(LockFileTest, UvEdgesThatAskForAVersionAndExtras)
{
  auto packages = choose("uv.lock", R"(version = 1
[[package]]
name = "app"
version = "1"
source = { virtual = "." }
dependencies = [
  { name = "numpy", version = "2.0.0", marker = "python_full_version >= '3.10'" },
  { name = "numpy", version = "1.26.4", marker = "python_full_version < '3.10'" },
  { name = "requests", extra = ["socks"] },
]
[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files/numpy-1.26.4-cp39-cp39-manylinux_2_17_x86_64.whl", hash = "sha256:aa" }]
[[package]]
name = "numpy"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files/numpy-2.0.0-cp311-cp311-manylinux_2_17_x86_64.whl", hash = "sha256:bb" }]
[[package]]
name = "requests"
version = "2.31.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files/requests-2.31.0-py3-none-any.whl", hash = "sha256:cc" }]
[package.optional-dependencies]
socks = [{ name = "pysocks" }]
[[package]]
name = "pysocks"
version = "1.7.1"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files/PySocks-1.7.1-py3-none-any.whl", hash = "sha256:dd" }]
)");
  ASSERT_EQ(packages.size(), 3u);
  EXPECT_EQ(packages[0].name + " " + packages[0].version, "numpy 2.0.0");
  EXPECT_EQ(packages[1].name, "pysocks");
  EXPECT_EQ(packages[2].name, "requests");
}

TEST_F(LockFileTest, AnEdgeToAPackageNotLockedIsAnError)
{
  auto message = choose_error("uv.lock", R"(version = 1
[[package]]
name = "app"
version = "1"
source = { editable = "." }
dependencies = [{ name = "flask" }]
)");
  EXPECT_EQ(message, "uv.lock:2 requires flask, which uv.lock does not lock: the lock is out of date; lock again");
}

TEST_F(LockFileTest, AnSdistOnlyPackageIsAnErrorNamingIt)
{
  auto message = choose_error("pdm.lock", R"([metadata]
groups = ["default"]
strategy = ["inherit_metadata"]
lock_version = "4.4.1"
[[package]]
name = "pyyaml"
version = "6.0.1"
files = [{file = "PyYAML-6.0.1.tar.gz", hash = "sha256:bf"}]
)");
  EXPECT_NE(message.find("package pyyaml 6.0.1 (pdm.lock:5) has only a source distribution for CPython 3.11, x86_64, "
                         "glibc 2.36; its files: PyYAML-6.0.1.tar.gz: pycontainer installs wheels only"),
            std::string::npos)
    << message;
}

TEST_F(LockFileTest, ABadMarkerInALockNamesThePackage)
{
  auto message = choose_error("pylock.toml", R"(lock-version = "1.0"
[[packages]]
name = "a"
version = "1"
marker = "python_version >> '3'"
wheels = [{url = "https://f/a-1-py3-none-any.whl", hashes = {sha256 = "aa"}}]
)");
  EXPECT_NE(message.find("pylock.toml:2, package a: marker 'python_version >> '3''"), std::string::npos) << message;
}

TEST_F(LockFileTest, ReadsPoetryLocksOfEveryVersion)
{
  auto lock = read_lock_file(k_fixtures / "poetry/poetry.lock");
  EXPECT_EQ(lock.format, LockFormat::poetry);
  const auto& flask = package_named(lock, "flask");
  EXPECT_EQ(flask.source, "index http://127.0.0.1:8080/simple");
  EXPECT_EQ(flask.wheels.at(0).url, ""); // Poetry names the index, not the file's URL
  EXPECT_EQ(flask.wheels.at(0).hashes.at(0), "sha256:21128f47e4e3b9d597a3e8521a329bf56909b690fcc3fa3e477725aa81367638");
  std::vector<std::string> roots;
  for (const auto& root : lock.roots) {
    roots.push_back(root.name);
  }
  EXPECT_EQ(roots, (std::vector<std::string>{"flask", "markupsafe"})); // python and the optional pysocks left out
  EXPECT_EQ(lock.root_extras.at("socks").at(0).name, "pysocks");

  // lock-version 1.1 keeps the files in [metadata.files]; Poetry 2 reads [project.dependencies].
  write("pyproject.toml", "[project]\nname = 'x'\ndependencies = ['Six>=1 ; python_version >= \"3\"']\n");
  auto legacy = choose("poetry.lock", R"([[package]]
name = "six"
version = "1.16.0"
category = "main"
optional = false
python-versions = ">=2.7"

[metadata]
lock-version = "1.1"
python-versions = "^3.9"
content-hash = "00"

[metadata.files]
six = [
    {file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254"},
]
)");
  ASSERT_EQ(legacy.size(), 1u);
  EXPECT_EQ(legacy[0].wheel->name, "six-1.16.0-py2.py3-none-any.whl");
}

TEST_F(LockFileTest, PoetryLockErrors)
{
  EXPECT_NE(read_error("poetry.lock", "[metadata]\nlock-version = '2.0'\n").find("has no pyproject.toml beside it"),
            std::string::npos);
  EXPECT_NE(read_error("poetry.lock", "[metadata]\nlock-version = '3.0'\n").find("lock-version 3.0 is not read"),
            std::string::npos);
  write("pyproject.toml", "[tool.poetry.dependencies]\npython = '^3.9'\nflask = 3\n");
  EXPECT_NE(read_error("poetry.lock", "[metadata]\nlock-version = '2.0'\n").find("pyproject.toml:3:9: dependency `flask` must be"),
            std::string::npos);
}

TEST_F(LockFileTest, PdmLockErrors)
{
  EXPECT_NE(read_error("pdm.lock", "[[package]]\nname = 'a'\n").find("no [metadata] table"), std::string::npos);
  EXPECT_NE(read_error("pdm.lock", "[metadata]\nlock_version = '3.1'\n").find("lock_version \"3.1\" is not read"),
            std::string::npos);
  auto message = read_error("pdm.lock", "[metadata]\ngroups = ['default', 'dev']\nstrategy = ['inherit_metadata']\n"
                                        "lock_version = '4.5.0'\n[[package]]\nname = 'a'\nversion = '1'\n");
  EXPECT_NE(message.find("pdm.lock:5:1: package a names no groups"), std::string::npos) << message;
  EXPECT_NE(message.find("pdm lock --strategy inherit_metadata"), std::string::npos);
  // A lock of PDM before 2.11 is walked from the pyproject.toml beside it.
  message = read_error("pdm.lock", "[metadata]\ngroups = ['default']\nlock_version = '4.3'\n"
                                   "[[package]]\nname = 'a'\nversion = '1'\n");
  EXPECT_NE(message.find("so what applies is walked from the pyproject.toml beside it, and there is none"),
            std::string::npos) << message;
}

TEST_F(LockFileTest, ReadsPipfileLocks)
{
  auto lock = read_lock_file(k_fixtures / "pipenv/Pipfile.lock");
  const auto& click = package_named(lock, "click");
  EXPECT_EQ(click.version, "8.1.7");
  EXPECT_EQ(click.source, "index http://127.0.0.1:8080/simple");
  EXPECT_EQ(click.hashes.size(), 2u);
  EXPECT_EQ(click.where, "Pipfile.lock default.click");
  EXPECT_EQ(package_named(lock, "pytest").groups, (std::vector<std::string>{"develop"}));
}

TEST_F(LockFileTest, PipfileLockErrors)
{
  EXPECT_NE(read_error("Pipfile.lock", "{").find("Pipfile.lock: not valid JSON"), std::string::npos);
  EXPECT_NE(read_error("Pipfile.lock", "{\"_meta\": {\"pipfile-spec\": 5}}").find("_meta.pipfile-spec 5 is not read"),
            std::string::npos);
  EXPECT_NE(read_error("Pipfile.lock", "{\"_meta\": {}, \"default\": {\"a\": {\"version\": \">=1\"}}}")
              .find("default.a.version is \">=1\", not pinned with =="),
            std::string::npos);
  EXPECT_NE(read_error("Pipfile.lock", "{\"_meta\": {}, \"default\": {\"a\": {\"version\": 1}}}").find("Pipfile.lock: default.a.version"),
            std::string::npos);
  EXPECT_NE(read_error("Pipfile.lock", "{\"default\": {}}").find("Pipfile.lock: _meta"), std::string::npos);
}

TEST_F(LockFileTest, ReadsPylockFiles)
{
  auto lock = read_lock_file(k_fixtures / "pylock/pylock.toml");
  EXPECT_EQ(lock.format, LockFormat::pylock);
  const auto& click = package_named(lock, "click");
  EXPECT_EQ(click.wheels.at(0).hashes.at(0), "sha256:ae74fb96c20a0277a1d615f1e4d73c8414f5a98db8b799a7931d1582f3390c28");
  EXPECT_EQ(package_named(lock, "flask").wheels.at(0).name, "flask-3.0.0-py3-none-any.whl"); // from its URL
  EXPECT_TRUE(package_named(lock, "lib").local);
  // A package under a default group is taken without asking.
  auto packages = choose("pylock.toml", R"(lock-version = "1.0"
default-groups = ["prod"]
[[packages]]
name = "a"
version = "1"
marker = "'prod' in dependency_groups"
wheels = [{path = "wheels/a-1-py3-none-any.whl", hashes = {sha256 = "aa"}}]
)");
  ASSERT_EQ(packages.size(), 1u);
  EXPECT_EQ(packages[0].wheel->path, "wheels/a-1-py3-none-any.whl");
}

TEST_F(LockFileTest, PylockErrors)
{
  EXPECT_NE(read_error("pylock.toml", "lock-version = '2.0'\n").find("pylock.toml:1:16: lock-version \"2.0\" is not read"),
            std::string::npos);
  EXPECT_NE(read_error("pylock.toml", "[[packages]]\n").find("no lock-version"), std::string::npos);
  EXPECT_NE(read_error("pylock.dev.toml", "lock-version = '1.0'\n[[packages]]\nname = 'a'\nwheels = [{url = 'https://f/a-1-py3-none-any.whl'}]\n")
              .find("has no `hashes`"),
            std::string::npos);
}

TEST_F(LockFileTest, ReadsHashedRequirements)
{
  auto lock = read_lock_file(k_fixtures / "requirements/requirements.txt");
  EXPECT_EQ(lock.format, LockFormat::requirements);
  const auto& metadata = package_named(lock, "importlib-metadata");
  EXPECT_EQ(metadata.version, "7.0.0");
  EXPECT_EQ(metadata.marker, "python_version < \"3.10\"");
  EXPECT_EQ(metadata.where, "requirements.txt:16");
  EXPECT_EQ(metadata.source, "index http://127.0.0.1:8080/simple"); // its --index-url
  EXPECT_EQ(read_lock_file(write("r.txt", "a==1 --hash=sha256:aa\n")).packages.at(0).source,
            "index (--index-url, PIP_INDEX_URL, else PyPI)");
  EXPECT_EQ(package_named(lock, "markupsafe").hashes.size(), 4u);
  EXPECT_TRUE(is_hashed_requirements(k_fixtures / "requirements/requirements.txt"));
}

TEST_F(LockFileTest, HashedRequirementsErrors)
{
  EXPECT_NE(read_error("req.txt", "a==1 --hash=sha256:aa\nb>=2 --hash=sha256:bb\n").find("req.txt:2: 'b>=2' is not pinned with =="),
            std::string::npos);
  EXPECT_NE(read_error("req.txt", "a==1 --hash=sha256:aa\nb==2.* --hash=sha256:bb\n").find("is not pinned"), std::string::npos);
  EXPECT_NE(read_error("req.txt", "a==1 \\\n  --hash=sha256:aa\nb==2\n").find("req.txt:3: 'b==2' has no --hash"),
            std::string::npos);
  EXPECT_NE(read_error("req.txt", "-r base.txt\na==1 --hash=sha256:aa\n").find("req.txt:1: a hashed requirements file"),
            std::string::npos);
  EXPECT_NE(read_error("req.txt", "# nothing\n").find("no requirements"), std::string::npos);
  EXPECT_NE(read_error("missing/uv.lock", "").find("no `version = 1`"), std::string::npos);
  try {
    read_lock_file(dir() / "nope.lock");
    ADD_FAILURE() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("does not exist: fix the path given to --lock"), std::string::npos);
  }
}

} // namespace
} // namespace pycontainer::deps
