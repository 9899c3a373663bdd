#include "remote/pull.hpp"

#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "remote/parallel.hpp"
#include "remote/progress.hpp"
#include "remote/registry.hpp"
#include "remote/repository.hpp"
#include "remote/store.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

namespace pycontainer::remote {

PullResult pull_to_store(const ref::Reference& reference, const oci::Platform& platform,
                         const RegistryOptions& options, HttpTransport& transport)
{
  auto store = open_store(options);
  Registry registry(reference.registry, options, transport);
  Repository repository(registry, reference.repository, {"repository:" + reference.repository + ":pull"});
  log::verbose("pulling " + reference.str() + " for " + platform.str());

  auto top = repository.get_manifest(reference.identifier());
  oci::Descriptor top_descriptor;
  top_descriptor.media_type = top.media_type;
  top_descriptor.digest = top.digest;
  top_descriptor.size = static_cast<std::int64_t>(top.bytes.size());

  auto fetched = top;
  oci::Descriptor manifest_descriptor = top_descriptor;
  for (int depth = 0; oci::media_type::is_index(fetched.media_type); ++depth) {
    if (depth == 4) {
      throw UsageError("image " + reference.str() + ": image indexes nested too deeply");
    }
    auto index = oci::Index::parse(fetched.bytes, "image index of " + reference.str());
    std::optional<oci::Descriptor> chosen;
    std::string available;
    for (const auto& entry : index.manifests) {
      if (!entry.platform) {
        continue;
      }
      if (!chosen && platform.matches(*entry.platform)) {
        chosen = entry;
      }
      available += (available.empty() ? "" : ", ") + entry.platform->str();
    }
    if (!chosen) {
      throw UsageError("image " + reference.str() + " has no " + platform.str() + " image (it has: " +
                       (available.empty() ? "no platform entries" : available) + "); choose one with --platform");
    }
    // Written now, so the store's copy of the index has the entry it resolves to.
    store.write_blob(fetched.bytes, fetched.media_type);
    fetched = repository.get_manifest(chosen->digest.str());
    manifest_descriptor = *chosen;
    manifest_descriptor.media_type = fetched.media_type;
  }
  if (!oci::media_type::is_manifest(fetched.media_type)) {
    throw UsageError("image " + reference.str() + ": unsupported manifest media type \"" + fetched.media_type +
                     "\" (OCI or Docker schema2 expected)");
  }
  manifest_descriptor.platform = platform;
  auto manifest = oci::Manifest::parse(fetched.bytes, "manifest of " + reference.str());
  std::size_t downloaded = 0;

  auto blobs_directory = store.blobs_directory();
  {
    Progress progress(options.progress);
    // The config first: it says which platform a single-platform image is for.
    with_context("pulling " + reference.str(),
                 [&] { repository.download_blob(manifest.config, blobs_directory, progress); });
    auto config = nlohmann::json::parse(store.read_blob(manifest.config.digest), nullptr, false);
    if (config.is_object() && config.contains("architecture") && config["architecture"].is_string()) {
      auto image_platform = oci::Platform::from_json(config);
      if (!image_platform.architecture.empty() && !platform.matches(image_platform)) {
        throw UsageError("image " + reference.str() + " is for " + image_platform.str() + ", not " + platform.str() +
                         "; pass --platform " + image_platform.str());
      }
    }
    std::vector<oci::Descriptor> blobs = manifest.layers;
    std::erase_if(blobs, [&](const oci::Descriptor& blob) { return store.has_blob(blob.digest); });
    downloaded = blobs.size();
    parallel_for(blobs.size(), options.jobs, [&](std::size_t i) {
      with_context("pulling " + reference.str(),
                   [&] { repository.download_blob(blobs[i], blobs_directory, progress); });
    });
  }

  PullResult result;
  result.pinned_name = reference.name() + "@" + top.digest.str();
  result.top_digest = top.digest;
  result.manifest = manifest_descriptor;
  auto lock = lock_store(options);
  store.write_blob(fetched.bytes, fetched.media_type);
  store.write_blob(top.bytes, top.media_type);
  store.set_tag(top_descriptor, reference.str(), reference.str());
  store.set_tag(top_descriptor, result.pinned_name, result.pinned_name);
  log::info("pulled " + reference.str() + " (" + top.digest.str() + ", " + std::to_string(downloaded) +
            " layers downloaded)");
  return result;
}

} // namespace pycontainer::remote
