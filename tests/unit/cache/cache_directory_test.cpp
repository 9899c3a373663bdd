#include "cache/cache_directory.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace pycontainer::cache {
namespace {

// Sets (or with nullopt unsets) an environment variable for one test, restoring it afterwards.
class ScopedEnv {
public:
  ScopedEnv(const char* name, std::optional<std::string> value) : m_name(name)
  {
    if (const char* old = std::getenv(name)) {
      m_old = old;
    }
    value ? ::setenv(name, value->c_str(), 1) : ::unsetenv(name);
  }
  ~ScopedEnv() { m_old ? ::setenv(m_name, m_old->c_str(), 1) : ::unsetenv(m_name); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  const char* m_name;
  std::optional<std::string> m_old;
};

TEST(CacheDirectoryTest, GivenDirectoryWins)
{
  ScopedEnv xdg("XDG_CACHE_HOME", "/xdg");
  EXPECT_EQ(cache_directory("/given"), "/given");
}

TEST(CacheDirectoryTest, AbsoluteXdgCacheHomeThenHome)
{
  ScopedEnv home("HOME", "/home/user");
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "/xdg");
    EXPECT_EQ(cache_directory(""), "/xdg/pycontainer");
  }
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "relative"); // the XDG spec: a relative path is to be ignored
    EXPECT_EQ(cache_directory(""), "/home/user/.cache/pycontainer");
  }
  ScopedEnv xdg("XDG_CACHE_HOME", std::nullopt);
  EXPECT_EQ(cache_directory(""), "/home/user/.cache/pycontainer");
}

TEST(CacheDirectoryTest, NeitherSetIsAUsageErrorNamingTheFix)
{
  ScopedEnv home("HOME", std::nullopt);
  ScopedEnv xdg("XDG_CACHE_HOME", std::nullopt);
  try {
    cache_directory("");
    FAIL() << "expected UsageError";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("--cache-dir"), std::string::npos) << error.what();
  }
}

} // namespace
} // namespace pycontainer::cache
