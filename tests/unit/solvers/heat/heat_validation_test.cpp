// Writes the heat section of docs/validation.md: every published reference value the heat
// building blocks are checked against, with our value and the tolerance. The individual
// test files assert the same cases; this one also asserts, so the report never shows a
// failing row silently.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "twin/solvers/heat/sun_position.hpp"
#include "validation_report.hpp"

namespace twin::solvers::heat {
namespace {

using test::ValidationRow;

void add_sun_position_rows(std::vector<ValidationRow>& rows) {
  SpaInput in;
  in.year = 2003;
  in.month = 10;
  in.day = 17;
  in.hour = 12;
  in.minute = 30;
  in.second = 30.0;
  in.timezone_h = -7.0;
  in.delta_t_s = 67.0;
  in.latitude_deg = 39.742476;
  in.longitude_deg = -105.1786;
  in.elevation_m = 1830.14;
  in.pressure_hpa = 820.0;
  in.temperature_c = 11.0;
  in.refraction_deg = 0.5667;
  const SunPosition p = sun_position(in);
  const std::string ref = "NREL SPA test point (Reda & Andreas 2004)";
  rows.push_back({ref, "topocentric zenith", "deg", 50.11162, p.zenith_deg, 0.01});
  rows.push_back({ref, "topocentric azimuth", "deg", 194.34024, p.azimuth_deg, 0.01});
}

TEST(HeatValidation, ReferenceValuesAndReport) {
  std::vector<ValidationRow> rows;
  add_sun_position_rows(rows);
  for (const auto& r : rows) {
    EXPECT_LE(std::abs(r.ours - r.expected), r.tolerance) << r.reference << ": " << r.quantity;
  }
  test::write_validation_section(
      "heat", "Heat stress (sun position, PET, UTCI, sky view factor)", rows,
      "Checked by `heat_tests` (tests/unit/solvers/heat/).");
}

}  // namespace
}  // namespace twin::solvers::heat
