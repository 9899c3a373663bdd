#include "remote/http.hpp"

#include "remote/redact.hpp"
#include "remote/registry_error.hpp"
#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/file.hpp"
#include "util/format.hpp"
#include "util/string.hpp"

#include <curl/curl.h>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <cctype>
#include <memory>
#include <mutex>

namespace pycontainer::remote {

namespace {

struct Exchange {
  const HttpRequest* request = nullptr;
  HttpResponse response;
  CURL* handle = nullptr;
  util::Fd fd; // the body file
  std::int64_t sent = 0;
  std::int64_t received = 0; // body bytes streamed to on_body
  bool too_large = false;
  std::exception_ptr streaming_error;
  bool body_started = false;
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
  auto& exchange = *static_cast<Exchange*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    exchange.response.headers.clear(); // a new response (after 100 Continue)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    exchange.response.headers.emplace_back(util::trim(line.substr(0, colon)), util::trim(line.substr(colon + 1)));
  }
  return size * count;
}

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user)
{
  auto& exchange = *static_cast<Exchange*>(user);
  std::size_t bytes = size * count;
  long status = 0;
  curl_easy_getinfo(exchange.handle, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300 && exchange.request->on_body) {
    try {
      if (!exchange.body_started) {
        exchange.body_started = true;
        if (exchange.request->on_body_start) {
          exchange.request->on_body_start(static_cast<int>(status), exchange.response.headers);
        }
      }
      exchange.request->on_body(data, bytes);
      exchange.received += static_cast<std::int64_t>(bytes);
    } catch (...) {
      exchange.streaming_error = std::current_exception();
      return 0;
    }
    return bytes;
  }
  if (exchange.response.body.size() + bytes > exchange.request->max_body) {
    exchange.too_large = true;
    return 0;
  }
  exchange.response.body.append(data, bytes);
  return bytes;
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user)
{
  auto& exchange = *static_cast<Exchange*>(user);
  const auto& request = *exchange.request;
  std::int64_t total = request.body_file.empty() ? static_cast<std::int64_t>(request.body.size()) : request.body_length;
  std::int64_t wanted = std::min<std::int64_t>(static_cast<std::int64_t>(size * count), total - exchange.sent);
  if (wanted <= 0) {
    return 0;
  }
  if (request.body_file.empty()) {
    std::copy_n(request.body.data() + exchange.sent, wanted, buffer);
  } else {
    ssize_t got = ::pread(exchange.fd.get(), buffer, static_cast<std::size_t>(wanted), request.body_offset + exchange.sent);
    if (got <= 0) {
      return CURL_READFUNC_ABORT;
    }
    wanted = got;
  }
  exchange.sent += wanted;
  if (request.on_upload) {
    request.on_upload(buffer, static_cast<std::size_t>(wanted));
  }
  return static_cast<std::size_t>(wanted);
}

// "600 s", "1500 ms"
std::string duration_text(std::chrono::milliseconds duration)
{
  return duration.count() % 1000 == 0 ? std::to_string(duration.count() / 1000) + " s"
                                      : std::to_string(duration.count()) + " ms";
}

struct HandleDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};

class CurlTransport final : public HttpTransport {
public:
  CurlTransport()
  {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    // Writes to a socket the peer closed must be errors, not a signal that kills the process.
    ::signal(SIGPIPE, SIG_IGN);
  }

