#include "oci/resolve.hpp"

#include "oci/media_types.hpp"
#include "util/error.hpp"

namespace pycontainer::oci {

namespace {

constexpr int k_max_index_depth = 4;
// What docker buildx annotates its attestation manifests with ("attestation-manifest").
constexpr std::string_view k_docker_reference_type = "vnd.docker.reference.type";

std::string read_labelled(ContentSource& source, const Descriptor& descriptor, std::string_view what)
{
  return with_context(document_label(what, descriptor), [&] { return source.read(descriptor); });
}

std::string platforms_of(const Index& index)
{
  std::string platforms;
  for (const auto& entry : index.manifests) {
    if (is_image_entry(entry)) {
      platforms += (platforms.empty() ? "" : ", ") + entry.platform->str();
    }
  }
  return platforms.empty() ? "no platform entries" : platforms;
}

Descriptor select_platform(const Index& index, const Platform& platform, std::string_view subject)
{
  for (const auto& entry : index.manifests) {
    if (is_image_entry(entry) && platform.matches(*entry.platform)) {
      return entry;
    }
  }
  throw UsageError(std::string(subject) + " has no " + platform.str() + " image (it has: " + platforms_of(index) +
                   "); choose one with --platform");
}

void check_config_platform(const ImageConfig& config, const Platform& platform, std::string_view subject)
{
  if (!config.platform.architecture.empty() && !platform.matches(config.platform)) {
    throw UsageError(std::string(subject) + " is for " + config.platform.str() + ", not " + platform.str() +
                     "; pass --platform " + config.platform.str() + " or use an image for " + platform.str());
  }
}

void check_layers(const Manifest& manifest, const ImageConfig& config, const std::string& config_label)
{
  if (config.diff_ids.size() != manifest.layers.size()) {
    throw UsageError(config_label + ": rootfs.diff_ids has " + std::to_string(config.diff_ids.size()) +
                     " entries but the manifest has " + std::to_string(manifest.layers.size()) +
                     " layers (a damaged image?)");
  }
  for (std::size_t i = 0; i < manifest.layers.size(); ++i) {
    const auto& layer = manifest.layers[i];
    if (!media_type::is_layer(layer.media_type)) {
      throw UsageError(document_label("layer " + std::to_string(i + 1), layer) + ": unknown layer media type \"" +
                       layer.media_type + "\"");
    }
  }
}

void collect_documents(ContentSource& source, const Descriptor& descriptor, int depth, std::vector<Document>& documents,
                       const std::function<void(const Document&, const Manifest&)>& on_manifest)
{
  auto label = document_label("manifest", descriptor);
  auto bytes = read_labelled(source, descriptor, "manifest");
  if (media_type::is_index(descriptor.media_type)) {
    if (depth == k_max_index_depth) {
      throw UsageError(label + ": image indexes nested too deeply");
    }
    for (const auto& child : Index::parse(bytes, label).manifests) {
      collect_documents(source, child, depth + 1, documents, on_manifest);
    }
    documents.push_back({descriptor, std::move(bytes)});
    return;
  }
  auto manifest = Manifest::parse(bytes, label);
  documents.push_back({descriptor, std::move(bytes)});
  on_manifest(documents.back(), manifest);
}

} // namespace

bool is_image_entry(const Descriptor& entry)
{
  return entry.platform && entry.platform->os != "unknown" && entry.artifact_type.empty() &&
         !entry.annotations.contains(std::string(k_docker_reference_type));
}

std::vector<Platform> image_platforms(ContentSource& source, const Descriptor& top, std::string_view subject)
{
  std::vector<Platform> platforms;
  if (!media_type::is_index(top.media_type)) {
    auto platform = resolve_image(source, top, std::nullopt, subject).config.platform;
    if (platform.architecture.empty()) {
      throw UsageError(std::string(subject) + ": its config names no architecture; name the platform with --platform");
    }
    platforms.push_back(std::move(platform));
    return platforms;
  }
  auto label = document_label("manifest", top);
  for (const auto& entry : Index::parse(read_labelled(source, top, "manifest"), label).manifests) {
    if (is_image_entry(entry)) {
      platforms.push_back(*entry.platform);
    }
  }
  if (platforms.empty()) {
    throw UsageError(std::string(subject) + ": its index (" + top.digest.str() +
                     ") lists no image for a platform; name the platforms with --platform");
  }
  return platforms;
}

std::string document_label(std::string_view what, const Descriptor& descriptor)
{
  return std::string(what) + " (" + descriptor.digest.str() + ")";
}

ResolvedImage resolve_image(ContentSource& source, const Descriptor& top, const std::optional<Platform>& platform,
                            std::string_view subject, Accept accept)
{
  ResolvedImage image;
  Descriptor descriptor = top;
  for (int depth = 0;; ++depth) {
    auto label = document_label("manifest", descriptor);
    if (media_type::is_index(descriptor.media_type)) {
      if (depth == k_max_index_depth) {
        throw UsageError(std::string(subject) + ": image indexes nested too deeply");
      }
      if (!platform) {
        throw UsageError(label + ": is an image index (\"" + descriptor.media_type + "\"), not one image");
      }
      auto bytes = read_labelled(source, descriptor, "manifest");
      auto index = Index::parse(bytes, label);
      image.path.push_back({descriptor, std::move(bytes)});
      descriptor = select_platform(index, *platform, subject);
      continue;
    }
    if (!media_type::is_manifest(descriptor.media_type)) {
      throw UsageError(label + ": unknown manifest media type \"" + descriptor.media_type + "\"");
    }
    auto bytes = read_labelled(source, descriptor, "manifest");
    image.manifest = Manifest::parse(bytes, label);
    image.path.push_back({descriptor, std::move(bytes)});
    break;
  }
  if (image.is_artifact()) {
    if (accept != Accept::images_and_artifacts) {
      throw UsageError(std::string(subject) + " is an artifact (\"" + image.manifest.artifact_type +
                       "\"), not an image");
    }
    return image;
  }
  const auto& config = image.manifest.config;
  auto config_label = document_label("config", config);
  if (config.media_type != media_type::k_oci_config && config.media_type != media_type::k_docker_config) {
    throw UsageError(config_label + ": unknown config media type \"" + config.media_type + "\"");
  }
  image.config = ImageConfig::parse(read_labelled(source, config, "config"), config_label);
  if (platform) {
    check_config_platform(image.config, *platform, subject);
  }
  check_layers(image.manifest, image.config, config_label);
  return image;
}

std::vector<ResolvedImage> resolve_index(ContentSource& source, const Descriptor& index, std::string_view subject,
                                         Accept accept)
{
  auto label = document_label("manifest", index);
  if (!media_type::is_index(index.media_type)) {
    throw UsageError(label + ": is not an image index (\"" + index.media_type + "\")");
  }
  Document document{index, read_labelled(source, index, "manifest")};
  auto entries = Index::parse(document.bytes, label).manifests;
  if (entries.empty()) {
    throw UsageError(label + ": the image index lists no images");
  }
  std::vector<ResolvedImage> images;
  for (const auto& entry : entries) {
    auto platform = entry.artifact_type.empty() ? entry.platform : std::nullopt;
    auto name = std::string(subject) + (platform ? " (" + platform->str() + ")" : "");
    auto image = resolve_image(source, entry, platform, name, accept);
    image.path.insert(image.path.begin(), document);
    images.push_back(std::move(image));
  }
  return images;
}

std::vector<Document> documents_under(ContentSource& source, const Descriptor& top,
                                      const std::function<void(const Document&, const Manifest&)>& on_manifest)
{
  std::vector<Document> documents;
  collect_documents(source, top, 0, documents, on_manifest);
  return documents;
}

} // namespace pycontainer::oci
