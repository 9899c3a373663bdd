#pragma once

#include "remote/http.hpp"
#include "remote/netrc.hpp"
#include "remote/registry_options.hpp"
#include "remote/simple_index.hpp"

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::remote {

// Where distribution files come from: pip's --index-url, --extra-index-url, --find-links, --no-index.
struct PackageIndexOptions {
  // --index-url then each --extra-index-url; empty: default_index_urls(). A URL may carry
  // user:password@ (sent as Basic auth to its host, never printed).
  std::vector<std::string> index_urls;
  // --find-links: directories of distribution files, or http(s):// / file:// URLs of pages (HTML) linking them.
  std::vector<std::filesystem::path> find_links;
  bool no_index = false;                      // --no-index: find-links and the lock's URLs only
  std::optional<std::filesystem::path> netrc; // default default_netrc_path(); a missing file is no credentials
};

// $PIP_INDEX_URL (else https://pypi.org/simple/), then each URL of $PIP_EXTRA_INDEX_URL (space-separated).
std::vector<std::string> default_index_urls();

// Whether fetch() may download a file whose sha256 nobody gave. Refused by default: such a file is
// whatever the server sends today, so two builds of one lock could differ (and a tampered index would
// go unnoticed); allowed, it is cached under the sha256 of what arrived.
enum class Unhashed { refuse, allow };

// A local copy of a distribution file, verified.
struct FetchedFile {
  std::filesystem::path path;
  std::string sha256; // hex of its content, computed as it streamed (or when it was cached)
};

// Lists and downloads distribution files (wheels, sdists) from package indexes (PEP 503 HTML, PEP 691
// JSON, asked for JSON first), find-links directories and pages, and the URLs of locks, through the
// registry HTTP transport: retries, redirects, --ca-file, hosts of --insecure-registry unverified,
// proxies from libcurl's environment (https_proxy, no_proxy). Credentials: user:password@ of an index
// URL for its host, else ~/.netrc's "machine" for the host (its "default" only after a 401).
//
// Downloads land in <cache>/downloads/sha256/<hex>/<filename>, written under a temporary name in
// <cache>/downloads/partial/ and hashed while they stream, renamed into place only when the sha256
// matches: a file there is always complete and verified, so a cached file needs no network at all,
// and two builds downloading one file at once each rename a whole copy of the same bytes.
// Thread-safe: project_files() and fetch() may be called from several threads.
class PackageIndex {
public:
  PackageIndex(PackageIndexOptions options, RegistryOptions http, std::filesystem::path cache_directory,
               HttpTransport& transport = curl_transport());

  // Every file of `project` (any spelling; normalised as PEP 503 says) on every index (unless
  // no_index; an index without the project adds nothing) and find-links location, in that order.
  // Throws RegistryError for an index that fails (naming its URL and status), UsageError for a
  // find-links directory that does not exist.
  std::vector<IndexFile> project_files(std::string_view project);

  // The file from the cache, else downloaded from file.url (http(s)://, file://, or an absolute path)
  // and verified: its sha256 must be one of file.hashes ("sha256:HEX"; other algorithms are not
  // checked). Returns it with its sha256, so that nobody needs to read it again to know it. Throws UsageError when no sha256 is given (unless `unhashed` allows it) or the name is
  // not a plain file name, RegistryError naming the URL, the expected and the actual hash when the
  // content differs (nothing is kept), RegistryError/IoError when it cannot be read.
  FetchedFile fetch(const IndexFile& file, Unhashed unhashed = Unhashed::refuse);

  // Where fetch() keeps `file` when it is cached, else nullopt (no network).
  std::optional<std::filesystem::path> cached(const IndexFile& file) const;

private:
  struct HostLogin {
    std::string username;
    std::string password;
    std::string source; // "the index URL", "/home/u/.netrc"
  };

  HttpResponse get(HttpRequest request, std::string* final_url);
  std::vector<IndexFile> list_page(const std::string& page_url, std::string_view project, bool filter);
  std::vector<IndexFile> list_directory(const std::filesystem::path& directory, std::string_view project) const;
  std::optional<HostLogin> login_for(const std::string& host, bool after_unauthorized);
  std::string describe_login(const std::string& host);
  // The URL without user:password@, whose login is then remembered for its host.
  std::string strip_login(const std::string& url);
  void download(const std::string& url, const std::function<void(const char*, std::size_t)>& write,
                const std::function<void()>& restart);

  PackageIndexOptions m_options;
  RegistryOptions m_http;
  ConnectionSettings m_connection;
  std::filesystem::path m_downloads;
  HttpTransport& m_transport;
  std::filesystem::path m_netrc_path;
  std::string m_netrc; // its text ("" when there is none)
  std::mutex m_mutex;  // guards m_logins
  std::map<std::string, HostLogin> m_logins; // by host[:port]; a netrc "default" once a host asked for it
};

} // namespace pycontainer::remote
