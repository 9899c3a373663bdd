#include "util/sha256.hpp"

#include "util/fd.hpp"
#include "util/file.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <stdexcept>
#include <vector>

namespace pycontainer::util {

struct Sha256::State {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  ~State() { EVP_MD_CTX_free(context); }
};

Sha256::Sha256() : m_state(std::make_unique<State>())
{
  if (!m_state->context || EVP_DigestInit_ex(m_state->context, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
  }
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, std::size_t size)
{
  EVP_DigestUpdate(m_state->context, data, size);
}

std::string Sha256::finish_bytes()
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(m_state->context, digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Sha256::finish_hex()
{
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string digest = finish_bytes();
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex.push_back(k_hex[byte >> 4]);
    hex.push_back(k_hex[byte & 0xf]);
  }
  return hex;
}

std::string sha256_hex(std::string_view data)
{
  Sha256 hasher;
  hasher.update(data);
  return hasher.finish_hex();
}

std::string sha256_file_hex(const std::filesystem::path& path)
{
  struct ::stat status {};
  Fd file(open_input_file(path, status));
  std::vector<char> buffer(256 * 1024);
  Sha256 hasher;
  while (auto got = read_some(file.get(), buffer.data(), buffer.size(), path)) {
    hasher.update(buffer.data(), got);
  }
  return hasher.finish_hex();
}

} // namespace pycontainer::util
