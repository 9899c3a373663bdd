#pragma once

#include <string_view>

namespace pycontainer::oci::media_type {

inline constexpr std::string_view k_oci_manifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view k_oci_index = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view k_oci_config = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view k_oci_layer_tar = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view k_oci_layer_gzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view k_oci_layer_zstd = "application/vnd.oci.image.layer.v1.tar+zstd";

inline constexpr std::string_view k_docker_manifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view k_docker_manifest_list =
  "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view k_docker_config = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view k_docker_layer_gzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

bool is_index(std::string_view type);    // OCI index or Docker manifest list
bool is_manifest(std::string_view type); // OCI or Docker schema2 manifest
bool is_layer(std::string_view type);    // any tar layer type, OCI or Docker

enum class Compression { none, gzip, zstd };
// The compression a layer media type implies; throws UsageError for a type that is not a layer.
Compression layer_compression(std::string_view type);

// The OCI media type equivalent to a Docker one (identity for OCI types).
std::string_view to_oci(std::string_view type);

} // namespace pycontainer::oci::media_type
