#include "project/base_source.hpp"

#include "ref/reference.hpp"
#include "util/error.hpp"

#include <string_view>
#include <utility>

namespace pycontainer::project {

namespace {

// Splits "PATH[:REF]": the colon belongs to the path when what follows contains '/'.
std::pair<std::string, std::string> split_location(const std::string& text)
{
  auto colon = text.rfind(':');
  if (colon == std::string::npos || text.find('/', colon) != std::string::npos) {
    return {text, ""};
  }
  return {text.substr(0, colon), text.substr(colon + 1)};
}

} // namespace

BaseSource parse_base_source(const std::string& argument)
{
  BaseSource source;
  if (argument == "scratch") {
    return source;
  }
  for (auto [prefix, kind] : {std::pair{std::string_view("oci:"), BaseSource::Kind::oci_layout},
                              std::pair{std::string_view("oci-archive:"), BaseSource::Kind::oci_archive}}) {
    if (argument.starts_with(prefix)) {
      auto [location, ref] = split_location(argument.substr(prefix.size()));
      if (location.empty()) {
        throw UsageError("--base-image \"" + argument + "\": no path after \"" + std::string(prefix) + "\"");
      }
      source.kind = kind;
      source.location = location;
      source.ref = ref;
      return source;
    }
  }
  source.kind = BaseSource::Kind::registry;
  source.location = with_context("--base-image", [&] { return ref::Reference::parse(argument).str(); });
  return source;
}

} // namespace pycontainer::project
