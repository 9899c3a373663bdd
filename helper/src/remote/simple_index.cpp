#include "remote/simple_index.hpp"

#include "remote/registry_error.hpp"
#include "remote/url.hpp"
#include "util/format.hpp"
#include "util/string.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cctype>
#include <optional>
#include <utility>

namespace pycontainer::remote {

namespace {

// Appends code point `code` to `out` as UTF-8.
void append_utf8(std::string& out, unsigned long code)
{
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The HTML attributes of one tag, names lower-cased, values decoded; a name without value maps to "".
using HtmlAttributes = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> html_attribute(const HtmlAttributes& attributes, std::string_view name)
{
  for (const auto& [key, value] : attributes) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

bool is_html_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Reads the attributes of the tag whose name ends at `position`, up to its '>' (position is left after it).
HtmlAttributes read_html_attributes(std::string_view html, std::size_t& position)
{
  HtmlAttributes attributes;
  while (position < html.size()) {
    while (position < html.size() && (is_html_space(html[position]) || html[position] == '/')) {
      ++position;
    }
    if (position >= html.size() || html[position] == '>') {
      ++position;
      break;
    }
    std::size_t name_start = position;
    while (position < html.size() && !is_html_space(html[position]) && html[position] != '=' && html[position] != '>' &&
           html[position] != '/') {
      ++position;
    }
    std::string name = util::to_lower(html.substr(name_start, position - name_start));
    while (position < html.size() && is_html_space(html[position])) {
      ++position;
    }
    std::string value;
    if (position < html.size() && html[position] == '=') {
      ++position;
      while (position < html.size() && is_html_space(html[position])) {
        ++position;
      }
      if (position < html.size() && (html[position] == '"' || html[position] == '\'')) {
        char quote = html[position++];
        auto end = html.find(quote, position);
        end = end == std::string_view::npos ? html.size() : end;
        value = decode_html_entities(html.substr(position, end - position));
        position = end + 1;
      } else {
        std::size_t value_start = position;
        while (position < html.size() && !is_html_space(html[position]) && html[position] != '>') {
          ++position;
        }
        value = decode_html_entities(html.substr(value_start, position - value_start));
      }
    }
    attributes.emplace_back(std::move(name), std::move(value));
  }
  return attributes;
}

// Whether `html` has the tag `name` (lower case) at `position` (just after '<').
bool is_tag(std::string_view html, std::size_t position, std::string_view name)
{
  if (position + name.size() > html.size() || !util::iequals(html.substr(position, name.size()), name)) {
    return false;
  }
  auto after = position + name.size();
  return after == html.size() || is_html_space(html[after]) || html[after] == '>' || html[after] == '/';
}

// An IndexFile for `href` on the page at `base_url`, its fragment taken out.
IndexFile file_of_href(std::string_view base_url, std::string_view href)
{
  IndexFile file;
  href = util::trim(href);
  file.hashes.clear();
  if (auto hash = hash_of_fragment(href); !hash.empty()) {
    file.hashes.push_back(hash);
  }
  href = href.substr(0, href.find('#'));
  file.url = resolve_location(base_url, href);
  std::string_view path = file.url;
  path = path.substr(0, path.find('?'));
  file.filename = util::percent_decode(path.substr(path.rfind('/') + 1));
  return file;
}

} // namespace

std::string project_of_filename(std::string_view filename)
{
  if (filename.ends_with(".whl")) {
    auto dash = filename.find('-');
    return dash == std::string_view::npos ? "" : util::normalise_project_name(filename.substr(0, dash));
  }
  static constexpr std::array<std::string_view, 6> k_sdist_suffixes = {".tar.gz", ".zip", ".tar.bz2", ".tar.xz",
                                                                       ".tgz", ".tar"};
  for (auto suffix : k_sdist_suffixes) {
    if (filename.ends_with(suffix)) {
      for (std::size_t dash = filename.find('-'); dash != std::string_view::npos; dash = filename.find('-', dash + 1)) {
        if (dash + 1 < filename.size() && std::isdigit(static_cast<unsigned char>(filename[dash + 1]))) {
          return util::normalise_project_name(filename.substr(0, dash));
        }
      }
      return "";
    }
  }
  return "";
}

std::string hash_of_fragment(std::string_view url)
{
  auto hash = url.find('#');
  if (hash == std::string_view::npos) {
    return "";
  }
  static constexpr std::array<std::string_view, 6> k_algorithms = {"sha256", "sha512", "sha384", "sha224", "sha1",
                                                                   "md5"};
  for (auto part : util::split(url.substr(hash + 1), '&')) {
    auto equals = part.find('=');
    if (equals == std::string_view::npos) {
      continue;
    }
    auto algorithm = util::to_lower(part.substr(0, equals));
    for (auto known : k_algorithms) {
      if (algorithm == known) {
        return algorithm + ":" + util::to_lower(part.substr(equals + 1));
      }
    }
  }
  return "";
}

std::string decode_html_entities(std::string_view text)
{
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> k_named = {
    {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}}};
  std::string result;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto semicolon = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semicolon == std::string_view::npos || semicolon - i > 10) {
      result += text[i];
      continue;
    }
    auto name = text.substr(i + 1, semicolon - i - 1);
    bool decoded = false;
    if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      auto digits = name.substr(hex ? 2 : 1);
      unsigned long code = 0;
      bool valid = !digits.empty();
      for (char c : digits) {
        if (hex ? !std::isxdigit(static_cast<unsigned char>(c)) : !std::isdigit(static_cast<unsigned char>(c))) {
          valid = false;
          break;
        }
        code = code * (hex ? 16 : 10) +
               static_cast<unsigned long>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                                                                                     : std::tolower(c) - 'a' + 10);
      }
      if (valid && code > 0 && code <= 0x10FFFF) {
        append_utf8(result, code);
        decoded = true;
      }
    } else {
      for (const auto& [entity, replacement] : k_named) {
        if (name == entity) {
          result += replacement;
          decoded = true;
          break;
        }
      }
    }
    if (decoded) {
      i = semicolon;
    } else {
      result += text[i];
    }
  }
  return result;
}

