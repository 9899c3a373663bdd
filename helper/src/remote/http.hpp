#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pycontainer::remote {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Ten minutes: a blob of 600 MB at 1 MB/s. A transfer slower than 1 KiB/s for 60 s ends sooner.
inline constexpr std::chrono::milliseconds k_default_request_timeout{600000};

// The first header named `name` (case-insensitive), if any.
std::optional<std::string> find_header(const Headers& headers, std::string_view name);
// Every header named `name`, in order (Www-Authenticate may come several times).
std::vector<std::string> find_headers(const Headers& headers, std::string_view name);

// How requests reach their servers: the same for every request of a command, to a registry, its
// token realm or where it redirects.
struct ConnectionSettings {
  std::string ca_file;                 // PEM certificates trusted besides the system's ("" for none)
  std::vector<std::string> connect_to; // curl's CONNECT_TO rules (remote/connect_to.hpp)
  // The longest one request may take, connecting to the last byte of the answer (a server that drips
  // bytes is not stopped by the low-speed limit alone); longer is a TransportError of kind deadline.
  std::chrono::milliseconds request_timeout = k_default_request_timeout;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  // The body: `body_file` bytes [body_offset, body_offset + body_length) when body_file is set,
  // else `body`. Both can be sent again, so a request is always replayable by the transport's caller.
  std::string body;
  std::filesystem::path body_file;
  std::int64_t body_offset = 0;
  std::int64_t body_length = 0;
  // 2xx response bodies are streamed here when set; other bodies are collected into
  // HttpResponse::body, up to `max_body` bytes (more is a TransportError of kind body_too_large).
  std::function<void(const char*, std::size_t)> on_body;
  // Called once, before the first on_body call, with the status and headers of that response.
  std::function<void(int, const Headers&)> on_body_start;
  // Called with each piece of the body as it is read to be sent, in order from its start (again from
  // the start when the request is sent again).
  std::function<void(const char*, std::size_t)> on_upload;
  std::size_t max_body = 1024 * 1024;
  // TLS: verify the peer (with `connection.ca_file` as extra trust when set).
  bool verify_tls = true;
  ConnectionSettings connection;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

// One HTTP exchange, no redirects followed, no retries: the registry client does both. Throws
// TransportError when no response arrives. Implementations are safe to call from several threads.
class HttpTransport {
public:
  virtual ~HttpTransport() = default;
  virtual HttpResponse perform(const HttpRequest& request) = 0;
};

// The libcurl transport (one easy handle per thread, kept for connection reuse).
HttpTransport& curl_transport();

} // namespace pycontainer::remote
