#pragma once
// One exception type for everything that can go wrong with input data. Each error has a
// stable code; the CLI and the server's error table turn codes into messages and statuses.
#include <stdexcept>
#include <string>
#include <string_view>

namespace twin::data {

enum class ErrorCode {
  file_not_found,      // a named input file does not exist or cannot be opened
  not_a_scenario,      // the file is not HDF5, or not a twinsolve scenario
  corrupt_file,        // truncated or damaged file (HDF5, GeoTIFF, shapefile, ...)
  parse_error,         // a text format (OPS .brn/.rcp, JSON) with a bad line or value
  missing_layer,       // a required raster layer is absent
  missing_column,      // a required feature-table column is absent
  missing_table,       // a required feature table is absent
  grid_mismatch,       // rasters whose grids differ where they must match
  unknown_crs,         // an EPSG code or CRS that PROJ does not know
  invalid_value,       // NaN, negative height, out-of-range parameter, ...
  over_memory_budget,  // the work would allocate more than the configured budget
  invalid_argument,    // a bad option or argument (unknown format, empty window, ...)
  io_error,            // writing failed (disk full, permission denied, ...)
};

// Stable kebab-case name of a code, e.g. "missing-layer"; used in messages and APIs.
std::string_view error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message);
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace twin::data
