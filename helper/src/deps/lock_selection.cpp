#include "deps/lock_selection.hpp"

#include "python/pyproject.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <deque>
#include <set>
#include <tuple>

namespace pycontainer::deps {

namespace {

// Whether an edge applies: its marker, with the extras of the package it leaves (Poetry writes an
// optional dependency's marker as `extra == "socks"`), and Poetry's python constraint.
bool edge_applies(const LockedDependency& edge, const MarkerEnvironment& environment, const std::string& extra,
                  const std::string& where)
{
  MarkerEnvironment edge_environment = environment;
  edge_environment.extras.clear();
  if (!extra.empty()) {
    edge_environment.extras.insert(extra);
  }
  try {
    if (!marker_holds(edge.marker, edge_environment)) {
      return false;
    }
  } catch (UsageError& error) {
    error.add_context(where + ", dependency " + edge.name);
    throw;
  }
  return edge.python.empty() ||
         python::python_admits(edge.python, environment.values.at("python_full_version")).value_or(true);
}

class LockWalk {
public:
  LockWalk(const Lock& lock, const MarkerEnvironment& environment) : m_lock(lock), m_environment(environment) {}

  std::vector<const LockedPackage*> walk(const LockSelection& selection)
  {
    for (const auto& root : m_lock.roots) {
      follow(root, "", lock_name());
    }
    for (const auto& extra : selection.extras) {
      auto found = m_lock.root_extras.find(extra);
      if (found == m_lock.root_extras.end()) {
        throw UsageError(lock_name() + ": the project has no extra '" + extra + "'" + names(m_lock.root_extras));
      }
      for (const auto& edge : found->second) {
        follow(edge, extra, lock_name() + " extra " + extra);
      }
    }
    for (const auto& group : selection.groups) {
      auto found = m_lock.root_groups.find(group);
      if (found == m_lock.root_groups.end()) {
        throw UsageError(lock_name() + ": the project has no dependency group '" + group + "'" + names(m_lock.root_groups));
      }
      for (const auto& edge : found->second) {
        follow(edge, "", lock_name() + " group " + group);
      }
    }
    while (!m_queue.empty()) {
      auto [package, extra] = m_queue.front();
      m_queue.pop_front();
      const auto& edges = extra.empty() ? package->dependencies : package->extras.at(extra);
      for (const auto& edge : edges) {
        follow(edge, extra, package->where);
      }
    }
    return m_chosen;
  }

private:
  std::string lock_name() const { return m_lock.file.filename().string(); }

  static std::string names(const std::map<std::string, std::vector<LockedDependency>>& map)
  {
    std::string text;
    for (const auto& [name, edges] : map) {
      (void)edges;
      text += (text.empty() ? " (it has: " : ", ") + name;
    }
    return text.empty() ? "" : text + ")";
  }

  // The package an edge leads to: by name, and by version when several are locked (uv's forks,
  // Poetry's multiple constraints).
  const LockedPackage& target_of(const LockedDependency& edge, const std::string& where) const
  {
    std::vector<const LockedPackage*> candidates;
    for (const auto& package : m_lock.packages) {
      if (package.name == edge.name) {
        candidates.push_back(&package);
      }
    }
    if (candidates.size() > 1 && !edge.version.empty()) {
      std::erase_if(candidates, [&](const LockedPackage* package) {
        return package->version != edge.version &&
               !python::python_admits(edge.version, package->version).value_or(false);
      });
    }
    if (candidates.empty()) {
      throw UsageError(where + " requires " + edge.name + ", which " + lock_name() +
                       " does not lock: the lock is out of date; lock again");
    }
    if (candidates.size() > 1) {
      throw UsageError(where + " requires " + edge.name + ", of which " + lock_name() + " locks " +
                       std::to_string(candidates.size()) + " versions, and the edge does not say which: lock again");
    }
    return *candidates.front();
  }

  // Takes the edge (from a package's `extra` dependencies when not empty).
  void follow(const LockedDependency& edge, const std::string& extra, const std::string& where)
  {
    if (!edge_applies(edge, m_environment, extra, where)) {
      return;
    }
    const auto& package = target_of(edge, where);
    if (m_visited.insert({&package, ""}).second) {
      if (!package.local) {
        m_chosen.push_back(&package);
      }
      m_queue.emplace_back(&package, "");
    }
    for (const auto& wanted : edge.extras) {
      if (!package.extras.contains(wanted)) {
        continue; // pip warns and goes on, as the extra adds nothing
      }
      if (m_visited.insert({&package, wanted}).second) {
        m_queue.emplace_back(&package, wanted);
      }
    }
  }

