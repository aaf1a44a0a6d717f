#include "static_files.hpp"

#include <algorithm>
#include <array>
#include <system_error>
#include <utility>

namespace twin::server::api {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view viewer_prefix = "viewer";

// A segment that could name something outside the web root, or a hidden file, is refused
// before any path is built. parse_target decodes each segment on its own, so an encoded
// slash arrives here inside one segment and is caught too.
bool is_safe_segment(const std::string& segment) {
  if (segment.empty() || segment.front() == '.') return false;  // ".", "..", ".git", ".env"
  return std::none_of(segment.begin(), segment.end(),
                      [](char c) { return c == '/' || c == '\\' || c == '\0' || c == ':'; });
}

bool is_within(const fs::path& path, const fs::path& root) {
  const auto [root_end, path_it] =
      std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

[[noreturn]] void not_found(const Request& request) {
  fail(404, "there is no file at " + request.path);
}

bool is_hashed_asset(const std::vector<std::string>& segments) {
  // Vite names bundled files by their content hash: they never change under one name.
  return segments.size() == 3 && segments[1] == "assets";
}

}  // namespace

std::string_view media_type_for(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> types{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".webmanifest", "application/manifest+json"},
  }};
  const auto extension = file.extension().string();
  for (const auto& [ext, type] : types)
    if (ext == extension) return type;
  return "application/octet-stream";
}

std::optional<HttpResponse> route_viewer(const Api& api, const Request& request) {
  const auto& s = request.segments;
  if (s.empty() || s[0] != viewer_prefix) return std::nullopt;
  const auto& method = request.http.method;
  if (method != "GET" && method != "HEAD") fail(405, "use GET on the viewer's files");
  const auto& root = api.options.web_root;
  if (root.empty() || !fs::is_regular_file(root / "index.html"))
    fail(404,
         "this server has no web viewer: build it (cd web && npm ci && npm run build) and start "
         "twinsolve serve with --web-root web/dist");
  // "/viewer" has no slash, so relative asset links would resolve against "/": redirect.
  const auto target_path =
      std::string_view(request.http.target).substr(0, request.http.target.find('?'));
  if (s.size() == 1 && target_path.back() != '/') {
    HttpResponse response;
    response.status = 301;
    response.set_header("Location", api.href("/viewer/"));
    return response;
  }
  fs::path relative;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (!is_safe_segment(s[i])) not_found(request);
    relative /= s[i];
  }
  if (relative.empty()) relative = "index.html";
  std::error_code error;
  const auto canonical_root = fs::canonical(root, error);
  if (error) not_found(request);
  // canonical() resolves symlinks: a link inside the root that points out of it is refused.
  const auto file = fs::canonical(canonical_root / relative, error);
  if (error || !is_within(file, canonical_root) || !fs::is_regular_file(file, error))
    not_found(request);

  HttpResponse response;
  response.set_header("Content-Type", std::string(media_type_for(file)));
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Cache-Control",
                      is_hashed_asset(s) ? "public, max-age=31536000, immutable" : "no-cache");
  response.file = file;
  return response;
}

std::optional<HttpResponse> viewer_redirect(const Api& api, const Request& request) {
  if (!request.segments.empty()) return std::nullopt;
  if (request.http.method != "GET" && request.http.method != "HEAD") return std::nullopt;
  const auto format = request.query_value("f");
  const bool wants_html =
      format ? *format == "html"
             : request.http.header("accept").value_or("").find("text/html") != std::string::npos;
  if (!wants_html || api.options.web_root.empty() ||
      !fs::is_regular_file(api.options.web_root / "index.html"))
    return std::nullopt;
  HttpResponse response;
  response.status = 303;
  response.set_header("Location", api.href("/viewer/"));
  return response;
}

}  // namespace twin::server::api
