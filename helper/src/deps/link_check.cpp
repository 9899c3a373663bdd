#include "deps/link_check.hpp"

#include <map>
#include <set>

namespace pycontainer::deps {

namespace {

// Beyond this many loaders a chain is not followed further (glibc has no limit; real chains are short).
constexpr std::size_t k_max_chain = 16;

class Checker {
public:
  Checker(const FileView& view, const std::vector<LinkObject>& objects, const LoaderSettings& settings)
    : m_view(view), m_resolver(view, settings)
  {
    for (const auto& object : objects) {
      if (auto resolved = view.resolve(object.path)) {
        m_objects.emplace(resolved->first, &object);
      }
    }
  }

  void check(const LinkObject& object, const LinkObject& checked_as, const std::vector<const LinkObject*>& loaders)
  {
    // What the search depends on besides the object: the DT_RPATHs its loaders pass on.
    std::string context = object.path + '\n' + checked_as.path;
    for (const auto* loader : loaders) {
      if (loader->elf.rpath && !loader->elf.runpath) {
        context += '\n' + *loader->elf.rpath + '\n' + loader->path;
      }
    }
    if (!m_visited.insert(context).second || loaders.size() > k_max_chain) {
      return;
    }
    for (const auto& name : checked_as.elf.needed) {
      auto search = m_resolver.find(name, checked_as, loaders);
      auto key = std::make_pair(&object, name);
      if (!search.found) {
        m_missing.emplace(key, MissingLibrary{std::move(search), &object});
        continue;
      }
      m_found.insert(key);
      auto resolved = m_view.resolve(*search.found);
      auto own = resolved ? m_objects.find(resolved->first) : m_objects.end();
      if (own == m_objects.end() || own->second == &object) {
        continue; // the base's, trusted
      }
      LinkObject loaded = *own->second; // as loaded: $ORIGIN is the directory it was found in
      loaded.path = *search.found;
      std::vector<const LinkObject*> chain{&checked_as};
      chain.insert(chain.end(), loaders.begin(), loaders.end());
      check(*own->second, loaded, chain);
    }
  }

  std::vector<MissingLibrary> missing(const std::vector<LinkObject>& objects) const
  {
    std::vector<MissingLibrary> result;
    for (const auto& object : objects) {
      for (const auto& name : object.elf.needed) {
        auto key = std::make_pair(&object, name);
        auto it = m_missing.find(key);
        if (it != m_missing.end() && !m_found.contains(key)) {
          result.push_back(it->second);
        }
      }
    }
    return result;
  }

private:
  const FileView& m_view;
  LibraryResolver m_resolver;
  std::map<std::string, const LinkObject*> m_objects; // by their paths with links followed
  std::set<std::string> m_visited;
  std::map<std::pair<const LinkObject*, std::string>, MissingLibrary> m_missing; // the first failed search
  std::set<std::pair<const LinkObject*, std::string>> m_found;
};

} // namespace

std::vector<MissingLibrary> find_missing_libraries(const FileView& view, const std::vector<LinkObject>& objects,
                                                   const LoaderSettings& settings)
{
  Checker checker(view, objects, settings);
  for (const auto& object : objects) {
    checker.check(object, object, {});
  }
  return checker.missing(objects);
}

std::string describe_missing_libraries(const std::vector<MissingLibrary>& missing)
{
  const auto& first = missing.front();
  std::string text = "the image's dynamic loader would not find " + first.search.name + ", needed by " +
                     first.needed_by->path;
  if (!first.needed_by->about.empty()) {
    text += " (" + first.needed_by->about + ")";
  }
  text += ": it looked in";
  std::set<std::string> listed;
  std::string build_tree;
  for (const auto& directory : first.search.searched) {
    if (!listed.insert(directory.path).second) {
      continue;
    }
    text += (listed.size() == 1 ? " " : ", ") + directory.path + " (" + directory.origin + ")";
    if (directory.missing_absolute && build_tree.empty()) {
      build_tree = "; the " + directory.origin + " names " + directory.path +
                   ", which the image does not have: a directory of the build machine (a build tree?); give it a "
                   "search path relative to $ORIGIN (CMake: INSTALL_RPATH \"$ORIGIN\" with BUILD_WITH_INSTALL_RPATH ON, "
                   "or BUILD_RPATH_USE_ORIGIN ON)";
    }
  }
  text += build_tree;
  text += "; add " + first.search.name +
          " to the image (--files with --destination, FILES in CMake, in one of those directories), link it "
          "statically, or pick a base image that has it (--allow-missing-libraries, ALLOW_MISSING_LIBRARIES in CMake, "
          "builds anyway)";
  for (std::size_t i = 1; i < missing.size(); ++i) {
    text += (i == 1 ? "; also missing: " : ", ") + missing[i].search.name + " (needed by " +
            missing[i].needed_by->path + ")";
  }
  return text;
}

} // namespace pycontainer::deps
