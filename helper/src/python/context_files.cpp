#include "python/context_files.hpp"

#include "python/ignore_rules.hpp"
#include "python/text.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace fs = std::filesystem;

namespace pycontainer::python {

namespace {

enum class Selection {
  whole,           // everything below is taken
  toward_includes, // only what leads to an --include path
};

bool exists_no_follow(const fs::path& path)
{
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

// `path` is `base` or below it; both lexically normal and absolute.
bool within(const fs::path& base, const fs::path& path)
{
  fs::path relative = path.lexically_relative(base);
  return !relative.empty() && *relative.begin() != "..";
}

// What is never copied: .git, virtualenvs, bytecode, the build outputs at the top, .env files.
bool excluded_by_default(std::string_view relative, std::string_view name, bool is_directory, const fs::path& absolute)
{
  if (name == ".git") { // a directory, or a file in worktrees and submodules
    return true;
  }
  if (is_directory) {
    return name == "__pycache__" || relative == "dist" || relative == "build"
           || exists_no_follow(absolute / "pyvenv.cfg");
  }
  return name.ends_with(".pyc") || name.ends_with(".pyo") || name == ".env" || name.starts_with(".env.");
}

std::string readlink_string(const fs::path& link)
{
  std::string target(256, '\0');
  for (;;) {
    ssize_t length = ::readlink(link.c_str(), target.data(), target.size());
    if (length < 0) {
      throw IoError("read symlink", link.string(), errno);
    }
    if (static_cast<std::size_t>(length) < target.size()) {
      target.resize(static_cast<std::size_t>(length));
      return target;
    }
    target.resize(target.size() * 2);
  }
}

// `path` with every symlink resolved; nullopt when it does not resolve (dangling, a loop).
std::optional<fs::path> real_path(const fs::path& path)
{
  std::unique_ptr<char, decltype(&std::free)> real(::realpath(path.c_str(), nullptr), &std::free);
  if (!real) {
    return std::nullopt;
  }
  return fs::path(real.get());
}

fs::path normal_absolute(const fs::path& path)
{
  fs::path result = fs::absolute(path).lexically_normal();
  if (!result.has_filename() && result.has_relative_path()) {
    result = result.parent_path(); // "/ctx/" -> "/ctx"
  }
  return result;
}

class ContextWalker {
public:
  ContextWalker(const fs::path& context, IgnoreRules rules, std::vector<std::string> includes,
                const std::vector<BuildOutput>& outputs)
    : m_context(normal_absolute(context)), m_real_context(real_path(m_context).value_or(m_context)),
      m_rules(std::move(rules)), m_includes(std::move(includes))
  {
    for (const auto& output : outputs) {
      add_output(output);
    }
  }

  ContextFiles collect()
  {
    walk(m_context, "", m_includes.empty() ? Selection::whole : Selection::toward_includes);
    std::sort(m_files.entries.begin(), m_files.entries.end(),
              [](const layer::Entry& a, const layer::Entry& b) { return a.path < b.path; });
    std::sort(m_files.left_out.begin(), m_files.left_out.end(),
              [](const LeftOut& a, const LeftOut& b) { return a.path < b.path; });
    return std::move(m_files);
  }

private:
  // Records `output` by its context-relative path, reached lexically or through symlinks; one
  // outside the context (or the context itself) leaves nothing out.
  void add_output(const BuildOutput& output)
  {
    fs::path absolute = normal_absolute(output.path);
    std::error_code error;
    fs::path real = fs::weakly_canonical(absolute, error);
    for (const auto& [base, path] : {std::pair(m_context, absolute), std::pair(m_real_context, real)}) {
      if (!path.empty() && path != base && within(base, path)) {
        m_outputs.emplace(path.lexically_relative(base).generic_string(), output.what);
      }
    }
  }

  // What makes `relative` build output, if it is.
  std::optional<std::string> build_output(const std::string& relative, const fs::path& absolute,
                                          bool is_directory) const
  {
    if (auto found = m_outputs.find(relative); found != m_outputs.end()) {
      return found->second;
    }
    if (is_directory && exists_no_follow(absolute / "oci-layout")) {
      return "an OCI image layout";
    }
    if (is_directory && exists_no_follow(absolute / "CMakeCache.txt")) {
      return "a CMake build tree";
    }
    if (is_directory && exists_no_follow(absolute / "meson-info")) {
      return "a Meson build tree";
    }
    if (is_directory && exists_no_follow(absolute / "build.ninja")) {
      return "a Ninja build tree";
    }
    return std::nullopt;
  }

  void warn_if_included(const std::string& relative, const std::string& reason) const
  {
    if (std::find(m_includes.begin(), m_includes.end(), relative) != m_includes.end()) {
      log::warn("--include path '" + relative + "' is left out: " + reason);
    }
  }

  bool is_included(const std::string& relative) const
  {
    return std::any_of(m_includes.begin(), m_includes.end(),
                       [&](const std::string& include) { return relative == include || is_below(relative, include); });
  }

  bool leads_to_include(const std::string& relative) const
  {
    return std::any_of(m_includes.begin(), m_includes.end(),
                       [&](const std::string& include) { return is_below(include, relative); });
  }

  // Returns whether anything below `directory` was kept.
  bool walk(const fs::path& directory, const std::string& relative, Selection selection)
  {
    std::vector<std::string> names;
    std::error_code error;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
      names.push_back(it->path().filename().string());
    }
    if (error) {
      throw IoError("read directory", directory.string(), error.value());
    }
    std::sort(names.begin(), names.end());

    bool kept = false;
    for (const std::string& name : names) {
      std::string child_relative = relative.empty() ? name : relative + "/" + name;
      kept = visit(directory / name, child_relative, name, selection) || kept;
    }
    return kept;
  }

  // Returns whether the path (or something below it) was kept.
  bool visit(const fs::path& absolute, const std::string& relative, const std::string& name, Selection selection)
  {
    struct stat info {};
    if (::lstat(absolute.c_str(), &info) != 0) {
      throw IoError("stat", absolute.string(), errno);
    }
    bool is_directory = S_ISDIR(info.st_mode);
    if (excluded_by_default(relative, name, is_directory, absolute)) {
      warn_if_included(relative,
                       ".git, virtualenvs, __pycache__, *.pyc, dist/, build/ and .env files are never copied");
      return false;
    }
    if (selection == Selection::toward_includes) {
      if (is_included(relative)) {
        selection = Selection::whole;
      } else if (!is_directory || !leads_to_include(relative)) {
        return false;
      }
    }
    if (auto what = build_output(relative, absolute, is_directory)) {
      warn_if_included(relative, "it is " + *what + ", build output");
      m_files.left_out.push_back({relative, std::move(*what)});
      return false;
    }
    bool ignored = m_rules.ignored(relative, is_directory);
    if (ignored && !(is_directory && m_rules.may_include_below(relative))) {
      return false;
    }

    layer::Entry entry;
    entry.path = relative;
    layer::set_status(entry, info);
    if (is_directory) {
      std::size_t left_out_before = m_files.left_out.size();
      bool kept = walk(absolute, relative, selection);
      if (!kept && (ignored || selection != Selection::whole)) {
        return false; // only walked to find what a '!' rule or an --include takes back
      }
      if (!kept && m_files.left_out.size() != left_out_before) {
        return false; // it held build output only (out/ of out/image): the image must not change once it exists
      }
      entry.type = layer::EntryType::directory;
      entry.source = absolute.string(); // not read; named so that build systems can depend on the directory
    } else if (S_ISREG(info.st_mode)) {
      entry.type = layer::EntryType::regular;
      entry.source = absolute.string();
    } else if (S_ISLNK(info.st_mode)) {
      entry.type = layer::EntryType::symlink;
      entry.link_target = readlink_string(absolute);
      check_symlink(absolute, relative, entry.link_target);
    } else {
      log::warn("skipping '" + relative + "' in the context: not a regular file, directory or symlink");
      return false;
    }
    m_files.entries.push_back(std::move(entry));
    return true;
  }

  void check_symlink(const fs::path& absolute, const std::string& relative, const std::string& target) const
  {
    auto outside = [&] {
      return UsageError("symlink '" + relative + "' points outside the context: '" + target
                        + "' (copy the file into the context or remove the link)");
    };
    fs::path target_path(target);
    if (target_path.is_absolute()) {
      fs::path normal = target_path.lexically_normal();
      if (!within(m_context, normal) && !within(m_real_context, normal)) {
        throw outside();
      }
      throw UsageError("symlink '" + relative + "' has the absolute target '" + target
                       + "', which does not exist in the image (make the link relative)");
    }
    if (!within(m_context, (absolute.parent_path() / target_path).lexically_normal())) {
      throw outside();
    }
    // Lexically inside; also make sure no link on the way leads out.
    if (auto real = real_path(absolute); real && !within(m_real_context, *real)) {
      throw outside();
    }
  }

  fs::path m_context;      // absolute, lexically normal
  fs::path m_real_context; // with symlinks resolved
  IgnoreRules m_rules;
  std::vector<std::string> m_includes;
  std::map<std::string, std::string> m_outputs; // context-relative path -> what it is
  ContextFiles m_files;
};

// "./src/" -> "src"; "." -> "" (the whole context).
std::string normalize_include(const fs::path& context, const std::string& include)
{
  fs::path path = fs::path(include).lexically_normal();
  if (path.is_absolute()) {
    path = path.lexically_relative(normal_absolute(context));
  }
  std::string normal = path.generic_string();
  while (normal.ends_with('/')) {
    normal.pop_back();
  }
  if (normal == ".") {
    return "";
  }
  if (normal.empty() || normal == ".." || normal.starts_with("../")) {
    throw UsageError("--include path '" + include + "' is outside the context " + context.string());
  }
  if (!exists_no_follow(context / normal)) {
    throw UsageError("--include path '" + include + "' does not exist in the context " + context.string());
  }
  return normal;
}

} // namespace

ContextFiles collect_context_files(const fs::path& context, const FileSelection& selection)
{
  std::error_code error;
  if (!fs::exists(context, error)) {
    throw UsageError("context directory '" + context.string() + "' does not exist");
  }
  if (!fs::is_directory(context, error)) {
    throw UsageError("context directory '" + context.string() + "' is not a directory");
  }
  std::vector<std::string> includes;
  for (const auto& include : selection.include) {
    includes.push_back(normalize_include(context, include));
  }
  // `--include .` asks for the whole context.
  if (std::find(includes.begin(), includes.end(), "") != includes.end()) {
    includes.clear();
  }

  IgnoreRules rules;
  if (includes.empty()) { // an --include list is explicit: the ignore files do not narrow it
    rules.add_file(context / ".pycontainerignore");
    rules.add_file(context / ".dockerignore");
  }
  for (const auto& exclude : selection.exclude) {
    rules.add(exclude);
  }
  return ContextWalker(context, std::move(rules), std::move(includes), selection.outputs).collect();
}

} // namespace pycontainer::python
