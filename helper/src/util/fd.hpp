#pragma once

#include <unistd.h>

#include <utility>

namespace pycontainer::util {

// Owns one file descriptor and closes it on destruction. Move-only; -1 means none.
class Fd {
public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() { close(); }
  Fd(Fd&& other) noexcept : m_fd(other.release()) {}
  Fd& operator=(Fd&& other) noexcept
  {
    if (this != &other) {
      close();
      m_fd = other.release();
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return m_fd; }
  explicit operator bool() const { return m_fd >= 0; }

  // Gives the descriptor up without closing it.
  int release() { return std::exchange(m_fd, -1); }

  // Closes now; false (errno set) when close(2) failed, which for a written file can mean lost data.
  // The descriptor is gone either way.
  bool close()
  {
    if (m_fd < 0) {
      return true;
    }
    return ::close(release()) == 0;
  }

private:
  int m_fd = -1;
};

} // namespace pycontainer::util
