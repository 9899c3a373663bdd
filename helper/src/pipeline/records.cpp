#include "pipeline/records.hpp"

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json_field.hpp"

namespace pycontainer::pipeline {

namespace {

nlohmann::json descriptors_to_json(const std::vector<oci::Descriptor>& descriptors)
{
  nlohmann::json array = nlohmann::json::array();
  for (const auto& descriptor : descriptors) {
    array.push_back(descriptor.to_json());
  }
  return array;
}

using util::JsonType;

std::string string_of(const nlohmann::json& json, const char* key)
{
  return util::required_json_field(json, key, JsonType::string).get<std::string>();
}

oci::Descriptor descriptor_of(const nlohmann::json& json)
{
  return oci::Descriptor::from_json(json);
}

} // namespace

nlohmann::json BaseRecord::to_json() const
{
  return {{"name", name},
          {"reference", reference},
          {"digest", digest ? digest->str() : ""},
          {"config", name.empty() ? nlohmann::json() : config.to_json()},
          {"layers", descriptors_to_json(layers)},
          {"blobs_directory", blobs_directory.string()}};
}

BaseRecord BaseRecord::from_json(const nlohmann::json& json)
{
  BaseRecord record;
  record.name = string_of(json, "name");
  record.reference = string_of(json, "reference");
  if (auto digest = string_of(json, "digest"); !digest.empty()) {
    record.digest = with_context("digest", [&] { return oci::Digest::parse(digest); });
  }
  if (const auto* config = util::find_json_field(json, "config", JsonType::object)) {
    record.config = with_context("config", [&] { return oci::ImageConfig::from_json(*config); });
  }
  record.layers = json_array_of(json, "layers", descriptor_of);
  record.blobs_directory = string_of(json, "blobs_directory");
  return record;
}

nlohmann::json LayerRecord::to_json() const
{
  return {{"name", name},
          {"descriptor", descriptor.to_json()},
          {"diff_id", diff_id.str()},
          {"file_count", file_count},
          {"blobs_directory", blobs_directory.string()}};
}

LayerRecord LayerRecord::from_json(const nlohmann::json& json)
{
  LayerRecord record;
  util::expect_json_type(json, JsonType::object, "layer");
  record.name = string_of(json, "name");
  const auto& descriptor = util::required_json_field(json, "descriptor", JsonType::object);
  record.descriptor = with_context("descriptor", [&] { return oci::Descriptor::from_json(descriptor); });
  record.diff_id = with_context("diff_id", [&] { return oci::Digest::parse(string_of(json, "diff_id")); });
  auto file_count = util::required_json_field(json, "file_count", JsonType::integer).get<std::int64_t>();
  if (file_count < 0) {
    throw UsageError("file_count: negative");
  }
  record.file_count = static_cast<std::size_t>(file_count);
  record.blobs_directory = string_of(json, "blobs_directory");
  return record;
}

nlohmann::json LayersRecord::to_json() const
{
  auto array = nlohmann::json::array();
  for (const auto& layer : layers) {
    array.push_back(layer.to_json());
  }
  auto variables = nlohmann::json::array();
  for (const auto& [key, value] : env) {
    variables.push_back({key, value});
  }
  auto distributions = nlohmann::json::array();
  for (const auto& package : packages) {
    distributions.push_back({{"name", package.name},
                             {"version", package.version},
                             {"license", package.license},
                             {"sha256", package.sha256},
                             {"download_url", package.download_url}});
  }
  return {{"layers", array}, {"env", variables}, {"packages", distributions}, {"link_files", link_files.string()}};
}

LayersRecord LayersRecord::from_json(const nlohmann::json& json)
{
  LayersRecord record;
  record.layers = json_array_of(json, "layers", LayerRecord::from_json);
  record.env = json_array_of(json, "env", [](const nlohmann::json& variable) {
    auto pair = util::json_string_array(variable, "variable");
    if (pair.size() != 2) {
      throw UsageError("expected [NAME, VALUE]");
    }
    return std::pair{pair[0], pair[1]};
  });
  record.link_files = util::json_string_field(json, "link_files");
  if (const auto* packages = util::find_json_field(json, "packages", util::JsonType::array)) {
    for (std::size_t i = 0; i < packages->size(); ++i) {
      auto name = "packages[" + std::to_string(i) + "]";
      const auto& package = util::expect_json_type((*packages)[i], util::JsonType::object, name);
      auto field = [&](const char* key) {
        return util::required_json_field(package, key, util::JsonType::string, name + "." + key).get<std::string>();
      };
      sbom::Package distribution{field("name"), field("version"), field("license")};
      distribution.sha256 = util::json_string_field(package, "sha256");
      distribution.download_url = util::json_string_field(package, "download_url");
      record.packages.push_back(std::move(distribution));
    }
  }
  return record;
}

std::string describe_base(const BaseRecord& base)
{
  if (base.name.empty()) {
    return "scratch (no base layers)";
  }
  return base.name + " (" + base.digest->str() + ", " + std::to_string(base.layers.size()) +
         (base.layers.size() == 1 ? " layer)" : " layers)");
}

nlohmann::json read_record(const std::filesystem::path& file)
{
  if (!std::filesystem::is_regular_file(file)) {
    throw UsageError("record '" + file.string() + "' does not exist (run the step that writes it first)");
  }
  auto json = nlohmann::json::parse(util::read_file(file, 16 * 1024 * 1024), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    throw UsageError("record '" + file.string() + "' is not a JSON object");
  }
  return json;
}

} // namespace pycontainer::pipeline
