#include "project/output_targets.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace pycontainer::project {

namespace {

constexpr std::array<std::pair<std::string_view, OutputKind>, 3> k_transports{{
  {"oci", OutputKind::layout},
  {"oci-archive", OutputKind::oci_archive},
  {"docker-archive", OutputKind::docker_archive},
}};

constexpr std::string_view k_forms = "DIR, oci:DIR, oci-archive:FILE or docker-archive:FILE";

} // namespace

OutputTarget parse_output(std::string_view text)
{
  auto colon = text.find(':');
  if (colon == std::string_view::npos || text.substr(0, colon).find('/') != std::string_view::npos) {
    if (text.empty()) {
      throw UsageError("output: an empty path; give " + std::string(k_forms));
    }
    return {OutputKind::layout, std::filesystem::path(text)};
  }
  auto transport = text.substr(0, colon);
  auto path = text.substr(colon + 1);
  auto known = std::find_if(k_transports.begin(), k_transports.end(), [&](const auto& item) { return item.first == transport; });
  if (known == k_transports.end()) {
    throw UsageError("output \"" + std::string(text) + "\": unknown transport \"" + std::string(transport) +
                     "\"; give " + std::string(k_forms) + " (a directory whose name has a colon: ./" +
                     std::string(text) + ")");
  }
  if (path.empty()) {
    throw UsageError("output \"" + std::string(text) + "\": no path after \"" + std::string(transport) + ":\"");
  }
  return {known->second, std::filesystem::path(path)};
}

std::string_view to_string(OutputKind kind)
{
  switch (kind) {
  case OutputKind::layout:
    return "layout";
  case OutputKind::oci_archive:
    return "oci-archive";
  case OutputKind::docker_archive:
    return "docker-archive";
  }
  return "layout";
}

std::vector<OutputTarget> parse_outputs(const std::vector<std::string>& texts)
{
  std::vector<OutputTarget> outputs;
  for (const auto& text : texts) {
    auto output = parse_output(text);
    auto normal = std::filesystem::absolute(output.path).lexically_normal();
    for (const auto& other : outputs) {
      if (std::filesystem::absolute(other.path).lexically_normal() == normal) {
        throw UsageError("output \"" + text + "\": " + output.path.string() + " is already an output of this build");
      }
      if (output.kind == OutputKind::layout && other.kind == OutputKind::layout) {
        throw UsageError("output \"" + text + "\": a second layout (the first is " + other.path.string() +
                         "); a build writes one layout and any number of archives");
      }
    }
    std::error_code error;
    if (output.kind != OutputKind::layout && std::filesystem::is_directory(output.path, error)) {
      throw UsageError("output \"" + text + "\": " + output.path.string() +
                       " is a directory; the " + std::string(to_string(output.kind)) + " is a file (name one)");
    }
    outputs.push_back(std::move(output));
  }
  return outputs;
}

} // namespace pycontainer::project
