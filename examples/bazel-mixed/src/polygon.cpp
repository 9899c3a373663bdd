#include "src/polygon.hpp"

#include <cmath>

namespace polygon {

double area(const std::vector<std::pair<double, double>>& corners)
{
  double twice_area = 0;
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const auto& [x1, y1] = corners[i];
    const auto& [x2, y2] = corners[(i + 1) % corners.size()];
    twice_area += x1 * y2 - x2 * y1;
  }
  return std::fabs(twice_area) / 2;
}

} // namespace polygon
