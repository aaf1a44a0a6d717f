#pragma once
// RFC 7807 problem bodies: every error the API returns goes through here, so clients always
// get `application/problem+json` with type, title, status and detail.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "twin/server/http_types.hpp"

namespace twin::server {

// Exception types defined by OGC API - Processes Part 1 (section 7.x, "exception types").
namespace problem_types {
inline constexpr std::string_view no_such_process =
    "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-process";
inline constexpr std::string_view no_such_job =
    "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-job";
inline constexpr std::string_view result_not_ready =
    "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/result-not-ready";
}  // namespace problem_types

struct Problem {
  int status = 500;
  std::string type;    // a URI; empty = this API's own type for the status, /problems/<slug>
  std::string title;   // empty = the status's reason phrase
  std::string detail;  // what went wrong with this request, for people
  nlohmann::json extra = nlohmann::json::object();  // further members (e.g. "edit": 2)
};

// The response: status, Content-Type application/problem+json, the JSON body.
HttpResponse problem_response(const Problem& problem);
// Shorthand for the common case.
HttpResponse problem_response(int status, std::string detail);

std::string_view reason_phrase(int status);  // "Not Found", ...

}  // namespace twin::server
