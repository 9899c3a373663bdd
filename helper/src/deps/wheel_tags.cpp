#include "deps/wheel_tags.hpp"

#include "util/string.hpp"

#include <algorithm>
#include <cctype>

namespace pycontainer::deps {

namespace {

// The manylinux legacy alias of glibc 2.`minor` on `machine`, or empty.
std::string legacy_manylinux(int minor, const std::string& machine)
{
  bool x86 = machine == "x86_64" || machine == "i686";
  if (minor == 17 && (x86 || machine == "aarch64" || machine == "armv7l" || machine == "ppc64" || machine == "ppc64le" ||
                      machine == "s390x")) {
    return "manylinux2014_" + machine;
  }
  if (minor == 12 && x86) return "manylinux2010_" + machine;
  if (minor == 5 && x86) return "manylinux1_" + machine;
  return "";
}

} // namespace

std::optional<WheelName> parse_wheel_name(std::string_view file_name)
{
  if (!file_name.ends_with(".whl")) {
    return std::nullopt;
  }
  file_name.remove_suffix(4);
  auto parts = util::split(file_name, '-');
  if (parts.size() != 5 && parts.size() != 6) {
    return std::nullopt;
  }
  bool empty = std::any_of(parts.begin(), parts.end(), [](std::string_view part) { return part.empty(); });
  if (empty || (parts.size() == 6 && !std::isdigit(static_cast<unsigned char>(parts[2].front())))) {
    return std::nullopt;
  }
  WheelName wheel;
  wheel.distribution = std::string(parts[0]);
  wheel.version = std::string(parts[1]);
  if (parts.size() == 6) {
    wheel.build = std::string(parts[2]);
  }
  auto count = parts.size();
  for (auto python : util::split(parts[count - 3], '.')) {
    for (auto abi : util::split(parts[count - 2], '.')) {
      for (auto platform : util::split(parts[count - 1], '.')) {
        if (python.empty() || abi.empty() || platform.empty()) {
          return std::nullopt;
        }
        wheel.tags.push_back({std::string(python), std::string(abi), std::string(platform)});
      }
    }
  }
  return wheel;
}

std::string WheelTarget::describe() const
{
  std::string text = "CPython " + std::to_string(python_major) + "." + std::to_string(python_minor) + ", " + machine + ", " +
                     to_string(libc);
  if (libc_version) {
    text += " " + std::to_string(libc_version->first) + "." + std::to_string(libc_version->second);
  } else {
    auto newest = libc == Libc::musl ? k_newest_musl : k_newest_glibc;
    text += " (version not known: up to " + std::to_string(newest.first) + "." + std::to_string(newest.second) + ")";
  }
  return text;
}

std::string wheel_machine(const oci::Platform& platform)
{
  const auto& arch = platform.architecture;
  if (arch == "amd64") return "x86_64";
  if (arch == "arm64") return "aarch64";
  if (arch == "386") return "i686";
  if (arch == "arm") return "armv7l";
  if (arch == "ppc64le" || arch == "s390x" || arch == "riscv64") return arch;
  return "";
}

std::vector<std::string> platform_tags(const WheelTarget& target)
{
  std::vector<std::string> tags;
  const auto& machine = target.machine;
  if (target.libc == Libc::musl) {
    auto version = target.libc_version.value_or(k_newest_musl);
    for (int minor = version.first == 1 ? version.second : -1; minor >= 0; --minor) {
      tags.push_back("musllinux_1_" + std::to_string(minor) + "_" + machine);
    }
  } else {
    auto version = target.libc_version.value_or(k_newest_glibc);
    int oldest = machine == "x86_64" || machine == "i686" ? 5 : 17;
    for (int minor = version.first == 2 ? version.second : -1; minor >= oldest; --minor) {
      tags.push_back("manylinux_2_" + std::to_string(minor) + "_" + machine);
      if (auto legacy = legacy_manylinux(minor, machine); !legacy.empty()) {
        tags.push_back(legacy);
      }
    }
  }
  tags.push_back("linux_" + machine);
  return tags;
}

std::vector<WheelTag> supported_tags(const WheelTarget& target)
{
  auto platforms = platform_tags(target);
  auto major = std::to_string(target.python_major);
  auto cp = [&](int minor) { return "cp" + major + std::to_string(minor); };
  // py3X, py3, py3(X-1) ... py30
  std::vector<std::string> py_versions{"py" + major + std::to_string(target.python_minor), "py" + major};
  for (int minor = target.python_minor - 1; minor >= 0; --minor) {
    py_versions.push_back("py" + major + std::to_string(minor));
  }
  auto interpreter = cp(target.python_minor);
  std::vector<WheelTag> tags;
  auto add_platforms = [&](const std::string& python, const std::string& abi) {
    for (const auto& platform : platforms) {
      tags.push_back({python, abi, platform});
    }
  };
  add_platforms(interpreter, interpreter);
  add_platforms(interpreter, "abi3");
  add_platforms(interpreter, "none");
  for (int minor = target.python_minor - 1; minor >= 2; --minor) {
    add_platforms(cp(minor), "abi3");
  }
  for (const auto& python : py_versions) {
    add_platforms(python, "none");
  }
  tags.push_back({interpreter, "none", "any"});
  for (const auto& python : py_versions) {
    tags.push_back({python, "none", "any"});
  }
  return tags;
}

std::optional<std::size_t> wheel_rank(const WheelName& wheel, const std::vector<WheelTag>& supported)
{
  std::optional<std::size_t> best;
  for (const auto& tag : wheel.tags) {
    auto found = std::find(supported.begin(), supported.end(), tag);
    if (found != supported.end()) {
      auto rank = static_cast<std::size_t>(found - supported.begin());
      best = best ? std::min(*best, rank) : rank;
    }
  }
  return best;
}

} // namespace pycontainer::deps
