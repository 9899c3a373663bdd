#include "remote/package_index.hpp"

#include "layout/file_chunks.hpp"
#include "remote/http_exchange.hpp"
#include "remote/redact.hpp"
#include "remote/registry_error.hpp"
#include "remote/url.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/format.hpp"
#include "util/log.hpp"
#include "util/sha256.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <system_error>

namespace pycontainer::remote {

namespace {

constexpr std::string_view k_pypi_simple = "https://pypi.org/simple/";
// PEP 691: JSON preferred, then the HTML of PEP 691 and of PEP 503.
constexpr std::string_view k_simple_accept =
  "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";
constexpr std::size_t k_max_index_page = 64 * 1024 * 1024;

std::string with_trailing_slash(std::string url)
{
  if (!url.ends_with("/")) {
    url += '/';
  }
  return url;
}

bool is_url(std::string_view text)
{
  return text.find("://") != std::string_view::npos;
}

// The local path of a file:// URL ("file:///srv/x", "file://localhost/srv/x"), percent-decoded.
std::filesystem::path path_of_file_url(std::string_view url)
{
  auto rest = url.substr(7);
  if (rest.starts_with("localhost/")) {
    rest.remove_prefix(9);
  }
  if (!rest.starts_with("/")) {
    throw UsageError("file URL \"" + std::string(url) + "\" names another host (file:///absolute/path only)");
  }
  return util::percent_decode(rest.substr(0, rest.find_first_of("?#")));
}

// The hex digests of `hashes` that are sha256 (64 hex digits: they name directories), lower case.
std::vector<std::string> sha256_hexes(const std::vector<std::string>& hashes)
{
  std::vector<std::string> hexes;
  for (const auto& hash : hashes) {
    if (hash.size() == 7 + 64 && util::iequals(std::string_view(hash).substr(0, 7), "sha256:") &&
        std::all_of(hash.begin() + 7, hash.end(), [](unsigned char c) { return std::isxdigit(c); })) {
      hexes.push_back(util::to_lower(std::string_view(hash).substr(7)));
    }
  }
  return hexes;
}

// The file name a download is kept under: the given one, else the URL's last segment. Must be a plain name.
std::string checked_filename(const IndexFile& file)
{
  std::string name = file.filename;
  if (name.empty()) {
    std::string_view path = file.url;
    path = path.substr(0, path.find_first_of("?#"));
    name = util::percent_decode(path.substr(path.rfind('/') + 1));
  }
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
      name.find('\0') != std::string::npos) {
    throw UsageError("distribution file \"" + name + "\" (" + redact_url(file.url) +
                     ") is not a plain file name: refusing to store it");
  }
  return name;
}

} // namespace

