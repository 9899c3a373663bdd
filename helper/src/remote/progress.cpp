#include "remote/progress.hpp"

#include "util/log.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace pycontainer::remote {

namespace {

std::string short_id(const std::string& id)
{
  auto colon = id.find(':');
  return colon == std::string::npos ? id.substr(0, 12) : id.substr(colon + 1, 12);
}

double seconds_since(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string rate(std::int64_t bytes, double seconds)
{
  return human_bytes(seconds > 0.001 ? static_cast<std::int64_t>(static_cast<double>(bytes) / seconds) : bytes) + "/s";
}

} // namespace

std::string human_bytes(std::int64_t bytes)
{
  char buffer[32];
  if (bytes < 1000) {
    std::snprintf(buffer, sizeof buffer, "%lld B", static_cast<long long>(bytes));
  } else if (bytes < 1000 * 1000) {
    std::snprintf(buffer, sizeof buffer, "%.1f kB", static_cast<double>(bytes) / 1e3);
  } else if (bytes < 1000LL * 1000 * 1000) {
    std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / 1e6);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.2f GB", static_cast<double>(bytes) / 1e9);
  }
  return buffer;
}

Progress::Progress(bool enabled)
  : m_enabled(enabled && log::level() != log::Level::quiet), m_tty(::isatty(2) == 1)
{
}

Progress::~Progress()
{
  std::lock_guard lock(m_mutex);
  if (m_enabled && m_tty) {
    redraw(true);
  }
}

void Progress::start(const std::string& id, std::int64_t total)
{
  if (!m_enabled) {
    return;
  }
  std::lock_guard lock(m_mutex);
  m_bars[id] = Bar{total, 0, std::chrono::steady_clock::now()};
  if (m_tty) {
    redraw(false);
  }
}

void Progress::update(const std::string& id, std::int64_t done)
{
  if (!m_enabled) {
    return;
  }
  std::lock_guard lock(m_mutex);
  auto found = m_bars.find(id);
  if (found == m_bars.end()) {
    return;
  }
  found->second.done = done;
  if (m_tty) {
    redraw(false);
  }
}

void Progress::finish(const std::string& id, const std::string& outcome)
{
  if (!m_enabled) {
    return;
  }
  std::lock_guard lock(m_mutex);
  auto found = m_bars.find(id);
  std::string line = outcome + " " + id;
  if (found != m_bars.end()) {
    auto seconds = seconds_since(found->second.started);
    line += " (" + human_bytes(found->second.total);
    if (outcome == "pushed" || outcome == "pulled") {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.1f", seconds);
      line += std::string(" in ") + buffer + " s, " + rate(found->second.total, seconds);
    }
    line += ")";
    m_bars.erase(found);
  }
  if (m_tty) {
    m_finished.push_back(line);
    redraw(true);
  } else {
    log::info(line);
  }
}

void Progress::redraw(bool force)
{
  auto now = std::chrono::steady_clock::now();
  if (!force && now - m_last_draw < std::chrono::milliseconds(100)) {
    return;
  }
  m_last_draw = now;
  std::string out;
  if (m_drawn > 0) {
    out += "\x1b[" + std::to_string(m_drawn) + "A\r";
  }
  for (const auto& line : m_finished) {
    out += "\x1b[K" + line + "\n";
  }
  m_finished.clear();
  m_drawn = 0;
  for (const auto& [id, bar] : m_bars) {
    constexpr int k_width = 30;
    int filled = bar.total > 0 ? static_cast<int>(k_width * bar.done / bar.total) : 0;
    out += "\x1b[K" + short_id(id) + " [" + std::string(static_cast<std::size_t>(filled), '=') +
           std::string(static_cast<std::size_t>(k_width - filled), ' ') + "] " + human_bytes(bar.done) + " / " +
           human_bytes(bar.total) + "  " + rate(bar.done, seconds_since(bar.started)) + "\n";
    ++m_drawn;
  }
  out += "\x1b[J";
  std::cerr << out << std::flush;
}

} // namespace pycontainer::remote
