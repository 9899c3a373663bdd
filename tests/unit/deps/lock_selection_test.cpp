#include "deps/lock_selection.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace pycontainer::deps {
namespace {

namespace fs = std::filesystem;

const fs::path k_fixtures = PYCONTAINER_LOCK_FIXTURES;

WheelTarget target(int minor, const char* machine, Libc libc = Libc::glibc)
{
  WheelTarget target;
  target.python_minor = minor;
  target.machine = machine;
  target.libc = libc;
  target.libc_version = libc == Libc::musl ? std::pair{1, 2} : std::pair{2, 36};
  return target;
}

std::vector<ChosenPackage> choose(const fs::path& lock_file, const WheelTarget& wheel_target, LockSelection selection = {})
{
  auto environment =
    linux_environment("3." + std::to_string(wheel_target.python_minor) + ".2", wheel_target.machine);
  return choose_packages(read_lock_file(lock_file), environment, wheel_target, selection);
}

std::string names(const std::vector<ChosenPackage>& packages)
{
  std::string text;
  for (const auto& package : packages) {
    text += (text.empty() ? "" : " ") + package.name + "==" + package.version;
  }
  return text;
}

const ChosenPackage& find(const std::vector<ChosenPackage>& packages, const std::string& name)
{
  for (const auto& package : packages) {
    if (package.name == name) {
      return package;
    }
  }
  throw std::runtime_error("no " + name);
}

std::string error_of(const std::function<void()>& run)
{
  try {
    run();
  } catch (const UsageError& error) {
    return error.what();
  }
  return "no error";
}

// Every fixture locks the same set (tests/locks/README.md), so every format must choose the same.
class LockFixture : public ::testing::TestWithParam<const char*> {
protected:
  fs::path lock() const { return k_fixtures / GetParam(); }
};
class EveryFormat : public LockFixture {};
class NamingFiles : public LockFixture {};   // the lock names each file: the wheel is chosen from it
class NamingHashes : public LockFixture {};  // only hashes: the index's wheel is chosen when downloading
class WithGroups : public LockFixture {};
class WithExtras : public LockFixture {};

TEST_P(EveryFormat, ChoosesThePackagesOfTheTarget)
{
  auto packages = choose(lock(), target(11, "x86_64"));
  EXPECT_EQ(names(packages), "click==8.1.7 flask==3.0.0 markupsafe==2.1.5 werkzeug==3.0.1");
  EXPECT_FALSE(find(packages, "flask").where.empty());
}

TEST_P(NamingFiles, ChoosesTheMostSpecificWheel)
{
  auto packages = choose(lock(), target(11, "x86_64"));
  const auto& markupsafe = find(packages, "markupsafe");
  ASSERT_TRUE(markupsafe.wheel);
  EXPECT_EQ(markupsafe.wheel->name, "MarkupSafe-2.1.5-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
  EXPECT_EQ(markupsafe.tag, "cp311-cp311-manylinux_2_17_x86_64");
  EXPECT_EQ(markupsafe.wheel->hashes,
            (std::vector<std::string>{"sha256:f5dfb42c4604dddc8e4305050aa6deb084540643ed5804d7455b5df8fe16f5e5"}));
  EXPECT_EQ(find(packages, "flask").tag, "py3-none-any");
}

TEST_P(NamingFiles, OtherArchitecturesAndCLibrariesGetTheirWheel)
{
  auto arm = find(choose(lock(), target(11, "aarch64")), "markupsafe");
  ASSERT_TRUE(arm.wheel);
  EXPECT_EQ(arm.wheel->name, "MarkupSafe-2.1.5-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl");
  auto musl = find(choose(lock(), target(11, "x86_64", Libc::musl)), "markupsafe");
  ASSERT_TRUE(musl.wheel);
  EXPECT_EQ(musl.wheel->name, "MarkupSafe-2.1.5-cp311-cp311-musllinux_1_1_x86_64.whl");
}

TEST_P(NamingFiles, NoWheelForThePythonIsAnErrorNamingTheTags)
{
  // Python 3.9 takes importlib-metadata and zipp, and finds no markupsafe wheel for cp39.
  auto message = error_of([&] { choose(lock(), target(9, "x86_64")); });
  EXPECT_NE(message.find("package markupsafe 2.1.5 ("), std::string::npos) << message;
  EXPECT_NE(message.find("has no wheel for it (the wheels' tags: cp311-cp311-manylinux_2_17_aarch64."
                         "cp311-cp311-manylinux2014_aarch64, "),
            std::string::npos)
    << message;
  EXPECT_NE(message.find("for CPython 3.9, x86_64, glibc 2.36"), std::string::npos) << message;
  EXPECT_NE(message.find("MarkupSafe-2.1.5.tar.gz"), std::string::npos) << message;
}

TEST_P(NamingHashes, KeepsTheHashesAndFollowsMarkers)
{
  auto packages = choose(lock(), target(11, "x86_64"));
  const auto& markupsafe = find(packages, "markupsafe");
  EXPECT_FALSE(markupsafe.wheel);
  EXPECT_EQ(markupsafe.hashes.size(), 4u);
  EXPECT_EQ(names(choose(lock(), target(9, "x86_64"))),
            "click==8.1.7 flask==3.0.0 importlib-metadata==7.0.0 markupsafe==2.1.5 werkzeug==3.0.1 zipp==3.17.0");
}

TEST_P(WithGroups, TakesAGroupWhenAsked)
{
  auto packages = choose(lock(), target(11, "x86_64"), {{}, {"dev"}});
  EXPECT_EQ(names(packages), "click==8.1.7 flask==3.0.0 markupsafe==2.1.5 pytest==8.0.0 werkzeug==3.0.1");
}

TEST_P(WithExtras, TakesAnExtraWhenAsked)
{
  auto packages = choose(lock(), target(11, "x86_64"), {{"socks"}, {}});
  EXPECT_EQ(names(packages), "click==8.1.7 flask==3.0.0 markupsafe==2.1.5 pysocks==1.7.1 werkzeug==3.0.1");
}

auto format_name = [](const auto& info) {
  std::string name = info.param;
  return name.substr(0, name.find('/'));
};

INSTANTIATE_TEST_SUITE_P(Locks, EveryFormat,
                         ::testing::Values("uv/uv.lock", "poetry/poetry.lock", "pdm/pdm.lock", "pdm_static/pdm.lock", "pipenv/Pipfile.lock",
                                           "pylock/pylock.toml", "requirements/requirements.txt"),
                         format_name);
INSTANTIATE_TEST_SUITE_P(Locks, NamingFiles,
                         ::testing::Values("uv/uv.lock", "poetry/poetry.lock", "pdm/pdm.lock", "pdm_static/pdm.lock", "pylock/pylock.toml"),
                         format_name);
INSTANTIATE_TEST_SUITE_P(Locks, NamingHashes, ::testing::Values("pipenv/Pipfile.lock", "requirements/requirements.txt"),
                         format_name);
INSTANTIATE_TEST_SUITE_P(Locks, WithGroups,
                         ::testing::Values("uv/uv.lock", "poetry/poetry.lock", "pdm/pdm.lock", "pdm_static/pdm.lock", "pipenv/Pipfile.lock",
                                           "pylock/pylock.toml"),
                         format_name);
INSTANTIATE_TEST_SUITE_P(Locks, WithExtras,
                         ::testing::Values("uv/uv.lock", "poetry/poetry.lock", "pdm/pdm.lock", "pdm_static/pdm.lock", "pylock/pylock.toml"),
                         format_name);

} // namespace
} // namespace pycontainer::deps
