#pragma once

#include <string_view>

namespace pycontainer::remote {

// A --connect-to rule, curl's HOST:PORT:CONNECT-HOST:CONNECT-PORT (CURLOPT_CONNECT_TO): connections
// for HOST:PORT go to CONNECT-HOST:CONNECT-PORT instead, while the URL, the Host header, TLS SNI and
// the certificate check keep HOST (split-horizon DNS, tests). An empty HOST or PORT matches any; an
// empty CONNECT-HOST or CONNECT-PORT keeps the original. IPv6 addresses are written in brackets.
// Throws UsageError naming the rule when it is malformed.
void check_connect_to(std::string_view rule);

} // namespace pycontainer::remote
