#include "deps/module_lookup.hpp"

#include "util/error.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace pycontainer::deps {

namespace {

bool is_identifier(std::string_view part)
{
  auto word = [](char c) { return c == '_' || std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); };
  return !part.empty() && !std::isdigit(static_cast<unsigned char>(part.front())) && std::all_of(part.begin(), part.end(), word);
}

// In FileFinder's order: the extension modules', then source, then bytecode.
struct Suffix {
  std::string text; // '*' stands for any platform tag
  ModuleKind kind;
};

std::vector<Suffix> suffixes(const ImagePython& python)
{
  std::vector<Suffix> all;
  for (const auto& suffix : python.extension_suffixes) {
    all.push_back({suffix, ModuleKind::extension});
  }
  all.push_back({".py", ModuleKind::source});
  all.push_back({".pyc", ModuleKind::bytecode});
  return all;
}

// The file `directory`/`stem``suffix` when it is a regular file.
std::optional<std::string> find_file(const FileView& view, const std::string& directory, const std::string& stem,
                                     const std::string& suffix)
{
  auto star = suffix.find('*');
  if (star == std::string::npos) {
    auto path = join_image_path(directory, stem + suffix);
    return view.is_file(path) ? std::optional(path) : std::nullopt;
  }
  auto before = stem + suffix.substr(0, star);
  auto after = suffix.substr(star + 1);
  for (const auto& name : view.list(directory)) {
    if (name.size() > before.size() + after.size() && name.starts_with(before) && name.ends_with(after) &&
        view.is_file(join_image_path(directory, name))) {
      return join_image_path(directory, name);
    }
  }
  return std::nullopt;
}

struct FoundModule {
  ModuleKind kind;
  std::string file;
};

// FileFinder.find_spec: `name` in `directory`; sets `portion` when it is only a namespace package's portion.
std::optional<FoundModule> find_in(const FileView& view, const std::string& directory, const std::string& name,
                             const std::vector<Suffix>& all, bool& portion)
{
  portion = false;
  auto package = join_image_path(directory, name);
  if (view.is_directory(package)) {
    for (const auto& suffix : all) {
      if (auto init = find_file(view, package, "__init__", suffix.text)) {
        return FoundModule{ModuleKind::package, *init};
      }
    }
    portion = true;
  }
  for (const auto& suffix : all) {
    if (auto file = find_file(view, directory, name, suffix.text)) {
      return FoundModule{suffix.kind, *file};
    }
  }
  return std::nullopt;
}

// Files in `searched` named `name`.<something> that no suffix takes: an extension of another Python.
std::vector<std::string> other_files(const FileView& view, const std::vector<SysPathEntry>& searched, const std::string& name)
{
  std::vector<std::string> files;
  for (const auto& directory : searched) {
    for (const auto& file : view.list(directory.path)) {
      if (file.starts_with(name + ".") && (file.ends_with(".so") || file.ends_with(".py") || file.ends_with(".pyc")) &&
          view.is_file(join_image_path(directory.path, file))) {
        files.push_back(join_image_path(directory.path, file));
      }
    }
  }
  return files;
}

// The module names the directories of `searched` hold (files without their suffix, directories).
std::string nearest_module(const FileView& view, const std::vector<SysPathEntry>& searched, const std::string& name)
{
  std::vector<std::string> names;
  for (const auto& directory : searched) {
    for (const auto& file : view.list(directory.path)) {
      names.push_back(file.substr(0, file.find('.')));
    }
  }
  std::vector<std::string_view> candidates(names.begin(), names.end());
  auto match = util::closest_match(name, candidates);
  return match ? std::string(*match) : "";
}

} // namespace

ModuleSearch find_module(const FileView& view, const ImagePython& python, const std::string& name)
{
  auto parts = util::split(name, '.');
  if (name.empty() || !std::all_of(parts.begin(), parts.end(), is_identifier)) {
    throw UsageError("\"" + name + "\" is not a module name: words of letters, digits and '_' joined by '.' (as in import "
                     "geom.fastmath)");
  }
  auto all = suffixes(python);
  ModuleSearch search;
  search.name = name;
  std::vector<SysPathEntry> path = python.sys_path;
  std::string qualified;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string part(parts[i]);
    qualified += (i == 0 ? "" : ".") + part;
    if (i > 0 && search.kind != ModuleKind::package && search.kind != ModuleKind::namespace_package) {
      search.missing = qualified;
      search.not_a_package = search.file;
      search.found = false;
      return search;
    }
    std::optional<FoundModule> found;
    std::vector<std::string> portions;
    for (const auto& entry : path) {
      bool portion = false;
      if (entry.exists && (found = find_in(view, entry.path, part, all, portion))) {
        break;
      }
      if (portion) {
        portions.push_back(join_image_path(entry.path, part));
      }
    }
    if (!found && portions.empty()) {
      search.found = false;
      search.missing = qualified;
      search.searched = path;
      search.other_files = other_files(view, path, part);
      search.did_you_mean = nearest_module(view, path, part);
      return search;
    }
    search.found = true;
    std::vector<SysPathEntry> next;
    if (found) {
      search.kind = found->kind;
      search.file = found->file;
      next.push_back({std::filesystem::path(found->file).parent_path().string(), "the package " + qualified, true});
    } else {
      search.kind = ModuleKind::namespace_package;
      search.file = portions.front();
      for (const auto& portion : portions) {
        next.push_back({portion, "the namespace package " + qualified, true});
      }
    }
    path = std::move(next);
  }
  return search;
}

std::string describe_missing_module(const ModuleSearch& search, const ImagePython& python)
{
  std::string text = "module " + search.missing + (search.missing == search.name ? "" : " (of " + search.name + ")") +
                     " is not found where the image's Python (" + python.executable + ", " + python.version +
                     ") imports from: ";
  if (!search.not_a_package.empty()) {
    return text + "its parent is the module " + search.not_a_package +
           ", not a package (a directory with __init__.py), so it has no submodules";
  }
  auto stem = search.missing.substr(search.missing.rfind('.') + 1); // what the directories searched lack
  const auto& extension = python.extension_suffixes.front();
  text += "no " + stem + ".py, " + stem + "/__init__.py or " + stem + extension + " (or .abi3.so, .so) in";
  for (std::size_t i = 0; i < search.searched.size(); ++i) {
    const auto& entry = search.searched[i];
    text += (i == 0 ? " " : ", ") + entry.path + " (" + entry.origin + (entry.exists ? "" : ", not in the image") + ")";
  }
  if (!search.other_files.empty()) {
    text += "; " + search.other_files.front() + " is there, but its name is not one this Python imports (built for "
            "another Python version or platform? its extension modules end in " + extension +
            "): build it with Python " + python.version + "'s headers, or pick a base image of the Python it was built for";
  }
  if (!search.did_you_mean.empty() && search.other_files.empty()) {
    text += "; did you mean " + search.did_you_mean + "?";
  }
  return text + "; add it to the image in one of those directories (FILES with DESTINATION in CMake, --files with "
                "--destination), or put its directory on PYTHONPATH (ENV PYTHONPATH=...)";
}

} // namespace pycontainer::deps
