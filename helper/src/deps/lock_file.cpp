#include "deps/lock_file.hpp"

#include "deps/lock_readers.hpp"
#include "util/error.hpp"

namespace pycontainer::deps {

namespace fs = std::filesystem;

const char* to_string(LockFormat format)
{
  switch (format) {
  case LockFormat::uv: return "uv.lock";
  case LockFormat::poetry: return "poetry.lock";
  case LockFormat::pdm: return "pdm.lock";
  case LockFormat::pipenv: return "Pipfile.lock";
  case LockFormat::pylock: return "pylock.toml";
  case LockFormat::requirements: return "hashed requirements";
  }
  return "";
}

std::optional<fs::path> find_lock_file(const fs::path& context)
{
  for (const char* name : {"uv.lock", "poetry.lock", "pdm.lock", "pylock.toml", "Pipfile.lock"}) {
    if (fs::is_regular_file(context / name)) {
      return context / name;
    }
  }
  if (fs::is_regular_file(context / "requirements.txt") && is_hashed_requirements(context / "requirements.txt")) {
    return context / "requirements.txt";
  }
  return std::nullopt;
}

Lock read_lock_file(const fs::path& file)
{
  if (!fs::is_regular_file(file)) {
    throw UsageError("lock file '" + file.string() + "' does not exist: fix the path given to --lock (or lock in the config)");
  }
  auto name = file.filename().string();
  if (name == "Pipfile.lock") {
    return lock_readers::read_pipfile(file);
  }
  bool pylock = name == "pylock.toml" || (name.starts_with("pylock.") && name.ends_with(".toml"));
  if (name != "uv.lock" && name != "poetry.lock" && name != "pdm.lock" && !pylock) {
    return lock_readers::read_requirements(file);
  }
  lock_readers::TomlFields fields(file);
  auto root = fields.parse();
  if (name == "uv.lock") return lock_readers::read_uv(fields, root);
  if (name == "poetry.lock") return lock_readers::read_poetry(fields, root);
  if (name == "pdm.lock") return lock_readers::read_pdm(fields, root);
  return lock_readers::read_pylock(fields, root);
}

} // namespace pycontainer::deps
