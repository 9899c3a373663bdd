#include "python/workspace.hpp"

#include "python/app_detection.hpp"
#include "python/ignore_rules.hpp"
#include "python/project_metadata.hpp"
#include "python/text.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <system_error>

namespace fs = std::filesystem;

namespace pycontainer::python {

namespace {

// Member globs are matched this deep below the root ("packages/*" is 2).
constexpr int k_member_depth = 4;
// Directories that are never a member, nor hold one.
constexpr std::array<std::string_view, 8> k_skipped{"node_modules", "__pycache__", "site-packages", "dist",
                                                    "build",        "tests",       "test",          "docs"};
// What makes a directory below the root a Python project of its own.
constexpr std::array<std::string_view, 5> k_project_markers{"pyproject.toml", "setup.py", "setup.cfg",
                                                            "requirements.txt", "manage.py"};

bool skipped(const fs::path& directory)
{
  auto name = directory.filename().string();
  return name.starts_with('.') || std::find(k_skipped.begin(), k_skipped.end(), name) != k_skipped.end() ||
         file_exists(directory / "pyvenv.cfg");
}

// The context-relative directories (depth first, at most k_member_depth deep) for which `take` is true.
template <typename Take>
std::vector<std::string> directories_below(const fs::path& context, int depth, Take take)
{
  std::vector<std::string> found;
  std::vector<std::pair<fs::path, int>> pending{{context, 0}};
  while (!pending.empty()) {
    auto [directory, level] = pending.back();
    pending.pop_back();
    std::error_code error;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
      if (!directory_exists(it->path()) || skipped(it->path())) {
        continue;
      }
      auto relative = it->path().lexically_relative(context).generic_string();
      if (take(relative)) {
        found.push_back(relative);
      }
      if (level + 1 < depth) {
        pending.emplace_back(it->path(), level + 1);
      }
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string without_slashes(std::string pattern)
{
  while (pattern.starts_with("./")) {
    pattern.erase(0, 2);
  }
  while (pattern.ends_with('/')) {
    pattern.pop_back();
  }
  return pattern;
}

bool matches_any(const std::vector<std::string>& globs, const std::string& path)
{
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) { return glob_match(without_slashes(glob), path); });
}

// `origin` said from inside `directory`: "pyproject.toml [project]" -> "packages/api/pyproject.toml [project]".
std::string origin_in(const std::string& directory, const std::string& origin)
{
  if (origin.empty()) {
    return origin;
  }
  if (origin.starts_with('[') || origin.starts_with("dynamic:")) {
    return origin + " of " + directory;
  }
  return directory + "/" + origin;
}

// Whether a .py file in `root` (recursively, tests left out) holds a web app.
bool has_app_below(const fs::path& root)
{
  std::vector<fs::path> pending{root};
  while (!pending.empty()) {
    auto directory = pending.back();
    pending.pop_back();
    std::error_code error;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
      const auto& path = it->path();
      if (directory_exists(path)) {
        if (!skipped(path)) {
          pending.push_back(path);
        }
      } else if (path.extension() == ".py" && !path.filename().string().starts_with("test") && file_exists(path) &&
                 find_app_object(util::read_file(path))) {
        return true;
      }
    }
  }
  return false;
}

WorkspaceMember load_member(const fs::path& context, const std::string& directory, std::string declared_in,
                            std::vector<fs::path>& metadata_files)
{
  WorkspaceMember member;
  member.directory = directory;
  member.declared_in = std::move(declared_in);
  member.project = with_context(directory, [&] { return load_project(context / directory); });
  if (auto& project = member.project) {
    project->name_origin = origin_in(directory, project->name_origin);
    project->version_origin = origin_in(directory, project->version_origin);
    project->requires_python_origin = origin_in(directory, project->requires_python_origin);
    project->scripts_origin = origin_in(directory, project->scripts_origin);
    metadata_files.insert(metadata_files.end(), project->metadata_files.begin(), project->metadata_files.end());
  }
  auto layout = detect_layout(context / directory, member.project ? &*member.project : nullptr);
  member.layout.kind = layout.kind;
  member.layout.packages = layout.packages;
  if (layout.python_path.empty() && layout.kind != LayoutKind::unknown) {
    layout.python_path.emplace_back();
  }
  for (const auto& root : layout.python_path) {
    member.layout.python_path.push_back(root.empty() ? directory : directory + "/" + root);
    member.has_app = member.has_app || has_app_below(context / member.layout.python_path.back());
  }
  return member;
}

// The directory of `path`, relative to the project in `base` (context-relative), relative to the
// context; UsageError when it is outside.
std::string inside_context(const fs::path& context, const std::string& base, const std::string& name,
                           const std::string& path)
{
  auto target = (context / base / path).lexically_normal();
  auto relative = target.lexically_relative(context).generic_string();
  if (relative.empty() || relative == "." || relative.starts_with("..")) {
    auto common = context;
    while (common != common.root_path() && target.lexically_relative(common).generic_string().starts_with("..")) {
      common = common.parent_path();
    }
    throw UsageError("dependency " + name + " of " + (base.empty() ? std::string("the project") : base) + " is the directory '" +
                     target.string() + "' (path = \"" + path + "\"), outside the context '" + context.string() +
                     "': its imports cannot be resolved in the image. Build from a directory holding both, with --context " +
                     common.string());
  }
  while (relative.ends_with('/')) {
    relative.pop_back();
  }
  return relative;
}

// The uv workspace root above `context` (a pyproject.toml with [tool.uv.workspace]), if any.
std::optional<fs::path> workspace_root_above(const fs::path& context)
{
  for (auto directory = context.parent_path(); !directory.empty(); directory = directory.parent_path()) {
    std::optional<PyProject> project;
    try {
      project = load_pyproject(directory);
    } catch (const UsageError&) {
      // not ours to judge: keep looking upwards
    }
    if (project && project->workspace_members) {
      return directory;
    }
    if (directory == directory.root_path()) {
      break;
    }
  }
  return std::nullopt;
}

void check_workspace_sources(const fs::path& context, const PyProject& root)
{
  if (root.workspace_dependencies.empty() || root.workspace_members) {
    return;
  }
  auto above = workspace_root_above(context);
  std::string name = root.workspace_dependencies.front();
  throw UsageError(
    "dependency " + name + " is a uv workspace member ({workspace = true} in [tool.uv.sources] of " + root.file.string() +
    ") outside the context '" + context.string() + "': its imports cannot be resolved in the image. " +
    (above ? "Build the workspace from its root, with --context " + above->string()
           : std::string("Build from the workspace's root (the directory whose pyproject.toml has [tool.uv.workspace]) with --context")));
}

// A root that is no Python project: the one directory below it that is.
std::optional<Workspace> project_below_root(const fs::path& context)
{
  auto projects = directories_below(context, 1, [&](const std::string& relative) {
    return std::any_of(k_project_markers.begin(), k_project_markers.end(),
                       [&](std::string_view marker) { return file_exists(context / relative / marker); });
  });
  if (projects.empty()) {
    return std::nullopt;
  }
  if (projects.size() > 1) {
    std::string list;
    for (const auto& directory : projects) {
      list += (list.empty() ? "" : ", ") + directory;
    }
    throw UsageError("the context '" + context.string() + "' is no Python project itself, and several directories below it are (" +
                     list + "): build one with --context " + (context / projects.front()).string() +
                     " (or give the command with --entrypoint)");
  }
  Workspace workspace;
  workspace.kind = "project below the context root";
  workspace.virtual_root = true;
  workspace.members.push_back(
    load_member(context, projects.front(), "the only Python project below the context", workspace.metadata_files));
  return workspace;
}

std::string describe_candidate(const WorkspaceMember& member)
{
  if (member.project && !member.project->scripts.empty()) {
    return member.directory + " (" + member.project->scripts_origin + ": " + member.project->scripts.front().first + ")";
  }
  return member.directory + " (a web app)";
}

} // namespace

