// Shadow casting by a directional sweep: O(cells) per sun position, no per-cell ray march.
#include "twin/solvers/heat/shadows.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

constexpr float kNone = -std::numeric_limits<float>::infinity();
constexpr double kShadowEpsilonM = 1e-3;  // ignore shadow volumes only float noise above a cell

// The sweep geometry for one sun azimuth. Cells lie on parallel digital lines
// (c, k + round(f·s·c)) or (k + round(f·s·r), r): stepping one cell along the major axis
// towards the sun moves the minor coordinate by the line's integer increment, so a shadow
// volume travels without being smeared over neighbouring lines.
struct Sweep {
  bool by_columns = true;  // major axis: columns (sun more east/west than north/south)
  int s = 1;               // +1 when the sun lies towards increasing major index
  double f = 0.0;          // minor-axis change per major step towards the sun, |f| ≤ 1
  double step_m = 1.0;     // horizontal distance of one step

  std::int64_t minor_offset(std::int64_t major) const {
    return static_cast<std::int64_t>(std::floor(f * s * static_cast<double>(major) + 0.5));
  }
};

Sweep sweep_for(double azimuth_deg, double cell) {
  const double a = azimuth_deg * std::numbers::pi / 180.0;
  const double dc = std::sin(a);   // towards the sun: +col = east
  const double dr = -std::cos(a);  // towards the sun: −row = north
  Sweep sw;
  sw.by_columns = std::abs(dc) >= std::abs(dr);
  const double major = sw.by_columns ? dc : dr;
  const double minor = sw.by_columns ? dr : dc;
  sw.s = major >= 0.0 ? 1 : -1;
  sw.f = minor / std::abs(major);
  sw.step_m = cell * std::sqrt(1.0 + sw.f * sw.f);
  return sw;
}

// For every cell, the height of the shadow volume arriving from its neighbour towards the
// sun (kNone when nothing upwind casts one). `source` is what casts (kNone where nothing).
// `origin` is the global major index of local major index 0 (ShadowParams::origin_col/row).
std::vector<float> arriving_volume(const data::GridSpec& g, const std::vector<float>& source,
                                   const Sweep& sw, double drop_m, std::int64_t origin) {
  const std::int64_t n_major = sw.by_columns ? g.nx : g.ny;
  const std::int64_t n_minor = sw.by_columns ? g.ny : g.nx;
  const auto index = [&](std::int64_t major, std::int64_t minor) {
    return sw.by_columns ? static_cast<std::size_t>(minor * g.nx + major)
                         : static_cast<std::size_t>(major * g.nx + minor);
  };
  std::vector<float> arriving(source.size(), kNone);
  std::vector<float> volume(source.size(), kNone);  // max(source, arriving)
  // Start on the sun side so each cell's upwind neighbour is already done.
  for (std::int64_t i = 0; i < n_major; ++i) {
    const std::int64_t major = sw.s > 0 ? n_major - 1 - i : i;
    const std::int64_t up_major = major + sw.s;
    const bool has_up = up_major >= 0 && up_major < n_major;
    const std::int64_t shift =
        has_up ? sw.minor_offset(origin + up_major) - sw.minor_offset(origin + major) : 0;
    for (std::int64_t minor = 0; minor < n_minor; ++minor) {
      const std::size_t k = index(major, minor);
      float in = kNone;
      const std::int64_t up_minor = minor + shift;
      if (has_up && up_minor >= 0 && up_minor < n_minor) {
        const float v = volume[index(up_major, up_minor)];
        if (v != kNone) in = static_cast<float>(v - drop_m);
      }
      arriving[k] = in;
      volume[k] = std::max(in, source[k]);
    }
  }
  return arriving;
}

}  // namespace

ShadowMasks cast_shadows(const data::Raster<float>& dsm, const data::Raster<float>* canopy,
                         const ShadowParams& p) {
  const data::GridSpec& g = dsm.grid;
  if (canopy != nullptr && !canopy->grid.matches(g)) {
    throw data::Error(data::ErrorCode::grid_mismatch,
                      "shadows: the canopy raster's grid differs from the DSM's");
  }
  if (!(p.canopy_transmissivity >= 0.0 && p.canopy_transmissivity <= 1.0)) {
    throw data::Error(data::ErrorCode::invalid_value,
                      "shadows: canopy transmissivity must be within 0 .. 1");
  }
  if (!std::isfinite(p.sun_azimuth_deg) || !std::isfinite(p.sun_altitude_deg)) {
    throw data::Error(data::ErrorCode::invalid_value, "shadows: sun position must be finite");
  }
  const float nan = std::numeric_limits<float>::quiet_NaN();
  ShadowMasks out{data::Raster<float>(g, 1.0f, nan), data::Raster<float>(g, 1.0f, nan),
                  data::Raster<float>(g, 1.0f, nan)};
  const std::size_t n = dsm.values.size();

  std::vector<float> ground(n, kNone), crowns(n, kNone);
  for (std::size_t k = 0; k < n; ++k) {
    const float z = dsm.values[k];
    if (dsm.is_nodata(z)) continue;
    ground[k] = z;
    if (canopy != nullptr) {
      const float c = canopy->values[k];
      if (!canopy->is_nodata(c) && c > z) crowns[k] = c;
    }
  }

  const bool night = p.sun_altitude_deg <= 0.0;
  // Near the zenith nothing casts a shadow onto a neighbour; skip the sweep.
  const bool overhead = p.sun_altitude_deg >= 89.99;
  std::vector<float> from_dsm, from_crowns;
  if (!night && !overhead) {
    const Sweep sw = sweep_for(p.sun_azimuth_deg, g.cell);
    const double drop = sw.step_m * std::tan(p.sun_altitude_deg * std::numbers::pi / 180.0);
    const std::int64_t origin = sw.by_columns ? p.origin_col : p.origin_row;
    from_dsm = arriving_volume(g, ground, sw, drop, origin);
    if (canopy != nullptr) from_crowns = arriving_volume(g, crowns, sw, drop, origin);
  }

  const float tau = static_cast<float>(p.canopy_transmissivity);
  for (std::size_t k = 0; k < n; ++k) {
    if (ground[k] == kNone) {
      out.building_sun.values[k] = out.vegetation_sun.values[k] = out.sun_fraction.values[k] = nan;
      continue;
    }
    const double z = ground[k] + kShadowEpsilonM;
    float bldg = 1.0f, veg = 1.0f;
    if (night) {
      bldg = 0.0f;
    } else {
      if (!from_dsm.empty() && from_dsm[k] > z) bldg = 0.0f;
      // Under its own crown a cell is shaded whatever the sun; else by crowns upwind.
      if (crowns[k] != kNone || (!from_crowns.empty() && from_crowns[k] > z)) veg = 0.0f;
    }
    out.building_sun.values[k] = bldg;
    out.vegetation_sun.values[k] = veg;
    out.sun_fraction.values[k] = bldg * (veg > 0.0f ? 1.0f : tau);
  }
  return out;
}

}  // namespace twin::solvers::heat
