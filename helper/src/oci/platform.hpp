#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace pycontainer::oci {

// os/architecture[/variant] as in the OCI image index; architecture names are Go's (amd64, arm64...).
struct Platform {
  std::string os;
  std::string architecture;
  std::string variant;

  // Parses "linux/amd64", "linux/arm64/v8", "linux/arm/v7"; accepts common aliases (x86_64 -> amd64,
  // aarch64 -> arm64) and normalises arm64's default variant. Throws UsageError naming the input and
  // the accepted form for anything else.
  static Platform parse(std::string_view text);
  // The platform this helper runs on (linux/amd64 on x86_64).
  static Platform host();

  static Platform from_json(const nlohmann::json& json); // an index descriptor's "platform" object
  nlohmann::json to_json() const;

  std::string str() const; // "linux/arm64/v8"

  // Whether an image built for `candidate` runs on this platform: os and architecture equal, and the
  // variants equal after normalisation (arm64's empty variant is v8).
  bool matches(const Platform& candidate) const;

  bool operator==(const Platform&) const = default;
};

} // namespace pycontainer::oci
