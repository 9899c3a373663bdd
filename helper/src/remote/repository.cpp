#include "remote/repository.hpp"

#include "layout/layout.hpp"
#include "oci/media_types.hpp"
#include "remote/redact.hpp"
#include "remote/registry_error.hpp"
#include "remote/streamed_digest.hpp"
#include "remote/url.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <thread>

namespace pycontainer::remote {

namespace {

constexpr std::size_t k_max_manifest = 4 * 1024 * 1024;

std::string media_type_of(const HttpResponse& response, const std::string& bytes)
{
  auto header = find_header(response.headers, "Content-Type").value_or("");
  header = header.substr(0, header.find(';'));
  while (!header.empty() && header.back() == ' ') {
    header.pop_back();
  }
  if (oci::media_type::is_index(header) || oci::media_type::is_manifest(header)) {
    return header;
  }
  auto json = nlohmann::json::parse(bytes, nullptr, false);
  if (json.is_object() && json.contains("mediaType") && json["mediaType"].is_string()) {
    return json["mediaType"].get<std::string>();
  }
  if (json.is_object() && json.contains("manifests")) {
    return std::string(oci::media_type::k_oci_index);
  }
  return std::string(oci::media_type::k_oci_manifest);
}

// The body callback of a request sending `file` from `offset`: hashes it and shows the progress.
std::function<void(const char*, std::size_t)> sent_bytes(StreamedDigest& content, std::int64_t offset,
                                                         const oci::Descriptor& blob, Progress& progress)
{
  // Copied with each attempt of the request, so `position` starts at `offset` every time.
  return [&content, &blob, &progress, position = offset](const char* data, std::size_t size) mutable {
    content.add(position, data, size);
    position += static_cast<std::int64_t>(size);
    progress.update(blob.digest.str(), position);
  };
}

// Throws when `file`, just uploaded as `blob`, does not have its digest and size: the registry refuses
// such an upload, and would refuse it again.
void check_content(const oci::Descriptor& blob, const std::filesystem::path& file, StreamedDigest& content)
{
  auto [digest, size] = content.finish();
  if (digest != blob.digest) {
    throw damaged_blob_error(blob.digest, file, "does not match its digest: the content is " + digest.str());
  }
  if (size != blob.size) {
    throw damaged_blob_error(blob.digest, file,
                             "is " + std::to_string(size) + " bytes, not the " + std::to_string(blob.size) +
                               " its descriptor says");
  }
}

// "0-1023" -> 1024 (the offset after the last byte the registry has); nullopt when malformed.
std::optional<std::int64_t> range_end(const std::string& range)
{
  auto text = range;
  if (text.starts_with("bytes=")) {
    text = text.substr(6);
  }
  auto dash = text.find('-');
  if (dash == std::string::npos) {
    return std::nullopt;
  }
  try {
    return std::stoll(text.substr(dash + 1)) + 1;
  } catch (...) {
    return std::nullopt;
  }
}

} // namespace

UsageError damaged_blob_error(const oci::Digest& digest, const std::filesystem::path& file, const std::string& problem)
{
  return UsageError("blob " + digest.str() + " (" + file.string() + ") " + problem +
                    ": the layout is damaged: run pycontainer verify");
}

Repository::Repository(Registry& registry, std::string name, std::vector<std::string> scopes)
  : m_registry(registry), m_name(std::move(name)), m_scopes(std::move(scopes))
{
}

std::string Repository::url(const std::string& path)
{
  return m_registry.base_url() + "/v2/" + m_name + "/" + path;
}

HttpResponse Repository::send(const HttpRequest& request, const std::string& what, const SendOptions& options)
{
  try {
    return m_registry.send(request, m_scopes, options);
  } catch (RegistryError& error) {
    // Retries exhausted, registry unreachable, authentication refused: say what we were doing.
    error.add_context(what);
    throw;
  }
}

Repository::FetchedManifest Repository::get_manifest(const std::string& identifier)
{
  HttpRequest request;
  request.url = url("manifests/" + identifier);
  request.max_body = k_max_manifest;
  request.headers.emplace_back("Accept", std::string(oci::media_type::k_oci_manifest) + ", " +
                                           std::string(oci::media_type::k_oci_index) + ", " +
                                           std::string(oci::media_type::k_docker_manifest) + ", " +
                                           std::string(oci::media_type::k_docker_manifest_list));
  std::string what = "manifest " + m_registry.name() + "/" + m_name + (identifier.starts_with("sha256:") ? "@" : ":") + identifier;
  auto response = send(request, "cannot get " + what);
  if (response.status != 200) {
    throw m_registry.error(request, response, "cannot get " + what);
  }
  FetchedManifest fetched;
  fetched.bytes = std::move(response.body);
  fetched.media_type = media_type_of(response, fetched.bytes);
  fetched.digest = oci::Digest::of(fetched.bytes);
  if (identifier.find(':') != std::string::npos) {
    auto expected = oci::Digest::parse(identifier);
    if (expected.algorithm() == "sha256" && expected != fetched.digest) {
      throw RegistryError(what + ": the registry sent content with digest " + fetched.digest.str(),
                          redact_url(request.url), 200, "DIGEST_INVALID", false);
    }
  } else if (auto header = find_header(response.headers, "Docker-Content-Digest");
             header && header->starts_with("sha256:") && *header != fetched.digest.str()) {
    throw RegistryError(what + ": Docker-Content-Digest says " + *header + " but the content is " +
                          fetched.digest.str(),
                        redact_url(request.url), 200, "DIGEST_INVALID", false);
  }
  return fetched;
}

bool Repository::has_blob(const oci::Digest& digest)
{
  HttpRequest request;
  request.method = "HEAD";
  request.url = url("blobs/" + digest.str());
  auto response = send(request, "cannot check blob " + digest.str() + " in " + m_registry.name() + "/" + m_name);
  if (response.status == 200) {
    return true;
  }
  if (response.status == 404) {
    return false;
  }
  throw m_registry.error(request, response, "cannot check blob " + digest.str());
}

void Repository::download_blob(const oci::Descriptor& blob, const std::filesystem::path& blobs_directory,
                               Progress& progress)
{
  auto target = blobs_directory / blob.digest.encoded();
  std::error_code exists_error;
  if (std::filesystem::is_regular_file(target, exists_error)) {
    return;
  }
  std::string what = "blob " + blob.digest.str() + " of " + m_registry.name() + "/" + m_name;
  // The layout's writer, not movable: made again in place when the registry ignores Range.
  std::optional<layout::BlobWriter> partial(std::in_place, blobs_directory);
  progress.start(blob.digest.str(), blob.size);
  const auto& policy = m_registry.options().retry;
  for (int attempt = 0;; ++attempt) {
    HttpRequest request;
    request.url = url("blobs/" + blob.digest.str());
    std::int64_t offset = partial->size();
    if (offset > 0) {
      request.headers.emplace_back("Range", "bytes=" + std::to_string(offset) + "-");
    }
    request.on_body_start = [&](int status, const Headers&) {
      if (status != 206 && partial->size() > 0) {
        log::verbose(what + ": the registry ignored Range; downloading again from the start");
        partial.emplace(blobs_directory);
      }
    };
    request.on_body = [&](const char* data, std::size_t size) {
      if (partial->size() + static_cast<std::int64_t>(size) > blob.size) {
        // send() below prefixes what was being downloaded.
        throw RegistryError("the registry sent more than the " + std::to_string(blob.size) +
                              " bytes its descriptor says; nothing kept",
                            "", 200, "SIZE_INVALID", false);
      }
      partial->write(data, size);
      progress.update(blob.digest.str(), partial->size());
    };
    HttpResponse response;
    try {
      response = send(request, "cannot download " + what, SendOptions{.retry_transport = false});
    } catch (const TransportError& error) {
      if (!error.temporary() || attempt >= policy.retries) {
        throw;
      }
      log::verbose(error.message() + "; resuming at byte " + std::to_string(partial->size()));
      std::this_thread::sleep_for(jittered_delay(policy, attempt + 1));
      continue;
    }
    if (response.status != 200 && response.status != 206) {
      throw m_registry.error(request, response, "cannot download " + what);
    }
    if (partial->size() < blob.size && attempt < policy.retries) {
      // The connection ended early without an error (proxies do this): resume.
      log::verbose(what + ": body ended at byte " + std::to_string(partial->size()) + "; resuming");
      continue;
    }
    break;
  }
  if (partial->size() != blob.size) {
    throw RegistryError(what + ": the registry sent " + std::to_string(partial->size()) + " of its " +
                          std::to_string(blob.size) + " bytes; nothing kept",
                        "", 200, "SIZE_INVALID", false);
  }
  // Kept as it is when another build put it there meanwhile.
  if (auto digest = partial->commit_if(blob.digest); digest != blob.digest) {
    throw RegistryError(what + ": content does not match its digest (got " + digest.str() + ", " +
                          std::to_string(blob.size) + " bytes); nothing kept",
                        "", 200, "DIGEST_INVALID", false);
  }
  progress.finish(blob.digest.str(), "pulled");
}

bool Repository::upload_once(const oci::Descriptor& blob, const std::filesystem::path& file,
                             const std::string& mount_from, Progress& progress, UploadOutcome& outcome)
{
  std::string what = "blob " + blob.digest.str() + " to " + m_registry.name() + "/" + m_name;
  HttpRequest start;
  start.method = "POST";
  start.url = url("blobs/uploads/");
  if (!mount_from.empty()) {
    start.url = add_query(add_query(start.url, "mount", blob.digest.str()), "from", mount_from);
  }
  auto response = send(start, "cannot start the upload of " + what);
  if (response.status == 201 && !mount_from.empty()) {
    outcome = UploadOutcome::mounted;
    return true;
  }
  if (response.status != 202) {
    throw m_registry.error(start, response, "cannot start the upload of " + what);
  }
  auto next_location = [&](const HttpRequest& request, const HttpResponse& answer) {
    auto location = find_header(answer.headers, "Location");
    if (!location) {
      throw m_registry.error(request, answer, "no Location in the answer for " + what);
    }
    return resolve_location(request.url, *location);
  };
  std::string location = next_location(start, response);
  std::int64_t offset = 0;
  StreamedDigest content(file);
  if (blob.size > k_upload_chunk_size) {
    while (offset < blob.size) {
      HttpRequest patch;
      patch.method = "PATCH";
      patch.url = location;
      patch.body_file = file;
      patch.body_offset = offset;
      patch.body_length = std::min(k_upload_chunk_size, blob.size - offset);
      patch.headers.emplace_back("Content-Type", "application/octet-stream");
      patch.headers.emplace_back("Content-Range",
                                 std::to_string(offset) + "-" + std::to_string(offset + patch.body_length - 1));
      std::int64_t base = offset;
      patch.on_upload = sent_bytes(content, base, blob, progress);
      try {
        response = send(patch, "cannot upload " + what, SendOptions{.retry_transport = false});
      } catch (const TransportError& error) {
        if (!error.temporary()) {
          throw;
        }
        // Ask the registry how much it has, and go on from there.
        log::verbose(error.message() + "; asking the registry where to resume");
        HttpRequest status;
        status.url = location;
        HttpResponse answer;
        try {
          answer = m_registry.send(status, m_scopes);
        } catch (const RegistryError&) {
          return false;
        }
        auto range = find_header(answer.headers, "Range");
        auto end = range ? range_end(*range) : std::nullopt;
        if (answer.status != 204 || !end || *end > blob.size) {
          return false;
        }
        location = next_location(status, answer);
        offset = *end;
        log::verbose(what + ": resuming at byte " + std::to_string(offset));
        continue;
      }
      if (response.status != 202) {
        if (response.status == 404 || response.status == 416 || response.status == 400) {
          return false;
        }
        throw m_registry.error(patch, response, "cannot upload " + what);
      }
      location = next_location(patch, response);
      auto range = find_header(response.headers, "Range");
      auto end = range ? range_end(*range) : std::nullopt;
      offset = end ? *end : base + patch.body_length;
    }
  }
  HttpRequest put;
  put.method = "PUT";
  put.url = add_query(location, "digest", blob.digest.str());
  put.headers.emplace_back("Content-Type", "application/octet-stream");
  if (offset < blob.size) {
    put.body_file = file;
    put.body_offset = offset;
    put.body_length = blob.size - offset;
    put.on_upload = sent_bytes(content, offset, blob, progress);
  }
  try {
    response = send(put, "cannot complete the upload of " + what, SendOptions{.retry_transport = false});
  } catch (const TransportError& error) {
    if (!error.temporary()) {
      throw;
    }
    log::verbose(error.message() + "; starting the blob again");
    return false;
  }
  // Whatever the registry said: a file that is not its blob is no reason to try again.
  check_content(blob, file, content);
  if (response.status == 400 || response.status == 404) {
    log::verbose(what + ": the registry refused the upload (HTTP " + std::to_string(response.status) +
                 "); starting the blob again");
    return false;
  }
  if (response.status != 201) {
    throw m_registry.error(put, response, "cannot complete the upload of " + what);
  }
  if (auto digest = find_header(response.headers, "Docker-Content-Digest"); digest && *digest != blob.digest.str()) {
    throw RegistryError("upload of " + what + ": the registry stored it as " + *digest, redact_url(put.url), 201,
                        "DIGEST_INVALID", false);
  }
  outcome = UploadOutcome::uploaded;
  return true;
}

Repository::UploadOutcome Repository::upload_blob(const oci::Descriptor& blob, const std::filesystem::path& file,
                                                  const std::string& mount_from, Progress& progress)
{
  if (has_blob(blob.digest)) {
    progress.finish(blob.digest.str(), "exists");
    return UploadOutcome::existed;
  }
  progress.start(blob.digest.str(), blob.size);
  const auto& policy = m_registry.options().retry;
  UploadOutcome outcome = UploadOutcome::uploaded;
  for (int attempt = 0;; ++attempt) {
    if (upload_once(blob, file, attempt == 0 ? mount_from : "", progress, outcome)) {
      break;
    }
    if (attempt >= policy.retries) {
      throw RegistryError("upload of blob " + blob.digest.str() + " to " + m_registry.name() + "/" + m_name +
                            " failed " + std::to_string(attempt + 1) + " times (connection dropped or upload refused)",
                          "", 0, "", true);
    }
    std::this_thread::sleep_for(jittered_delay(policy, attempt + 1));
  }
  progress.finish(blob.digest.str(), outcome == UploadOutcome::mounted ? "mounted" : "pushed");
  return outcome;
}

oci::Digest Repository::put_manifest(const std::string& identifier, const std::string& bytes,
                                     const std::string& media_type)
{
  HttpRequest request;
  request.method = "PUT";
  request.url = url("manifests/" + identifier);
  request.body = bytes;
  request.headers.emplace_back("Content-Type", media_type);
  auto response = send(request, "cannot push manifest " + m_registry.name() + "/" + m_name + ":" + identifier);
  if (response.status != 201 && response.status != 200) {
    throw m_registry.error(request, response, "cannot push manifest " + m_registry.name() + "/" + m_name + ":" + identifier);
  }
  auto digest = oci::Digest::of(bytes);
  if (auto header = find_header(response.headers, "Docker-Content-Digest"); header && *header != digest.str()) {
    throw RegistryError("manifest " + m_registry.name() + "/" + m_name + ":" + identifier +
                          ": the registry stored it as " + *header + ", not " + digest.str(),
                        redact_url(request.url), response.status, "DIGEST_INVALID", false);
  }
  return digest;
}

} // namespace pycontainer::remote