std::vector<std::string> default_index_urls()
{
  std::vector<std::string> urls;
  const char* index = std::getenv("PIP_INDEX_URL");
  urls.emplace_back(index != nullptr && *index != '\0' ? std::string(index) : std::string(k_pypi_simple));
  if (const char* extra = std::getenv("PIP_EXTRA_INDEX_URL"); extra != nullptr) {
    std::string_view rest = extra;
    while (!rest.empty()) {
      auto start = rest.find_first_not_of(" \t\n");
      if (start == std::string_view::npos) {
        break;
      }
      auto end = rest.find_first_of(" \t\n", start);
      urls.emplace_back(rest.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    }
  }
  return urls;
}

PackageIndex::PackageIndex(PackageIndexOptions options, RegistryOptions http, std::filesystem::path cache_directory,
                           HttpTransport& transport)
  : m_options(std::move(options)), m_http(std::move(http)), m_connection(connection_settings(m_http)),
    m_downloads(std::move(cache_directory) / "downloads"), m_transport(transport),
    m_netrc_path(m_options.netrc.value_or(default_netrc_path()))
{
  if (m_options.index_urls.empty() && !m_options.no_index) {
    m_options.index_urls = default_index_urls();
  }
  for (auto& url : m_options.index_urls) {
    url = with_trailing_slash(strip_login(url));
  }
  std::error_code error;
  if (!m_netrc_path.empty() && std::filesystem::is_regular_file(m_netrc_path, error)) {
    m_netrc = util::read_file(m_netrc_path, 1024 * 1024);
  }
}

std::string PackageIndex::strip_login(const std::string& url)
{
  auto scheme = url.find("://");
  if (scheme == std::string::npos) {
    return url;
  }
  auto authority_end = url.find_first_of("/?#", scheme + 3);
  auto at = url.substr(0, authority_end).rfind('@');
  if (at == std::string::npos || at < scheme) {
    return url;
  }
  std::string userinfo = url.substr(scheme + 3, at - scheme - 3);
  std::string stripped = url.substr(0, scheme + 3) + url.substr(at + 1);
  auto colon = userinfo.find(':');
  HostLogin login{util::percent_decode(userinfo.substr(0, colon)),
                  colon == std::string::npos ? "" : util::percent_decode(userinfo.substr(colon + 1)), "the index URL"};
  std::lock_guard lock(m_mutex);
  m_logins.insert_or_assign(Url::parse(stripped).host, std::move(login));
  return stripped;
}

std::optional<PackageIndex::HostLogin> PackageIndex::login_for(const std::string& host, bool after_unauthorized)
{
  std::lock_guard lock(m_mutex);
  if (auto found = m_logins.find(host); found != m_logins.end()) {
    return found->second;
  }
  if (m_netrc.empty()) {
    return std::nullopt;
  }
  // netrc names hosts without ports.
  std::string name = host.starts_with("[") ? host.substr(1, host.find(']') - 1) : host.substr(0, host.find(':'));
  auto entry = netrc_lookup(m_netrc, name, m_netrc_path.string());
  if (!entry || (entry->is_default && !after_unauthorized)) {
    return std::nullopt;
  }
  HostLogin login{entry->login, entry->password, m_netrc_path.string() + (entry->is_default ? " (default)" : "")};
  m_logins.emplace(host, login);
  return login;
}

std::string PackageIndex::describe_login(const std::string& host)
{
  std::lock_guard lock(m_mutex);
  if (auto found = m_logins.find(host); found != m_logins.end()) {
    return "sent the login \"" + found->second.username + "\" from " + found->second.source;
  }
  return "no credentials for " + host + ": add \"machine " + host.substr(0, host.rfind(':')) +
         " login USER password SECRET\" to " + (m_netrc_path.empty() ? std::string("~/.netrc") : m_netrc_path.string()) +
         ", or user:password@ to the index URL";
}

HttpResponse PackageIndex::get(HttpRequest request, std::string* final_url)
{
  request.url = strip_login(request.url);
  ExchangeHooks hooks;
  hooks.prepare = [this](HttpRequest& hop, const Url& url) {
    hop.connection = m_connection;
    hop.verify_tls = std::find(m_http.insecure_registries.begin(), m_http.insecure_registries.end(), url.host) ==
                     m_http.insecure_registries.end();
    if (auto login = login_for(url.host, false)) {
      hop.headers.emplace_back("Authorization", "Basic " + util::base64_encode(login->username + ":" + login->password));
    }
  };
  hooks.unauthorized = [this](const HttpRequest& hop, const HttpResponse&) {
    bool sent = std::any_of(hop.headers.begin(), hop.headers.end(),
                            [](const auto& header) { return util::iequals(header.first, "Authorization"); });
    return !sent && login_for(Url::parse(hop.url).host, true).has_value();
  };
  hooks.redirected = [final_url](const std::string& url) {
    if (final_url != nullptr) {
      *final_url = url;
    }
  };
  hooks.error = [](const HttpRequest& hop, const HttpResponse& response, const std::string& what) {
    return RegistryError(what + ": " + hop.method + " " + redact_url(hop.url) + ": HTTP " +
                           std::to_string(response.status),
                         redact_url(hop.url), response.status, "", is_retryable_status(response.status));
  };
  if (final_url != nullptr) {
    *final_url = request.url;
  }
  try {
    return send_with_retries(m_transport, std::move(request), m_http.retry, SendOptions{}, hooks);
  } catch (TransportError& error) {
    if (error.kind() == TransportError::Kind::tls_verify) {
      error.add_context("the TLS certificate of " + Url::parse(error.url()).host +
                        " is not trusted (pass its CA with --ca-file or SSL_CERT_FILE)");
    }
    throw;
  }
}

std::vector<IndexFile> PackageIndex::list_page(const std::string& page_url, std::string_view project, bool filter)
{
  HttpRequest request;
  request.url = page_url;
  request.headers.emplace_back("Accept", std::string(k_simple_accept));
  request.max_body = k_max_index_page;
  std::string final_url;
  auto response = get(request, &final_url);
  if (response.status == 404) {
    log::verbose("package index page " + redact_url(final_url) + ": not found (HTTP 404)");
    return {};
  }
  auto host = Url::parse(final_url).host;
  if (response.status != 200) {
    std::string text = "cannot list " + std::string(project) + " at " + redact_url(final_url) + ": HTTP " +
                       std::to_string(response.status);
    if (response.status == 401 || response.status == 403) {
      text += " (" + describe_login(host) + ")";
    }
    throw RegistryError(text, redact_url(final_url), response.status, "", is_retryable_status(response.status));
  }
  auto content_type = util::to_lower(util::trim(find_header(response.headers, "Content-Type").value_or("")));
  content_type = content_type.substr(0, content_type.find(';'));
  std::vector<IndexFile> files;
  if (content_type == "application/vnd.pypi.simple.v1+json") {
    files = parse_simple_json(final_url, response.body);
  } else if (content_type == "text/html" || content_type == "application/vnd.pypi.simple.v1+html" ||
             util::trim(response.body).starts_with("<")) {
    files = parse_simple_html(final_url, response.body);
  } else {
    throw RegistryError("package index page " + redact_url(final_url) + ": unexpected Content-Type \"" + content_type +
                          "\" (expected PEP 691 JSON or PEP 503 HTML)",
                        redact_url(final_url), response.status, "", false);
  }
  if (filter) {
    std::erase_if(files, [&](const IndexFile& file) { return project_of_filename(file.filename) != project; });
  }
  return files;
}

std::vector<IndexFile> PackageIndex::list_directory(const std::filesystem::path& directory,
                                                    std::string_view project) const
{
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    throw UsageError("--find-links " + directory.string() + ": not a directory (a directory of wheels, or a URL)");
  }
  std::vector<IndexFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    auto name = entry.path().filename().string();
    if (entry.is_regular_file() && project_of_filename(name) == project) {
      files.push_back(IndexFile{name, std::filesystem::absolute(entry.path()).string(), {}, false, ""});
    }
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.filename < b.filename; });
  return files;
}

