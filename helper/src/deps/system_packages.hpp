#pragma once

#include <string>
#include <string_view>
#include <vector>

// The operating system packages of a base image, from its package managers' databases: dpkg's
// var/lib/dpkg/status (Debian, Ubuntu; also distroless's var/lib/dpkg/status.d/<name> files, one
// paragraph each) and apk's lib/apk/db/installed (Alpine), named by the distribution of its os-release.
namespace pycontainer::deps {

struct SystemPackage {
  std::string manager; // "deb" or "apk", the purl type
  std::string name;
  std::string version;
  std::string architecture; // as the manager names it: "amd64", "x86_64"
};

// The installed packages of a dpkg status file ("Status: install ok installed"; other states, such as
// removed packages whose configuration files remain, are not in the image's software).
std::vector<SystemPackage> parse_dpkg_status(std::string_view text);

// The packages of an apk database (P:, V: and A: lines, a blank line between packages).
std::vector<SystemPackage> parse_apk_installed(std::string_view text);

// "debian-12", "alpine-3.19.1": ID and VERSION_ID of an os-release file (quotes removed); just ID
// without a VERSION_ID (Debian testing); empty without an ID.
std::string distro_of_os_release(std::string_view text);

} // namespace pycontainer::deps
