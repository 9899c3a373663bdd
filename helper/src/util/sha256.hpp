#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace pycontainer::util {

// Streaming SHA-256 (OpenSSL EVP).
class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void update(const void* data, std::size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }

  // Lower-case hex of the digest; the hasher cannot be updated afterwards.
  std::string finish_hex();
  // The raw 32 bytes of the digest, likewise final.
  std::string finish_bytes();

private:
  struct State;
  std::unique_ptr<State> m_state;
};

std::string sha256_hex(std::string_view data);

// The lower-case hex SHA-256 of a file's content, streamed; opened as open_input_file() does (IoError naming the path).
std::string sha256_file_hex(const std::filesystem::path& path);

} // namespace pycontainer::util
