#pragma once

#include <string>
#include <string_view>
#include <vector>

// The lines of an installed distribution's RECORD (PEP 376/627): CSV as Python's csv module writes it,
// `path,sha256=<urlsafe base64>,size`, a field holding ',' or '"' quoted with "" for '"'.
namespace pycontainer::deps {

// The fields of one RECORD line.
std::vector<std::string> record_fields(std::string_view line);

} // namespace pycontainer::deps
