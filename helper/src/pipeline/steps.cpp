#include "pipeline/steps.hpp"

#include "cache/layer_cache.hpp"
#include "oci/image_config.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "sbom/attach.hpp"
#include "sbom/packages.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

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

void link_blob(const layout::Layout& output, const std::filesystem::path& blobs_directory, const oci::Digest& digest)
{
  if (!output.has_blob(digest)) {
    output.link_or_copy_blob(blobs_directory / digest.encoded(), digest);
  }
}

} // namespace

nlohmann::json BaseRecord::to_json() const
{
  return {{"name", name},
          {"reference", reference},
          {"digest", digest ? digest->str() : ""},
          {"config", config},
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
  record.config = json.at("config");
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
  if (!json.contains("layers")) {
    record.layers.push_back(LayerRecord::from_json(json));
    return record;
  }
  for (const auto& layer : json.at("layers")) {
    record.layers.push_back(LayerRecord::from_json(layer));
  }
  for (const auto& variable : json.at("env")) {
    record.env.emplace_back(variable.at(0).get<std::string>(), variable.at(1).get<std::string>());
  }
  for (const auto& package : json.value("packages", nlohmann::json::array())) {
    record.packages.push_back({package.at("name").get<std::string>(), package.at("version").get<std::string>(),
                               package.at("license").get<std::string>()});
  }
  return record;
}

void attach_sbom(const project::BuildPlan& plan, const BaseRecord& base, const deps::BasePython& base_facts,
                 const oci::Descriptor& manifest, std::vector<sbom::Package> packages, const layout::Layout& output,
                 const std::vector<ref::Reference>& tags)
{
  if (!plan.sbom) {
    return;
  }
  auto system = sbom::system_packages(base_facts.system_packages, base_facts.distro);
  packages.insert(packages.end(), system.begin(), system.end());
  sbom::Subject subject;
  subject.manifest_digest = manifest.digest;
  subject.platform = plan.platform.str();
  subject.base_name = base.reference;
  subject.base_digest = base.digest;
  if (plan.project) {
    subject.application_name = plan.project->name;
    subject.application_version = plan.project->version;
  }
  subject.created = oci::rfc3339_utc(plan.timestamp);
  for (const auto& tag : tags) {
    subject.image_name = tag.str();
    auto document = sbom::write_document(*plan.sbom, subject, packages);
    sbom::attach(output, manifest, tag.tag, tag.str(), *plan.sbom, document, subject.created);
  }
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

BaseRecord resolve_base(const project::BaseSource& source, const oci::Platform& platform,
                        const std::filesystem::path& work_directory, const remote::RegistryOptions& registry)
{
  BaseImage base = load_base_image(source, platform, work_directory, registry);
  BaseRecord record;
  record.name = base.name;
  record.reference = base.reference;
  record.digest = base.digest;
  record.config = std::move(base.config);
  record.blobs_directory = base.blobs_directory;
  for (const auto& layer : base.layers) {
    oci::Descriptor ours = layer;
    ours.media_type = std::string(oci::media_type::to_oci(layer.media_type));
    ours.annotations.clear();
    record.layers.push_back(std::move(ours));
  }
  return record;
}

BaseRecord stage_base(const project::BaseSource& source, const oci::Platform& platform, const layout::Layout& into,
                      const std::filesystem::path& work_directory, const remote::RegistryOptions& registry)
{
  BaseRecord record = resolve_base(source, platform, work_directory, registry);
  for (const auto& layer : record.layers) {
    link_blob(into, record.blobs_directory, layer.digest);
  }
  record.blobs_directory = std::filesystem::absolute(into.blobs_directory());
  return record;
}

deps::BasePython inspect_base_python(const BaseRecord& base, const std::filesystem::path& cache_directory)
{
  std::vector<std::pair<std::filesystem::path, std::string>> layers;
  for (const auto& layer : base.layers) {
    layers.emplace_back(base.blobs_directory / layer.digest.encoded(), layer.media_type);
  }
  return deps::inspect_base(base.config, layers, cache_directory);
}

oci::Descriptor assemble_image(const project::BuildPlan& plan, const BaseRecord& base, const std::vector<LayerRecord>& layers,
                               const layout::Layout& output, const std::vector<ref::Reference>& tags)
{
  oci::Manifest manifest;
  for (const auto& layer : base.layers) {
    link_blob(output, base.blobs_directory, layer.digest);
    manifest.layers.push_back(layer);
  }
  std::vector<oci::LayerHistory> history;
  for (const auto& layer : layers) {
    link_blob(output, layer.blobs_directory, layer.descriptor.digest);
    manifest.layers.push_back(layer.descriptor);
    history.push_back({layer.diff_id, "pycontainer build: " + layer.name + " layer (" +
                                        std::to_string(layer.file_count) + " files)"});
  }
  auto config = oci::derive_image_config(base.config, plan.platform, plan.changes, history,
                                         oci::rfc3339_utc(plan.timestamp));
  manifest.config = output.write_blob(oci::canonical_json(config), std::string(oci::media_type::k_oci_config));
  if (!base.reference.empty()) {
    manifest.annotations["org.opencontainers.image.base.name"] = base.reference;
  }
  if (base.digest) {
    manifest.annotations["org.opencontainers.image.base.digest"] = base.digest->str();
  }
  auto descriptor =
    output.write_blob(oci::canonical_json(manifest.to_json()), std::string(oci::media_type::k_oci_manifest));
  descriptor.platform = plan.platform;
  for (const auto& tag : tags) {
    output.set_tag(descriptor, tag.tag, tag.str());
  }
  return descriptor;
}

} // namespace pycontainer::pipeline
