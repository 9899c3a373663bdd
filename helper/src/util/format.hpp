#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pycontainer::util {

// A byte count in binary units for people: "512 B", "1.5 KiB", "12.3 MiB", "1.1 GiB".
std::string human_binary_size(std::uint64_t bytes);

// Percent-encodes every byte but RFC 3986's unreserved characters (letters, digits, "-._~"), as URL
// query values and package URLs need.
std::string percent_encode(std::string_view text);

// Decodes "%XX" escapes (either case); a '%' not followed by two hex digits is kept as it is.
std::string percent_decode(std::string_view text);

} // namespace pycontainer::util
