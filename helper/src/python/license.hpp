#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Licenses as Python packaging metadata gives them, made SPDX expressions or nothing: PEP 639's
// `license` string and License-Expression, the older free-text `license` fields, Trove classifiers.
namespace pycontainer::python {

// Whether `text` is an SPDX license expression (SPDX 2.3, annex D): license ids (letters, digits, '-',
// '.'; an optional '+'), `LicenseRef-...` and `DocumentRef-...:LicenseRef-...`, joined by AND and OR
// (upper case), with `WITH exception-id` and parentheses. An id the SPDX list does not hold passes
// when well formed; one that names a file (LICENSE.txt, COPYING, *.md) does not.
bool is_spdx_expression(std::string_view text);

// A free-text license field (setup.cfg `license`, `license = {text = ...}`, METADATA's License:) as an
// SPDX expression: only when it is an expression of well-known SPDX ids ("MIT", "Apache-2.0 OR MIT"),
// since such fields often hold a name ("BSD"), a whole license text or a file name.
std::optional<std::string> known_spdx_expression(std::string_view text);

// The SPDX id of the one license the Trove classifiers among `classifiers` name ("License :: OSI
// Approved :: MIT License" -> "MIT"); nullopt when they name none, several, or one of no single
// version ("License :: OSI Approved :: BSD License").
std::optional<std::string> classifiers_license(const std::vector<std::string>& classifiers);

} // namespace pycontainer::python