std::vector<IndexFile> PackageIndex::project_files(std::string_view project)
{
  auto name = util::normalise_project_name(project);
  std::vector<IndexFile> files;
  auto add = [&](std::vector<IndexFile> more) { files.insert(files.end(), more.begin(), more.end()); };
  if (!m_options.no_index) {
    for (const auto& index : m_options.index_urls) {
      add(list_page(index + name + "/", name, false));
    }
  }
  for (const auto& link : m_options.find_links) {
    auto text = link.string();
    if (text.starts_with("file://")) {
      add(list_directory(path_of_file_url(text), name));
    } else if (is_url(text)) {
      add(list_page(text, name, true));
    } else {
      add(list_directory(link, name));
    }
  }
  return files;
}

std::optional<std::filesystem::path> PackageIndex::cached(const IndexFile& file) const
{
  auto name = checked_filename(file);
  for (const auto& hex : sha256_hexes(file.hashes)) {
    auto path = m_downloads / "sha256" / hex / name;
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error)) {
      return path;
    }
  }
  return std::nullopt;
}

void PackageIndex::download(const std::string& url, const std::function<void(const char*, std::size_t)>& write,
                            const std::function<void()>& restart)
{
  if (url.starts_with("/") || url.starts_with("file://")) {
    layout::read_in_chunks(url.starts_with("/") ? std::filesystem::path(url) : path_of_file_url(url), write);
    return;
  }
  HttpRequest request;
  request.url = url;
  // A retried request starts again from the first byte.
  request.on_body_start = [&](int, const Headers&) { restart(); };
  request.on_body = write;
  std::string final_url;
  auto response = get(request, &final_url);
  if (response.status != 200) {
    std::string text = "cannot download " + redact_url(final_url) + ": HTTP " + std::to_string(response.status);
    if (response.status == 401 || response.status == 403) {
      text += " (" + describe_login(Url::parse(final_url).host) + ")";
    }
    throw RegistryError(text, redact_url(final_url), response.status, "", is_retryable_status(response.status));
  }
}

FetchedFile PackageIndex::fetch(const IndexFile& file, Unhashed unhashed)
{
  auto name = checked_filename(file);
  auto expected = sha256_hexes(file.hashes);
  if (expected.empty() && unhashed == Unhashed::refuse) {
    throw UsageError(name + " (" + redact_url(file.url) +
                     "): no sha256 hash is known for it, and a download nobody can check is not reproducible (the "
                     "server may send other bytes tomorrow): use a lock file with hashes (or requirements with "
                     "--hash=sha256:...)");
  }
  if (auto path = cached(file)) {
    log::verbose(name + ": cached at " + path->string());
    // Its directory is the sha256 it was verified with when it was stored.
    return {*path, path->parent_path().filename().string()};
  }
  util::create_directories(m_downloads / "partial");
  std::optional<util::AtomicFile> partial;
  util::Sha256 hash;
  std::int64_t size = 0;
  auto restart = [&] {
    partial.emplace(m_downloads / "partial" / name);
    hash = util::Sha256();
    size = 0;
  };
  restart();
  std::string url = file.url.starts_with("/") ? file.url : strip_login(file.url);
  try {
    download(
      url,
      [&](const char* data, std::size_t length) {
        partial->write(data, length);
        hash.update(data, length);
        size += static_cast<std::int64_t>(length);
      },
      restart);
  } catch (Error& error) {
    error.add_context("cannot fetch " + name);
    throw;
  }
  auto actual = hash.finish_hex();
  if (!expected.empty() && std::find(expected.begin(), expected.end(), actual) == expected.end()) {
    std::string wanted;
    for (const auto& hex : expected) {
      wanted += (wanted.empty() ? "sha256:" : " or sha256:") + hex;
    }
    throw RegistryError(name + " from " + redact_url(url) + ": hash mismatch: expected " + wanted + ", got sha256:" +
                          actual + " (" + std::to_string(size) +
                          " bytes); nothing kept (the file changed since the lock was written, or was tampered with)",
                        redact_url(url), 200, "DIGEST_INVALID", false);
  }
  auto directory = m_downloads / "sha256" / actual;
  util::create_directories(directory);
  partial->commit_as(directory / name);
  log::verbose("downloaded " + name + " (" + util::human_binary_size(static_cast<std::uint64_t>(size)) + ", sha256:" +
               actual + ")");
  return {directory / name, actual};
}

} // namespace pycontainer::remote
