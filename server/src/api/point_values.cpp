#include "point_values.hpp"

#include <cmath>
#include <stdexcept>

#include "twin/data/hdf5_cell.hpp"

namespace twin::server::api {
namespace {

double coordinate(const Request& request, const char* name) {
  const auto text = request.query_value(name);
  if (!text) fail(400, std::string("query parameter '") + name + "' (metres in the grid's CRS) is required");
  try {
    std::size_t used = 0;
    const double value = std::stod(*text, &used);
    if (used != text->size() || !std::isfinite(value)) throw std::invalid_argument(name);
    return value;
  } catch (const std::exception&) {
    fail(400, std::string("query parameter '") + name + "' must be a number");
  }
}

}  // namespace

HttpResponse point_value_response(const Request& request, const std::filesystem::path& file,
                                  const std::string& layer) {
  const double x = coordinate(request, "x");
  const double y = coordinate(request, "y");
  const auto sample = data::read_cell(file, layer, x, y);
  if (!sample.cell) fail(400, "the point (" + std::to_string(x) + ", " + std::to_string(y) + ") lies outside the grid");
  return json_response(200, {{"layer", layer},
                             {"x", x},
                             {"y", y},
                             {"col", sample.cell->col},
                             {"row", sample.cell->row},
                             {"value", sample.value ? nlohmann::json(*sample.value) : nlohmann::json(nullptr)},
                             {"units", sample.units}});
}

}  // namespace twin::server::api
