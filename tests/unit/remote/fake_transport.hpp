#pragma once

// A scripted HttpTransport for the remote unit tests: no network.
#include "remote/http.hpp"
#include "remote/registry_error.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace pycontainer::remote::fake {

// Answers requests from a script, in order, and records every request it was sent.
class FakeTransport final : public HttpTransport {
public:
  struct Step {
    std::string url_contains;         // the request's URL must contain this
    std::function<HttpResponse()> answer; // or throws (TransportError) for "no response"
  };

  void then(std::string url_contains, int status, Headers headers = {}, std::string body = "")
  {
    m_steps.push_back({std::move(url_contains), [=] { return HttpResponse{status, headers, body}; }});
  }
  void then_do(std::string url_contains, std::function<HttpResponse()> answer)
  {
    m_steps.push_back({std::move(url_contains), std::move(answer)});
  }
  void then_connection_failure(std::string url_contains)
  {
    m_steps.push_back({url_contains, [url_contains]() -> HttpResponse {
                         throw TransportError("connection reset by fake", url_contains,
                                              TransportError::Kind::connection);
                       }});
  }

  HttpResponse perform(const HttpRequest& request) override
  {
    m_requests.push_back(request);
    m_times.push_back(std::chrono::steady_clock::now());
    if (m_steps.empty()) {
      throw std::logic_error("unexpected request " + request.method + " " + request.url);
    }
    auto step = std::move(m_steps.front());
    m_steps.pop_front();
    if (request.url.find(step.url_contains) == std::string::npos) {
      throw std::logic_error("request " + request.url + " does not contain " + step.url_contains);
    }
    send_body_file(request);
    auto response = step.answer();
    // As the curl transport: a 2xx body goes to on_body when the request has one.
    if (response.status >= 200 && response.status < 300 && request.on_body && !response.body.empty()) {
      if (request.on_body_start) {
        request.on_body_start(response.status, response.headers);
      }
      request.on_body(response.body.data(), response.body.size());
      response.body.clear();
    }
    return response;
  }

  // As the curl transport: the body file's range, read in pieces handed to on_upload.
  static void send_body_file(const HttpRequest& request)
  {
    if (request.body_file.empty() || !request.on_upload) {
      return;
    }
    std::ifstream file(request.body_file, std::ios::binary);
    file.seekg(request.body_offset);
    std::vector<char> piece(64 * 1024);
    for (std::int64_t left = request.body_length; left > 0;) {
      file.read(piece.data(), static_cast<std::streamsize>(std::min<std::int64_t>(left, piece.size())));
      if (file.gcount() <= 0) {
        throw TransportError("the body file ended early", request.url, TransportError::Kind::other);
      }
      request.on_upload(piece.data(), static_cast<std::size_t>(file.gcount()));
      left -= file.gcount();
    }
  }

  const std::vector<HttpRequest>& requests() const { return m_requests; }
  const std::vector<std::chrono::steady_clock::time_point>& times() const { return m_times; }
  bool done() const { return m_steps.empty(); }

private:
  std::deque<Step> m_steps;
  std::vector<HttpRequest> m_requests;
  std::vector<std::chrono::steady_clock::time_point> m_times;
};

} // namespace pycontainer::remote::fake
