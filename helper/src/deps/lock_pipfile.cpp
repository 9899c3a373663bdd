#include "deps/distributions.hpp"
#include "deps/lock_readers.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json_field.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

// Pipfile.lock (pipenv's documentation, pipfile-spec 6): JSON with "_meta" {"pipfile-spec": 6, "sources":
// [{name, url}]}, then "default" and "develop": NAME -> {"version": "==X", "hashes": ["sha256:.."],
// "markers": "...", "index": NAME, "extras": [..]} (or "path"/"editable", "git" and "ref" for other
// sources). The files are not named: the wheel is the index's that has one of the hashes. Flat.
namespace pycontainer::deps::lock_readers {

Lock read_pipfile(const std::filesystem::path& file)
{
  using util::JsonType;
  auto fail = [&](const std::string& what) { throw UsageError(file.string() + ": " + what); };
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(util::read_file(file, 64 << 20));
  } catch (const nlohmann::json::parse_error& error) {
    fail("not valid JSON (" + std::string(error.what()) + "): write it again with `pipenv lock`");
  }
  if (!document.is_object()) {
    fail("not a JSON object: write it again with `pipenv lock`");
  }
  try {
    const auto& meta = util::required_json_field(document, "_meta", JsonType::object);
    if (const auto* spec = util::find_json_field(meta, "pipfile-spec", JsonType::integer, "_meta.pipfile-spec")) {
      if (spec->get<int>() != 6) {
        fail("_meta.pipfile-spec " + std::to_string(spec->get<int>()) +
             " is not read by this pycontainer (it reads 6): lock again with a pipenv that writes 6");
      }
    }
    std::map<std::string, std::string> sources;
    if (const auto* list = util::find_json_field(meta, "sources", JsonType::array, "_meta.sources")) {
      for (const auto& source : *list) {
        sources[util::json_string_field(source, "name", "_meta.sources[].name")] =
          util::json_string_field(source, "url", "_meta.sources[].url");
      }
    }
    Lock lock;
    lock.file = file;
    lock.format = LockFormat::pipenv;
    lock.default_groups = {"default"};
    for (const char* group : {"default", "develop"}) {
      const auto* packages = util::find_json_field(document, group, JsonType::object);
      if (packages == nullptr) {
        continue;
      }
      for (const auto& [name, entry] : packages->items()) {
        auto key = std::string(group) + "." + name;
        util::expect_json_type(entry, JsonType::object, key);
        LockedPackage package;
        package.name = normalise_name(name);
        package.where = "Pipfile.lock " + key;
        package.groups = {group};
        package.marker = util::json_string_field(entry, "markers", key + ".markers");
        auto version = util::json_string_field(entry, "version", key + ".version");
        auto path = util::json_string_field(entry, "path", key + ".path");
        auto git = util::json_string_field(entry, "git", key + ".git");
        if (!path.empty()) {
          package.source = "directory " + path;
          package.local = true;
        } else if (!git.empty()) {
          package.source = "git " + git;
        } else if (!version.starts_with("==")) {
          fail(key + ".version is \"" + version + "\", not pinned with ==: write the lock again with `pipenv lock`");
        } else {
          auto index = util::json_string_field(entry, "index", key + ".index");
          package.source = "index " + (sources.contains(index) ? sources[index] : index.empty() ? "pypi" : index);
        }
        package.version = version.starts_with("==") ? version.substr(2) : version;
        if (const auto* hashes = util::find_json_field(entry, "hashes", JsonType::array, key + ".hashes")) {
          package.hashes = util::json_string_array(*hashes, key + ".hashes");
        }
        lock.packages.push_back(std::move(package));
      }
    }
    return lock;
  } catch (UsageError& error) {
    if (!std::string_view(error.what()).starts_with(file.string())) {
      error.add_context(file.string());
    }
    throw;
  }
}

} // namespace pycontainer::deps::lock_readers
