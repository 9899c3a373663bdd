#include "deps/elf.hpp"

#include "util/fd.hpp"

#include <array>

#include <fcntl.h>
#include <unistd.h>

namespace pycontainer::deps {

namespace {

constexpr std::uint32_t k_sht_dynamic = 6;
constexpr std::uint64_t k_dt_needed = 1;
constexpr std::uint64_t k_dt_soname = 14;
constexpr std::uint64_t k_dt_rpath = 15;
constexpr std::uint64_t k_dt_runpath = 29;
constexpr std::size_t k_max_sections = 4096;

// Reads with pread(2): the check runs over every file of the dependencies, and a buffered stream
// read 8 KiB (and sought) where 64 bytes tell most files apart.
class File {
public:
  // O_NONBLOCK: a FIFO put in a file's place must not hang the check (pread then fails: not ELF).
  explicit File(const std::filesystem::path& path) : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)) {}

  std::size_t read_at(std::uint64_t offset, void* into, std::size_t size) const
  {
    std::size_t done = 0;
    while (m_fd && done < size) {
      auto got = ::pread(m_fd.get(), static_cast<char*>(into) + done, size - done, static_cast<off_t>(offset + done));
      if (got <= 0) {
        break;
      }
      done += static_cast<std::size_t>(got);
    }
    return done;
  }

private:
  util::Fd m_fd;
};

class Reader {
public:
  Reader(const File& file, bool little_endian) : m_file(file), m_little(little_endian) {}

  bool read(std::uint64_t offset, void* into, std::size_t size) { return m_file.read_at(offset, into, size) == size; }

  std::uint64_t number(const unsigned char* bytes, std::size_t size) const
  {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size; ++i) {
      std::size_t index = m_little ? size - 1 - i : i;
      value = (value << 8) | bytes[index];
    }
    return value;
  }

private:
  const File& m_file;
  bool m_little;
};

} // namespace

Libc ElfInfo::libc() const
{
  for (const auto& name : needed) {
    if (name.starts_with("libc.musl") || name.starts_with("ld-musl")) {
      return Libc::musl;
    }
  }
  for (const auto& name : needed) {
    if (name == "libc.so.6" || name.starts_with("ld-linux")) {
      return Libc::glibc;
    }
  }
  return Libc::unknown;
}

std::optional<ElfIdentity> elf_identity(std::string_view bytes)
{
  if (bytes.size() < k_elf_identity_size || !bytes.starts_with("\x7f" "ELF") || (bytes[4] != 1 && bytes[4] != 2)) {
    return std::nullopt;
  }
  ElfIdentity identity;
  identity.is_64 = bytes[4] == 2;
  identity.little_endian = bytes[5] != 2;
  auto low = static_cast<unsigned char>(bytes[identity.little_endian ? 18 : 19]);
  auto high = static_cast<unsigned char>(bytes[identity.little_endian ? 19 : 18]);
  identity.machine = static_cast<std::uint16_t>(high << 8 | low);
  return identity;
}

std::optional<ElfInfo> read_elf(const std::filesystem::path& file)
{
  File input(file);
  std::array<unsigned char, 64> header{};
  auto got = input.read_at(0, header.data(), header.size());
  auto identity = got < k_smallest_elf_file ? std::nullopt
                                            : elf_identity({reinterpret_cast<const char*>(header.data()), got});
  if (!identity || (identity->is_64 && got < 64)) {
    return std::nullopt;
  }
  bool is_64 = identity->is_64;
  Reader reader(input, identity->little_endian);
  ElfInfo info;
  info.is_64 = is_64;
  info.machine = identity->machine;

  // Section headers: e_shoff, e_shentsize, e_shnum.
  std::uint64_t section_offset = is_64 ? reader.number(&header[40], 8) : reader.number(&header[32], 4);
  std::uint64_t entry_size = reader.number(&header[is_64 ? 58 : 46], 2);
  std::uint64_t count = reader.number(&header[is_64 ? 60 : 48], 2);
  if (section_offset == 0 || count == 0 || count > k_max_sections || entry_size < (is_64 ? 64u : 40u)) {
    return info;
  }
  struct Section {
    std::uint32_t type = 0;
    std::uint64_t offset = 0, size = 0;
    std::uint32_t link = 0;
  };
  std::vector<Section> sections;
  std::vector<unsigned char> headers(entry_size * count);
  if (!reader.read(section_offset, headers.data(), headers.size())) {
    return info;
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    const unsigned char* entry = &headers[i * entry_size];
    Section section;
    section.type = static_cast<std::uint32_t>(reader.number(&entry[4], 4));
    section.link = static_cast<std::uint32_t>(reader.number(&entry[is_64 ? 40 : 24], 4));
    section.offset = is_64 ? reader.number(&entry[24], 8) : reader.number(&entry[16], 4);
    section.size = is_64 ? reader.number(&entry[32], 8) : reader.number(&entry[20], 4);
    sections.push_back(section);
  }
  for (const auto& section : sections) {
    if (section.type != k_sht_dynamic || section.link >= sections.size() || section.size > (1u << 20)) {
      continue;
    }
    const auto& strings = sections[section.link];
    if (strings.size > (16u << 20)) {
      continue;
    }
    std::vector<unsigned char> dynamic(section.size);
    std::string table(strings.size, '\0');
    if (!reader.read(section.offset, dynamic.data(), dynamic.size()) ||
        !reader.read(strings.offset, table.data(), table.size())) {
      continue;
    }
    std::size_t width = is_64 ? 8 : 4;
    for (std::size_t at = 0; at + 2 * width <= dynamic.size(); at += 2 * width) {
      std::uint64_t tag = reader.number(&dynamic[at], width);
      if (tag == 0) {
        break;
      }
      std::uint64_t name = reader.number(&dynamic[at + width], width);
      if (name >= table.size()) {
        continue;
      }
      const char* value = table.c_str() + name;
      if (tag == k_dt_needed) {
        info.needed.emplace_back(value);
      } else if (tag == k_dt_soname) {
        info.soname = value;
      } else if (tag == k_dt_rpath) {
        info.rpath = value;
      } else if (tag == k_dt_runpath) {
        info.runpath = value;
      }
    }
  }
  return info;
}

std::string elf_architecture(const ElfInfo& elf)
{
  switch (elf.machine) {
  case 62: return "amd64";
  case 183: return "arm64";
  case 3: return "386";
  case 40: return "arm";
  case 21: return "ppc64le";
  case 22: return "s390x";
  case 243: return "riscv64";
  case 8: return "mips64le";
  default: return "machine " + std::to_string(elf.machine);
  }
}

const char* to_string(Libc libc)
{
  switch (libc) {
  case Libc::glibc: return "glibc";
  case Libc::musl: return "musl";
  default: return "unknown";
  }
}

} // namespace pycontainer::deps
