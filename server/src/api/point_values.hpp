#pragma once
// "What is here?": one layer's value in the cell containing a point, for the result layers of
// a job and the input layers of a scenario alike (GET .../{layer}/value?x=&y=).
#include <filesystem>
#include <string>

#include "api_context.hpp"

namespace twin::server::api {

// Reads the one cell from `file` (a scenario or result HDF5 file) without reading the layer.
// 400 when x or y is missing, not a number, or outside the grid; the caller has checked that
// the layer exists.
HttpResponse point_value_response(const Request& request, const std::filesystem::path& file,
                                  const std::string& layer);

}  // namespace twin::server::api
