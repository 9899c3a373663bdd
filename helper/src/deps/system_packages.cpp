#include "deps/system_packages.hpp"

#include <map>

namespace pycontainer::deps {

namespace {

// Calls `paragraph` with the "Name: value" fields of each blank-line-separated paragraph (both formats
// are such paragraphs). Continuation lines (starting with a space) are skipped: no field read here has any.
template <typename Callback>
void for_each_paragraph(std::string_view text, Callback&& paragraph)
{
  std::map<std::string, std::string, std::less<>> fields;
  auto flush = [&] {
    if (!fields.empty()) {
      paragraph(fields);
      fields.clear();
    }
  };
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      flush();
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    fields[std::string(line.substr(0, colon))] = std::string(value);
  }
  flush();
}

std::string field(const std::map<std::string, std::string, std::less<>>& fields, std::string_view name)
{
  auto found = fields.find(name);
  return found == fields.end() ? std::string() : found->second;
}

std::string unquoted(std::string value)
{
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

} // namespace

std::vector<SystemPackage> parse_dpkg_status(std::string_view text)
{
  std::vector<SystemPackage> packages;
  for_each_paragraph(text, [&](const auto& fields) {
    auto name = field(fields, "Package");
    auto version = field(fields, "Version");
    auto status = field(fields, "Status");
    // distroless's status.d files have no Status line: every paragraph there is installed.
    bool installed = status.empty() || status.ends_with(" installed");
    if (!name.empty() && !version.empty() && installed) {
      packages.push_back({"deb", name, version, field(fields, "Architecture")});
    }
  });
  return packages;
}

std::vector<SystemPackage> parse_apk_installed(std::string_view text)
{
  std::vector<SystemPackage> packages;
  for_each_paragraph(text, [&](const auto& fields) {
    auto name = field(fields, "P");
    auto version = field(fields, "V");
    if (!name.empty() && !version.empty()) {
      packages.push_back({"apk", name, version, field(fields, "A")});
    }
  });
  return packages;
}

std::string distro_of_os_release(std::string_view text)
{
  std::string id;
  std::string version;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.starts_with("ID=")) {
      id = unquoted(std::string(line.substr(3)));
    } else if (line.starts_with("VERSION_ID=")) {
      version = unquoted(std::string(line.substr(11)));
    }
  }
  if (id.empty()) {
    return "";
  }
  return version.empty() ? id : id + "-" + version;
}

} // namespace pycontainer::deps
