#pragma once

#include "python/project_layout.hpp"
#include "python/pyproject.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// Projects of several directories, all inside the context:
//   - a uv workspace: the root's [tool.uv.workspace] `members` globs ("packages/*"), less its `exclude`
//     globs, each a directory with a pyproject.toml;
//   - path dependencies of the root or of a member, inside the context: [tool.uv.sources] NAME = {path =
//     "..."}, Poetry's NAME = {path = "..."}, PDM's "NAME @ file:///${PROJECT_ROOT}/DIR";
//   - a repository whose root is no Python project, with one directory below it that is (backend/ with
//     its pyproject.toml, setup.py, requirements.txt or manage.py beside frontend/).
// Each member's import roots (its src/, or the directory itself) go on PYTHONPATH. When the root is no
// project of its own (a virtual workspace, such a repository), the image runs the member that has
// console scripts or a web app.
namespace pycontainer::python {

struct WorkspaceMember {
  std::string directory;            // context-relative: "packages/api"
  std::string declared_in;          // "[tool.uv.workspace] members", "[tool.uv.sources] lib", ...
  std::optional<PyProject> project; // its metadata, each origin naming the directory
  ProjectLayout layout;             // its import roots, context-relative ("packages/api/src")
  bool has_app = false;             // a FastAPI/Flask/... app in its import roots
};

struct Workspace {
  std::string kind;          // "uv workspace", "path dependencies", "project below the context root"
  bool virtual_root = false; // the root is no project of its own: the image runs a member
  std::vector<WorkspaceMember> members; // by directory
  std::vector<std::filesystem::path> metadata_files; // the members' files read, for depfiles
  // The distributions the members and path dependencies are ("ws-lib"): on PYTHONPATH, never for pip.
  std::vector<std::string> local_distributions;
};

// The workspace `context` is the root of (`root` its project or null, `root_layout` its layout);
// nullopt when the project is the one directory. UsageError, suggesting the --context that holds it
// all, for a path dependency outside the context, a {workspace = true} source of a workspace rooted
// above the context, or several Python projects below a root that is none.
std::optional<Workspace> find_workspace(const std::filesystem::path& context, const PyProject* root,
                                        const ProjectLayout& root_layout);

// Puts the members' import roots on `layout`'s python_path (after the root's own: "." when that is the
// context itself) and, for a virtual root, makes `project` the member the image runs: the only one with
// console scripts, else the only one with an app. Several candidates are an error listing them and how
// to choose, unless `entrypoint_given`.
void apply_workspace(const Workspace& workspace, std::optional<PyProject>& project, ProjectLayout& layout,
                     bool entrypoint_given);

} // namespace pycontainer::python
