#include "pipeline/image_index_build.hpp"

#include "layout/image_index.hpp"
#include "layout/layout.hpp"
#include "layout/ref_names.hpp"
#include "pipeline/base_image.hpp"
#include "pipeline/platform_image.hpp"
#include "pipeline/scratch_directory.hpp"
#include "pipeline/steps.hpp"
#include "project/platform_plan.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <exception>
#include <future>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

namespace pycontainer::pipeline {

namespace {

// Removes an output layout the build created unless the build got through (dismiss()).
class CreatedOutput {
public:
  explicit CreatedOutput(std::filesystem::path path) : m_path(std::move(path)), m_created(!std::filesystem::exists(m_path)) {}
  CreatedOutput(const CreatedOutput&) = delete;
  CreatedOutput& operator=(const CreatedOutput&) = delete;
  ~CreatedOutput()
  {
    if (m_created) {
      std::error_code ignored;
      std::filesystem::remove_all(m_path, ignored);
    }
  }
  void dismiss() { m_created = false; }

private:
  std::filesystem::path m_path;
  bool m_created;
};

// What a platform's failure adds: a venv holds wheels for the one platform it was made on.
[[noreturn]] void rethrow_for_platform(const project::BuildPlan& plan, const UsageError& error)
{
  std::string hint;
  if (plan.include_deps && !plan.include_deps->lock) {
    hint = " (a virtualenv's compiled packages serve only the platform it was made for: take the dependencies of " +
           plan.platform.str() + " from a lock file, --lock, or leave " + plan.platform.str() + " out of --platform)";
  }
  throw UsageError("platform " + plan.platform.str() + ": " + error.message() + hint);
}

struct PlatformBase {
  oci::Platform platform;
  std::unique_ptr<ScratchDirectory> work; // holds an unpacked base archive while the build runs
  BaseRecord base;
};

} // namespace

BuildResult build_image_index(const project::BuildPlan& planned, const std::vector<oci::Platform>& platforms,
                              const remote::RegistryOptions& registry, cache::LayerCache* cache, ListInputs list_inputs)
{
  std::vector<PlatformBase> bases;
  for (const auto& platform : platforms) {
    auto work = std::make_unique<ScratchDirectory>();
    auto base = resolve_base(planned.base_source, platform, work->path(), registry);
    bases.push_back({platform, std::move(work), std::move(base)});
  }

  CreatedOutput created(planned.output);
  layout::Layout::open_or_create(planned.output); // once, before the platforms write into it at once
  // The platforms are built at once (their steps wait on files more than on the processor); the first packs
  // the context's and FILES layers, which the others take once they are there.
  std::promise<std::vector<LayerRecord>> own_promise;
  std::shared_future<std::vector<LayerRecord>> own_layers = own_promise.get_future().share();
  LinkFilesMemo link_files;
  util::OnceMap<LayerRecord> dependency_layers;
  std::vector<std::future<PlatformImage>> builds;
  for (std::size_t i = 0; i < bases.size(); ++i) {
    builds.push_back(std::async(std::launch::async, [&, i] {
      const auto& [platform, work, base] = bases[i];
      auto plan = project::plan_for_platform(planned, platform);
      log::verbose("building " + platform.str() + " on " + describe_base(base));
      try {
        SharedWork shared;
        shared.link_files = &link_files;
        shared.dependency_layers = &dependency_layers;
        if (i > 0) {
          shared.own_layers = [&] { return own_layers.get(); };
          return build_platform_image(plan, base, cache, ImageNaming::in_index, shared, registry);
        }
        auto image = build_platform_image(plan, base, cache, ImageNaming::in_index, shared, registry);
        own_promise.set_value(image.shared_layers);
        return image;
      } catch (const UsageError& error) {
        if (i == 0) {
          own_promise.set_exception(std::current_exception());
        }
        rethrow_for_platform(plan, error);
      } catch (...) {
        if (i == 0) {
          own_promise.set_exception(std::current_exception());
        }
        throw;
      }
    }));
  }
  std::vector<oci::Descriptor> manifests;
  std::vector<std::filesystem::path> inputs;
  std::size_t layers = 0;
  std::exception_ptr failure; // the first platform's, in their order
  for (std::size_t i = 0; i < builds.size(); ++i) {
    try {
      auto image = builds[i].get();
      log::info("pycontainer: " + bases[i].platform.str() + " " + image.manifest.digest.str());
      manifests.push_back(image.manifest);
      layers += image.plan.layers.size();
      if (list_inputs == ListInputs::yes) {
        auto read = build_inputs(image.plan);
        inputs.insert(inputs.end(), read.begin(), read.end());
      }
    } catch (...) {
      if (!failure) {
        failure = std::current_exception();
      }
    }
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
  auto output = layout::Layout::open(planned.output);
  auto index = layout::write_image_index(output, manifests);
  auto names = layout::ref_names(planned.tags);
  for (std::size_t i = 0; i < planned.tags.size(); ++i) {
    output.set_tag(index, names[i], planned.tags[i].str());
  }
  created.dismiss();
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  return {index, planned.tag.str(), layers, std::move(inputs)};
}

} // namespace pycontainer::pipeline