  HttpResponse perform(const HttpRequest& request) override
  {
    thread_local std::unique_ptr<CURL, HandleDeleter> t_handle(curl_easy_init());
    CURL* handle = t_handle.get();
    curl_easy_reset(handle);
    Exchange exchange;
    exchange.request = &request;
    exchange.handle = handle;
    bool has_body = !request.body_file.empty() || !request.body.empty() || request.method == "PUT" ||
                    request.method == "POST" || request.method == "PATCH";
    if (!request.body_file.empty()) {
      struct stat status {};
      exchange.fd = util::Fd(util::open_input_file(request.body_file, status));
    }
    curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 30L);
    // A transfer slower than 1 KiB/s for 60 s is stalled; any request ends at its deadline.
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.connection.request_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "pycontainer/" PYCONTAINER_VERSION);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, request.verify_tls ? 1L : 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, request.verify_tls ? 2L : 0L);
    if (!request.connection.ca_file.empty()) {
      curl_easy_setopt(handle, CURLOPT_CAINFO, request.connection.ca_file.c_str());
    }
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange);
    if (request.method == "HEAD") {
      curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else if (has_body) {
      curl_off_t length = request.body_file.empty() ? static_cast<curl_off_t>(request.body.size()) : request.body_length;
      curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, length);
      curl_easy_setopt(handle, CURLOPT_READFUNCTION, on_read);
      curl_easy_setopt(handle, CURLOPT_READDATA, &exchange);
      curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    } else if (request.method != "GET") {
      curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    curl_slist* connect_to = nullptr;
    for (const auto& rule : request.connection.connect_to) {
      connect_to = curl_slist_append(connect_to, rule.c_str());
    }
    curl_easy_setopt(handle, CURLOPT_CONNECT_TO, connect_to);
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) {
      headers = curl_slist_append(headers, (name + ": " + value).c_str());
    }
    // No "Expect: 100-continue" round trip; Distribution answers at once anyway.
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    char error_buffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
    auto started = std::chrono::steady_clock::now();
    CURLcode code = curl_easy_perform(handle);
    auto elapsed = std::chrono::steady_clock::now() - started;
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_to);
    if (exchange.streaming_error) {
      std::rethrow_exception(exchange.streaming_error);
    }
    if (code != CURLE_OK) {
      using Kind = TransportError::Kind;
      Kind kind = Kind::other;
      switch (code) {
      case CURLE_COULDNT_CONNECT:
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_PARTIAL_FILE:
        kind = Kind::connection;
        break;
      case CURLE_OPERATION_TIMEDOUT:
        // A stall says "Operation too slow", a connect timeout "Connection timed out" / "Timeout was
        // reached"; curl's timer may fire a little before our clock's count.
        kind = elapsed >= request.connection.request_timeout ||
                   std::string_view(error_buffer).starts_with("Operation timed out after")
                 ? Kind::deadline
                 : Kind::timeout;
        break;
      case CURLE_SSL_CONNECT_ERROR:
        kind = Kind::tls_handshake;
        break;
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
        kind = Kind::tls_verify;
        break;
      case CURLE_WRITE_ERROR:
        if (exchange.too_large) {
          kind = Kind::body_too_large;
        }
        break;
      default:
        break;
      }
      std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
      if (kind == Kind::body_too_large) {
        detail = "the response is larger than " + util::human_binary_size(request.max_body) + "; refused";
      } else if (kind == Kind::deadline) {
        detail = "no complete answer within the request deadline of " +
                 duration_text(request.connection.request_timeout) + " (" +
                 std::to_string(exchange.response.body.size() + exchange.received) +
                 " body bytes received; --request-timeout sets the deadline)";
      }
      throw TransportError(request.method + " " + redact_url(request.url) + ": " + detail, redact_url(request.url),
                           kind);
    }
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    exchange.response.status = static_cast<int>(status);
    return std::move(exchange.response);
  }
};

} // namespace

std::optional<std::string> find_header(const Headers& headers, std::string_view name)
{
  for (const auto& [key, value] : headers) {
    if (util::iequals(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> find_headers(const Headers& headers, std::string_view name)
{
  std::vector<std::string> values;
  for (const auto& [key, value] : headers) {
    if (util::iequals(key, name)) {
      values.push_back(value);
    }
  }
  return values;
}

HttpTransport& curl_transport()
{
  static CurlTransport transport;
  return transport;
}

} // namespace pycontainer::remote
