#pragma once

#include "deps/elf.hpp"
#include "oci/platform.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Wheel file names and the tags a target accepts.
//   {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl   (PEP 427, PEP 491)
// where each tag may be a compressed set ("py2.py3", "manylinux_2_17_x86_64.manylinux2014_x86_64"),
// meaning every combination. A target (CPython X.Y on Linux, an architecture, a C library and its
// version) accepts tags in the order packaging's sys_tags() gives them, most specific first:
//   cpXY-cpXY-P, cpXY-abi3-P, cpXY-none-P, cpXW-abi3-P (W < Y), pyXY-none-P, py3-none-P, pyXW-none-P,
//   cpXY-none-any, pyXY-none-any, py3-none-any, pyXW-none-any
// for each platform P, best first: manylinux_2_M_ARCH from the base's glibc 2.M down to 2.5 (2.17 on
// architectures without older manylinux), each followed by its legacy alias (manylinux2014 = 2_17,
// manylinux2010 = 2_12, manylinux1 = 2_5) where one exists; or musllinux_1_M_ARCH from the base's musl
// 1.M down to 1.0; then linux_ARCH (a wheel built on such a machine).
namespace pycontainer::deps {

struct WheelTag {
  std::string python;   // "cp311", "py3"
  std::string abi;      // "cp311", "abi3", "none"
  std::string platform; // "manylinux_2_17_x86_64", "any"
  std::string str() const { return python + "-" + abi + "-" + platform; }
  friend bool operator==(const WheelTag&, const WheelTag&) = default;
};

struct WheelName {
  std::string distribution; // as written ("Flask", "typing_extensions")
  std::string version;
  std::string build;        // empty when there is no build tag
  std::vector<WheelTag> tags; // every combination of the compressed sets
};

// nullopt when `file_name` is not a wheel's (no ".whl", too few parts, a build tag not starting with a digit).
std::optional<WheelName> parse_wheel_name(std::string_view file_name);

struct WheelTarget {
  int python_major = 3;
  int python_minor = 12;
  std::string machine;       // "x86_64", "aarch64": the architecture as wheel tags and platform_machine name it
  Libc libc = Libc::glibc;
  // The C library's (major, minor): glibc (2, 36), musl (1, 2). Unknown (a dry run, which reads no
  // base): the newest that wheels are tagged for, k_newest_glibc / k_newest_musl.
  std::optional<std::pair<int, int>> libc_version;
  std::string describe() const; // "CPython 3.11, x86_64, glibc 2.36"
};

inline constexpr std::pair<int, int> k_newest_glibc{2, 39};
inline constexpr std::pair<int, int> k_newest_musl{1, 2};

// The wheel-tag architecture of an OCI platform: amd64 -> x86_64, arm64 -> aarch64, 386 -> i686, arm
// (v7) -> armv7l, ppc64le, s390x, riscv64; empty for others.
std::string wheel_machine(const oci::Platform& platform);

// The platform tags the target accepts, best first (see above).
std::vector<std::string> platform_tags(const WheelTarget& target);

// The tags the target accepts, best first; a wheel's rank is the position of its best tag here.
std::vector<WheelTag> supported_tags(const WheelTarget& target);

// The position in `supported` of the best tag of `wheel`; nullopt when the target accepts none of them.
std::optional<std::size_t> wheel_rank(const WheelName& wheel, const std::vector<WheelTag>& supported);

} // namespace pycontainer::deps
