#pragma once

#include "oci/descriptor.hpp"
#include "project/plan.hpp"
#include "remote/registry_options.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace pycontainer::cache {
class LayerCache;
}

// The build-system steps (`pycontainer base`, `deps`, `layer`, `assemble`): each runs one step of the
// pipeline (pipeline/steps.hpp) and writes a small JSON record; `assemble` turns the records into the
// image. CMake's pycontainer_image() runs them as separate custom commands (Meson and Bazel can too), so
// that only the steps whose inputs changed run again.
namespace pycontainer::pipeline {

// Where a step writes. Records are rewritten only when their content changes (so Ninja's restat skips
// the steps after an unchanged one), stamps always (so Make sees the step done). `staging` is an OCI
// layout of the step's own holding only its latest output's blobs.
struct StepOutputs {
  std::filesystem::path record;
  std::filesystem::path staging;
  std::filesystem::path depfile; // empty: none; else the files and directories read, in Makefile syntax
  std::filesystem::path stamp;   // empty: none
};

// Resolves the base of `request` and stages its layer blobs.
void run_base_step(const project::BuildRequest& request, const remote::RegistryOptions& registry,
                   const StepOutputs& outputs);

// Packs the dependency layers (the request must include them), checked against the base record; a lock's
// wheels are downloaded over `registry`'s connection settings.
void run_deps_step(const project::BuildRequest& request, const std::filesystem::path& base_record,
                   cache::LayerCache* cache, const StepOutputs& outputs, const remote::RegistryOptions& registry);

// Packs the request's context into one layer named `name` (default "app") or, when the request has file
// groups, its one file group; ELF files are checked against the platform and, with `base_record`, the
// base's C library.
void run_layer_step(const project::BuildRequest& request, const std::optional<std::filesystem::path>& base_record,
                    cache::LayerCache* cache, const StepOutputs& outputs, const std::string& name);

// Writes the image from the base record and the layer records (in image order) into the request's output
// layout, naming it by each of the plan's tags, and returns its manifest's descriptor. `for_index`: the
// image is one platform's of an image index that `pycontainer index` joins, so its SBOM is named as a
// build of several platforms names it ("<tag>.linux-arm64.sbom", steps.hpp) and the index carries it.
struct AssembledImage {
  project::BuildPlan plan;
  oci::Descriptor manifest;
};
AssembledImage run_assemble_step(const project::BuildRequest& request, const std::filesystem::path& base_record,
                                 const std::vector<std::filesystem::path>& layer_records, bool for_index = false);

} // namespace pycontainer::pipeline
