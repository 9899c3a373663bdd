#include "util/depfile.hpp"

#include "util/file.hpp"

namespace pycontainer::util {

std::string escape_depfile_path(const std::string& path)
{
  std::string escaped;
  escaped.reserve(path.size());
  for (char c : path) {
    if (c == ' ' || c == '#') {
      escaped += '\\';
    } else if (c == '$') {
      escaped += '$';
    }
    escaped += c;
  }
  return escaped;
}

void write_depfile(const std::filesystem::path& depfile, const std::filesystem::path& target,
                   const std::vector<std::filesystem::path>& dependencies)
{
  std::string text = escape_depfile_path(target.lexically_normal().string()) + ":";
  for (const auto& dependency : dependencies) {
    text += " \\\n  " + escape_depfile_path(std::filesystem::absolute(dependency).lexically_normal().string());
  }
  text += '\n';
  write_file_atomic(depfile, text);
}

} // namespace pycontainer::util
