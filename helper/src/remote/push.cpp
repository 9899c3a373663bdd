#include "remote/push.hpp"

#include "layout/image_lookup.hpp"
#include "oci/media_types.hpp"
#include "oci/resolve.hpp"
#include "ref/reference.hpp"
#include "remote/progress.hpp"
#include "remote/registry.hpp"
#include "remote/registry_error.hpp"
#include "remote/repository.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/parallel.hpp"

#include <map>
#include <memory>

namespace pycontainer::remote {

namespace {

constexpr std::string_view k_base_name_annotation = "org.opencontainers.image.base.name";

// A blob whose file has another size than its descriptor says is refused before anything is uploaded
// (its digest is checked as it is uploaded: Repository::upload_blob).
void check_size(const layout::Layout& layout, const oci::Descriptor& blob, const oci::Descriptor& manifest)
{
  if (!layout.has_blob(blob.digest)) {
    throw UsageError("blob " + blob.digest.str() + " of manifest " + manifest.digest.str() + " is missing from '" +
                     layout.root().string() + "'");
  }
  auto path = layout.blob_path(blob.digest);
  std::error_code error;
  auto size = std::filesystem::file_size(path, error);
  if (error) {
    throw IoError("read", path.string(), error.value());
  }
  if (static_cast<std::int64_t>(size) != blob.size) {
    throw damaged_blob_error(blob.digest, path,
                             "is " + std::to_string(size) + " bytes, not the " + std::to_string(blob.size) +
                               " of manifest " + manifest.digest.str());
  }
}

// PUTs one manifest or index. A registry without OCI image indexes (older Quay, Artifactory, ECR and
// Harbor releases) refuses one with 400 MANIFEST_INVALID or 415: the error says so and how to push anyway.
oci::Digest put_document(Repository& repository, const std::string& identifier, const oci::Document& document,
                         const std::string& target)
{
  const auto& media_type = document.descriptor.media_type;
  try {
    return repository.put_manifest(identifier, document.bytes, media_type);
  } catch (const RegistryError& error) {
    if (!oci::media_type::is_index(media_type) || (error.status() != 400 && error.status() != 415)) {
      throw;
    }
    throw RegistryError(error.message() + "; " + target + " does not accept an image index (\"" + media_type +
                          "\", a multi-platform image): push one platform's image with --platform OS/ARCH, or push "
                          "to a registry that stores OCI image indexes",
                        error.url(), error.status(), error.code(), false);
  }
}

} // namespace

std::vector<PushResult> push_image(const layout::Layout& layout, std::string_view ref,
                                   const std::vector<std::string>& destinations, const RegistryOptions& options,
                                   const std::optional<oci::Platform>& platform, HttpTransport& transport)
{
  if (destinations.empty()) {
    throw UsageError("push: no destination given (REGISTRY/REPOSITORY[:TAG])");
  }
  // The manifests to push, children before the index that lists them; and the blobs they need.
  std::vector<oci::Descriptor> blobs;
  std::string base_name;
  layout::LayoutContent content(layout);
  auto top = platform ? layout::resolve_image(layout, ref, platform).descriptor() : layout::find_image(layout, ref);
  auto manifests = oci::documents_under(
    content, top, [&](const oci::Document& document, const oci::Manifest& manifest) {
      for (const auto& blob : manifest.blobs()) {
        check_size(layout, blob, document.descriptor);
        if (std::none_of(blobs.begin(), blobs.end(), [&](const auto& known) { return known.digest == blob.digest; })) {
          blobs.push_back(blob);
        }
      }
      if (auto found = manifest.annotations.find(std::string(k_base_name_annotation));
          found != manifest.annotations.end() && base_name.empty()) {
        base_name = found->second;
      }
    });
  std::optional<ref::Reference> base;
  if (!base_name.empty() && !base_name.starts_with("oci:") && !base_name.starts_with("oci-archive:")) {
    try {
      base = ref::Reference::parse(base_name);
    } catch (const UsageError&) {
    }
  }

  // Destinations grouped by repository, in the order given.
  std::vector<std::pair<ref::Reference, std::vector<ref::Reference>>> groups;
  for (const auto& destination : destinations) {
    auto parsed = with_context("push destination", [&] { return ref::Reference::parse(destination); });
    auto found = std::find_if(groups.begin(), groups.end(), [&](const auto& group) {
      return group.first.registry == parsed.registry && group.first.repository == parsed.repository;
    });
    if (found == groups.end()) {
      groups.push_back({parsed, {parsed}});
    } else {
      found->second.push_back(parsed);
    }
  }

  std::map<std::string, std::unique_ptr<Registry>> registries;
  std::vector<PushResult> results;
  for (const auto& group : groups) {
    const auto& target = group.first; // not a structured binding: clang 14 cannot capture one in a lambda
    const auto& references = group.second;
    auto& registry = registries[target.registry];
    if (!registry) {
      registry = std::make_unique<Registry>(target.registry, options, transport);
    }
    std::string mount_from;
    std::vector<std::string> scopes{"repository:" + target.repository + ":pull,push"};
    if (base && base->registry == target.registry && base->repository != target.repository) {
      mount_from = base->repository;
      scopes.push_back("repository:" + mount_from + ":pull");
    }
    Repository repository(*registry, target.repository, scopes);
    std::vector<Repository::UploadOutcome> outcomes(blobs.size());
    {
      Progress progress(options.progress);
      util::run_parallel(blobs.size(), static_cast<unsigned>(std::max(1, options.jobs)), [&](std::size_t i) {
        with_context("pushing to " + target.name(), [&] {
          outcomes[i] = repository.upload_blob(blobs[i], layout.blob_path(blobs[i].digest), mount_from, progress);
        });
      });
    }
    PushResult counts;
    for (auto outcome : outcomes) {
      ++(outcome == Repository::UploadOutcome::uploaded  ? counts.uploaded
         : outcome == Repository::UploadOutcome::mounted ? counts.mounted
                                                         : counts.existed);
    }
    // Child manifests by digest, then the top one under each tag.
    for (std::size_t i = 0; i + 1 < manifests.size(); ++i) {
      put_document(repository, manifests[i].descriptor.digest.str(), manifests[i], target.name());
    }
    const auto& last = manifests.back();
    for (const auto& reference : references) {
      auto identifier = reference.digest.empty() ? reference.tag : reference.digest;
      if (!reference.digest.empty() && reference.digest != last.descriptor.digest.str()) {
        throw UsageError("push destination " + reference.str() + " names a digest other than the image's (" +
                         last.descriptor.digest.str() + ")");
      }
      auto digest = put_document(repository, identifier, last, target.name());
      PushResult result = counts;
      result.reference = reference.str();
      result.digest = digest;
      log::info("pushed " + reference.str() + " (" + std::to_string(counts.uploaded) + " blobs uploaded, " +
                std::to_string(counts.mounted) + " mounted, " + std::to_string(counts.existed) + " already there)");
      results.push_back(result);
    }
  }
  return results;
}

} // namespace pycontainer::remote
