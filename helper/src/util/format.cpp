#include "util/format.hpp"

#include <cstdio>

namespace pycontainer::util {

std::string human_binary_size(std::uint64_t bytes)
{
  static constexpr const char* k_units[] = {"B", "KiB", "MiB", "GiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, k_units[unit]);
  }
  return text;
}

} // namespace pycontainer::util
