#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace pycontainer::oci {

// A content digest "algorithm:encoded". Only sha256 is produced; sha512 is accepted when parsing.
class Digest {
public:
  // Throws UsageError for anything that is not a well-formed sha256/sha512 digest.
  static Digest parse(std::string_view text);
  static Digest from_sha256_hex(std::string hex);
  // The sha256 digest of `data`.
  static Digest of(std::string_view data);

  const std::string& algorithm() const { return m_algorithm; }
  const std::string& encoded() const { return m_encoded; }
  std::string str() const { return m_algorithm + ":" + m_encoded; }

  auto operator<=>(const Digest&) const = default;

private:
  Digest(std::string algorithm, std::string encoded);

  std::string m_algorithm;
  std::string m_encoded;
};

} // namespace pycontainer::oci
