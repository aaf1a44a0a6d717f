#pragma once
// The sky view factor by the direct ray walk: from every cell, in each of N azimuths, the
// cells the ray crosses (Amanatides & Woo 1987 traversal), each a flat-topped prism seen at
// the edge where the ray enters it, out to the search radius. O(cells × directions × radius):
// the solver uses the sweep of sky_view_factor.hpp; this stays as the reference its tests and
// benchmarks compare against. Same parameters, errors and threading as sky_view_factor().
#include "twin/solvers/heat/sky_view_factor.hpp"

namespace twin::solvers::heat {

data::Raster<float> sky_view_factor_ray_scan(const data::Raster<float>& dsm,
                                             const SvfParams& params, const data::Window& out);

double sky_view_factor_ray_scan_at(const data::Raster<float>& dsm, const SvfParams& params,
                                   std::int64_t col, std::int64_t row);

}  // namespace twin::solvers::heat
