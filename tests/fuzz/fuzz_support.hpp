#pragma once

// What the libFuzzer harnesses share. A harness feeds its input to one parser of outside input. Our
// errors (pycontainer::Error: UsageError and the rest) are the parser's expected answer to bad input;
// anything else fails the run with the input saved: a crash, an ASan or UBSan report, a hang, and any
// other exception (std::out_of_range, nlohmann::json's type_error...), which would reach the user as
// "internal error".

#include "util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>

namespace pycontainer::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `parse`, taking a pycontainer::Error as a rejection; every other exception escapes the harness,
// which libFuzzer reports as a crash.
template <typename Parse>
void expect_our_errors(Parse&& parse)
{
  try {
    std::forward<Parse>(parse)();
  } catch (const Error&) {
  }
}

// The first and the rest of `text`, split at the first NUL: harnesses with two inputs (rules and the
// paths to test, a pattern and a path) take them this way.
inline std::pair<std::string_view, std::string_view> split_at_nul(std::string_view text)
{
  auto nul = text.find('\0');
  if (nul == std::string_view::npos) {
    return {text, {}};
  }
  return {text.substr(0, nul), text.substr(nul + 1)};
}

// A file named `name` in a directory of its own, for parsers that read a path; write() replaces its
// content with each input. The directory is removed when the process exits normally (a crash leaves it
// in $TMPDIR beside the saved input).
class ScratchFile {
public:
  explicit ScratchFile(const std::string& name)
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "pycontainer-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::abort();
    }
    m_directory = pattern;
    m_path = m_directory / name;
  }
  ~ScratchFile() { std::filesystem::remove_all(m_directory); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::filesystem::path& write(std::string_view content) const
  {
    std::ofstream(m_path, std::ios::binary | std::ios::trunc).write(content.data(), std::streamsize(content.size()));
    return m_path;
  }

  // Another file in the same directory, for parsers that read a file beside the first (pyproject.toml
  // beside poetry.lock).
  void write_beside(const std::string& name, std::string_view content) const
  {
    std::ofstream(m_directory / name, std::ios::binary | std::ios::trunc)
      .write(content.data(), std::streamsize(content.size()));
  }

private:
  std::filesystem::path m_directory;
  std::filesystem::path m_path;
};

} // namespace pycontainer::fuzz
