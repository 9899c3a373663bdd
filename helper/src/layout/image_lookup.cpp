#include "layout/image_lookup.hpp"

#include "util/error.hpp"

namespace pycontainer::layout {

namespace {

// "1.0, latest": each image by its tag, else its full name, else its digest.
std::string image_names(const oci::Index& index)
{
  std::string names;
  for (const auto& descriptor : index.manifests) {
    auto name = descriptor.annotations.find(std::string(k_ref_name_annotation));
    if (name == descriptor.annotations.end()) {
      name = descriptor.annotations.find(std::string(k_image_name_annotation));
    }
    names += names.empty() ? "" : ", ";
    names += name == descriptor.annotations.end() ? descriptor.digest.str() : name->second;
  }
  return names;
}

} // namespace

oci::Descriptor find_image(const Layout& layout, std::string_view ref)
{
  if (auto found = layout.find(ref)) {
    return *found;
  }
  auto index = layout.read_index();
  if (ref.empty()) {
    index.manifests = only_images(std::move(index.manifests));
  }
  std::string where = "'" + layout.root().string() + "'";
  if (index.manifests.empty()) {
    throw UsageError(ref.empty() ? where + " holds no image"
                                 : "no image \"" + std::string(ref) + "\" in " + where + ", which holds no image");
  }
  if (ref.empty()) {
    throw UsageError(where + " holds " + std::to_string(index.manifests.size()) +
                     " images; name one of: " + image_names(index));
  }
  throw UsageError("no image \"" + std::string(ref) + "\" in " + where + " (available: " + image_names(index) + ")");
}

} // namespace pycontainer::layout
