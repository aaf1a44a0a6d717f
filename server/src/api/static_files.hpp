#pragma once
// The web viewer's built files (web/dist) served under /viewer/, and the browser's way in:
// GET / asking for HTML is sent there, while API clients keep the JSON landing page.
#include <optional>

#include "api_context.hpp"

namespace twin::server::api {

// GET/HEAD /viewer and everything below it: a file of the web root, streamed, with its media
// type. Requests that leave the web root (.., hidden names, encoded slashes, symlinks out)
// and missing files answer 404. nullopt when the path is not under /viewer.
std::optional<HttpResponse> route_viewer(const Api& api, const Request& request);

// 303 to /viewer/ for GET / from a browser (Accept names text/html, or ?f=html) when a
// viewer is installed; nullopt otherwise (the JSON landing page answers).
std::optional<HttpResponse> viewer_redirect(const Api& api, const Request& request);

// The media type for a file name's extension; application/octet-stream when unknown.
std::string_view media_type_for(const std::filesystem::path& file);

}  // namespace twin::server::api
