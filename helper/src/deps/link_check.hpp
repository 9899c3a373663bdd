#pragma once

#include "deps/library_resolver.hpp"

#include <string>
#include <vector>

namespace pycontainer::deps {

// A DT_NEEDED library the image's loader would not find.
struct MissingLibrary {
  LibrarySearch search;
  const LinkObject* needed_by = nullptr; // one of the objects checked
};

// The libraries `objects` (the ELF files the image's own layers add, all in `view`) need that the loader
// would not find in `view`. A library found among `objects` is checked in turn as loaded by the object
// that needs it (its DT_RPATH passed on); the base's libraries are trusted. A library is missing when no
// way the check reaches its object finds it.
std::vector<MissingLibrary> find_missing_libraries(const FileView& view, const std::vector<LinkObject>& objects,
                                                   const LoaderSettings& settings);

// The message for `missing` (not empty): the first library with the file that needs it, where it was
// looked for, a search path into a directory the image lacks (a build tree), and the fixes; then the
// others by name.
std::string describe_missing_libraries(const std::vector<MissingLibrary>& missing);

} // namespace pycontainer::deps
