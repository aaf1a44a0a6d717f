#pragma once
// Shadow casting over a digital surface model for one sun position, by a directional sweep
// along parallel digital lines (each cell inherits the shadow volume of its neighbour towards
// the sun, lowered by the sun's slope), after the shadow-volume idea of Ratti & Richens
// (2004, Environment and Planning B 31:763–778) used by SOLWEIG/UMEP. Trees come from a
// canopy surface model and let a fixed fraction of the direct beam through.
#include <cstdint>

#include "twin/data/raster.hpp"

namespace twin::solvers::heat {

struct ShadowParams {
  double sun_azimuth_deg = 180.0;       // eastward from north (grid north)
  double sun_altitude_deg = 45.0;       // above the horizon; ≤ 0 puts every cell in shade
  double canopy_transmissivity = 0.03;  // share of the direct beam passing a crown, 0 … 1
  // Column and row of the raster's first cell in the grid the lines are anchored on: a part
  // of a larger grid (a tile's region) then sweeps along the same digital lines as the whole.
  std::int64_t origin_col = 0;
  std::int64_t origin_row = 0;
};

struct ShadowMasks {
  data::Raster<float> building_sun;    // 1 sunlit, 0 in the shadow of the DSM (buildings, terrain)
  data::Raster<float> vegetation_sun;  // 1 clear of tree crowns, 0 in a crown's shadow
  data::Raster<float> sun_fraction;    // direct beam reaching the cell: building_sun × (1 or τ)
};

// `dsm`: surface elevation (terrain + buildings), m. `canopy` (may be null): elevation of the
// tree-crown tops on the same grid, m; cells whose crown is not above the DSM (or NaN) have no
// tree. A crown is treated as solid from the ground up (no trunk zone). Nodata cells of the
// DSM cast no shadow and get NaN in every mask. Cells beyond the grid cast nothing, so a tile
// needs a halo of max height / tan(altitude). Throws data::Error(grid_mismatch) when the
// rasters' grids differ, (invalid_value) for a transmissivity outside 0 … 1.
ShadowMasks cast_shadows(const data::Raster<float>& dsm, const data::Raster<float>* canopy,
                         const ShadowParams& params);

}  // namespace twin::solvers::heat
