#include "pipeline/builder.hpp"

#include "cache/layer_cache.hpp"
#include "layout/layout.hpp"
#include "pipeline/check_marker.hpp"
#include "pipeline/base_image.hpp"
#include "pipeline/image_index_build.hpp"
#include "pipeline/layer_packing.hpp"
#include "pipeline/link_check.hpp"
#include "pipeline/platform_image.hpp"
#include "pipeline/scratch_directory.hpp"
#include "pipeline/steps.hpp"
#include "project/checks.hpp"
#include "project/platform_plan.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/thread_budget.hpp"

#include <cerrno>
#include <cstdlib>
#include <future>
#include <iterator>
#include <optional>
#include <utility>

namespace pycontainer::pipeline {

PlatformImage build_platform_image(const project::BuildPlan& planned, const BaseRecord& base, cache::LayerCache* cache,
                                   ImageNaming naming, const SharedWork& shared,
                                   const remote::RegistryOptions& registry)
{
  const auto& packed_before = shared.own_layers;
  project::BuildPlan plan = planned;
  // With a cache and threads to spare, the base is inspected in the background while layers are packed
  // into the cache; they reach the image only once checked against its facts.
  bool in_parallel = cache && util::thread_budget() > 1;
  BaseFacts base_facts(base, plan.cache_directory,
                       plan.include_deps || !plan.allow_foreign_binaries || plan.sbom ||
                         project::checks_requires_python(plan),
                       in_parallel);

  // The context's layer (and FILES layers) need nothing from the dependencies: with a cache they are
  // checked and packed into the cache while the dependencies are planned, so the one layer a warm build
  // usually repacks costs no time of its own. (Without a cache, packing would write into the output
  // before the dependencies' check; with a budget of one thread, --threads 1, it waits for them.)
  std::vector<project::LayerPlan> own_layers = std::exchange(plan.layers, {});
  auto own_settings = pack_settings(plan, deps::Libc::unknown, cache);
  auto checked_against_base = [&] {
    project::check_requires_python(plan, base_facts.get());
    auto settings = own_settings;
    if (settings.check) {
      settings.check->libc = base_facts.get().libc;
    }
    return CheckedLayers(own_layers, std::move(settings));
  };
  // The layers every platform has, when another platform packs them (the others are this platform's own
  // FILES groups): their records, by index into own_layers.
  auto packed_elsewhere = [&] {
    std::vector<std::optional<LayerRecord>> packed(own_layers.size());
    if (packed_before) {
      auto records = packed_before();
      std::size_t next = 0;
      for (std::size_t i = 0; i < own_layers.size(); ++i) {
        if (!own_layers[i].platform) {
          packed[i] = records.at(next++);
        }
      }
    }
    return packed;
  };
  std::promise<void> own_checked; // the output is created only once it is set
  auto own_check = own_checked.get_future();
  std::optional<CheckedLayers> checked_own; // set before own_checked is
  // Declared after what its task uses, so that leaving early waits for the task before those go.
  std::future<std::vector<LayerRecord>> packed_own;
  if (in_parallel) {
    packed_own = std::async(std::launch::async, [&] {
      try {
        checked_own.emplace(checked_against_base());
        own_checked.set_value();
      } catch (...) {
        own_checked.set_exception(std::current_exception());
        throw;
      }
      return checked_own->pack(cache->store(), packed_elsewhere());
    });
  } else {
    checked_own.emplace(checked_against_base());
    own_checked.set_value();
  }
  // The link check runs on all layers once each is checked, before anything is written.
  auto check_links = [&](const CheckedLayers& dependencies) {
    own_check.get();
    OwnLayers layers;
    std::vector<const project::LayerPlan*> planned_layers;
    for (const CheckedLayers* checked : {&dependencies, static_cast<const CheckedLayers*>(&*checked_own)}) {
      for (std::size_t i = 0; i < checked->layers().size(); ++i) {
        planned_layers.push_back(&checked->layers()[i]);
        layers.keys.push_back(checked->keys()[i]);
        layers.racy = layers.racy || has_racy_entry(checked->layers()[i].entries);
      }
    }
    layers.files = [&] {
      std::vector<LinkFiles> files;
      for (std::size_t i = 0; i < planned_layers.size(); ++i) {
        files.push_back(shared.link_files ? shared.link_files->get(layers.keys[i], *planned_layers[i])
                                          : link_files(*planned_layers[i]));
      }
      return files;
    };
    LinkCheck check{plan.platform, image_ld_library_path(plan, base), plan.allow_missing_libraries};
    check_image_links(layers, base, check, plan.cache_directory);
  };

  std::vector<LayersRecord> records{
    pack_dependencies(plan, base, base_facts, cache, plan.output, check_links, registry, shared.dependency_layers)};
  auto output = layout::Layout::open_or_create(plan.output);
  LayersRecord own;
  if (cache) {
    own.layers = packed_own.valid() ? packed_own.get() : checked_own->pack(cache->store(), packed_elsewhere());
    for (auto& record : own.layers) {
      cache->link_stored_blob(record.descriptor.digest, output);
      record.blobs_directory = std::filesystem::absolute(output.blobs_directory());
    }
  } else {
    own.layers = checked_own->pack(output, packed_elsewhere());
  }
  std::vector<LayerRecord> shared_records;
  for (std::size_t i = 0; i < own_layers.size(); ++i) {
    if (!own_layers[i].platform) {
      shared_records.push_back(own.layers[i]);
    }
  }
  records.push_back(std::move(own));
  plan.layers.insert(plan.layers.end(), std::make_move_iterator(own_layers.begin()),
                     std::make_move_iterator(own_layers.end()));
  auto manifest = naming == ImageNaming::by_tags ? assemble_image(plan, base, records, base_facts.get(), output)
                                                 : assemble_platform_image(plan, base, records, base_facts.get(), output);
  return {manifest, std::move(plan), std::move(shared_records)};
}

std::vector<oci::Platform> build_platforms(const project::BuildPlan& plan, const remote::RegistryOptions& registry)
{
  auto platforms = plan.platforms;
  if (plan.all_platforms) {
    ScratchDirectory work;
    platforms = base_platforms(plan.base_source, work.path(), registry);
    std::string names;
    for (const auto& platform : platforms) {
      names += names.empty() ? "" : ", ";
      names += platform.str();
    }
    log::info("pycontainer: --platform all: " + names);
  }
  project::check_layer_platforms(plan, platforms);
  return platforms;
}

BuildResult run_build(const project::BuildPlan& planned, const remote::RegistryOptions& registry,
                      cache::LayerCache* cache, ListInputs inputs)
{
  auto platforms = build_platforms(planned, registry);
  if (platforms.size() > 1) {
    return build_image_index(planned, platforms, registry, cache, inputs);
  }
  auto plan = project::plan_for_platform(planned, platforms.front());
  // The base is resolved, and the layers checked against it, first so that a bad base or a
  // dependency that cannot run writes nothing.
  ScratchDirectory work;
  BaseRecord base = resolve_base(plan.base_source, plan.platform, work.path(), registry);
  auto image = build_platform_image(plan, base, cache, ImageNaming::by_tags, {}, registry);
  return {image.manifest, plan.tag.str(), image.plan.layers.size(),
          inputs == ListInputs::yes ? build_inputs(image.plan) : std::vector<std::filesystem::path>{}};
}

} // namespace pycontainer::pipeline
