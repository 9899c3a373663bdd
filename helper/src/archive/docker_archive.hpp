#pragma once

#include "layout/layout.hpp"
#include "oci/descriptor.hpp"
#include "oci/platform.hpp"
#include "ref/reference.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::archive {

// What a docker-archive holds: one image, for one platform.
struct DockerArchive {
  oci::Descriptor manifest; // the image's manifest in the layout (the platform's, under an index)
  oci::Platform platform;
  std::vector<std::string> repo_tags; // the tags in full: "docker.io/library/app:1" (Podman would read "app:1" as localhost/app:1)
  std::uint64_t size = 0;             // of the archive file
};

// The platform a docker-archive or a load takes from image `ref` of `layout`: `wanted` (--load-platform)
// if given; else, for an index, `host` (the engine's); else the one image's own (nullopt).
std::optional<oci::Platform> archive_platform(const layout::Layout& layout, std::string_view ref,
                                              const std::optional<oci::Platform>& wanted, const oci::Platform& host);

// Writes image `ref` of `layout` (for `platform` when the image is an index, as archive_platform chooses)
// as a docker-archive, the format `docker load` and `podman load` read (and `docker save` wrote before
// Docker 25):
//   manifest.json        [{"Config": "<hex>.json", "RepoTags": [...], "Layers": ["<hex>.tar", ...]}]
//   <hex>.json           the image config, <hex> its digest
//   <hex>.tar            each layer: gzip and uncompressed layer blobs as they are (docker load
//                        decompresses gzip), named by the blob's digest; a zstd layer decompressed, named
//                        by its diff_id, since Docker 20.10 (Debian 12's) decompresses no zstd
// sorted by name (so manifest.json comes last), each file once, with `mtime` on every entry, so the same
// image and tags give the same bytes. `tags` become the RepoTags. Written to a
// temporary name and renamed. Throws UsageError when the image has no such platform.
DockerArchive write_docker_archive(const layout::Layout& layout, std::string_view ref,
                                   const std::optional<oci::Platform>& platform, const std::vector<ref::Reference>& tags,
                                   const std::filesystem::path& file, std::int64_t mtime);

} // namespace pycontainer::archive
