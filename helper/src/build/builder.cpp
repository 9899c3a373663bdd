#include "build/builder.hpp"

#include "build/steps.hpp"
#include "layout/layout.hpp"
#include "util/error.hpp"

#include <cerrno>
#include <cstdlib>

namespace pycontainer::build {

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

BuildResult run_build(const BuildPlan& plan, const remote::RegistryOptions& registry)
{
  // The base is resolved first so that a bad base writes nothing.
  ScratchDirectory work;
  BaseRecord base = resolve_base(plan.base_source, plan.platform, work.path(), registry);

  auto output = layout::Layout::open_or_create(plan.output);
  std::vector<LayerRecord> layers;
  for (const auto& layer_plan : plan.layers) {
    layers.push_back(pack_layer(layer_plan, plan.layer_options, output));
  }
  auto manifest = assemble_image(plan, base, layers, output, {plan.tag});
  return {manifest, plan.tag.str(), plan.layers.size()};
}

} // namespace pycontainer::build
