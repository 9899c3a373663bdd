#pragma once

#include "deps/elf.hpp"
#include "deps/file_view.hpp"

#include <optional>
#include <string>
#include <vector>

// Where the image's dynamic loader finds a DT_NEEDED library, worked out on the image's file system
// (deps::FileView) rather than the build machine's.
//
// glibc's ld.so (elf/dl-load.c, _dl_map_object): a name holding '/' is a path (relative to the working
// directory, taken here from the root); else, in order, the DT_RPATH of the object and then of each
// object that loaded it (only when the object has no DT_RUNPATH), LD_LIBRARY_PATH, the object's own
// DT_RUNPATH, the libraries ldconfig indexed in /etc/ld.so.cache (the directories of /etc/ld.so.conf
// and the files it includes, as the image has them), then the system directories. The cache holds what
// was there when ldconfig last ran, so a library one of our layers adds in such a directory (and not
// in a system one) is not found: nothing runs ldconfig in the image. The system directories are the
// multiarch ones Debian's and Ubuntu's loaders use (/lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu),
// /lib64 and /usr/lib64 for 64-bit objects, then /lib and /usr/lib. In paths, $ORIGIN (${ORIGIN}) is the
// object's directory in the image, $LIB "lib64" for 64-bit objects and "lib" otherwise, $PLATFORM the
// machine's AT_PLATFORM ("x86_64", "aarch64").
//
// musl's loader (ldso/dynlink.c, load_library): LD_LIBRARY_PATH, then the DT_RPATH or DT_RUNPATH of the
// object and of each object that loaded it, then the directories of /etc/ld-musl-<arch>.path (colon or
// newline separated) or, without one, /lib:/usr/local/lib:/usr/lib.
//
// A candidate is taken only when it is an ELF file of the object's class and machine; another is
// skipped, as both loaders skip it. Libraries already loaded under the same SONAME and glibc's
// hardware-capability subdirectories (glibc-hwcaps/x86-64-v3) are not modelled.
namespace pycontainer::deps {

// An ELF object in the image: its absolute path there and what it asks of the loader.
struct LinkObject {
  std::string path;
  ElfInfo elf;
  std::string about; // where it comes from, for messages: "'/work/b/ext.so', layer \"files-0\""
};

// A directory searched, and why: "DT_RUNPATH of /app/ext.so", "LD_LIBRARY_PATH", "/etc/ld.so.conf",
// "system directory".
struct SearchDirectory {
  std::string path;
  std::string origin;
  // Written in a search path (DT_RPATH, DT_RUNPATH, LD_LIBRARY_PATH) as an absolute directory (not one
  // made from $ORIGIN) that the image does not have: usually one of the build machine's (a build tree).
  bool missing_absolute = false;
};

struct LibrarySearch {
  std::string name;                    // as in DT_NEEDED
  std::optional<std::string> found;    // its path in the image, links followed
  std::vector<SearchDirectory> searched;
};

struct LoaderSettings {
  Libc libc = Libc::glibc;      // which loader: unknown is taken as glibc's
  std::string ld_library_path;  // the image's LD_LIBRARY_PATH, as in its Env
};

class LibraryResolver {
public:
  // Reads the loader's configuration from `view`, which must outlive this object.
  LibraryResolver(const FileView& view, LoaderSettings settings);

  // Finds `name`, needed by `object`, which was loaded by `loaders` (the nearest first).
  LibrarySearch find(const std::string& name, const LinkObject& object,
                     const std::vector<const LinkObject*>& loaders) const;

  // The directories of /etc/ld.so.conf (glibc) or musl's path file, in order.
  const std::vector<std::string>& configured_directories() const { return m_configured; }

private:
  std::vector<SearchDirectory> search_path(const LinkObject& object, const std::vector<const LinkObject*>& loaders) const;
  std::optional<std::string> candidate(const std::string& path, const LinkObject& object, bool own_allowed) const;

  const FileView& m_view;
  LoaderSettings m_settings;
  std::vector<std::string> m_configured;
};

// Whose loader the image has: musl's when it has /lib/ld-musl-*, else glibc's.
Libc loader_libc(const FileView& view);

// The directories /etc/ld.so.conf of `view` names, `include`d files (globs, relative to the including
// file's directory) read in turn; `hwcap` lines and comments ignored.
std::vector<std::string> ld_so_conf_directories(const FileView& view);

} // namespace pycontainer::deps
