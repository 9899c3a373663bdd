#pragma once

#include "remote/credentials.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::remote {

// The credentials part of a docker config.json (podman's auth.json has the same "auths"):
//   {"auths": {"<key>": {"auth": base64("user:password")} | {"identitytoken": "<refresh token>"}
//                      | {"username": "..", "password": ".."}},
//    "credsStore": "<helper>", "credHelpers": {"<key>": "<helper>"}}
// where a key is a registry as docker_config_keys() spells it. Other members are not read. Every entry
// is checked on reading, as docker does: a wrong type or bad base64 anywhere is a UsageError naming the
// file and the field ("docker config /h/.docker/config.json: auths["ghcr.io"].auth: expected a string,
// got 5"). A null is an absent member.
struct DockerConfig {
  std::map<std::string, std::string> credential_helpers; // credHelpers
  std::string credentials_store;                         // credsStore; "" when none
  std::map<std::string, Credentials> auths;              // the auths entries that hold credentials

  // `text` is the file's content; `source` ("docker config /x/config.json") names it in messages and
  // in each Credentials::source.
  static DockerConfig parse(std::string_view text, const std::string& source);

  // For the first of `keys` (docker_config_keys) that has one: its credHelpers helper, its credentials.
  std::optional<std::string> credential_helper(const std::vector<std::string>& keys) const;
  std::optional<Credentials> stored_credentials(const std::vector<std::string>& keys) const;
};

} // namespace pycontainer::remote
