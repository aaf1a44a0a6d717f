#include "twin/data/error.hpp"

namespace twin::data {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::file_not_found: return "file-not-found";
    case ErrorCode::not_a_scenario: return "not-a-scenario";
    case ErrorCode::corrupt_file: return "corrupt-file";
    case ErrorCode::parse_error: return "parse-error";
    case ErrorCode::missing_layer: return "missing-layer";
    case ErrorCode::missing_column: return "missing-column";
    case ErrorCode::missing_table: return "missing-table";
    case ErrorCode::grid_mismatch: return "grid-mismatch";
    case ErrorCode::unknown_crs: return "unknown-crs";
    case ErrorCode::invalid_value: return "invalid-value";
    case ErrorCode::over_memory_budget: return "over-memory-budget";
    case ErrorCode::invalid_argument: return "invalid-argument";
    case ErrorCode::io_error: return "io-error";
  }
  return "unknown";
}

Error::Error(ErrorCode code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}

}  // namespace twin::data
