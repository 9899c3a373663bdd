#pragma once

#include "layout/layout.hpp"

#include <set>
#include <string>
#include <string_view>

namespace pycontainer::layer {

// The absolute paths of the image's file system, all layers applied in order (OCI whiteouts
// ".wh.<name>" remove a path and what is below it; ".wh..wh..opq" empties a directory).
std::set<std::string> image_paths(const layout::Layout& layout, std::string_view ref);

} // namespace pycontainer::layer
