#include "oci/media_types.hpp"

#include "util/error.hpp"

#include <string>

namespace pycontainer::oci::media_type {

bool is_index(std::string_view type)
{
  return type == k_oci_index || type == k_docker_manifest_list;
}

bool is_manifest(std::string_view type)
{
  return type == k_oci_manifest || type == k_docker_manifest;
}

bool is_layer(std::string_view type)
{
  return type == k_oci_layer_tar || type == k_oci_layer_gzip || type == k_oci_layer_zstd ||
         type == k_docker_layer_gzip;
}

Compression layer_compression(std::string_view type)
{
  if (type == k_oci_layer_tar) {
    return Compression::none;
  }
  if (type == k_oci_layer_gzip || type == k_docker_layer_gzip) {
    return Compression::gzip;
  }
  if (type == k_oci_layer_zstd) {
    return Compression::zstd;
  }
  throw UsageError("unsupported layer media type \"" + std::string(type) + "\"");
}

std::string_view to_oci(std::string_view type)
{
  if (type == k_docker_manifest) {
    return k_oci_manifest;
  }
  if (type == k_docker_manifest_list) {
    return k_oci_index;
  }
  if (type == k_docker_config) {
    return k_oci_config;
  }
  if (type == k_docker_layer_gzip) {
    return k_oci_layer_gzip;
  }
  return type;
}

} // namespace pycontainer::oci::media_type
