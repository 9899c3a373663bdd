#include "oci/manifest.hpp"

#include "oci/media_types.hpp"
#include "util/error.hpp"
#include "util/json_field.hpp"

namespace pycontainer::oci {

namespace {

nlohmann::json parse_json_object(std::string_view bytes)
{
  auto json = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    throw UsageError("not a JSON object");
  }
  return json;
}

Annotations read_annotations(const nlohmann::json& json)
{
  Annotations annotations;
  if (json.contains("annotations") && json["annotations"].is_object()) {
    for (const auto& [key, value] : json["annotations"].items()) {
      if (value.is_string()) {
        annotations[key] = value.get<std::string>();
      }
    }
  }
  return annotations;
}

// A document's "mediaType"; `fallback` when it has none (it is optional in OCI documents).
std::string media_type_of(const nlohmann::json& json, std::string_view fallback)
{
  auto type = util::json_string_field(json, "mediaType");
  return type.empty() ? std::string(fallback) : type;
}

std::vector<Descriptor> read_descriptors(const nlohmann::json& json, const char* field)
{
  const auto* array = util::find_json_field(json, field, util::JsonType::array);
  if (!array) {
    throw UsageError(std::string("no \"") + field + "\" array");
  }
  std::vector<Descriptor> descriptors;
  std::size_t position = 0;
  for (const auto& item : *array) {
    descriptors.push_back(with_context(std::string(field) + "[" + std::to_string(position++) + "]",
                                       [&] { return Descriptor::from_json(item); }));
  }
  return descriptors;
}

} // namespace

std::vector<Descriptor> Manifest::blobs() const
{
  std::vector<Descriptor> all{config};
  all.insert(all.end(), layers.begin(), layers.end());
  return all;
}

nlohmann::json Manifest::to_json() const
{
  nlohmann::json json{{"schemaVersion", 2}, {"mediaType", media_type}, {"config", config.to_json()}};
  json["layers"] = nlohmann::json::array();
  for (const auto& layer : layers) {
    json["layers"].push_back(layer.to_json());
  }
  if (!artifact_type.empty()) {
    json["artifactType"] = artifact_type;
  }
  if (subject) {
    json["subject"] = subject->to_json();
  }
  if (!annotations.empty()) {
    json["annotations"] = annotations;
  }
  return json;
}

Manifest Manifest::from_json(const nlohmann::json& json)
{
  Manifest manifest;
  manifest.media_type = media_type_of(json, media_type::k_oci_manifest);
  if (!media_type::is_manifest(manifest.media_type)) {
    throw UsageError("unsupported manifest media type \"" + manifest.media_type + "\"");
  }
  if (!json.contains("config")) {
    throw UsageError("manifest has no \"config\"");
  }
  manifest.config = with_context("config", [&] { return Descriptor::from_json(json["config"]); });
  manifest.layers = read_descriptors(json, "layers");
  manifest.artifact_type = util::json_string_field(json, "artifactType");
  if (json.contains("subject") && !json["subject"].is_null()) {
    manifest.subject = with_context("subject", [&] { return Descriptor::from_json(json["subject"]); });
  }
  manifest.annotations = read_annotations(json);
  return manifest;
}

Manifest Manifest::parse(std::string_view bytes, std::string_view what)
{
  return with_context(what, [&] { return from_json(parse_json_object(bytes)); });
}

nlohmann::json Index::to_json() const
{
  nlohmann::json json{{"schemaVersion", 2}, {"mediaType", media_type}};
  json["manifests"] = nlohmann::json::array();
  for (const auto& manifest : manifests) {
    json["manifests"].push_back(manifest.to_json());
  }
  if (!annotations.empty()) {
    json["annotations"] = annotations;
  }
  return json;
}

Index Index::from_json(const nlohmann::json& json)
{
  Index index;
  index.media_type = media_type_of(json, media_type::k_oci_index);
  index.manifests = read_descriptors(json, "manifests");
  index.annotations = read_annotations(json);
  return index;
}

Index Index::parse(std::string_view bytes, std::string_view what)
{
  return with_context(what, [&] { return from_json(parse_json_object(bytes)); });
}

std::string canonical_json(const nlohmann::json& json)
{
  return json.dump();
}

} // namespace pycontainer::oci
