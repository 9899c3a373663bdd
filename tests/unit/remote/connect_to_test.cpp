// Unit tests of the --connect-to rule check (curl's HOST:PORT:CONNECT-HOST:CONNECT-PORT).
#include "remote/connect_to.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pycontainer::remote {
namespace {

TEST(ConnectTo, AcceptsCurlsForms)
{
  for (const char* rule : {"ghcr.io:443:127.0.0.1:5000", "ghcr.io:443:registry.internal:", "::127.0.0.1:5000",
                           "example.com::[::1]:8443", "[2001:db8::1]:443:[::1]:443", "my_host:80::8080"}) {
    EXPECT_NO_THROW(check_connect_to(rule)) << rule;
  }
}

TEST(ConnectTo, RefusesMalformedRulesNamingThem)
{
  for (const char* rule : {"", "ghcr.io:443", "ghcr.io:443:127.0.0.1", "ghcr.io:443:127.0.0.1:5000:1",
                           "ghcr.io:https:127.0.0.1:5000", "ghcr.io:443:127.0.0.1:70000", "ghcr.io:0:127.0.0.1:5000",
                           "ghcr io:443:127.0.0.1:5000", "[::1:443:127.0.0.1:5000", "ghcr.io:443:[]:5000"}) {
    try {
      check_connect_to(rule);
      ADD_FAILURE() << "accepted " << rule;
    } catch (const UsageError& error) {
      EXPECT_EQ(std::string(error.what()), "--connect-to \"" + std::string(rule) +
                                               "\": expected HOST:PORT:CONNECT-HOST:CONNECT-PORT "
                                               "(e.g. ghcr.io:443:127.0.0.1:5000)");
    }
  }
}

} // namespace
} // namespace pycontainer::remote
