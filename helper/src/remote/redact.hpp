#pragma once

#include <string>
#include <string_view>

namespace pycontainer::remote {

// What --verbose may show of a URL: values of query parameters that carry secrets (signatures,
// tokens, credentials: X-Amz-Signature, sig, token, access_token...) become "REDACTED", and so does the
// password of user:password@ ("https://user:REDACTED@host/"); a lone user, often a token, becomes "REDACTED@".
std::string redact_url(std::string_view url);

// What --verbose may show of a header: Authorization, Proxy-Authorization, Cookie and Set-Cookie
// values become "REDACTED" (the scheme of Authorization is kept: "Bearer REDACTED").
std::string redact_header(std::string_view name, std::string_view value);

} // namespace pycontainer::remote
