#pragma once

#include "deps/lock_selection.hpp"

#include <filesystem>
#include <vector>

// The record of a staged lock set (lock_install.hpp): the file each package was installed from, so that a
// build finding the set staged still knows them (its SBOM gives their SHA-256 and URL). In the staging
// directory, beside the set, written by temp name then rename before the set is renamed into place:
//   <cache>/deps/<key>/installed.json
//   {"packages": [{"name": "greeting", "file": "greeting-1.0.0-py3-none-any.whl",
//                  "url": "http://host/files/greeting-1.0.0-py3-none-any.whl", "sha256": "HEX"}, ...]}
// "url" is empty for a local file. The set's key names what decides these files (lock_install_key).
namespace pycontainer::deps {

// Writes the record of `packages`' installed_from.
void write_installed_files(const std::filesystem::path& staging, const std::vector<ChosenPackage>& packages);

// Sets each of `packages`' installed_from from the record: a wheel or sdist with the sha256 recorded. A
// package the record does not name, or a record that is missing or damaged (a set staged by an older
// version), is left without one (logged).
void read_installed_files(const std::filesystem::path& staging, std::vector<ChosenPackage>& packages);

} // namespace pycontainer::deps
