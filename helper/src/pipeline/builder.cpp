#include "pipeline/builder.hpp"

#include "pipeline/layer_packing.hpp"
#include "cache/layer_cache.hpp"
#include "pipeline/steps.hpp"
#include "layout/layout.hpp"
#include "sbom/packages.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <cerrno>
#include <cstdlib>
#include <future>
#include <iterator>
#include <utility>

namespace pycontainer::pipeline {

ScratchDirectory::ScratchDirectory()
{
  std::string pattern = (std::filesystem::temp_directory_path() / "pycontainer-work-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    throw IoError("create directory", pattern, errno);
  }
  m_path = pattern;
}

ScratchDirectory::~ScratchDirectory()
{
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

BuildResult run_build(const project::BuildPlan& planned, const remote::RegistryOptions& registry, cache::LayerCache* cache)
{
  // The base is resolved, and the layers checked against it, first so that a bad base or a
  // dependency that cannot run writes nothing.
  ScratchDirectory work;
  BaseRecord base = resolve_base(planned.base_source, planned.platform, work.path(), registry);
  project::BuildPlan plan = planned;
  deps::BasePython base_python;
  if (plan.include_deps || !plan.allow_foreign_binaries || plan.sbom) {
    base_python = inspect_base_python(base, plan.cache_directory);
  }
  auto packing = pack_settings(plan, base_python.libc, cache);

  // The context's layer needs nothing from the dependencies: with a cache it is checked now and packed
  // into the cache while they are planned, so the one layer a warm build usually repacks costs no time
  // of its own. (Without a cache, packing would write into the output before the dependencies' check.)
  std::vector<project::LayerPlan> context_layers = std::exchange(plan.layers, {});
  CheckedLayers checked_context(context_layers, packing);
  std::future<std::vector<LayerRecord>> packed_context;
  if (cache) {
    packed_context = std::async(std::launch::async, [&] { return checked_context.pack(cache->store()); });
  }

  project::plan_dependency_layers(plan, base_python);
  if (plan.dependencies) {
    log::verbose(deps::format_dependencies(*plan.dependencies));
  }
  project::finish_dependencies(plan, base.name, base_python, base.config);
  CheckedLayers checked_dependencies(plan.layers, packing);
  auto output = layout::Layout::open_or_create(plan.output);
  auto layers = checked_dependencies.pack(output);
  std::vector<LayerRecord> context_records;
  if (cache) {
    context_records = packed_context.get();
    for (auto& record : context_records) {
      cache->link_stored_blob(record.descriptor.digest, output);
      record.blobs_directory = std::filesystem::absolute(output.blobs_directory());
    }
  } else {
    context_records = checked_context.pack(output);
  }
  layers.insert(layers.end(), context_records.begin(), context_records.end());
  plan.layers.insert(plan.layers.end(), std::make_move_iterator(context_layers.begin()),
                     std::make_move_iterator(context_layers.end()));
  auto manifest = assemble_image(plan, base, layers, output, {plan.tag});
  if (plan.sbom) { // reading the distributions' metadata is not free
    attach_sbom(plan, base, base_python, manifest,
                plan.dependencies ? sbom::read_packages(plan.dependencies->site) : std::vector<sbom::Package>{}, output,
                {plan.tag});
  }
  return {manifest, plan.tag.str(), plan.layers.size()};
}

} // namespace pycontainer::pipeline