std::optional<Workspace> find_workspace(const fs::path& context, const PyProject* root, const ProjectLayout& root_layout)
{
  bool root_is_project = root != nullptr && (!root->name.empty() || root->workspace_members);
  if (!root_is_project && root_layout.kind == LayoutKind::unknown) {
    return project_below_root(context);
  }
  if (root == nullptr) {
    return std::nullopt;
  }
  check_workspace_sources(context, *root);
  Workspace workspace;
  workspace.kind = root->workspace_members ? "uv workspace" : "path dependencies";
  workspace.virtual_root = root->workspace_members && root->name.empty();
  std::set<std::string> taken;
  if (root->workspace_members) {
    auto directories = directories_below(context, k_member_depth, [&](const std::string& relative) {
      return matches_any(*root->workspace_members, relative) && !matches_any(root->workspace_exclude, relative) &&
             file_exists(context / relative / "pyproject.toml");
    });
    for (const auto& directory : directories) {
      workspace.members.push_back(load_member(context, directory, "[tool.uv.workspace] members", workspace.metadata_files));
      taken.insert(directory);
    }
  }
  // Path dependencies of the root and of the members (one level: those of a path dependency are not followed).
  std::vector<std::pair<std::string, const PyProject*>> owners{{"", root}};
  for (const auto& member : workspace.members) {
    if (member.project) {
      owners.emplace_back(member.directory, &*member.project);
    }
  }
  std::vector<WorkspaceMember> dependencies;
  for (const auto& [base, project] : owners) {
    for (const auto& [name, path] : project->path_dependencies) {
      auto directory = inside_context(context, base, name, path);
      if (taken.insert(directory).second) {
        dependencies.push_back(load_member(context, directory,
                                           "path dependency " + name + " of " + (base.empty() ? "the project" : base),
                                           workspace.metadata_files));
      }
    }
  }
  workspace.members.insert(workspace.members.end(), std::make_move_iterator(dependencies.begin()),
                           std::make_move_iterator(dependencies.end()));
  if (workspace.members.empty() && !workspace.virtual_root) {
    return std::nullopt;
  }
  std::sort(workspace.members.begin(), workspace.members.end(),
            [](const auto& a, const auto& b) { return a.directory < b.directory; });
  for (const auto& [base, project] : owners) {
    for (const auto& dependency : project->path_dependencies) {
      workspace.local_distributions.push_back(dependency.first);
    }
  }
  for (const auto& member : workspace.members) {
    if (member.project && !member.project->name.empty()) {
      workspace.local_distributions.push_back(member.project->name);
    }
  }
  return workspace;
}

