#include "pipeline/link_files.hpp"

#include "deps/elf.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/json_field.hpp"

#include <nlohmann/json.hpp>

namespace pycontainer::pipeline {

namespace {

using util::JsonType;

constexpr std::string_view k_format = "pycontainer link files 1";
constexpr std::size_t k_max_size = 256 * 1024 * 1024;

nlohmann::json optional_string(const std::optional<std::string>& value)
{
  return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json to_json(const LinkFiles& files, const oci::Digest& diff_id)
{
  auto paths = nlohmann::json::array();
  for (const auto& [path, node] : files.paths) {
    auto item = nlohmann::json::array({std::string(1, static_cast<char>(node.kind)), path});
    if (node.kind == deps::ViewNode::Kind::symlink) {
      item.push_back(node.link_target);
    } else if (node.elf_machine != 0) {
      item.push_back(node.elf_machine);
      item.push_back(node.elf_64);
    }
    paths.push_back(std::move(item));
  }
  auto objects = nlohmann::json::array();
  for (const auto& object : files.objects) {
    objects.push_back({{"path", object.path},
                       {"about", object.about},
                       {"machine", object.elf.machine},
                       {"is_64", object.elf.is_64},
                       {"needed", object.elf.needed},
                       {"rpath", optional_string(object.elf.rpath)},
                       {"runpath", optional_string(object.elf.runpath)},
                       {"soname", object.elf.soname}});
  }
  return {{"diff_id", diff_id.str()}, {"paths", std::move(paths)}, {"elf", std::move(objects)}};
}

std::string string_at(const nlohmann::json& array, std::size_t index)
{
  if (index >= array.size()) {
    throw UsageError("expected " + std::to_string(index + 1) + " items");
  }
  return util::expect_json_type(array[index], JsonType::string, "item " + std::to_string(index)).get<std::string>();
}

std::optional<std::string> optional_string_field(const nlohmann::json& object, const char* key)
{
  const auto* value = util::find_json_field(object, key, JsonType::string);
  return value ? std::optional(value->get<std::string>()) : std::nullopt;
}

deps::ViewNode::Kind kind_of(const std::string& letter)
{
  using Kind = deps::ViewNode::Kind;
  for (auto kind : {Kind::directory, Kind::regular, Kind::symlink}) {
    if (letter.size() == 1 && letter[0] == static_cast<char>(kind)) {
      return kind;
    }
  }
  throw UsageError("unknown kind \"" + letter + "\"");
}

std::pair<std::string, deps::ViewNode> path_from_json(const nlohmann::json& item)
{
  util::expect_json_type(item, JsonType::array, "path");
  deps::ViewNode node;
  node.own = true;
  node.kind = kind_of(string_at(item, 0));
  auto path = string_at(item, 1);
  if (node.kind == deps::ViewNode::Kind::symlink) {
    node.link_target = string_at(item, 2);
  } else if (item.size() == 4) {
    node.elf_machine = util::expect_json_type(item[2], JsonType::integer, "machine").get<std::uint16_t>();
    node.elf_64 = util::expect_json_type(item[3], JsonType::boolean, "class").get<bool>();
  }
  return {std::move(path), std::move(node)};
}

deps::LinkObject object_from_json(const nlohmann::json& item)
{
  util::expect_json_type(item, JsonType::object, "elf");
  auto string_field = [&](const char* key) {
    return util::required_json_field(item, key, JsonType::string).get<std::string>();
  };
  deps::LinkObject object;
  object.path = string_field("path");
  object.about = string_field("about");
  object.elf.machine = util::required_json_field(item, "machine", JsonType::integer).get<std::uint16_t>();
  object.elf.is_64 = util::required_json_field(item, "is_64", JsonType::boolean).get<bool>();
  object.elf.needed = util::json_string_array(util::required_json_field(item, "needed", JsonType::array), "needed");
  object.elf.rpath = optional_string_field(item, "rpath");
  object.elf.runpath = optional_string_field(item, "runpath");
  object.elf.soname = string_field("soname");
  return object;
}

} // namespace

LinkFiles link_files(const project::LayerPlan& layer)
{
  LinkFiles files;
  files.paths.reserve(layer.entries.size());
  for (const auto& entry : layer.entries) {
    deps::ViewNode node;
    node.own = true;
    auto path = "/" + entry.path;
    if (entry.type == layer::EntryType::directory) {
      node.kind = deps::ViewNode::Kind::directory;
    } else if (entry.type == layer::EntryType::symlink) {
      node.kind = deps::ViewNode::Kind::symlink;
      node.link_target = entry.link_target;
    } else if (bool too_small = entry.inode != 0 && entry.size < deps::k_smallest_elf_file;
               !too_small && !entry.source.empty()) {
      if (auto elf = deps::read_elf(entry.source)) {
        node.elf_machine = elf->machine;
        node.elf_64 = elf->is_64;
        files.objects.push_back({path, std::move(*elf), "'" + entry.source + "', layer \"" + layer.name + "\""});
      }
    }
    files.paths.emplace_back(std::move(path), std::move(node));
  }
  return files;
}

void write_link_files(const std::filesystem::path& file, const std::vector<LayerRecord>& records,
                      const std::vector<LinkFiles>& layers)
{
  auto array = nlohmann::json::array();
  for (std::size_t i = 0; i < records.size(); ++i) {
    array.push_back(to_json(layers.at(i), records[i].diff_id));
  }
  nlohmann::json document{{"format", k_format}, {"layers", std::move(array)}};
  util::write_file_if_changed(file, document.dump() + "\n");
}

std::vector<LinkFiles> read_link_files(const LayersRecord& record, const std::filesystem::path& record_file)
{
  if (record.link_files.empty()) {
    throw UsageError("record '" + record_file.string() +
                     "' names no link files for the link check (an older pycontainer wrote it): delete it, and "
                     "the step that writes it runs again");
  }
  const auto& file = record.link_files;
  return with_context("link files '" + file.string() + "' of record '" + record_file.string() + "'", [&] {
    if (!std::filesystem::is_regular_file(file)) {
      throw UsageError("missing: delete the record, and the step that writes them runs again");
    }
    auto json = nlohmann::json::parse(util::read_file(file, k_max_size), nullptr, false);
    if (json.is_discarded() || !json.is_object() || util::json_string_field(json, "format") != k_format) {
      throw UsageError("not \"" + std::string(k_format) + "\" JSON");
    }
    const auto& layers = util::required_json_field(json, "layers", JsonType::array);
    if (layers.size() != record.layers.size()) {
      throw UsageError("they describe " + std::to_string(layers.size()) + " layer(s), the record " +
                       std::to_string(record.layers.size()) + ": run the step again");
    }
    std::vector<LinkFiles> result;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      with_context("layers[" + std::to_string(i) + "]", [&] {
        const auto& layer = util::expect_json_type(layers[i], JsonType::object, "layer");
        auto diff_id = util::required_json_field(layer, "diff_id", JsonType::string).get<std::string>();
        if (diff_id != record.layers[i].diff_id.str()) {
          throw UsageError("they describe layer " + diff_id + ", the record " + record.layers[i].diff_id.str() +
                           ": run the step again");
        }
        result.push_back({json_array_of(layer, "paths", path_from_json), json_array_of(layer, "elf", object_from_json)});
      });
    }
    return result;
  });
}

} // namespace pycontainer::pipeline
