#include "http_convert.hpp"

#include <algorithm>
#include <cctype>

namespace twin::server::detail {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

}  // namespace

bool is_json_media_type(std::string_view content_type) {
  const std::string media = lower(trim(content_type.substr(0, content_type.find(';'))));
  const std::string_view suffix = "+json";
  return media.empty() || media == "application/json" ||
         (media.size() > suffix.size() &&
          media.compare(media.size() - suffix.size(), suffix.size(), suffix) == 0);
}

HttpRequest to_http_request(boost::beast::http::request<boost::beast::http::string_body>&& message,
                            bool as_get, std::string remote_address) {
  HttpRequest request;
  request.method = as_get ? std::string("GET") : std::string(view(message.method_string()));
  request.target = std::string(view(message.target()));
  for (const auto& field : message) {
    auto [it, inserted] =
        request.headers.emplace(lower(view(field.name_string())), std::string(view(field.value())));
    if (!inserted) {
      it->second += ", ";
      it->second += view(field.value());
    }
  }
  request.body = std::move(message.body());
  request.remote_address = std::move(remote_address);
  return request;
}

}  // namespace twin::server::detail
