#pragma once

#include "oci/descriptor.hpp"
#include "oci/image_config.hpp"
#include "sbom/document.hpp"
#include "util/error.hpp"
#include "util/json_field.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// What the steps of a build hand each other. Build systems run the steps as separate commands, so between
// them a base or a layer is a small JSON record pointing at its blobs.
namespace pycontainer::pipeline {

// A resolved base image: its config and where its layer blobs are.
struct BaseRecord {
  std::string name;                  // empty for scratch
  std::string reference;             // for base.name; empty when none (see BaseImage::reference)
  std::optional<oci::Digest> digest; // the platform manifest's
  oci::ImageConfig config;           // empty for scratch (null in the record)
  std::vector<oci::Descriptor> layers;
  std::filesystem::path blobs_directory;

  nlohmann::json to_json() const;
  static BaseRecord from_json(const nlohmann::json& json);
};

// One packed layer.
struct LayerRecord {
  std::string name;
  oci::Descriptor descriptor;
  oci::Digest diff_id = oci::Digest::of("");
  std::size_t file_count = 0;
  std::filesystem::path blobs_directory;

  nlohmann::json to_json() const;
  static LayerRecord from_json(const nlohmann::json& json);
};

// What a packing step hands to `assemble`: its layers, what the link check needs of them and, from the
// deps step, the environment they need (PATH, VIRTUAL_ENV) and their distributions. On disk
// {"layers": [...], "env": [[K, V]...], "packages": [...], "link_files": "/b/app.links.json"}.
struct LayersRecord {
  std::vector<LayerRecord> layers;
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<sbom::Package> packages; // the dependencies' distributions, for the SBOM
  std::filesystem::path link_files;    // the layers' link files (pipeline/link_files.hpp); empty: none

  nlohmann::json to_json() const;
  static LayersRecord from_json(const nlohmann::json& json);
};

// `json[key]`, an array, each item read by `read` with "<key>[i]" as context.
template <typename Read>
auto json_array_of(const nlohmann::json& json, const char* key, Read&& read)
{
  const auto& array = util::required_json_field(json, key, util::JsonType::array);
  std::vector<decltype(read(array[0]))> items;
  items.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    items.push_back(with_context(std::string(key) + "[" + std::to_string(i) + "]", [&] { return read(array[i]); }));
  }
  return items;
}

// Reads a record file written by a previous step; UsageError naming it when missing or malformed.
nlohmann::json read_record(const std::filesystem::path& file);

// "oci:/x/base:3.11 (sha256:..., 1 layer)", or "scratch".
std::string describe_base(const BaseRecord& base);

} // namespace pycontainer::pipeline
