#include "remote/token_response.hpp"

#include "util/error.hpp"
#include "util/json_field.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace pycontainer::remote {

TokenResponse parse_token_response(std::string_view body)
{
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    throw UsageError("not a JSON object");
  }
  TokenResponse response;
  auto token = util::json_string_field(json, "token");
  auto access_token = util::json_string_field(json, "access_token");
  response.token = token.empty() ? access_token : token;
  if (response.token.empty()) {
    throw UsageError("no token");
  }
  // nlohmann reads a non-negative integer as unsigned: a negative one is left at the default.
  if (const auto* expires_in = util::find_json_field(json, "expires_in", util::JsonType::integer);
      expires_in != nullptr && expires_in->is_number_unsigned() && expires_in->get<std::uint64_t>() > 0) {
    auto limit = static_cast<std::uint64_t>(k_max_token_lifetime.count());
    response.lifetime = std::chrono::seconds(std::min(expires_in->get<std::uint64_t>(), limit));
  }
  return response;
}

} // namespace pycontainer::remote
