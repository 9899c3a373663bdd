#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace pycontainer::remote {

// A login of a netrc file (the format of ftp(1), curl and pip): whitespace-separated tokens,
// "machine HOST" (or "default") followed by "login USER", "password SECRET", "account X"; a token may
// be "double quoted" with \" and \\ escapes; "#" starts a comment where a token would start;
// "macdef NAME" skips its lines up to an empty line.
struct NetrcEntry {
  std::string login;
  std::string password;
  bool is_default = false; // from "default", not from a "machine" naming the host
};

// The entry for `host` (a name without port: netrc has no ports): the first "machine" naming it, else
// "default", else nullopt. Throws UsageError naming `source` and the line for a keyword without its value.
std::optional<NetrcEntry> netrc_lookup(std::string_view text, std::string_view host, std::string_view source);

// $NETRC when set, else ~/.netrc ($HOME), else empty.
std::filesystem::path default_netrc_path();

} // namespace pycontainer::remote
