#include "oci/derive_config.hpp"

#include <ctime>

namespace pycontainer::oci {

std::string rfc3339_utc(std::int64_t seconds)
{
  std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::vector<bool> layers_added_by_build(const ImageConfig& config)
{
  std::vector<bool> added;
  for (const auto& entry : config.history) {
    if (!entry.empty_layer) {
      added.push_back(entry.created_by.starts_with(k_build_history_prefix));
    }
  }
  if (added.size() != config.diff_ids.size()) {
    return std::vector<bool>(config.diff_ids.size(), false);
  }
  return added;
}

ImageConfig derive_image_config(ImageConfig image, const Platform& platform, const ConfigChanges& changes,
                                const std::vector<LayerHistory>& layers, std::string_view created)
{
  image.platform = platform;
  image.created = std::string(created);

  auto& config = image.config;
  for (const auto& [key, value] : changes.env) {
    config.set_env(key, value);
  }
  for (const auto& [key, value] : changes.labels) {
    config.labels[key] = value;
  }
  if (changes.user) {
    config.user = *changes.user;
  }
  if (changes.workdir) {
    config.working_dir = *changes.workdir;
  }
  for (const auto& port : changes.exposed_ports) {
    config.exposed_ports.insert(port.find('/') == std::string::npos ? port + "/tcp" : port);
  }
  if (changes.entrypoint) {
    config.entrypoint = changes.entrypoint;
    if (!changes.cmd) {
      config.cmd.reset();
    }
  }
  if (changes.cmd) {
    config.cmd = changes.cmd;
  }

  for (const auto& layer : layers) {
    image.diff_ids.push_back(layer.diff_id);
    HistoryEntry entry;
    entry.created = std::string(created);
    entry.created_by = layer.created_by;
    image.history.push_back(std::move(entry));
  }
  return image;
}

} // namespace pycontainer::oci
