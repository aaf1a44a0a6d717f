// The heat solver's per-cell work: the region's surfaces, the hour's uniform forcing (sun,
// beam split, PET and UTCI as functions of Tmrt) and the block kernels for SVF and for
// shadow/Tmrt/PET. Every cell depends only on its inputs, never on block boundaries or the
// order of blocks, so any number of threads gives the same result.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "heat_solver_detail.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/heat/koopmans_pet.hpp"
#include "twin/solvers/heat/pet.hpp"
#include "twin/solvers/heat/sky_view_factor.hpp"
#include "twin/solvers/heat/sun_position.hpp"
#include "twin/solvers/heat/utci.hpp"

namespace twin::solvers::heat::detail {
namespace {

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
// Ground view: mean sunlit share of the non-roof cells within 3.3 m (90 % of the view factor
// of the ground under a point at 1.1 m), as the Kronenhuset validation (docs/models/heat.md).
constexpr double kGroundRadiusM = 3.3;
// PET and UTCI tables over Tmrt − Ta, K, at 0.1 K (linear interpolation; the test checks
// every cell against the direct solve to 0.01 K). Outside, cells are solved directly.
constexpr double kTableFrom = -30.0, kTableTo = 80.0, kTableStep = 0.1;

SampledFunction sample(double x0, double x1, double step, const auto& f) {
  SampledFunction s;
  s.x0 = x0;
  s.step = step;
  const auto n = static_cast<std::size_t>(std::ceil((x1 - x0) / step)) + 1;
  s.y.resize(n);
  for (std::size_t i = 0; i < n; ++i) s.y[i] = f(x0 + step * static_cast<double>(i));
  return s;
}

double memi_pet(double ta, double tmrt, double rh, double v) {
  PetInput in;
  in.ta_c = ta;
  in.tmrt_c = tmrt;
  in.rh_pct = rh;
  in.v_ms = v;
  try {
    return pet(in).pet_c;
  } catch (const data::Error&) {
    return std::numeric_limits<double>::quiet_NaN();  // no steady state: leave the cell empty
  }
}

const data::Raster<float>& float_layer(const data::Scenario& s, std::string_view name) {
  return s.raster<float>(name);
}

}  // namespace

HourForcing make_hour_forcing(const HeatSettings& s, int hour, double lon_deg, double lat_deg) {
  HourForcing f;
  f.hour = hour;
  SpaInput spa;
  spa.year = s.year;
  spa.month = s.month;
  spa.day = s.day;
  spa.hour = hour;
  spa.timezone_h = dutch_utc_offset_h(s.year, s.month, s.day);
  spa.latitude_deg = lat_deg;
  spa.longitude_deg = lon_deg;
  spa.temperature_c = 10.0;  // annual mean in the Netherlands, for refraction
  const SunPosition sun = sun_position(spa);
  f.sun_altitude_deg = sun.elevation_deg;
  f.sun_azimuth_deg = sun.azimuth_deg;

  RadiationForcing& r = f.radiation;
  r.ta_c = s.ta_c;
  r.rh_pct = s.rh_pct;
  const bool day = sun.elevation_deg > 0.0;
  r.global_wm2 = !day                 ? 0.0
                 : s.global_wm2 < 0.0 ? clear_sky_global_haurwitz(sun.elevation_deg)
                                      : s.global_wm2;
  r.sun_altitude_deg = sun.elevation_deg;
  r.sun_azimuth_deg = sun.azimuth_deg;
  r.sun_declination_deg = sun.declination_deg;
  r.earth_sun_au = sun.earth_sun_au;
  r.latitude_deg = lat_deg;
  r.day_of_year = day_of_year(s.year, s.month, s.day);
  // The surface-temperature wave runs on standard time (SOLWEIG's met files): CET.
  r.local_hour = hour - (spa.timezone_h - 1.0);
  // The beam split is the same for every cell: take it once from an open point and hand it
  // in as "measured", so the cells skip the Reindl correlation.
  const RadiationResult open = mean_radiant_temperature(r, PointView{});
  r.diffuse_wm2 = open.diffuse;
  r.direct_normal_wm2 = open.direct_normal;

  f.wind_pet_ms = wind_at_height(s.wind10_ms, 1.1);
  f.wind_koop_ms = wind_at_height(s.wind10_ms, 1.2);
  const double ta = s.ta_c, rh = s.rh_pct, v = f.wind_pet_ms, v10 = s.wind10_ms;
  if (s.pet == PetMethod::memi) {
    f.pet_memi = sample(ta + kTableFrom, ta + kTableTo, kTableStep,
                        [&](double tmrt) { return memi_pet(ta, tmrt, rh, v); });
  }
  if (s.utci) {
    f.utci = sample(ta + kTableFrom, ta + kTableTo, kTableStep, [&](double tmrt) {
      return utci_range_violation(ta, tmrt, v10, rh).empty()
                 ? utci(ta, tmrt, v10, rh)
                 : std::numeric_limits<double>::quiet_NaN();
    });
  }
  return f;
}

Region make_region(const data::Scenario& scenario, const data::Window& window) {
  const data::Raster<float>& dtm = float_layer(scenario, data::names::dtm);
  const data::Raster<float>& bh = float_layer(scenario, data::names::building_height);
  const data::Raster<float>* vh = scenario.has_layer(data::names::vegetation_height)
                                      ? &float_layer(scenario, data::names::vegetation_height)
                                      : nullptr;
  const data::GridSpec g = scenario.grid().sub_grid(window);
  Region r{window,
           data::Raster<float>(g, kNan, kNan),
           data::Raster<float>(g, kNan, kNan),
           data::Raster<float>(g, kNan, kNan),
           std::vector<std::uint8_t>(static_cast<std::size_t>(g.cells()), 0),
           false};
  const auto refuse = [&](std::string_view layer, std::int64_t c, std::int64_t row, float v) {
    throw data::Error(data::ErrorCode::invalid_value,
                      "heat: layer '" + std::string(layer) + "' has " + std::to_string(v) +
                          " at cell (" + std::to_string(c) + ", " + std::to_string(row) +
                          "); heights must be 0 or more");
  };
  for (std::int64_t row = 0; row < g.ny; ++row) {
    for (std::int64_t col = 0; col < g.nx; ++col) {
      const std::int64_t sc = col + window.col0, sr = row + window.row0;
      const float z = dtm.at(sc, sr);
      if (dtm.is_nodata(z)) continue;  // unknown terrain: NaN in every output
      const float b = bh.at(sc, sr);
      if (!(b >= 0.0f)) refuse(data::names::building_height, sc, sr, b);
      const std::size_t k = r.dsm.index(col, row);
      r.dsm.values[k] = z + b;
      r.dsm_veg.values[k] = z + b;
      r.building[k] = b > 0.0f ? 1 : 0;
      if (vh != nullptr) {
        const float t = vh->at(sc, sr);
        if (!(t >= 0.0f)) refuse(data::names::vegetation_height, sc, sr, t);
        if (t > b) {  // a crown above the roof or ground
          r.canopy.values[k] = z + t;
          r.dsm_veg.values[k] = z + t;
          r.has_trees = true;
        }
      }
    }
  }
  return r;
}

void sky_views(const Region& region, const HeatSettings& s, const data::Window& window,
               const std::atomic<bool>* cancel, const std::function<void()>& direction_done,
               SvfOut out) {
  SvfParams p;
  p.directions = s.svf_directions;
  p.radius_m = s.svf_radius_m;
  p.cancel = cancel;
  p.direction_done = direction_done;
  // The sweep reads every cell of the region within the radius of the window, so the region's
  // halo (the radius) gives the window's cells the same values as a whole-grid run.
  const data::Raster<float> svf = sky_view_factor(region.dsm, p, window);
  out.svf->values = svf.values;
  if (!region.has_trees) {
    for (std::size_t k = 0; k < svf.values.size(); ++k) {
      out.svf_veg->values[k] = std::isnan(svf.values[k]) ? kNan : 1.0f;
    }
    return;
  }
  // Crowns as opaque: the sky hidden by crowns only is what they take away from the
  // buildings' SVF (exactly 1 where no crown is within reach: the same cells, the same sums).
  const data::Raster<float> veg = sky_view_factor(region.dsm_veg, p, window);
  for (std::size_t k = 0; k < svf.values.size(); ++k) {
    const float b = svf.values[k];
    out.svf_veg->values[k] = std::isnan(b) ? kNan : std::clamp(1.0f - (b - veg.values[k]), 0.0f, 1.0f);
  }
}

void hour_block(const Region& region, const HeatSettings& s, const HourForcing& f,
                const data::Raster<float>& sun_fraction, const data::Raster<float>& svf,
                const data::Raster<float>& svf_veg, const data::Window& block, std::int64_t dc0,
                std::int64_t dr0, HourOut out) {
  const data::GridSpec& g = region.dsm.grid;
  const auto reach = static_cast<std::int64_t>(std::floor(kGroundRadiusM / g.cell));
  struct Offset {
    std::int64_t dc, dr;
  };
  std::vector<Offset> disc;
  for (std::int64_t dr = -reach; dr <= reach; ++dr) {
    for (std::int64_t dc = -reach; dc <= reach; ++dc) {
      const double d2 = static_cast<double>(dr * dr + dc * dc) * g.cell * g.cell;
      if (d2 <= kGroundRadiusM * kGroundRadiusM) disc.push_back({dc, dr});
    }
  }
  // Neighbouring cells often see exactly the same (open fields, courtyards in full shade):
  // reuse the last Tmrt when the view is bit-for-bit the same. Exact, so thread-independent.
  static_assert(sizeof(PointView) == 16 * sizeof(double));
  PointView last_view;
  double last_tmrt = std::numeric_limits<double>::quiet_NaN();
  SurfaceProperties surface;
  surface.canopy_transmissivity = s.tree_transmissivity;
  const bool day = f.sun_altitude_deg > 0.0;
  for (std::int64_t r = block.row0; r < block.row0 + block.nrows; ++r) {
    for (std::int64_t c = block.col0; c < block.col0 + block.ncols; ++c) {
      const std::int64_t rc = c + dc0, rr = r + dr0;  // region cell
      const std::size_t k = region.dsm.index(rc, rr);
      const float sun = sun_fraction.values[k];
      out.shadow_fraction->at(c, r) = std::isnan(sun) ? kNan : 1.0f - sun;
      const float sv = svf.at(c, r);
      if (std::isnan(sun) || std::isnan(sv) || region.building[k] != 0) {
        out.tmrt->at(c, r) = out.pet->at(c, r) = kNan;
        if (out.utci != nullptr) out.utci->at(c, r) = kNan;
        continue;
      }
      PointView v;
      v.svf = v.svf_n = v.svf_e = v.svf_s = v.svf_w = sv;
      const float sveg = svf_veg.at(c, r);
      v.svf_veg = v.svf_veg_n = v.svf_veg_e = v.svf_veg_s = v.svf_veg_w = sveg;
      v.sun_fraction = sun;
      // Sunlit share of the ground (not roofs) around the person: whole disc and half discs
      // N, E, S, W (Kronenhuset validation's scheme).
      double sum[5] = {0, 0, 0, 0, 0}, cnt[5] = {0, 0, 0, 0, 0};
      for (const Offset& o : disc) {
        const std::int64_t nc = rc + o.dc, nr = rr + o.dr;
        if (nc < 0 || nr < 0 || nc >= g.nx || nr >= g.ny) continue;
        const std::size_t n = region.dsm.index(nc, nr);
        const float lit = sun_fraction.values[n];
        if (region.building[n] != 0 || std::isnan(lit)) continue;
        const bool in[5] = {true, o.dr <= 0, o.dc >= 0, o.dr >= 0, o.dc <= 0};
        for (int q = 0; q < 5; ++q) {
          if (in[q]) {
            sum[q] += lit;
            cnt[q] += 1;
          }
        }
      }
      const auto share = [&](int q) { return cnt[q] > 0 ? sum[q] / cnt[q] : double{sun}; };
      v.ground_sunlit = share(0);
      v.ground_sunlit_n = share(1);
      v.ground_sunlit_e = share(2);
      v.ground_sunlit_s = share(3);
      v.ground_sunlit_w = share(4);
      if (std::isnan(last_tmrt) || std::memcmp(&v, &last_view, sizeof v) != 0) {
        last_tmrt = mean_radiant_temperature(f.radiation, v, surface).tmrt_c;
        last_view = v;
      }
      const double tmrt = last_tmrt;
      out.tmrt->at(c, r) = static_cast<float>(tmrt);

      double pet_c;
      if (s.pet == PetMethod::memi) {
        pet_c = f.pet_memi.covers(tmrt) ? f.pet_memi(tmrt)
                                        : memi_pet(s.ta_c, tmrt, s.rh_pct, f.wind_pet_ms);
      } else {
        // Koopmans: sky seen past buildings and crowns; sun and shade forms blended by the
        // direct beam reaching the cell.
        const double sky = std::clamp(double{sv} + sveg - 1.0, 0.0, 1.0);
        KoopmansShadeInput shade{s.ta_c, f.wind_koop_ms, s.rh_pct, sky,
                                 day ? f.radiation.diffuse_wm2 : 0.0};
        pet_c = koopmans_pet_shade(shade);
        if (day && sun > 0.0f) {
          KoopmansSunInput lit{s.ta_c,   f.radiation.global_wm2, f.wind_koop_ms,
                               s.rh_pct, f.sun_altitude_deg,     s.bowen,
                               sky};
          pet_c = sun * koopmans_pet_sun(lit) + (1.0 - sun) * pet_c;
        }
      }
      out.pet->at(c, r) = static_cast<float>(pet_c);
      if (out.utci != nullptr) {
        out.utci->at(c, r) = static_cast<float>(
            f.utci.covers(tmrt) ? f.utci(tmrt) : std::numeric_limits<double>::quiet_NaN());
      }
    }
  }
}

}  // namespace twin::solvers::heat::detail
