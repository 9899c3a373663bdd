#pragma once

#include <string>

namespace pycontainer::project {

// What --base-image names.
struct BaseSource {
  enum class Kind { scratch, oci_layout, oci_archive, registry };
  Kind kind = Kind::scratch;
  std::string location; // layout directory, archive file, or normalised registry reference
  std::string ref;      // tag or name inside a layout or archive; may be empty
};

// Parses "scratch", "oci:PATH[:REF]", "oci-archive:FILE[:REF]" or a registry reference.
BaseSource parse_base_source(const std::string& argument);

} // namespace pycontainer::project
