#pragma once

#include "deps/file_view.hpp"
#include "deps/library_resolver.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace pycontainer::deps {

// One layer blob of an image, bottom first.
struct ImageLayer {
  std::filesystem::path blob;
  std::string media_type;
  bool own = false;  // added by the image's build (its ELF files are checked), else the base's (trusted)
  std::string about; // for messages: "layer 3 (sha256:0123456789ab)"
};

struct ImageView {
  FileView files;
  // The ELF files for the image's architecture its own layers add, as the top layer leaves them, sorted
  // by path.
  std::vector<LinkObject> own_objects;
};

// An image's whole file system for the checks of `pycontainer verify`: of every layer what
// deps::base_file_view keeps of a base's, the content of Python's configuration (deps::is_python_configuration);
// of the own layers, every ELF file's DT_NEEDED, search paths and SONAME (each copied to a scratch file
// in the temporary directory, as the ELF reader seeks, and removed). `architecture` is the image's
// (OCI's name, "amd64"). Each blob is checked against its digest, its file's name.
ImageView read_image_view(const std::vector<ImageLayer>& layers, const std::string& architecture);

// Whether the image view keeps the content of the file at `path` for Python's search path: a venv's
// pyvenv.cfg, *.pth files.
bool is_python_configuration(const std::string& path);

} // namespace pycontainer::deps
