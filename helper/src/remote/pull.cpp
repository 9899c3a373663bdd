#include "remote/pull.hpp"

#include "oci/media_types.hpp"
#include "oci/resolve.hpp"
#include "remote/progress.hpp"
#include "remote/registry.hpp"
#include "remote/repository.hpp"
#include "remote/store.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/parallel.hpp"

#include <algorithm>

namespace pycontainer::remote {

namespace {

// An image's documents read from a registry: manifests and indexes by digest (the top one was fetched
// by tag already), the config downloaded into the store and read from there.
class RegistryContent : public oci::ContentSource {
public:
  RegistryContent(Repository& repository, const layout::Layout& store, Progress& progress, Repository::FetchedManifest top)
    : m_repository(repository), m_store(store), m_progress(progress), m_top(std::move(top))
  {
  }

  std::string read(const oci::Descriptor& descriptor) override
  {
    if (!oci::media_type::is_index(descriptor.media_type) && !oci::media_type::is_manifest(descriptor.media_type)) {
      m_repository.download_blob(descriptor, m_store.blobs_directory(), m_progress);
      return m_store.read_blob(descriptor.digest);
    }
    auto bytes = descriptor.digest == m_top.digest ? m_top.bytes : m_repository.get_manifest(descriptor.digest.str()).bytes;
    if (static_cast<std::int64_t>(bytes.size()) != descriptor.size) {
      throw Error("the registry sent " + std::to_string(bytes.size()) + " bytes, the descriptor says " +
                  std::to_string(descriptor.size));
    }
    return bytes;
  }

private:
  Repository& m_repository;
  const layout::Layout& m_store;
  Progress& m_progress;
  Repository::FetchedManifest m_top;
};

// The manifest or index `reference` names, GET by its tag or digest, and its descriptor.
std::pair<Repository::FetchedManifest, oci::Descriptor> fetch_top(Repository& repository, const ref::Reference& reference)
{
  auto top = repository.get_manifest(reference.identifier());
  oci::Descriptor descriptor{top.media_type, top.digest, static_cast<std::int64_t>(top.bytes.size()), {}, std::nullopt, ""};
  if (!oci::media_type::is_index(top.media_type) && !oci::media_type::is_manifest(top.media_type)) {
    throw UsageError("image " + reference.str() + ": unsupported manifest media type \"" + top.media_type +
                     "\" (OCI or Docker schema2 expected)");
  }
  return {std::move(top), std::move(descriptor)};
}

std::vector<std::string> pull_scopes(const ref::Reference& reference)
{
  return {"repository:" + reference.repository + ":pull"};
}

} // namespace

PullResult pull_to_store(const ref::Reference& reference, const oci::Platform& platform,
                         const RegistryOptions& options, HttpTransport& transport)
{
  auto store = open_store(options);
  Registry registry(reference.registry, options, transport);
  Repository repository(registry, reference.repository, pull_scopes(reference));
  log::verbose("pulling " + reference.str() + " for " + platform.str());

  auto [top, top_descriptor] = fetch_top(repository, reference);
  std::size_t downloaded = 0;
  oci::ResolvedImage image;
  {
    Progress progress(options.progress);
    RegistryContent content(repository, store, progress, top);
    // The config is read as the image resolves: it says which platform a single-platform image is for.
    // An init-capture: clang before 16 cannot capture a structured binding (the fuzz build's clang 14).
    image = with_context("pulling " + reference.str(), [&, &descriptor = top_descriptor] {
      return oci::resolve_image(content, descriptor, platform, "image " + reference.str());
    });
    std::vector<oci::Descriptor> blobs = image.manifest.layers;
    std::erase_if(blobs, [&](const oci::Descriptor& blob) { return store.has_blob(blob.digest); });
    downloaded = blobs.size();
    util::run_parallel(blobs.size(), static_cast<unsigned>(std::max(1, options.jobs)), [&](std::size_t i) {
      with_context("pulling " + reference.str(),
                   [&] { repository.download_blob(blobs[i], store.blobs_directory(), progress); });
    });
  }

  PullResult result;
  result.pinned_name = reference.name() + "@" + top.digest.str();
  result.top_digest = top.digest;
  result.manifest = image.descriptor();
  result.manifest.platform = platform;
  auto lock = lock_store(options);
  for (const auto& document : image.path) {
    store.write_blob(document.bytes, document.descriptor.media_type);
  }
  store.set_tag(top_descriptor, reference.str(), reference.str());
  store.set_tag(top_descriptor, result.pinned_name, result.pinned_name);
  log::info("pulled " + reference.str() + " (" + top.digest.str() + ", " + std::to_string(downloaded) +
            " layers downloaded)");
  return result;
}

std::vector<oci::Platform> image_platforms(const ref::Reference& reference, const RegistryOptions& options,
                                          HttpTransport& transport)
{
  auto store = open_store(options);
  Registry registry(reference.registry, options, transport);
  Repository repository(registry, reference.repository, pull_scopes(reference));
  auto [top, top_descriptor] = fetch_top(repository, reference);
  Progress progress(options.progress);
  RegistryContent content(repository, store, progress, top);
  return oci::image_platforms(content, top_descriptor, "image " + reference.str());
}

} // namespace pycontainer::remote
