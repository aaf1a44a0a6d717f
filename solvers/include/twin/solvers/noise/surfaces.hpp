#pragma once
// Road surface corrections of CNOSSOS-EU road emission (Directive (EU) 2015/996 Annex II,
// 2.2.6, coefficients of Appendix F as amended by Delegated Directive (EU) 2021/1226):
// the reference surface DEF and the Dutch surfaces NL01 .. NL14.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "twin/solvers/noise/bands.hpp"

namespace twin::solvers::noise {

struct RoadSurface {
  std::string id;           // "DEF", "NL01", ...
  std::string description;  // e.g. "1-layer ZOAB"
  double v_min_kmh = 0;     // speed range the correction was fitted for
  double v_max_kmh = 0;
  std::array<Spectrum, 3> alpha{};  // alpha_i,m (dB) for categories 1, 2, 3
  std::array<double, 3> beta{};     // beta_m (dB per decade of speed) for categories 1, 2, 3
};

// The surface with this id; throws twin::data::Error(invalid_argument) for an unknown id.
const RoadSurface& road_surface(std::string_view id);
// All surfaces known, in table order.
const std::vector<RoadSurface>& road_surfaces();

// The speed used in the speed-dependent term beta_m lg(v / 70): v clamped into the surface's
// fitted range, so that a correction is never extrapolated beyond the data it came from.
double surface_speed(const RoadSurface& surface, double v_kmh);

}  // namespace twin::solvers::noise
