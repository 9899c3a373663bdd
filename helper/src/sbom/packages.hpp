#pragma once

#include "deps/distributions.hpp"
#include "deps/lock_selection.hpp"
#include "deps/system_packages.hpp"
#include "sbom/document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::sbom {

// The distributions of `site` as SBOM packages, with the license their metadata (METADATA or PKG-INFO)
// declares as an SPDX expression: `License-Expression` (PEP 639) as it is; else `License` when it is
// one of the common SPDX identifiers; else a `License ::` classifier that names exactly one license.
// Free text ("BSD", a license's whole text) gives no license (NOASSERTION), not a guess.
std::vector<Package> read_packages(const deps::SitePackages& site);

// Gives each of `packages` installed from a lock the SHA-256 and URL of the file it was installed from
// (matched by PEP 503 name; ChosenPackage::installed_from): the lock's wheel, the wheel the index listed
// with one of the lock's hashes, or the sdist the host's pip built its wheel from. A local file has no URL.
void add_locked_files(std::vector<Package>& packages, const std::vector<deps::ChosenPackage>& locked);

// The base's system packages as SBOM packages of `distro` ("debian-12"), sorted and without duplicates.
// Their licenses are left undeclared: dpkg and apk databases do not name them as SPDX expressions.
std::vector<Package> system_packages(const std::vector<deps::SystemPackage>& installed, const std::string& distro);

// The SPDX expression of a metadata text (the headers of METADATA/PKG-INFO), or empty.
std::string declared_license(std::string_view metadata);

} // namespace pycontainer::sbom
