#include "oci/image_config.hpp"

#include "util/error.hpp"

#include <ctime>

namespace pycontainer::oci {

namespace {

void merge_env(nlohmann::json& config, const std::vector<std::pair<std::string, std::string>>& changes)
{
  nlohmann::json env = config.contains("Env") && config["Env"].is_array() ? config["Env"] : nlohmann::json::array();
  for (const auto& [key, value] : changes) {
    std::string entry = key + "=" + value;
    bool replaced = false;
    for (auto& existing : env) {
      if (existing.is_string() && existing.get<std::string>().starts_with(key + "=")) {
        existing = entry;
        replaced = true;
      }
    }
    if (!replaced) {
      env.push_back(entry);
    }
  }
  if (!env.empty()) {
    config["Env"] = env;
  }
}

std::string normalise_port(const std::string& port)
{
  return port.find('/') == std::string::npos ? port + "/tcp" : port;
}

} // namespace

std::string rfc3339_utc(std::int64_t seconds)
{
  std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

nlohmann::json derive_image_config(const nlohmann::json& base_config, const Platform& platform,
                                   const ConfigChanges& changes, const std::vector<LayerHistory>& layers,
                                   std::string_view created)
{
  nlohmann::json image = base_config.is_object() ? base_config : nlohmann::json::object();
  image["architecture"] = platform.architecture;
  image["os"] = platform.os;
  if (platform.variant.empty()) {
    image.erase("variant");
  } else {
    image["variant"] = platform.variant;
  }
  image["created"] = std::string(created);

  nlohmann::json& config = image["config"];
  if (!config.is_object()) {
    config = nlohmann::json::object();
  }
  merge_env(config, changes.env);
  if (!changes.labels.empty()) {
    nlohmann::json& labels = config["Labels"];
    if (!labels.is_object()) {
      labels = nlohmann::json::object();
    }
    for (const auto& [key, value] : changes.labels) {
      labels[key] = value;
    }
  }
  if (changes.user) {
    config["User"] = *changes.user;
  }
  if (changes.workdir) {
    config["WorkingDir"] = *changes.workdir;
  }
  if (!changes.exposed_ports.empty()) {
    nlohmann::json& ports = config["ExposedPorts"];
    if (!ports.is_object()) {
      ports = nlohmann::json::object();
    }
    for (const auto& port : changes.exposed_ports) {
      ports[normalise_port(port)] = nlohmann::json::object();
    }
  }
  if (changes.entrypoint) {
    config["Entrypoint"] = *changes.entrypoint;
    if (!changes.cmd) {
      config.erase("Cmd");
    }
  }
  if (changes.cmd) {
    config["Cmd"] = *changes.cmd;
  }

  nlohmann::json& rootfs = image["rootfs"];
  if (!rootfs.is_object()) {
    rootfs = nlohmann::json::object();
  }
  rootfs["type"] = "layers";
  nlohmann::json& diff_ids = rootfs["diff_ids"];
  if (!diff_ids.is_array()) {
    diff_ids = nlohmann::json::array();
  }
  nlohmann::json& history = image["history"];
  if (!history.is_array()) {
    history = nlohmann::json::array();
  }
  for (const auto& layer : layers) {
    diff_ids.push_back(layer.diff_id.str());
    history.push_back({{"created", std::string(created)}, {"created_by", layer.created_by}});
  }
  return image;
}

} // namespace pycontainer::oci
