#pragma once

#include "layout/layout.hpp"

#include <cstdint>
#include <filesystem>

namespace pycontainer::archive {

// Writes `layout` as an oci-archive: a tar of the layout (what `skopeo copy oci-archive:FILE` and
// `podman load` read) holding oci-layout, index.json and the blobs index.json reaches (every image and
// artifact it names, each index's platforms), not the blobs earlier builds left behind. Entries are sorted
// by name and carry `mtime`, so the same images give the same bytes. Written to a temporary name and
// renamed; returns the archive's size.
std::uint64_t write_oci_archive(const layout::Layout& layout, const std::filesystem::path& file, std::int64_t mtime);

} // namespace pycontainer::archive
