#include "layout/verify.hpp"

#include "layout/image_lookup.hpp"
#include "oci/media_types.hpp"
#include "util/error.hpp"

#include <cstdio>
#include <iomanip>
#include <set>
#include <sstream>

// inspect_image gives one JSON object:
//   {"reference", "manifest_digest", "media_type", "artifact_type", "subject" (an artifact's: its type and
//    the digest of the image it describes; null for images), "platform": "linux/amd64", "created",
//    "entrypoint", "cmd", "env", "working_dir", "user", "exposed_ports": [..], "labels": {..},
//    "annotations": {..} (the manifest's), "layers": [{"digest", "media_type", "size", "diff_id"}],
//    "history": [..] (the config's, as it is), "total_size" (manifest + config + layers, in bytes)}
// Fields the config does not set are null (entrypoint, cmd, created) or empty; an artifact has no config.
// An index (a multi-platform image) gives {"reference", "index_digest", "media_type", "annotations" (the
// index's), "platforms": ["linux/amd64", ..], "images": [one object as above per entry], "total_size" (the
// index and every distinct blob)}.

namespace pycontainer::layout {

namespace {

const nlohmann::json& member(const nlohmann::json& object, const char* key)
{
  static const nlohmann::json k_null;
  return object.is_object() && object.contains(key) ? object[key] : k_null;
}

std::string string_member(const nlohmann::json& object, const char* key)
{
  const auto& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::string reference_name(const oci::Descriptor& descriptor, std::string_view ref)
{
  for (auto key : {k_image_name_annotation, k_ref_name_annotation}) {
    auto found = descriptor.annotations.find(std::string(key));
    if (found != descriptor.annotations.end()) {
      return found->second;
    }
  }
  return std::string(ref);
}

// Sizes as Docker prints them: decimal units, three significant digits.
std::string human_size(std::int64_t bytes)
{
  static constexpr const char* k_units[] = {"B", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1000 && unit + 1 < std::size(k_units)) {
    value /= 1000;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%lld B", static_cast<long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.3g %s", value, k_units[unit]);
  }
  return text;
}

std::string text_or_none(const nlohmann::json& value)
{
  if (value.is_null()) {
    return "(none)";
  }
  if (value.is_string()) {
    return value.get<std::string>().empty() ? "(none)" : value.get<std::string>();
  }
  return value.dump();
}

nlohmann::json inspect_resolved(const oci::ResolvedImage& image, std::string_view ref)
{
  const auto& descriptor = image.descriptor();
  const auto& config = image.config.config;

  nlohmann::json layers = nlohmann::json::array();
  std::int64_t total_size = descriptor.size + image.manifest.config.size;
  for (std::size_t i = 0; i < image.manifest.layers.size(); ++i) {
    const auto& layer = image.manifest.layers[i];
    layers.push_back({{"digest", layer.digest.str()},
                      {"media_type", layer.media_type},
                      {"size", layer.size},
                      {"diff_id", image.is_artifact() ? nlohmann::json() : nlohmann::json(image.config.diff_ids[i].str())}});
    total_size += layer.size;
  }
  nlohmann::json history = nlohmann::json::array();
  for (const auto& entry : image.config.history) {
    history.push_back(entry.to_json());
  }
  auto optional_list = [](const std::optional<std::vector<std::string>>& list) {
    return list ? nlohmann::json(*list) : nlohmann::json();
  };
  auto string_or_null = [](const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); };

  return {
    {"reference", reference_name(descriptor, ref)},
    {"manifest_digest", descriptor.digest.str()},
    {"media_type", image.manifest.media_type},
    {"artifact_type", string_or_null(image.manifest.artifact_type)},
    {"subject", image.manifest.subject ? nlohmann::json(image.manifest.subject->digest.str()) : nlohmann::json()},
    {"platform", image.is_artifact() ? nlohmann::json() : nlohmann::json(image.config.platform.str())},
    {"created", string_or_null(image.config.created)},
    {"entrypoint", optional_list(config.entrypoint)},
    {"cmd", optional_list(config.cmd)},
    {"env", config.env},
    {"working_dir", config.working_dir},
    {"user", config.user},
    {"exposed_ports", config.exposed_ports},
    {"labels", config.labels},
    {"annotations", image.manifest.annotations},
    {"layers", layers},
    {"history", history},
    {"total_size", total_size},
  };
}

// Every image of an index, and the index's own digest, annotations and size (blobs the images share
// counted once).
nlohmann::json inspect_index(const Layout& layout, const oci::Descriptor& top, std::string_view ref)
{
  LayoutContent content(layout);
  auto images = oci::resolve_index(content, top, "image '" + std::string(ref) + "'", oci::Accept::images_and_artifacts);
  const auto& index = images.front().path.front();
  std::set<oci::Digest> counted{index.descriptor.digest};
  std::int64_t total_size = index.descriptor.size;
  nlohmann::json platforms = nlohmann::json::array(), inspections = nlohmann::json::array();
  for (const auto& image : images) {
    auto blobs = image.manifest.blobs();
    blobs.push_back(image.descriptor());
    for (const auto& blob : blobs) {
      if (counted.insert(blob.digest).second) {
        total_size += blob.size;
      }
    }
    inspections.push_back(inspect_resolved(image, ref));
    if (!image.is_artifact()) {
      platforms.push_back(inspections.back()["platform"]);
    }
  }
  return {
    {"reference", reference_name(top, ref)},
    {"index_digest", top.digest.str()},
    {"media_type", top.media_type},
    {"annotations", oci::Index::parse(index.bytes, "index").annotations},
    {"platforms", platforms},
    {"images", inspections},
    {"total_size", total_size},
  };
}

} // namespace

