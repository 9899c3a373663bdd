#include "oci/descriptor.hpp"

#include "util/error.hpp"
#include "util/json_field.hpp"

namespace pycontainer::oci {

nlohmann::json Descriptor::to_json() const
{
  nlohmann::json json{{"mediaType", media_type}, {"digest", digest.str()}, {"size", size}};
  if (!annotations.empty()) {
    json["annotations"] = annotations;
  }
  if (platform) {
    json["platform"] = platform->to_json();
  }
  if (!artifact_type.empty()) {
    json["artifactType"] = artifact_type;
  }
  return json;
}

Descriptor Descriptor::from_json(const nlohmann::json& json)
{
  if (!json.is_object()) {
    throw UsageError("descriptor is not a JSON object");
  }
  for (const char* field : {"mediaType", "digest", "size"}) {
    if (!json.contains(field)) {
      throw UsageError(std::string("descriptor has no \"") + field + "\"");
    }
  }
  Descriptor descriptor;
  descriptor.media_type = util::json_string_field(json, "mediaType");
  auto digest = util::json_string_field(json, "digest");
  descriptor.digest = with_context("digest", [&] { return Digest::parse(digest); });
  descriptor.size = util::required_json_field(json, "size", util::JsonType::integer).get<std::int64_t>();
  if (descriptor.size < 0) {
    throw UsageError("descriptor has a negative size");
  }
  if (json.contains("annotations") && json["annotations"].is_object()) {
    for (const auto& [key, value] : json["annotations"].items()) {
      if (value.is_string()) {
        descriptor.annotations[key] = value.get<std::string>();
      }
    }
  }
  if (json.contains("platform") && json["platform"].is_object()) {
    descriptor.platform = with_context("platform", [&] { return Platform::from_json(json["platform"]); });
  }
  descriptor.artifact_type = util::json_string_field(json, "artifactType");
  return descriptor;
}

} // namespace pycontainer::oci