std::vector<IndexFile> parse_simple_html(std::string_view page_url, std::string_view html)
{
  std::vector<IndexFile> files;
  std::string base_url(page_url);
  std::size_t position = 0;
  while ((position = html.find('<', position)) != std::string_view::npos) {
    ++position;
    if (html.substr(position).starts_with("!--")) {
      auto end = html.find("-->", position);
      position = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (is_tag(html, position, "base")) {
      position += 4;
      if (auto href = html_attribute(read_html_attributes(html, position), "href"); href && !href->empty()) {
        base_url = resolve_location(page_url, util::trim(*href));
      }
      continue;
    }
    if (!is_tag(html, position, "a")) {
      continue;
    }
    position += 1;
    auto attributes = read_html_attributes(html, position);
    auto href = html_attribute(attributes, "href");
    if (!href || util::trim(*href).empty()) {
      continue;
    }
    auto file = file_of_href(base_url, *href);
    if (file.filename.empty()) {
      continue;
    }
    file.yanked = html_attribute(attributes, "data-yanked").has_value();
    file.requires_python = std::string(util::trim(html_attribute(attributes, "data-requires-python").value_or("")));
    files.push_back(std::move(file));
  }
  return files;
}

std::vector<IndexFile> parse_simple_json(std::string_view page_url, std::string_view json)
{
  auto invalid = [&](const std::string& why) {
    return RegistryError("package index page " + std::string(page_url) + ": " + why +
                           " (expected PEP 691 JSON: {\"files\": [{\"filename\", \"url\", \"hashes\"}]})",
                         std::string(page_url), 200, "", false);
  };
  auto document = nlohmann::json::parse(json, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    throw invalid("not a JSON object");
  }
  if (!document.contains("files") || !document["files"].is_array()) {
    throw invalid("no \"files\" list");
  }
  std::vector<IndexFile> files;
  for (const auto& entry : document["files"]) {
    if (!entry.is_object() || !entry.contains("url") || !entry["url"].is_string()) {
      throw invalid("a file without a \"url\" string");
    }
    auto file = file_of_href(page_url, entry["url"].get<std::string>());
    if (entry.contains("filename") && entry["filename"].is_string()) {
      file.filename = entry["filename"].get<std::string>();
    }
    if (entry.contains("hashes") && entry["hashes"].is_object()) {
      file.hashes.clear();
      for (const auto& [algorithm, value] : entry["hashes"].items()) {
        if (value.is_string()) {
          file.hashes.push_back(util::to_lower(algorithm) + ":" + util::to_lower(value.get<std::string>()));
        }
      }
    }
    if (entry.contains("requires-python") && entry["requires-python"].is_string()) {
      file.requires_python = entry["requires-python"].get<std::string>();
    }
    if (entry.contains("yanked")) {
      const auto& yanked = entry["yanked"];
      file.yanked = (yanked.is_boolean() && yanked.get<bool>()) || yanked.is_string();
    }
    files.push_back(std::move(file));
  }
  return files;
}

} // namespace pycontainer::remote
