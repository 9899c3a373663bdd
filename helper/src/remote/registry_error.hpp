#pragma once

#include "util/error.hpp"

#include <string>

namespace pycontainer::remote {

// A registry (or the network on the way to it) said no. Carries the URL (signed query parameters
// redacted), the HTTP status (0 when no response arrived), the first OCI error code of the body
// ("BLOB_UNKNOWN", "DENIED"...) and whether trying again may help.
class RegistryError : public Error {
public:
  RegistryError(std::string message, std::string url, int status, std::string code, bool temporary)
    : Error(std::move(message)), m_url(std::move(url)), m_status(status), m_code(std::move(code)),
      m_temporary(temporary)
  {
  }

  const std::string& url() const { return m_url; }
  int status() const { return m_status; }
  const std::string& code() const { return m_code; }
  // Connection resets, timeouts, 408, 429 and 5xx: a retry may succeed.
  bool temporary() const { return m_temporary; }

private:
  std::string m_url;
  int m_status;
  std::string m_code;
  bool m_temporary;
};

// No HTTP response at all: connection refused or reset, timeout, TLS failure. `timeout` is a stalled
// transfer (retried, resumed where possible); `deadline` a request that outlasted
// ConnectionSettings::request_timeout (not retried: the same server would take as long again).
class TransportError : public RegistryError {
public:
  enum class Kind { connection, timeout, deadline, tls_handshake, tls_verify, body_too_large, other };
  TransportError(std::string message, std::string url, Kind kind)
    : RegistryError(std::move(message), std::move(url), 0, "",
                    kind == Kind::connection || kind == Kind::timeout || kind == Kind::other),
      m_kind(kind)
  {
  }
  Kind kind() const { return m_kind; }

private:
  Kind m_kind;
};

} // namespace pycontainer::remote
