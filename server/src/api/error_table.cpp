// The one table from data::ErrorCode to HTTP status. Input the client sent that is wrong
// in itself is 400; a well-formed request the scenario cannot satisfy is 422; a file the
// client uploaded that is not a scenario is 422 too; server-side failures are 5xx.
#include <array>
#include <utility>

#include "api_context.hpp"

namespace twin::server::api {
namespace {

using data::ErrorCode;

constexpr std::array<std::pair<ErrorCode, int>, 13> statuses{{
    {ErrorCode::file_not_found, 404},
    {ErrorCode::not_a_scenario, 422},
    {ErrorCode::corrupt_file, 422},
    {ErrorCode::parse_error, 400},
    {ErrorCode::missing_layer, 422},
    {ErrorCode::missing_column, 422},
    {ErrorCode::missing_table, 422},
    {ErrorCode::grid_mismatch, 422},
    {ErrorCode::unknown_crs, 422},
    {ErrorCode::invalid_value, 400},
    {ErrorCode::over_memory_budget, 413},
    {ErrorCode::invalid_argument, 400},
    {ErrorCode::io_error, 500},
}};

}  // namespace

Problem problem_for(const data::Error& error) {
  Problem problem;
  problem.status = 500;
  for (const auto& [code, status] : statuses)
    if (code == error.code()) problem.status = status;
  problem.type = "/problems/" + std::string(data::error_code_name(error.code()));
  problem.detail = error.what();
  return problem;
}

}  // namespace twin::server::api
