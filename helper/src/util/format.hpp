#pragma once

#include <cstdint>
#include <string>

namespace pycontainer::util {

// A byte count in binary units for people: "512 B", "1.5 KiB", "12.3 MiB", "1.1 GiB".
std::string human_binary_size(std::uint64_t bytes);

} // namespace pycontainer::util
