#pragma once

#include "oci/descriptor.hpp"
#include "oci/image_config.hpp"
#include "oci/manifest.hpp"
#include "oci/platform.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::oci {

// Where the documents of an image (indexes, manifests, configs) are read from: a layout on disk
// (layout::LayoutContent) or a registry (remote/pull.cpp).
class ContentSource {
public:
  virtual ~ContentSource() = default;
  // The bytes `descriptor` names, checked against its size and digest; throws Error when they are
  // missing or differ.
  virtual std::string read(const Descriptor& descriptor) = 0;
};

// An index or manifest as it was read.
struct Document {
  Descriptor descriptor;
  std::string bytes;
};

// One image: its manifest, its config, and the documents that led to it.
struct ResolvedImage {
  std::vector<Document> path; // the top document first, then each index entry taken; the manifest last
  Manifest manifest;
  ImageConfig config; // empty for an artifact

  const Descriptor& descriptor() const { return path.back().descriptor; } // the manifest's
  bool is_artifact() const { return !manifest.artifact_type.empty(); }
};

// What resolve_image takes: images only (for what runs or builds on one), or artifacts (an SBOM) too.
enum class Accept { images, images_and_artifacts };

// Resolves `top` to one image, checking what every reader of an image relies on:
// - an index resolves to its entry for `platform` (at most 4 levels deep); with no platform an index is
//   refused (resolve_index gives every image of one);
// - the manifest and config media types are known, the config parses, and it is for `platform` when
//   its architecture says;
// - the config lists one diff_id per layer, and every layer has a layer media type;
// - an artifact (a manifest with an artifactType) is refused unless `accept` takes it; its config is
//   not read.
// `subject` names the image in messages ("base image 'python:3.12'"); documents are named by their
// digest ("manifest (sha256:..): size mismatch: ..."). Errors in a document are UsageErrors, what the
// source cannot read is its own Error.
ResolvedImage resolve_image(ContentSource& source, const Descriptor& top, const std::optional<Platform>& platform,
                            std::string_view subject, Accept accept = Accept::images);

// Every entry of the index `index`, in its order, each resolved as resolve_image does for the platform
// its entry names (an entry without one must be a single manifest), the index first in each path.
// Throws UsageError for a document that is not an index, or an index listing nothing.
std::vector<ResolvedImage> resolve_index(ContentSource& source, const Descriptor& index, std::string_view subject,
                                         Accept accept = Accept::images);

// Whether an index entry is an image (to run, or to build on): it names a platform and is neither an
// artifact (an artifactType) nor an attestation (docker buildx lists those with a
// "vnd.docker.reference.type" annotation and the platform unknown/unknown; an os "unknown" is left out too).
bool is_image_entry(const Descriptor& entry);

// The platforms of the images `top` names (for --platform all): an index's image entries
// (is_image_entry), in its order, or the one image's platform, from its config. Throws UsageError for
// an index with no image entry, or an image whose config names no architecture.
std::vector<Platform> image_platforms(ContentSource& source, const Descriptor& top, std::string_view subject);

// The documents under `top` in the order a registry accepts them, each manifest before the index that
// lists it and `top` last; every platform's manifest and artifact is included. `on_manifest` is called
// for each manifest read.
std::vector<Document> documents_under(ContentSource& source, const Descriptor& top,
                                      const std::function<void(const Document&, const Manifest&)>& on_manifest);

// "manifest (sha256:..)": how messages name a document.
std::string document_label(std::string_view what, const Descriptor& descriptor);

} // namespace pycontainer::oci
