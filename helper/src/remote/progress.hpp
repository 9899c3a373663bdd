#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace pycontainer::remote {

// Per-blob progress on stderr, safe to use from several threads. On a TTY: one bar per blob in
// flight (bytes, rate), redrawn at most ten times a second, replaced by a line when it ends. Not a
// TTY: one line per finished blob. Nothing with --quiet or when disabled.
class Progress {
public:
  explicit Progress(bool enabled);
  ~Progress();

  void start(const std::string& id, std::int64_t total);
  void update(const std::string& id, std::int64_t done);
  // `outcome`: "pulled", "pushed", "mounted", "exists".
  void finish(const std::string& id, const std::string& outcome);

private:
  struct Bar {
    std::int64_t total = 0;
    std::int64_t done = 0;
    std::chrono::steady_clock::time_point started;
  };
  void redraw(bool force); // m_mutex held

  bool m_enabled;
  bool m_tty;
  std::mutex m_mutex;
  std::map<std::string, Bar> m_bars;
  std::vector<std::string> m_finished; // lines not yet printed (TTY mode)
  int m_drawn = 0;
  std::chrono::steady_clock::time_point m_last_draw;
};

// "12.3 MB"
std::string human_bytes(std::int64_t bytes);

} // namespace pycontainer::remote
