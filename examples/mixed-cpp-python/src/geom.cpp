#include "geom.hpp"

#include <array>
#include <cmath>

namespace geom {

double polygon_area(const std::vector<Point>& vertices)
{
  double twice = 0;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const auto& [x1, y1] = vertices[i];
    const auto& [x2, y2] = vertices[(i + 1) % vertices.size()];
    twice += x1 * y2 - x2 * y1;
  }
  return std::abs(twice) / 2;
}

std::string polygon_name(std::size_t sides)
{
  static const std::array<const char*, 7> names{"", "", "", "triangle", "quadrilateral", "pentagon", "hexagon"};
  if (sides >= 3 && sides < names.size()) {
    return names[sides];
  }
  return std::to_string(sides) + "-gon";
}

} // namespace geom
