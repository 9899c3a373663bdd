#include "sbom/packages.hpp"

#include "python/license.hpp"
#include "util/file.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>
#include <utility>

namespace pycontainer::sbom {

void add_locked_files(std::vector<Package>& packages, const std::vector<deps::ChosenPackage>& locked)
{
  for (auto& package : packages) {
    auto name = util::normalise_project_name(package.name);
    auto chosen = std::find_if(locked.begin(), locked.end(), [&](const auto& item) { return item.name == name; });
    if (chosen == locked.end() || !chosen->installed_from) {
      continue;
    }
    for (const auto& hash : chosen->installed_from->hashes) {
      if (hash.starts_with("sha256:")) {
        package.sha256 = hash.substr(7);
        break;
      }
    }
    package.download_url = chosen->installed_from->url;
  }
}

std::string declared_license(std::string_view metadata)
{
  std::string expression;
  std::string license;
  std::vector<std::string> classifiers;
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
      classifiers.emplace_back(value);
    }
  }
  if (!expression.empty()) {
    return expression;
  }
  return python::known_spdx_expression(license).value_or(python::classifiers_license(classifiers).value_or(""));
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
