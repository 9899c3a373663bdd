#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::project {

// Where `build --output` writes the image, as skopeo names transports:
//   DIR, oci:DIR             an OCI image layout (created, or updated keeping its other images)
//   oci-archive:FILE         the layout as a tar (every image it holds)
//   docker-archive:FILE      what `docker load` reads: one platform's image with its tags
// A "name:" prefix without '/' before it is a transport, so another one (`oci-archiv:x`, `docker:x`) is an
// error rather than a directory of that name; a directory whose name has a colon is written `./a:b`.
enum class OutputKind { layout, oci_archive, docker_archive };

struct OutputTarget {
  OutputKind kind = OutputKind::layout;
  std::filesystem::path path;
};

// Throws UsageError for an unknown transport or an empty path, naming `text` and the forms there are.
OutputTarget parse_output(std::string_view text);

// "layout", "oci-archive", "docker-archive": how messages and the metadata file name a kind.
std::string_view to_string(OutputKind kind);

// The outputs of a build: at most one layout (a UsageError for two), any number of archives, none named
// twice; an archive whose path is an existing directory is a UsageError.
std::vector<OutputTarget> parse_outputs(const std::vector<std::string>& texts);

} // namespace pycontainer::project
