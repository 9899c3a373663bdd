#pragma once

#include "layout/layout.hpp"
#include "remote/registry_options.hpp"
#include "util/file_lock.hpp"

#include <filesystem>

namespace pycontainer::remote {

// The shared store of pulled images: an OCI image layout at <cache_dir>/store whose blobs every
// build links from. Blobs are written under temporary names and renamed to their digest, so
// concurrent pulls are safe; index.json updates are serialised by an exclusive lock on
// <cache_dir>/store.lock, which lock_store() waits for.
util::FileLock lock_store(const RegistryOptions& options);

// Opens (creating if needed) the store layout.
layout::Layout open_store(const RegistryOptions& options);

} // namespace pycontainer::remote
