#include "deps/markers.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

namespace pycontainer::deps {
namespace {

class MarkersTest : public ::testing::Test {
protected:
  MarkerEnvironment environment = linux_environment("3.11.2", "x86_64");
  bool holds(const char* marker) { return marker_holds(marker, environment); }
};

TEST_F(MarkersTest, TargetEnvironmentIsCPythonOnLinux)
{
  EXPECT_EQ(environment.values.at("python_version"), "3.11");
  EXPECT_EQ(environment.values.at("python_full_version"), "3.11.2");
  EXPECT_EQ(environment.values.at("platform_machine"), "x86_64");
  EXPECT_EQ(linux_environment("3.12", "aarch64").values.at("python_full_version"), "3.12.0");
  EXPECT_TRUE(holds(""));
  EXPECT_TRUE(holds("sys_platform == 'linux' and platform_system == \"Linux\" and os_name == 'posix'"));
  EXPECT_TRUE(holds("implementation_name == 'cpython' and platform_python_implementation == 'CPython'"));
  EXPECT_FALSE(holds("sys_platform == 'win32' or sys_platform == 'darwin'"));
  EXPECT_TRUE(holds("platform_machine == 'x86_64'"));
  EXPECT_FALSE(holds("platform_machine == 'aarch64'"));
}

TEST_F(MarkersTest, VersionsCompareAsPep440)
{
  EXPECT_TRUE(holds("python_version >= '3.8'"));
  EXPECT_TRUE(holds("python_version > '3.9'")); // as versions: 3.11 > 3.9, though "3.11" < "3.9" as text
  EXPECT_FALSE(holds("python_version < '3.10'"));
  EXPECT_TRUE(holds("python_full_version < '3.11.4'"));
  EXPECT_TRUE(holds("python_version ~= '3.9'"));
  EXPECT_FALSE(holds("python_full_version ~= '3.10.1'"));
  EXPECT_TRUE(holds("python_version == '3.11.*'"));
  EXPECT_TRUE(holds("python_full_version != '3.11.*' or python_version == '3.11'"));
  EXPECT_TRUE(holds("python_full_version === '3.11.2'"));
  EXPECT_FALSE(holds("python_full_version === '3.11'"));
  EXPECT_TRUE(holds("'3.9' < python_version")); // the variable on the right
}

TEST_F(MarkersTest, OperatorsPrecedenceAndParentheses)
{
  EXPECT_TRUE(holds("python_version < '3' and sys_platform == 'win32' or os_name == 'posix'")); // and binds tighter
  EXPECT_FALSE(holds("python_version < '3' and (sys_platform == 'win32' or os_name == 'posix')"));
  EXPECT_TRUE(holds("((python_version >= '3.8'))"));
  EXPECT_TRUE(holds("'linux' in sys_platform and 'win' not in sys_platform"));
  EXPECT_TRUE(holds("os.name == 'posix' and sys.platform == 'linux' and platform.machine == 'x86_64'"));
  EXPECT_TRUE(holds("platform_release == ''"));
}

TEST_F(MarkersTest, ExtrasAndGroups)
{
  EXPECT_FALSE(holds("extra == 'socks'"));
  environment.extras = {"socks", "dev-tools"};
  environment.dependency_groups = {"test"};
  EXPECT_TRUE(holds("extra == 'socks'"));
  EXPECT_TRUE(holds("extra == 'Dev_Tools'")); // names compare normalised (PEP 685)
  EXPECT_TRUE(holds("extra != 'other'"));
  EXPECT_TRUE(holds("'socks' in extras and 'docs' not in extras"));
  EXPECT_TRUE(holds("'test' in dependency_groups"));
  EXPECT_FALSE(holds("'dev' in dependency_groups"));
}

TEST_F(MarkersTest, BadMarkersAreUsageErrorsNamingTheColumn)
{
  auto message = [&](const char* marker) {
    try {
      marker_holds(marker, environment);
    } catch (const UsageError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("python_versoin >= '3.8'"), "marker 'python_versoin >= '3.8'': unknown marker variable 'python_versoin' at column 1");
  EXPECT_NE(message("python_version >= '3.8").find("unterminated string"), std::string::npos);
  EXPECT_NE(message("(python_version >= '3.8'").find("expected ')'"), std::string::npos);
  EXPECT_NE(message("python_version = '3.8'").find("expected a comparison operator"), std::string::npos);
  EXPECT_NE(message("python_version >= '3.8' extra").find("unexpected 'extra'"), std::string::npos);
  EXPECT_NE(message("python_version >= 3.8").find("a version must be quoted ('3.8') at column 19"), std::string::npos);
  EXPECT_NE(message("'a' == 'b'").find("two strings"), std::string::npos);
  EXPECT_NE(message("extras == 'x'").find("is a set"), std::string::npos);
  EXPECT_NE(message("python_version not '3'").find("expected 'in' after 'not'"), std::string::npos);
  // Both sides of an `or` are read, so a bad marker fails however it evaluates.
  EXPECT_NE(message("os_name == 'posix' or bogus == '1'").find("unknown marker variable 'bogus'"), std::string::npos);
}

} // namespace
} // namespace pycontainer::deps
