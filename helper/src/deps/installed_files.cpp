#include "deps/installed_files.hpp"

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json_field.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace pycontainer::deps {

namespace {

namespace fs = std::filesystem;

fs::path installed_record(const fs::path& staging)
{
  return staging / "installed.json";
}

} // namespace

void write_installed_files(const fs::path& staging, const std::vector<ChosenPackage>& packages)
{
  auto list = nlohmann::json::array();
  for (const auto& package : packages) {
    if (!package.installed_from) {
      continue;
    }
    const auto& file = *package.installed_from;
    auto sha256 = std::find_if(file.hashes.begin(), file.hashes.end(), [](const auto& hash) { return hash.starts_with("sha256:"); });
    list.push_back({{"name", package.name},
                    {"file", file.name},
                    {"url", file.url},
                    {"sha256", sha256 == file.hashes.end() ? "" : sha256->substr(7)}});
  }
  util::write_file_atomic(installed_record(staging), nlohmann::json{{"packages", list}}.dump(1) + "\n");
}

void read_installed_files(const fs::path& staging, std::vector<ChosenPackage>& packages)
{
  auto path = installed_record(staging);
  try {
    auto record = nlohmann::json::parse(util::read_file(path), nullptr, false);
    if (!record.is_object()) {
      throw UsageError("not a JSON object");
    }
    const auto& list = util::required_json_field(record, "packages", util::JsonType::array);
    for (const auto& item : list) {
      util::expect_json_type(item, util::JsonType::object, "packages[]");
      auto name = util::json_string_field(item, "name");
      auto package = std::find_if(packages.begin(), packages.end(), [&](const auto& chosen) { return chosen.name == name; });
      if (package == packages.end()) {
        continue;
      }
      auto sha256 = util::json_string_field(item, "sha256");
      package->installed_from = LockedFile{util::json_string_field(item, "file"), util::json_string_field(item, "url"), "",
                                           sha256.empty() ? std::vector<std::string>{} : std::vector<std::string>{"sha256:" + sha256},
                                           std::nullopt};
    }
  } catch (const Error& error) {
    log::verbose("dependencies: the files the staged set was installed from are not known (" + path.string() +
                 ": " + error.message() + "); its SBOM entries go without their hashes");
  }
}

} // namespace pycontainer::deps