  const Lock& m_lock;
  const MarkerEnvironment& m_environment;
  std::set<std::pair<const LockedPackage*, std::string>> m_visited;
  std::deque<std::pair<const LockedPackage*, std::string>> m_queue;
  std::vector<const LockedPackage*> m_chosen;
};

std::vector<const LockedPackage*> flat_packages(const Lock& lock, const MarkerEnvironment& environment,
                                                const LockSelection& selection)
{
  std::set<std::string> groups(lock.default_groups.begin(), lock.default_groups.end());
  groups.insert(selection.groups.begin(), selection.groups.end());
  if (lock.format == LockFormat::pipenv && (groups.contains("dev") || groups.contains("develop"))) {
    groups.insert("develop");
  }
  if (lock.format == LockFormat::pdm) {
    groups.insert(selection.extras.begin(), selection.extras.end()); // PDM locks extras as groups
  }
  MarkerEnvironment package_environment = environment;
  package_environment.extras.insert(selection.extras.begin(), selection.extras.end());
  if (lock.format == LockFormat::pylock) {
    // PEP 751: the default groups unless groups are asked for.
    package_environment.dependency_groups.clear();
    const auto& taken = selection.groups.empty() ? lock.default_groups : selection.groups;
    package_environment.dependency_groups.insert(taken.begin(), taken.end());
  }
  std::vector<const LockedPackage*> chosen;
  for (const auto& package : lock.packages) {
    bool in_group = package.groups.empty() ||
                    std::any_of(package.groups.begin(), package.groups.end(), [&](const auto& group) { return groups.contains(group); });
    bool applies = false;
    try {
      applies = in_group && marker_holds(package.marker, package_environment);
    } catch (UsageError& error) {
      error.add_context(package.where + ", package " + package.name);
      throw;
    }
    if (applies && !package.local) {
      chosen.push_back(&package);
    }
  }
  return chosen;
}

// The wheel of `files` the target takes best (its most specific tag), among those with one of `hashes`
// when not empty; files that are not wheels are passed over.
std::optional<ChosenWheel> best_wheel(const std::vector<LockedFile>& files, const std::vector<WheelTag>& supported,
                                      const std::vector<std::string>& hashes)
{
  std::optional<std::size_t> best;
  std::optional<ChosenWheel> chosen;
  for (const auto& file : files) {
    auto wheel = parse_wheel_name(file.name);
    if (!wheel || (!hashes.empty() && !has_any_hash(file, hashes))) {
      continue;
    }
    auto rank = wheel_rank(*wheel, supported);
    if (rank && (!best || *rank < *best)) {
      best = rank;
      chosen = ChosenWheel{file, supported[*rank].str()};
    }
  }
  return chosen;
}

std::string file_list(const LockedPackage& package)
{
  std::string text;
  for (const auto* files : {&package.wheels, &package.sdists}) {
    for (const auto& file : *files) {
      text += (text.empty() ? "" : ", ") + file.name;
    }
  }
  return text.empty() ? "none" : text;
}

ChosenPackage choose_file(const LockedPackage& package, const WheelTarget& target, const std::vector<WheelTag>& supported,
                          bool host_builds)
{
  ChosenPackage chosen{package.name, package.version, package.source, package.where, std::nullopt, "", package.hashes, std::nullopt, std::nullopt, ""};
  bool names_files = !package.wheels.empty() || !package.sdists.empty();
  if (!names_files && !package.hashes.empty()) {
    return chosen; // the index's wheel with one of these hashes
  }
  for (const auto& file : package.wheels) {
    if (!parse_wheel_name(file.name)) {
      throw UsageError(package.where + ": '" + file.name +
                       "' is not a wheel's file name ({name}-{version}-{python}-{abi}-{platform}.whl): the lock is "
                       "damaged; lock again");
    }
  }
  if (auto wheel = best_wheel(package.wheels, supported, {})) {
    chosen.wheel = wheel->file;
    chosen.tag = wheel->tag;
    return chosen;
  }
  if (host_builds && !package.sdists.empty()) {
    chosen.sdist = package.sdists.front(); // the host's pip builds the wheel
    return chosen;
  }
  std::string what = package.wheels.empty()
                       ? (package.sdists.empty() ? "no files (source " + package.source + ")" : "only a source distribution")
                       : "no wheel for it (the wheels' tags: " + wheel_tags_text(package.wheels) + ")";
  throw UsageError("package " + package.name + " " + package.version + " (" + package.where + ") has " + what + " for " + target.describe() + "; its files: " + file_list(package) +
                   ": pycontainer installs wheels only (it builds one from a source distribution with the host's pip "
                   "only when the target is the host's platform); build a wheel for the target and lock it, or choose "
                   "a version with wheels for this platform");
}

} // namespace

std::vector<ChosenPackage> choose_packages(const Lock& lock, const MarkerEnvironment& environment,
                                           const WheelTarget& target, const LockSelection& selection, bool host_builds)
{
  auto packages = lock.walked ? LockWalk(lock, environment).walk(selection) : flat_packages(lock, environment, selection);
  auto supported = supported_tags(target);
  std::vector<ChosenPackage> chosen;
  for (const auto* package : packages) {
    chosen.push_back(choose_file(*package, target, supported, host_builds));
  }
  std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return std::tie(a.name, a.version) < std::tie(b.name, b.version); });
  return chosen;
}

std::optional<ChosenWheel> choose_wheel(const std::vector<LockedFile>& files, const WheelTarget& target,
                                        const std::vector<std::string>& hashes)
{
  return best_wheel(files, supported_tags(target), hashes);
}

bool has_any_hash(const LockedFile& file, const std::vector<std::string>& hashes)
{
  return std::any_of(file.hashes.begin(), file.hashes.end(),
                     [&](const auto& hash) { return std::find(hashes.begin(), hashes.end(), hash) != hashes.end(); });
}

std::string wheel_tags_text(const std::vector<LockedFile>& files)
{
  std::string tags;
  for (const auto& file : files) {
    if (auto wheel = parse_wheel_name(file.name)) {
      std::string tag_text;
      for (const auto& tag : wheel->tags) {
        tag_text += (tag_text.empty() ? "" : ".") + tag.str();
      }
      tags += (tags.empty() ? "" : ", ") + tag_text;
    }
  }
  return tags.empty() ? "none" : tags;
}

} // namespace pycontainer::deps
