#pragma once

#include "layout/layout.hpp"

#include <string_view>

namespace pycontainer::layout {

// The manifest descriptor `ref` names in `layout` (as Layout::find resolves it). Throws UsageError
// listing the images the layout has when `ref` names none of them, or when `ref` is empty and the
// layout does not hold exactly one image.
oci::Descriptor find_image(const Layout& layout, std::string_view ref);

} // namespace pycontainer::layout
