#pragma once

#include "pipeline/base_image.hpp"
#include "project/plan.hpp"
#include "layer/layer_writer.hpp"
#include "layout/layout.hpp"
#include "oci/descriptor.hpp"
#include "ref/reference.hpp"
#include "sbom/document.hpp"
#include "remote/registry_options.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::cache {
class LayerCache;
}

// The steps of a build. `pycontainer build` runs them one after the other; build systems run them as
// separate commands (`pycontainer base`, `layer`, `assemble`) so that only what changed runs again.
// Between steps, a base or a layer is described by a small JSON record pointing at its blobs.
namespace pycontainer::pipeline {

// A resolved base image: its config and where its layer blobs are.
struct BaseRecord {
  std::string name;                  // empty for scratch
  std::string reference;             // for base.name; empty when none (see BaseImage::reference)
  std::optional<oci::Digest> digest; // the platform manifest's
  nlohmann::json config;             // null for scratch
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

// What a step hands to `assemble`: one layer, or (the deps step) the dependency layers with the
// environment they need (PATH, VIRTUAL_ENV). On disk a LayerRecord, or {"layers": [...], "env": [[K, V]...]}.
struct LayersRecord {
  std::vector<LayerRecord> layers;
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<sbom::Package> packages; // the dependencies' distributions, for the SBOM

  nlohmann::json to_json() const;
  static LayersRecord from_json(const nlohmann::json& json); // either form
};

// Resolves the base; its blobs stay where they are (valid while `work_directory` exists).
BaseRecord resolve_base(const project::BaseSource& source, const oci::Platform& platform,
                        const std::filesystem::path& work_directory, const remote::RegistryOptions& registry);

// Resolves the base and hard-links (or copies) its layer blobs into `into`. `work_directory` holds
// unpacked archives while this runs.
BaseRecord stage_base(const project::BaseSource& source, const oci::Platform& platform, const layout::Layout& into,
                      const std::filesystem::path& work_directory, const remote::RegistryOptions& registry);

// Writes the image into `output`: the blobs of the base and the layers (linked where they are not
// yet), the config derived from the base's, the manifest, and then index.json, last, naming the image
// by each of `tags`.
oci::Descriptor assemble_image(const project::BuildPlan& plan, const BaseRecord& base, const std::vector<LayerRecord>& layers,
                               const layout::Layout& output, const std::vector<ref::Reference>& tags);

// With plan.sbom: attaches the image's SBOM (the base and its system packages from `base_facts`, the
// application, the dependencies' `packages`) to `output` for each of `tags` (sbom::attach).
void attach_sbom(const project::BuildPlan& plan, const BaseRecord& base, const deps::BasePython& base_facts,
                 const oci::Descriptor& manifest, std::vector<sbom::Package> packages, const layout::Layout& output,
                 const std::vector<ref::Reference>& tags);

// What the base offers dependencies and binaries (its Python and C library), from its config and the
// file names in its layers (cached in <cache>/deps/base by layer digest).
deps::BasePython inspect_base_python(const BaseRecord& base, const std::filesystem::path& cache_directory);

// "oci:/x/base:3.11 (sha256:..., 1 layer)", or "scratch".
std::string describe_base(const BaseRecord& base);

// Reads a record file written by a previous step; UsageError naming it when missing or malformed.
nlohmann::json read_record(const std::filesystem::path& file);

} // namespace pycontainer::pipeline
