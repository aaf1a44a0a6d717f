#pragma once
// The request and response the RequestHandler sees: plain values, no sockets, so the whole
// API can be tested without a network. The Beast transport converts to and from these.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace twin::server {

struct HttpRequest {
  std::string method;  // "GET", "POST", ... as sent
  std::string target;  // path and query as sent, e.g. "/jobs?status=running"
  std::map<std::string, std::string> headers;  // field names lower-case
  std::string body;
  std::string remote_address;  // for logs

  // The header's value, or nullopt. `name` in lower case.
  std::optional<std::string> header(const std::string& name) const {
    auto it = headers.find(name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type among them
  std::string body;
  // When set, the body is this file, streamed by the transport (results, uploads' copies).
  std::optional<std::filesystem::path> file;
  // Route template for metrics ("/jobs/{id}"), set by the handler.
  std::string route;

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  // Case-insensitive look-up of a header set on the response.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() == name.size() &&
          std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          }))
        return value;
    }
    return std::nullopt;
  }
};

}  // namespace twin::server
