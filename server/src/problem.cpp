#include "twin/server/problem.hpp"

#include <array>
#include <utility>

namespace twin::server {
namespace {

struct StatusText {
  int status;
  std::string_view reason;
  std::string_view slug;  // this API's problem type for the status
};

constexpr std::array<StatusText, 20> status_texts{{
    {400, "Bad Request", "bad-request"},
    {401, "Unauthorized", "unauthorized"},
    {403, "Forbidden", "forbidden"},
    {404, "Not Found", "not-found"},
    {405, "Method Not Allowed", "method-not-allowed"},
    {406, "Not Acceptable", "not-acceptable"},
    {408, "Request Timeout", "request-timeout"},
    {409, "Conflict", "conflict"},
    {410, "Gone", "gone"},
    {411, "Length Required", "length-required"},
    {413, "Payload Too Large", "payload-too-large"},
    {414, "URI Too Long", "uri-too-long"},
    {415, "Unsupported Media Type", "unsupported-media-type"},
    {422, "Unprocessable Entity", "unprocessable-entity"},
    {429, "Too Many Requests", "too-many-requests"},
    {431, "Request Header Fields Too Large", "header-too-large"},
    {500, "Internal Server Error", "internal-error"},
    {501, "Not Implemented", "not-implemented"},
    {503, "Service Unavailable", "unavailable"},
    {507, "Insufficient Storage", "insufficient-storage"},
}};

const StatusText* find_status(int status) {
  for (const auto& text : status_texts)
    if (text.status == status) return &text;
  return nullptr;
}

}  // namespace

std::string_view reason_phrase(int status) {
  const auto* text = find_status(status);
  return text != nullptr ? text->reason : std::string_view("Error");
}

HttpResponse problem_response(const Problem& problem) {
  const auto* text = find_status(problem.status);
  nlohmann::json body = problem.extra.is_object() ? problem.extra : nlohmann::json::object();
  body["type"] = !problem.type.empty() ? problem.type
                 : text != nullptr     ? "/problems/" + std::string(text->slug)
                                       : std::string("about:blank");
  body["title"] = !problem.title.empty() ? problem.title : std::string(reason_phrase(problem.status));
  body["status"] = problem.status;
  if (!problem.detail.empty()) body["detail"] = problem.detail;
  HttpResponse response;
  response.status = problem.status;
  response.set_header("Content-Type", "application/problem+json");
  response.body = body.dump();
  return response;
}

HttpResponse problem_response(int status, std::string detail) {
  Problem problem;
  problem.status = status;
  problem.detail = std::move(detail);
  return problem_response(problem);
}

}  // namespace twin::server