void apply_workspace(const Workspace& workspace, std::optional<PyProject>& project, ProjectLayout& layout,
                     bool entrypoint_given)
{
  if (layout.python_path.empty() && layout.kind != LayoutKind::unknown) {
    layout.python_path.emplace_back("."); // the context itself stays importable
  }
  if (layout.kind == LayoutKind::unknown) {
    layout.kind = LayoutKind::workspace;
  }
  for (const auto& member : workspace.members) {
    for (const auto& root : member.layout.python_path) {
      if (std::find(layout.python_path.begin(), layout.python_path.end(), root) == layout.python_path.end()) {
        layout.python_path.push_back(root);
      }
    }
    layout.packages.insert(layout.packages.end(), member.layout.packages.begin(), member.layout.packages.end());
  }
  std::sort(layout.packages.begin(), layout.packages.end());
  layout.packages.erase(std::unique(layout.packages.begin(), layout.packages.end()), layout.packages.end());

  if (workspace.virtual_root) {
    std::vector<const WorkspaceMember*> with_scripts;
    std::vector<const WorkspaceMember*> with_apps;
    for (const auto& member : workspace.members) {
      if (member.project && !member.project->scripts.empty()) {
        with_scripts.push_back(&member);
      } else if (member.has_app) {
        with_apps.push_back(&member);
      }
    }
    const auto& candidates = with_scripts.empty() ? with_apps : with_scripts;
    if (candidates.size() > 1 && !entrypoint_given) {
      std::string list;
      for (const auto* member : candidates) {
        list += (list.empty() ? "" : ", ") + describe_candidate(*member);
      }
      throw UsageError("the " + workspace.kind + " has no project of its own at its root and several members that could be "
                       "the image's program: " + list + ". Choose with --entrypoint (and --tag), or entrypoint (and tag) "
                       "in [tool.pycontainer] of the root's pyproject.toml or in pycontainer.toml");
    }
    if (candidates.size() == 1 && candidates.front()->project) {
      auto root_files = project ? project->metadata_files : std::vector<fs::path>{};
      project = candidates.front()->project;
      project->metadata_files.insert(project->metadata_files.end(), root_files.begin(), root_files.end());
      log::verbose("the image runs workspace member " + candidates.front()->directory);
    }
  }
}

} // namespace pycontainer::python
