#include "util/log.hpp"

#include <iostream>

namespace pycontainer::log {

namespace {
Level g_level = Level::normal;
} // namespace

void set_level(Level level)
{
  g_level = level;
}

Level level()
{
  return g_level;
}

void info(std::string_view message)
{
  if (g_level != Level::quiet) {
    std::cerr << message << '\n';
  }
}

void verbose(std::string_view message)
{
  if (g_level == Level::verbose) {
    std::cerr << message << '\n';
  }
}

void warn(std::string_view message)
{
  std::cerr << "pycontainer: warning: " << message << '\n';
}

} // namespace pycontainer::log
