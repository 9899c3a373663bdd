// polygon: the area of a simple polygon (shoelace), plain C++ with no Python in it.
#pragma once

#include <utility>
#include <vector>

namespace polygon {

double area(const std::vector<std::pair<double, double>>& corners);

} // namespace polygon
