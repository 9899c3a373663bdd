#pragma once

#include "oci/descriptor.hpp"
#include "remote/progress.hpp"
#include "remote/registry.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::remote {

// The registry API (OCI Distribution) for one repository of a registry.
class Repository {
public:
  // `scopes`: the token scopes its requests need ("repository:a/b:pull", "repository:a/b:pull,push").
  Repository(Registry& registry, std::string name, std::vector<std::string> scopes);

  const std::string& name() const { return m_name; }
  Registry& registry() { return m_registry; }

  struct FetchedManifest {
    std::string bytes;
    std::string media_type;
    oci::Digest digest = oci::Digest::of("");
  };
  // GET a manifest or index by tag or digest, accepting OCI and Docker schema2 manifests, indexes and
  // lists. At most 4 MiB. Verified against `identifier` when it is a digest, else against the
  // registry's Docker-Content-Digest.
  FetchedManifest get_manifest(const std::string& identifier);

  bool has_blob(const oci::Digest& digest);

  // Streams a blob into `blobs_directory`/<hex>, verifying its digest and size while it arrives. A
  // cut download resumes with Range (a 200 answer restarts it). Nothing is kept unless verified.
  void download_blob(const oci::Descriptor& blob, const std::filesystem::path& blobs_directory, Progress& progress);

  enum class UploadOutcome { existed, mounted, uploaded };
  // Uploads `file` as blob `blob` unless the repository has it: mounted from `mount_from` (a
  // repository of the same registry) when given, else a monolithic PUT (small blobs) or chunked
  // PATCHes. A dropped connection resumes from the registry's Range, else restarts the blob. The
  // file is hashed as it is sent: one that is not the blob is damaged_blob_error, at once.
  UploadOutcome upload_blob(const oci::Descriptor& blob, const std::filesystem::path& file,
                            const std::string& mount_from, Progress& progress);

  // PUTs a manifest under a tag or digest; returns the digest, checked against the registry's.
  oci::Digest put_manifest(const std::string& identifier, const std::string& bytes, const std::string& media_type);

private:
  std::string url(const std::string& path);
  // Registry::send with this repository's scopes; its errors start with `what`.
  HttpResponse send(const HttpRequest& request, const std::string& what, const SendOptions& options = {});
  bool upload_once(const oci::Descriptor& blob, const std::filesystem::path& file, const std::string& mount_from,
                   Progress& progress, UploadOutcome& outcome);

  Registry& m_registry;
  std::string m_name;
  std::vector<std::string> m_scopes;
};

// The error for a layout's file that is not the blob it is named after: "blob <digest> (<file>)
// <problem>: the layout is damaged: run pycontainer verify". Never retried.
UsageError damaged_blob_error(const oci::Digest& digest, const std::filesystem::path& file, const std::string& problem);

// Blobs larger than this are uploaded in chunks of this size.
inline constexpr std::int64_t k_upload_chunk_size = 32 * 1024 * 1024;

} // namespace pycontainer::remote
