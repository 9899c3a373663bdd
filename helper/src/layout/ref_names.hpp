#pragma once

#include "ref/reference.hpp"

#include <span>
#include <string>
#include <vector>

namespace pycontainer::layout {

// The `org.opencontainers.image.ref.name` each of one image's tags gets in a layout, in order: its tag
// ("1.0", which `oci:<dir>:1.0` names), or its whole reference where an earlier tag already took that
// tag (`-t a:1 -t b:1`: "1", then "docker.io/library/b:1"), so that no tag replaces another.
std::vector<std::string> ref_names(std::span<const ref::Reference> tags);

} // namespace pycontainer::layout
