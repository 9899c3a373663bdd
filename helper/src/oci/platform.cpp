#include "oci/platform.hpp"

#include "util/error.hpp"
#include "util/json_field.hpp"
#include "util/string.hpp"

#include <nlohmann/json.hpp>

#include <sys/utsname.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace pycontainer::oci {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> k_architecture_aliases{{
  {"x86_64", "amd64"},
  {"x86-64", "amd64"},
  {"aarch64", "arm64"},
  {"armhf", "arm"},
  {"i686", "386"},
}};

constexpr std::array<std::string_view, 9> k_known_architectures{
  "amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64", "mips64le", "loong64"};

std::string normalise_architecture(std::string_view architecture)
{
  for (auto [alias, name] : k_architecture_aliases) {
    if (architecture == alias) {
      return std::string(name);
    }
  }
  return std::string(architecture);
}

std::string normalise_variant(const std::string& architecture, std::string variant)
{
  if (architecture == "arm64" && variant.empty()) {
    return "v8";
  }
  return variant;
}

} // namespace

Platform Platform::parse(std::string_view text)
{
  auto parts = util::split(text, '/');
  auto fail = [&](std::string_view why) -> Platform {
    throw UsageError("invalid platform \"" + std::string(text) + "\": " + std::string(why) +
                     " (expected os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8)");
  };
  if (parts.size() < 2 || parts.size() > 3) {
    return fail("wrong number of parts");
  }
  if (std::any_of(parts.begin(), parts.end(), [](std::string_view part) { return part.empty(); })) {
    return fail("empty part");
  }
  Platform platform;
  platform.os = std::string(parts[0]);
  platform.architecture = normalise_architecture(parts[1]);
  if (parts.size() == 3) {
    platform.variant = std::string(parts[2]);
  }
  if (platform.os != "linux" && platform.os != "windows") {
    return fail("unknown operating system \"" + platform.os + "\"");
  }
  if (std::find(k_known_architectures.begin(), k_known_architectures.end(), platform.architecture) ==
      k_known_architectures.end()) {
    return fail("unknown architecture \"" + std::string(parts[1]) + "\"");
  }
  if (platform.architecture == "arm64" && platform.variant == "v8") {
    platform.variant.clear();
  }
  return platform;
}

Platform Platform::host()
{
  utsname name{};
  uname(&name);
  Platform platform;
  platform.os = "linux";
  platform.architecture = normalise_architecture(name.machine);
  return platform;
}

Platform Platform::from_json(const nlohmann::json& json)
{
  Platform platform;
  platform.os = util::json_string_field(json, "os");
  // `docker import` writes the kernel's name ("x86_64") where Go's belongs.
  platform.architecture = normalise_architecture(util::json_string_field(json, "architecture"));
  platform.variant = util::json_string_field(json, "variant");
  return platform;
}

nlohmann::json Platform::to_json() const
{
  nlohmann::json json{{"architecture", architecture}, {"os", os}};
  if (!variant.empty()) {
    json["variant"] = variant;
  }
  return json;
}

std::string Platform::str() const
{
  return os + "/" + architecture + (variant.empty() ? "" : "/" + variant);
}

bool Platform::matches(const Platform& candidate) const
{
  return os == candidate.os && architecture == candidate.architecture &&
         normalise_variant(architecture, variant) == normalise_variant(candidate.architecture, candidate.variant);
}

} // namespace pycontainer::oci
