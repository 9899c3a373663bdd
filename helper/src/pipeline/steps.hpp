#pragma once

#include "deps/dependency_plan.hpp"
#include "layout/layout.hpp"
#include "oci/descriptor.hpp"
#include "pipeline/base_facts.hpp"
#include "pipeline/layer_packing.hpp"
#include "pipeline/records.hpp"
#include "project/base_source.hpp"
#include "project/plan.hpp"
#include "remote/registry_options.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace pycontainer::cache {
class LayerCache;
}

// The four steps of a build: resolve the base, pack the dependencies, pack a layer, assemble the image.
// `pycontainer build` runs them in one process (pipeline/builder.hpp); build systems run each as a command
// of its own (pipeline/step_commands.hpp) so that only the steps whose inputs changed run again.
namespace pycontainer::pipeline {

// Step 1. Resolves the base; its blobs stay where they are (valid while `work_directory` exists).
BaseRecord resolve_base(const project::BaseSource& source, const oci::Platform& platform,
                        const std::filesystem::path& work_directory, const remote::RegistryOptions& registry);

// Step 1 for a build system: resolves the base and hard-links (or copies) its layer blobs into `into`.
// `work_directory` holds unpacked archives while this runs.
BaseRecord stage_base(const project::BaseSource& source, const oci::Platform& platform, const layout::Layout& into,
                      const std::filesystem::path& work_directory, const remote::RegistryOptions& registry);

// What the base offers dependencies and binaries (its Python and C library), from its config and the
// file names in its layers (cached in <cache>/deps/base by layer digest).
// The base's layer blobs with their media types, bottom first.
std::vector<std::pair<std::filesystem::path, std::string>> base_layer_files(const BaseRecord& base);

deps::BasePython inspect_base_python(const BaseRecord& base, const std::filesystem::path& cache_directory);

// Step 2. With plan.include_deps: finds the dependencies, checks them against the base (`base_facts`,
// `base` for its name and PATH) and packs their layers (through `cache` when given; while the facts are
// still being read, the layers that do not need them are packed into the cache meanwhile). The
// plan gains the dependencies and their layers; the record carries the environment they need (PATH,
// VIRTUAL_ENV) and, with plan.sbom, their distributions. Without include_deps the record is empty. The
// layout `into` is opened (created if need be) only once the dependencies passed their checks, and
// `before_writing` (when given) returned: the caller's other checks, given the checked dependency layers.
// A lock's wheels are fetched as lock_wheels() says, over `registry`'s HTTP settings. With `packed_once`
// (the platforms of one build), a layer another platform packed with the same key (its platform-independent
// layers, by their content key) is taken as it packed it.
LayersRecord pack_dependencies(project::BuildPlan& plan, const BaseRecord& base, const BaseFacts& base_facts,
                               cache::LayerCache* cache, const std::filesystem::path& into,
                               const std::function<void(const CheckedLayers&)>& before_writing = {},
                               const remote::RegistryOptions& registry = {},
                               util::OnceMap<LayerRecord>* packed_once = nullptr);

// Step 3. Checks the ELF files of plan.layers (against the platform and `base_libc`, unless the plan allows
// foreign binaries) and packs the layers into `into`.
LayersRecord pack_layers(const project::BuildPlan& plan, deps::Libc base_libc, cache::LayerCache* cache,
                         const layout::Layout& into);

// Step 4. Writes the image into `output`: the blobs of the base and the layers (linked where they are not
// yet), the config derived from the base's with the records' environment, the manifest, and then
// index.json, last, naming the image by each of plan.tags. With plan.sbom, attaches the image's SBOM
// (the base's system packages from `base_facts`, the application, the records' distributions), named
// "<tag>" + `sbom_name_suffix` + ".sbom" (a build-system step's image of one platform of an index names
// it as assemble_platform_image does).
oci::Descriptor assemble_image(const project::BuildPlan& plan, const BaseRecord& base,
                               const std::vector<LayersRecord>& layers, const deps::BasePython& base_facts,
                               const layout::Layout& output, const std::string& sbom_name_suffix = "");

// Step 4 for one platform of an image index: the image written as assemble_image writes it, but named by
// no tag (the index is); its SBOM, with plan.sbom, named "<tag>" + sbom_platform_suffix + ".sbom"
// ("1.0.linux-arm64.sbom").
oci::Descriptor assemble_platform_image(const project::BuildPlan& plan, const BaseRecord& base,
                                        const std::vector<LayersRecord>& layers, const deps::BasePython& base_facts,
                                        const layout::Layout& output);

// ".linux-arm64", ".linux-arm-v7": what follows the tag in the name of a platform's SBOM in the layout of
// an image index.
std::string sbom_platform_suffix(const oci::Platform& platform);

// The files and directories the dependency layers of `plan` (once packed) were read from, for a depfile:
// the requirements files, every packed file, and the directories they were found in (so that an added
// or removed package counts as a change).
std::vector<std::filesystem::path> dependency_inputs(const project::BuildPlan& plan);

// The files of plan.layers and the project files the plan read, for a depfile.
std::vector<std::filesystem::path> layer_inputs(const project::BuildPlan& plan);

// Everything a whole build of `plan` (its dependency layers packed) read, for the depfile of
// `pycontainer build --depfile`: the layers' files and the directories they were found in, the project
// files, the dependencies' inputs, the git files the revision label came from, and a local base's
// index.json (a layout) or archive. A registry
// base is no file: a changed reference changes the build's command instead.
std::vector<std::filesystem::path> build_inputs(const project::BuildPlan& plan);

} // namespace pycontainer::pipeline
