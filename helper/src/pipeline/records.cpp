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

std::vector<oci::Descriptor> descriptors_from_json(const nlohmann::json& array)
{
  std::vector<oci::Descriptor> descriptors;
  for (const auto& item : array) {
    descriptors.push_back(oci::Descriptor::from_json(item));
  }
  return descriptors;
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
  record.name = json.at("name").get<std::string>();
  record.reference = json.at("reference").get<std::string>();
  if (auto digest = json.at("digest").get<std::string>(); !digest.empty()) {
    record.digest = oci::Digest::parse(digest);
  }
  if (const auto& config = json.at("config"); !config.is_null()) {
    record.config = with_context("config", [&] { return oci::ImageConfig::from_json(config); });
  }
  record.layers = descriptors_from_json(json.at("layers"));
  record.blobs_directory = json.at("blobs_directory").get<std::string>();
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
  record.name = json.at("name").get<std::string>();
  record.descriptor = oci::Descriptor::from_json(json.at("descriptor"));
  record.diff_id = oci::Digest::parse(json.at("diff_id").get<std::string>());
  record.file_count = json.at("file_count").get<std::size_t>();
  record.blobs_directory = json.at("blobs_directory").get<std::string>();
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
    distributions.push_back({{"name", package.name}, {"version", package.version}, {"license", package.license}});
  }
  return {{"layers", array}, {"env", variables}, {"packages", distributions}};
}

LayersRecord LayersRecord::from_json(const nlohmann::json& json)
{
  LayersRecord record;
  for (const auto& layer : json.at("layers")) {
    record.layers.push_back(LayerRecord::from_json(layer));
  }
  for (const auto& variable : json.at("env")) {
    record.env.emplace_back(variable.at(0).get<std::string>(), variable.at(1).get<std::string>());
  }
  if (const auto* packages = util::find_json_field(json, "packages", util::JsonType::array)) {
    for (std::size_t i = 0; i < packages->size(); ++i) {
      auto name = "packages[" + std::to_string(i) + "]";
      const auto& package = util::expect_json_type((*packages)[i], util::JsonType::object, name);
      auto field = [&](const char* key) {
        return util::required_json_field(package, key, util::JsonType::string, name + "." + key).get<std::string>();
      };
      record.packages.push_back({field("name"), field("version"), field("license")});
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
