#include "util/log.hpp"

#include <iostream>
#include <mutex>
#include <string>

namespace pycontainer::log {

namespace {
Level g_level = Level::normal;
std::mutex g_output_mutex; // layers are packed on several threads: one message, one line

void write_line(std::string_view prefix, std::string_view message)
{
  std::string line;
  line.reserve(prefix.size() + message.size() + 1);
  line.append(prefix).append(message).push_back('\n');
  std::lock_guard lock(g_output_mutex);
  std::cerr << line << std::flush;
}
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
    write_line("", message);
  }
}

void verbose(std::string_view message)
{
  if (g_level == Level::verbose) {
    write_line("", message);
  }
}

void warn(std::string_view message)
{
  write_line("pycontainer: warning: ", message);
}

} // namespace pycontainer::log
