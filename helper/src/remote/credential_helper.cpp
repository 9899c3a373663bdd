#include "remote/credential_helper.hpp"

#include "util/error.hpp"
#include "util/json_field.hpp"
#include "util/process.hpp"

#include <nlohmann/json.hpp>

namespace pycontainer::remote {

Credentials parse_credential_helper_output(std::string_view output)
{
  auto json = nlohmann::json::parse(output, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    throw UsageError(R"(printed something that is not a credentials JSON object {"Username":..,"Secret":..})");
  }
  auto username = util::json_string_field(json, "Username");
  auto secret = util::required_json_field(json, "Secret", util::JsonType::string).get<std::string>();
  Credentials credentials;
  if (username == "<token>") {
    credentials.identity_token = secret;
  } else {
    credentials.username = username;
    credentials.password = secret;
  }
  return credentials;
}

std::optional<Credentials> run_credential_helper(const std::string& helper, const std::string& server,
                                                 const std::string& source)
{
  std::string program = "docker-credential-" + helper;
  std::string name = "credential helper " + program + " (" + source + ")";
  util::ProcessResult result;
  try {
    result = util::run_process({program, "get"}, server);
  } catch (Error& error) {
    error.add_context(name);
    throw;
  }
  if (result.exit_code != 0) {
    if ((result.output + result.errors).find("credentials not found") != std::string::npos) {
      return std::nullopt;
    }
    auto said = result.said();
    throw Error(name + " failed with exit status " + std::to_string(result.exit_code) +
                (said.empty() ? "" : ": " + said));
  }
  Credentials credentials;
  try {
    credentials = parse_credential_helper_output(result.output);
  } catch (const UsageError& error) {
    throw Error(name + ": " + error.message()); // the helper's fault, not the user's input
  }
  credentials.source = name;
  return credentials;
}

} // namespace pycontainer::remote
