#include "layout/ref_names.hpp"

#include <set>

namespace pycontainer::layout {

std::vector<std::string> ref_names(std::span<const ref::Reference> tags)
{
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const auto& tag : tags) {
    names.push_back(taken.insert(tag.tag).second ? tag.tag : tag.str());
  }
  return names;
}

} // namespace pycontainer::layout
