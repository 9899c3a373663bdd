#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Just enough of the ELF format (System V gABI) to tell which machine a file runs on and which C
// library it links: the identification bytes and header (e_ident, e_machine), and the dynamic section
// (found through the section headers, its strings through sh_link) for the DT_NEEDED names, the search
// paths (DT_RPATH, DT_RUNPATH) and the DT_SONAME the dynamic loader reads. Both 32- and 64-bit, both
// byte orders.
namespace pycontainer::deps {

enum class Libc { unknown, glibc, musl };

struct ElfInfo {
  std::uint16_t machine = 0;        // e_machine: 62 x86-64, 183 AArch64, 3 i386, 40 ARM...
  bool is_64 = false;
  std::vector<std::string> needed;  // DT_NEEDED names: "libc.so.6", "libc.musl-x86_64.so.1"
  // As written, colon-separated, unexpanded ("$ORIGIN/../lib:/opt/x/lib"); nullopt when the file has
  // no such entry (an object with a DT_RUNPATH, even empty, is searched without its DT_RPATH).
  std::optional<std::string> rpath;
  std::optional<std::string> runpath;
  std::string soname;               // DT_SONAME: "libgeom.so.1"; empty when none

  // Which C library the file links, by its DT_NEEDED names; unknown for static or libc-free files.
  Libc libc() const;
};

// The size of the smallest ELF header (32-bit): no shorter file is an ELF file.
inline constexpr std::uint64_t k_smallest_elf_file = 52;

// The class and machine an ELF file's first bytes (at least k_elf_identity_size) give; nullopt when they
// are not an ELF file's.
struct ElfIdentity {
  std::uint16_t machine = 0;
  bool is_64 = false;
  bool little_endian = true;
};
inline constexpr std::size_t k_elf_identity_size = 20;
std::optional<ElfIdentity> elf_identity(std::string_view first_bytes);

// Reads the ELF header of `file`; nullopt when it is not an ELF file (or too short to be one).
// A truncated or inconsistent dynamic section gives what could be read.
std::optional<ElfInfo> read_elf(const std::filesystem::path& file);

// The OCI architecture (Go's name) of an e_machine value: "amd64", "arm64", "386", "arm", "ppc64le"
// (ppc64 is taken as little-endian), "s390x", "riscv64", "mips64le"; else "machine N".
std::string elf_architecture(const ElfInfo& elf);

const char* to_string(Libc libc);

} // namespace pycontainer::deps
