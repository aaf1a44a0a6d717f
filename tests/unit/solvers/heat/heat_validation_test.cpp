// Writes the heat section of docs/validation.md: every published reference value the heat
// building blocks are checked against, with our value and the tolerance. The individual
// test files assert the same cases; this one also asserts, so the report never shows a
// failing row silently.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "reference_values.hpp"
#include "test_geometry.hpp"
#include "twin/solvers/heat/pet.hpp"
#include "twin/solvers/heat/shadows.hpp"
#include "twin/solvers/heat/sky_view_factor.hpp"
#include "twin/solvers/heat/sun_position.hpp"
#include "twin/solvers/heat/utci.hpp"
#include "validation_report.hpp"

namespace twin::solvers::heat {
namespace {

using test::ValidationRow;

void add_sun_position_rows(std::vector<ValidationRow>& rows) {
  const SunPosition p = sun_position(reference::spa_test_point());
  const std::string ref = "NREL SPA test point (Reda & Andreas 2004)";
  rows.push_back({ref, "topocentric zenith", "deg", reference::spa_zenith_deg, p.zenith_deg, 0.01});
  rows.push_back({ref, "topocentric azimuth", "deg", reference::spa_azimuth_deg, p.azimuth_deg, 0.01});
}

void add_pet_rows(std::vector<ValidationRow>& rows) {
  for (const auto& c : reference::pet_cases) {
    char what[128];
    std::snprintf(what, sizeof what, "PET, Ta %g, Tmrt %g, RH %g, v %g, met %g, clo %g", c.ta,
                  c.tmrt, c.rh, c.v, c.met, c.clo);
    rows.push_back({"MEMI / pythermalcomfort pet_steady", what, "degC", c.expected,
                    pet(reference::pet_input(c)).pet_c, 0.1});
  }
}

void add_utci_rows(std::vector<ValidationRow>& rows) {
  for (const auto& c : reference::utci_cases) {
    char what[128];
    std::snprintf(what, sizeof what, "UTCI, Ta %g, Tmrt %g, RH %g, v10 %g", c.ta, c.tmrt, c.rh,
                  c.v10);
    rows.push_back({"UTCI polynomial (Broede et al. 2012)", what, "degC", c.expected,
                    utci(c.ta, c.tmrt, c.v10, c.rh), 0.1});
  }
}

// Analytic geometry on 0.25 m cells, 32 directions (shared/reference/heat/README.md).
void add_svf_rows(std::vector<ValidationRow>& rows) {
  using namespace test_geometry;
  constexpr double cell = 0.25, tol = 0.005;
  SvfParams p;
  p.directions = 32;
  const std::string ref = "analytic sky view factor, 32 directions, 0.25 m cells";
  {
    const std::int64_t n = 81;  // H/W = 1, W = 20.25 m
    const double w = n * cell;
    p.radius_m = 60.0;
    const Canyon c = canyon(n, cell, w, p.radius_m);
    rows.push_back({ref, "street canyon H/W = 1, centre", "1", w / std::sqrt(5.0 * w * w),
                    sky_view_factor_at(c.dsm, p, c.c0 + n / 2, c.row), tol});
    // The README's discrete azimuth averages for the same canyon: 8 → 0.4667, 16 → 0.4476.
    for (const auto& [dirs, expected] : {std::pair{8, 0.4667}, std::pair{16, 0.4476}}) {
      SvfParams q = p;
      q.directions = dirs;
      rows.push_back({"analytic sky view factor, " + std::to_string(dirs) + " directions",
                      "street canyon H/W = 1, centre", "1", expected,
                      sky_view_factor_at(c.dsm, q, c.c0 + n / 2, c.row), tol});
    }
  }
  {
    const std::int64_t n = 80;
    const double h = 20.0, d1 = 5.125, d2 = 14.875;
    p.radius_m = 100.0;
    const Canyon c = canyon(n, cell, h, p.radius_m);
    rows.push_back({ref, "street canyon W = H = 20 m, 5.125 m from a wall", "1",
                    0.5 * (d1 / std::hypot(d1, h) + d2 / std::hypot(d2, h)),
                    sky_view_factor_at(c.dsm, p, c.c0 + 20, c.row), tol});
  }
  {
    const double h = 10.0, d = 5.125;
    p.radius_m = 120.0;
    const std::int64_t ny = 2 * static_cast<std::int64_t>(p.radius_m / cell) + 1;
    data::Raster<float> dsm = flat(200, ny, cell);
    fill_columns(dsm, 150, 160, static_cast<float>(h));
    rows.push_back({ref, "single wall H = 10 m at 5.125 m", "1", 0.5 * (1.0 + d / std::hypot(d, h)),
                    sky_view_factor_at(dsm, p, 129, ny / 2), tol});
  }
  {
    const double r = 20.0, h = 20.0;
    p.radius_m = 30.0;
    const data::Raster<float> dsm = courtyard(185, cell, r, h);
    rows.push_back({ref, "circular courtyard R = H = 20 m, centre", "1", r * r / (r * r + h * h),
                    sky_view_factor_at(dsm, p, 92, 92), tol});
  }
}

void add_shadow_rows(std::vector<ValidationRow>& rows) {
  rows.push_back({"shadow length H / tan(altitude)", "30 m edge, sun at 40 deg, 0.25 m cells", "m",
                  30.0 / std::tan(40.0 * std::numbers::pi / 180.0), reference::measured_edge_shadow_m(),
                  reference::shadow_cell_m});
}

TEST(HeatValidation, ReferenceValuesAndReport) {
  std::vector<ValidationRow> rows;
  add_sun_position_rows(rows);
  add_pet_rows(rows);
  add_utci_rows(rows);
  add_shadow_rows(rows);
  add_svf_rows(rows);
  for (const auto& r : rows) {
    EXPECT_LE(std::abs(r.ours - r.expected), r.tolerance) << r.reference << ": " << r.quantity;
  }
  test::write_validation_section(
      "heat", "Heat stress (sun position, PET, UTCI, sky view factor)", rows,
      "Checked by `heat_tests` (tests/unit/solvers/heat/). Formulas and sources: "
      "[models/heat.md](models/heat.md).");
}

}  // namespace
}  // namespace twin::solvers::heat
