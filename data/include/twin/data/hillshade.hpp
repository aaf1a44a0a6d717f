#pragma once
// Terrain shading for base maps: a height layer lit by a distant sun, computed by GDAL's DEM
// processing (gdaldem "hillshade": slope and aspect from Horn's 3x3 kernel, Horn 1981,
// shaded as the cosine of the angle between the surface normal and the light).
#include <filesystem>

#include "twin/data/layer.hpp"

namespace twin::data {

struct HillshadeOptions {
  double azimuth_deg = 315;  // light from the north-west, the cartographic convention
  double altitude_deg = 45;
  // Vertical exaggeration: Dutch terrain varies by metres over kilometres, and a dike of
  // 2 m on 10 m cells is hardly visible unexaggerated.
  double z_factor = 5;
};

// The shade of each cell, 1 (facing away from the light) .. 255 (facing it), 0 = nodata (the
// layer's nodata cells). Heights in metres on a grid in metres; edge cells are shaded from
// their available neighbours. Throws Error(invalid_argument) for a layer that is not
// floating point or options out of range, Error(io_error) when GDAL fails.
Layer hillshade(const Layer& heights, const HillshadeOptions& options = {});

// The shade as an RGBA PNG to lie over a coloured base map: black, with alpha 255 - shade,
// so each cell darkens what is below by how much it faces away from the light (flat ground
// under a 45° sun by 29%, slopes facing the light not at all); nodata is transparent.
void export_shade_png(const Layer& shade, const std::filesystem::path& out);

}  // namespace twin::data
