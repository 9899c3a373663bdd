#pragma once

#include "layout/layout.hpp"
#include "oci/resolve.hpp"

#include <filesystem>
#include <optional>
#include <string_view>

namespace pycontainer::layout {

// The manifest descriptor `ref` names in `layout` (as Layout::find resolves it). Throws UsageError
// listing the images the layout has when `ref` names none of them, or when `ref` is empty and the
// layout does not hold exactly one image.
oci::Descriptor find_image(const Layout& layout, std::string_view ref);

// The path of `blob`'s file once it is there with the descriptor's size; Error otherwise ("blob is
// missing", "size mismatch: ...", both "(a damaged layout?)"). The digest is not checked: that needs
// a read, which callers do as they use the blob.
std::filesystem::path checked_blob_path(const Layout& layout, const oci::Descriptor& blob);

// An image's documents read from a layout, each checked against its descriptor.
class LayoutContent : public oci::ContentSource {
public:
  explicit LayoutContent(const Layout& layout) : m_layout(layout) {}
  std::string read(const oci::Descriptor& descriptor) override;

private:
  const Layout& m_layout;
};

// The image `ref` names in `layout` (find_image), resolved for `platform` (oci::resolve_image; without
// one an index is refused). `subject` names it in messages; empty: "image '<layout>:<ref>'".
oci::ResolvedImage resolve_image(const Layout& layout, std::string_view ref, const std::optional<oci::Platform>& platform,
                                 oci::Accept accept = oci::Accept::images, std::string_view subject = "");

} // namespace pycontainer::layout
