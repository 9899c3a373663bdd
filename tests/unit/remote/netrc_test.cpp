// Unit tests of netrc lookups: machine by host, default as a fallback, quoted tokens, comments, macdef.
#include "remote/netrc.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

namespace pycontainer::remote {
namespace {

constexpr const char* k_netrc = R"(# a comment
machine other.example login nobody password nothing
machine index.example
  login alice
  password "s3cr et\"x"
  account ignored
macdef init
  cd /pub
  machine index.example login evil password evil

machine INDEX.example login second password second
default login anonymous password guest
)";

TEST(Netrc, TheFirstMachineNamingTheHost)
{
  auto entry = netrc_lookup(k_netrc, "index.example", "netrc");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->login, "alice");
  EXPECT_EQ(entry->password, "s3cr et\"x");
  EXPECT_FALSE(entry->is_default);
}

TEST(Netrc, DefaultForOtherHosts)
{
  auto entry = netrc_lookup(k_netrc, "files.example", "netrc");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->login, "anonymous");
  EXPECT_TRUE(entry->is_default);
  EXPECT_FALSE(netrc_lookup("machine a login b password c", "d", "netrc"));
  EXPECT_FALSE(netrc_lookup("", "d", "netrc"));
}

TEST(Netrc, OneLineAndMissingValues)
{
  auto entry = netrc_lookup("machine a login b password c machine d login e password f", "d", "netrc");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->login, "e");
  EXPECT_EQ(entry->password, "f");
  try {
    netrc_lookup("machine a\nlogin b\npassword", "a", "/home/u/.netrc");
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "/home/u/.netrc:3: \"password\" without a value (netrc: machine HOST login USER password SECRET)");
  }
}

} // namespace
} // namespace pycontainer::remote
