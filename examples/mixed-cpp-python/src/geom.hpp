// geom: a shared library of the project (libgeom.so.1), written with the C++ standard library, that the
// fastmath extension links.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace geom {

using Point = std::pair<double, double>;

// The area of the simple polygon with these vertices, in order (the shoelace formula).
double polygon_area(const std::vector<Point>& vertices);

// What a polygon of `sides` sides is called: "triangle", "square"... ("7-gon" beyond the names known).
std::string polygon_name(std::size_t sides);

} // namespace geom
