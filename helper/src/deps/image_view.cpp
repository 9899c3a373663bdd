#include "deps/image_view.hpp"

#include "deps/base_files.hpp"
#include "deps/elf.hpp"
#include "layer/layer_reader.hpp"
#include "util/atomic_file.hpp"

#include <map>

namespace pycontainer::deps {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_max_python_configuration_size = 1024 * 1024;

// The current entry of `reader` (its first bytes, `head`, read already) as an ELF file.
std::optional<ElfInfo> read_elf_entry(layer::LayerReader& reader, const std::string& head)
{
  // read_elf seeks (the section headers are at the end): a scratch copy, never committed, so removed.
  util::AtomicFile scratch(fs::temp_directory_path() / "pycontainer-verify.elf");
  scratch.write(head);
  reader.read_content([&](const void* data, std::size_t size) { scratch.write(data, size); });
  return read_elf(scratch.temp_path());
}

} // namespace

bool is_python_configuration(const std::string& path)
{
  return path.ends_with("/pyvenv.cfg") || path.ends_with(".pth");
}

ImageView read_image_view(const std::vector<ImageLayer>& layers, const std::string& architecture)
{
  ImageView image;
  std::map<std::string, LinkObject> objects; // by path: a file of an upper layer replaces a lower one's
  for (const auto& layer : layers) {
    apply_layer_to_view(image.files, layer.blob, layer.media_type,
                        [&](const std::string& path, ViewNode& node, layer::LayerReader& reader) {
      node.own = layer.own;
      if (is_python_configuration(path)) {
        image.files.set_content(path, reader.content(k_max_python_configuration_size));
        return;
      }
      if (!layer.own || is_loader_configuration(path)) {
        read_loader_file(image.files, path, node, reader);
        return;
      }
      auto head = reader.head(k_elf_identity_size);
      auto identity = elf_identity(head);
      if (!identity) {
        return;
      }
      node.elf_machine = identity->machine;
      node.elf_64 = identity->is_64;
      if (auto elf = read_elf_entry(reader, head); elf && elf_architecture(*elf) == architecture) {
        objects[path] = LinkObject{path, std::move(*elf), layer.about};
      }
    });
  }
  for (auto& [path, object] : objects) {
    const auto* node = image.files.find(path);
    if (node && node->own && node->kind == ViewNode::Kind::regular && node->elf_machine == object.elf.machine) {
      image.own_objects.push_back(std::move(object));
    }
  }
  return image;
}

} // namespace pycontainer::deps