nlohmann::json inspect_image(const Layout& layout, std::string_view ref, const std::optional<oci::Platform>& platform)
{
  auto top = find_image(layout, ref);
  if (oci::media_type::is_index(top.media_type) && !platform) {
    return inspect_index(layout, top, ref);
  }
  return inspect_resolved(resolve_image(layout, ref, platform, oci::Accept::images_and_artifacts), ref);
}

std::string format_inspection(const nlohmann::json& inspection)
{
  std::ostringstream out;
  auto line = [&](std::string_view title, const nlohmann::json& value) {
    out << title << std::string(title.size() < 13 ? 13 - title.size() : 1, ' ') << text_or_none(value) << '\n';
  };
  auto field = [&](const char* key) { return member(inspection, key); };
  auto size_of = [](const nlohmann::json& value) { return value.is_number_integer() ? value.get<std::int64_t>() : 0; };
  auto words = [](const nlohmann::json& values) {
    std::string text;
    for (const auto& value : values) {
      // Appended in two steps: `"literal" + std::string&&` trips g++ 12's -Wrestrict false positive
      // (GCC PR 105329) in consumers' -Werror unity builds.
      if (!text.empty()) {
        text += ' ';
      }
      text += text_or_none(value);
    }
    return text;
  };
  auto total_size = [&] {
    out << "Total size:  " << human_size(size_of(field("total_size"))) << " (" << size_of(field("total_size"))
        << " bytes)\n";
  };

  if (inspection.contains("images")) {
    line("Index:", field("reference"));
    line("Digest:", field("index_digest"));
    line("Media type:", field("media_type"));
    line("Platforms:", words(field("platforms")));
    total_size();
    for (const auto& image : field("images")) {
      out << "\n" << format_inspection(image);
    }
    return out.str();
  }

  line("Image:", field("reference"));
  line("Digest:", field("manifest_digest"));
  line("Media type:", field("media_type"));
  if (!field("artifact_type").is_null()) {
    line("Artifact:", field("artifact_type"));
    line("Subject:", field("subject"));
  }
  line("Platform:", field("platform"));
  line("Created:", field("created"));
  line("Entrypoint:", field("entrypoint"));
  line("Cmd:", field("cmd"));
  line("Working dir:", field("working_dir"));
  line("User:", field("user"));

  line("Ports:", words(field("exposed_ports")));

  auto list = [&](const char* title, const nlohmann::json& values) {
    if (values.empty()) {
      return;
    }
    out << title << '\n';
    if (values.is_object()) {
      for (const auto& [key, value] : values.items()) {
        out << "  " << key << '=' << text_or_none(value) << '\n';
      }
    } else {
      for (const auto& value : values) {
        out << "  " << text_or_none(value) << '\n';
      }
    }
  };
  list("Env:", field("env"));
  list("Labels:", field("labels"));
  list("Annotations:", field("annotations"));

  const auto& layers = field("layers");
  out << "Layers:      " << layers.size() << '\n';
  if (!layers.empty()) {
    auto row = [&](std::string_view number, std::string_view digest, std::string_view size, std::string_view type) {
      out << "  " << std::left << std::setw(4) << number << std::setw(72) << digest << std::right << std::setw(10)
          << size << "  " << type << '\n';
    };
    row("#", "DIGEST", "SIZE", "MEDIA TYPE");
    std::size_t number = 0;
    for (const auto& layer : layers) {
      row(std::to_string(++number), text_or_none(member(layer, "digest")), human_size(size_of(member(layer, "size"))),
          text_or_none(member(layer, "media_type")));
    }
  }
  const auto& history = field("history");
  if (!history.empty()) {
    out << "History:\n";
    for (const auto& entry : history) {
      bool empty_layer = member(entry, "empty_layer").is_boolean() && entry["empty_layer"].get<bool>();
      out << "  " << std::left << std::setw(22) << string_member(entry, "created") << string_member(entry, "created_by")
          << (empty_layer ? " (no layer)" : "") << '\n';
    }
  }
  total_size();
  return out.str();
}

} // namespace pycontainer::layout
