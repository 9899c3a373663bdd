#include "sbom/packages.hpp"

#include "util/file.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <tuple>
#include <utility>

namespace pycontainer::sbom {

namespace {

constexpr std::array k_spdx_identifiers{"MIT",          "MIT-0",        "BSD-2-Clause",     "BSD-3-Clause",
                                        "Apache-2.0",   "ISC",          "MPL-2.0",          "PSF-2.0",
                                        "Python-2.0",   "Unlicense",    "0BSD",             "Zlib",
                                        "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later",
                                        "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only",  "GPL-3.0-or-later",
                                        "AGPL-3.0-only", "AGPL-3.0-or-later", "EPL-2.0",     "CC0-1.0"};

// Trove classifiers that name one license, with its SPDX identifier.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> k_classifiers{{
  {"License :: OSI Approved :: MIT License", "MIT"},
  {"License :: OSI Approved :: ISC License (ISCL)", "ISC"},
  {"License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"},
  {"License :: OSI Approved :: Python Software Foundation License", "PSF-2.0"},
  {"License :: OSI Approved :: The Unlicense (Unlicense)", "Unlicense"},
  {"License :: OSI Approved :: zlib/libpng License", "Zlib"},
  {"License :: OSI Approved :: GNU Affero General Public License v3", "AGPL-3.0-only"},
  {"License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"},
}};

} // namespace

std::string declared_license(std::string_view metadata)
{
  std::string expression;
  std::string license;
  std::vector<std::string> classified;
  std::istringstream lines{std::string(metadata)};
  std::string line;
  while (std::getline(lines, line) && !util::trim(line).empty()) { // the headers end at the first blank line
    auto colon = line.find(':');
    if (colon == std::string::npos || line.starts_with(' ') || line.starts_with('\t')) {
      continue; // a continuation line of a long field
    }
    auto key = line.substr(0, colon);
    auto value = util::trim(std::string_view(line).substr(colon + 1));
    if (key == "License-Expression") {
      expression = value;
    } else if (key == "License") {
      license = value;
    } else if (key == "Classifier") {
      for (const auto& [classifier, identifier] : k_classifiers) {
        if (value == classifier) {
          classified.emplace_back(identifier);
        }
      }
    }
  }
  if (!expression.empty()) {
    return expression;
  }
  for (const char* identifier : k_spdx_identifiers) {
    if (license == identifier) {
      return license;
    }
  }
  return classified.size() == 1 ? classified.front() : "";
}

std::vector<Package> read_packages(const deps::SitePackages& site)
{
  std::vector<Package> packages;
  for (const auto& distribution : site.distributions) {
    Package package{distribution.name, distribution.version, ""};
    auto directory = site.directory / distribution.metadata_directory;
    for (const char* name : {"METADATA", "PKG-INFO"}) {
      if (std::filesystem::is_regular_file(directory / name)) {
        package.license = declared_license(util::read_file(directory / name, 16 << 20));
        break;
      }
    }
    packages.push_back(std::move(package));
  }
  return packages;
}

std::vector<Package> system_packages(const std::vector<deps::SystemPackage>& installed, const std::string& distro)
{
  std::vector<Package> packages;
  for (const auto& package : installed) {
    packages.push_back({package.name, package.version, "", package.manager, distro, package.architecture});
  }
  auto key = [](const Package& package) { return std::tie(package.name, package.architecture, package.version); };
  std::sort(packages.begin(), packages.end(), [&](const Package& a, const Package& b) { return key(a) < key(b); });
  packages.erase(std::unique(packages.begin(), packages.end(),
                             [&](const Package& a, const Package& b) { return key(a) == key(b); }),
                 packages.end());
  return packages;
}

} // namespace pycontainer::sbom
