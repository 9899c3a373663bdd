#pragma once

#include "remote/credentials.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pycontainer::remote {

// Runs `docker-credential-<helper> get` (github.com/docker/docker-credential-helpers) with `server` on
// its stdin. nullopt when the helper says "credentials not found"; an Error naming the helper and
// `source` (where it was configured) when it cannot run, fails or prints something else.
std::optional<Credentials> run_credential_helper(const std::string& helper, const std::string& server,
                                                 const std::string& source);

// A helper's answer {"ServerURL": "..", "Username": "..", "Secret": ".."}; a Username of "<token>"
// makes Secret an identity token. UsageError naming the field when it is not that.
Credentials parse_credential_helper_output(std::string_view output);

} // namespace pycontainer::remote
