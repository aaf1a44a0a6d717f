#include "api_context.hpp"

#include <cctype>

namespace twin::server::api {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) fail(400, "truncated percent-encoding in the URL");
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) fail(400, "invalid percent-encoding in the URL");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

void fail(int status, std::string detail, std::string_view type) {
  Problem problem;
  problem.status = status;
  problem.detail = std::move(detail);
  problem.type = std::string(type);
  throw ApiError{std::move(problem)};
}

std::optional<std::string> Request::query_value(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Request::query_values(const std::string& name) const {
  std::vector<std::string> values;
  auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto part = rest.substr(0, comma);
      if (!part.empty()) values.emplace_back(part);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return values;
}

void parse_target(Request& request) {
  std::string_view target = request.http.target;
  const auto question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  if (raw_path.empty() || raw_path.front() != '/') fail(400, "the request target must be an absolute path");
  // Decode each segment on its own, so an encoded '/' cannot create a new segment.
  std::size_t start = 1;
  while (start <= raw_path.size()) {
    const auto slash = raw_path.find('/', start);
    const auto part = raw_path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!part.empty()) request.segments.push_back(percent_decode(part, false));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  request.path = "/";
  for (std::size_t i = 0; i < request.segments.size(); ++i)
    request.path += (i ? "/" : "") + request.segments[i];
  if (question == std::string_view::npos) return;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    if (!pair.empty()) {
      const auto equals = pair.find('=');
      request.query.emplace(percent_decode(pair.substr(0, equals), true),
                            equals == std::string_view::npos ? std::string() : percent_decode(pair.substr(equals + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

HttpResponse json_response(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.set_header("Content-Type", "application/json");
  response.body = body.dump();
  return response;
}

nlohmann::json link(std::string href, std::string_view rel, std::string_view type, std::string_view title) {
  nlohmann::json j = nlohmann::json::object();
  j["href"] = std::move(href);
  j["rel"] = rel;
  j["type"] = type;
  if (!title.empty()) j["title"] = title;
  return j;
}

nlohmann::json json_body(const HttpRequest& request) {
  const auto type = request.header("content-type").value_or("");
  if (type.find("json") == std::string::npos)
    fail(415, "expected a JSON body (Content-Type: application/json), got '" + type + "'");
  try {
    auto body = nlohmann::json::parse(request.body);
    if (!body.is_object()) fail(400, "the JSON body must be an object");
    return body;
  } catch (const nlohmann::json::parse_error& e) {
    fail(400, std::string("malformed JSON: ") + e.what());
  }
}

std::size_t Request::count_value(const std::string& name, std::size_t fallback, std::size_t max) const {
  const auto text = query_value(name);
  if (!text) return fallback;
  try {
    std::size_t used = 0;
    const long long value = std::stoll(*text, &used);
    if (used != text->size() || value < 0) throw std::invalid_argument(name);
    return std::min<std::size_t>(static_cast<std::size_t>(value), max);
  } catch (const std::exception&) {
    fail(400, "query parameter '" + name + "' must be a non-negative integer");
  }
}

}  // namespace twin::server::api
