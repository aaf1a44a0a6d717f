#pragma once
// Export of layers for people and other tools: Cloud Optimized GeoTIFF, PNG with a colour
// ramp chosen for the quantity (plus an SVG legend), and statistics as JSON.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/data/layer.hpp"

namespace twin::data {

// COG (GDAL COG driver, deflate, overviews), EPSG from the grid; written to a temporary
// name and renamed. Throws Error(io_error | unknown_crs).
void export_cog(const Layer& layer, const std::string& layer_name, const std::filesystem::path& out);

struct ColourStop {
  double value;
  unsigned char r, g, b;
};

struct ColourRamp {
  std::string name;             // "terrain", "height", "noise", "deposition", ...
  std::vector<ColourStop> stops;  // ascending values; colours interpolated between stops
  bool classed = false;         // true: each value takes the colour of the stop at or below it
};

// The ramp for a layer name and units, scaled to the data range where the quantity has no
// fixed scale (noise in dB and PET have fixed classes; heights scale to the data).
ColourRamp ramp_for(const std::string& layer_name, const Layer& layer);

// RGBA PNG of the grid's size (nodata transparent) and, beside it, `<out stem>.legend.svg`
// with the ramp, the layer name and its units. Returns the legend path.
std::filesystem::path export_png(const Layer& layer, const std::string& layer_name,
                                 const std::filesystem::path& out);

// Statistics: count, nodata count, min, max, mean, standard deviation, percentiles
// (5, 25, 50, 75, 95), area in m², units, and the layer's description.
nlohmann::json layer_statistics(const Layer& layer);

}  // namespace twin::data
