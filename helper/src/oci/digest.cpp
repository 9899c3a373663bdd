#include "oci/digest.hpp"

#include "util/error.hpp"
#include "util/sha256.hpp"

#include <algorithm>

namespace pycontainer::oci {

namespace {

bool is_lower_hex(std::string_view text)
{
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

Digest::Digest(std::string algorithm, std::string encoded)
  : m_algorithm(std::move(algorithm)), m_encoded(std::move(encoded))
{
}

Digest Digest::parse(std::string_view text)
{
  auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    throw UsageError("invalid digest \"" + std::string(text) + "\": expected \"sha256:<64 hex digits>\"");
  }
  auto algorithm = text.substr(0, colon);
  auto encoded = text.substr(colon + 1);
  std::size_t expected_length = algorithm == "sha256" ? 64 : algorithm == "sha512" ? 128 : 0;
  if (expected_length == 0) {
    throw UsageError("invalid digest \"" + std::string(text) + "\": unsupported algorithm \"" +
                     std::string(algorithm) + "\" (sha256 or sha512)");
  }
  if (encoded.size() != expected_length || !is_lower_hex(encoded)) {
    throw UsageError("invalid digest \"" + std::string(text) + "\": expected " +
                     std::to_string(expected_length) + " lower-case hex digits after \"" +
                     std::string(algorithm) + ":\"");
  }
  return Digest(std::string(algorithm), std::string(encoded));
}

Digest Digest::from_sha256_hex(std::string hex)
{
  return parse("sha256:" + hex);
}

Digest Digest::of(std::string_view data)
{
  return Digest("sha256", util::sha256_hex(data));
}

} // namespace pycontainer::oci
