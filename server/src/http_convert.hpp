#pragma once
// Internal to the transport: conversions between Beast's messages and the plain
// HttpRequest/HttpResponse the handler sees.
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "twin/server/http_types.hpp"

namespace twin::server::detail {

inline std::string_view view(boost::beast::string_view text) { return {text.data(), text.size()}; }

// JSON (application/json, any */*+json) or no Content-Type at all: the small body limit
// applies. Everything else is an upload (HDF5, GeoTIFF, octet-stream) with the large one.
bool is_json_media_type(std::string_view content_type);

// Field names lower-cased, repeated fields joined with ", " (RFC 9110 5.3). `as_get` turns a
// HEAD into the GET the handler answers.
HttpRequest to_http_request(boost::beast::http::request<boost::beast::http::string_body>&& message,
                            bool as_get, std::string remote_address);

// Status, version, the handler's headers and keep-alive; no body. Framing headers
// (Content-Length, Transfer-Encoding, Connection) belong to the transport and are dropped.
template <class Body>
std::shared_ptr<boost::beast::http::response<Body>> to_beast_response(const HttpResponse& response,
                                                                      unsigned version,
                                                                      bool keep_alive) {
  namespace beast = boost::beast;
  auto message = std::make_shared<beast::http::response<Body>>();
  message->result(static_cast<unsigned>(response.status));
  message->version(version);
  message->set(beast::http::field::server, "twinsolve");
  for (const auto& [name, value] : response.headers) {
    if (beast::iequals(name, "content-length") || beast::iequals(name, "connection") ||
        beast::iequals(name, "transfer-encoding"))
      continue;
    message->insert(name, value);
  }
  message->keep_alive(keep_alive);
  return message;
}

}  // namespace twin::server::detail
