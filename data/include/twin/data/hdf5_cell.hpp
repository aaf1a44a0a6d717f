#pragma once
// One cell of one layer of a scenario or result file (hdf5_store.hpp's format), read without
// reading the layer: for "what is here?" queries such as the API's .../value?x=&y=.
#include <filesystem>
#include <optional>
#include <string>

#include "twin/data/grid_spec.hpp"

namespace twin::data {

// One layer's value at a point.
struct CellSample {
  GridSpec grid;
  std::optional<CellIndex> cell;  // nothing when (x, y) lies outside the grid
  std::optional<double> value;    // nothing outside the grid and for nodata
  std::string units;
};

// Reads the one cell of `layer` that contains (x, y) (metres in the grid's CRS) as an HDF5
// hyperslab, so only the chunk holding it is decompressed, not the whole layer.
// Throws Error(missing_layer) when the file has no such layer, and what read_scenario throws
// for a missing or damaged file.
CellSample read_cell(const std::filesystem::path& path, const std::string& layer, double x, double y);

}  // namespace twin::data
