// Writes the heat section of docs/validation.md: every published reference value the heat
// building blocks are checked against, with our value and the tolerance. The individual
// test files assert the same cases; this one also asserts, so the report never shows a
// failing row silently.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "twin/solvers/heat/pet.hpp"
#include "twin/solvers/heat/sun_position.hpp"
#include "twin/solvers/heat/utci.hpp"
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

void add_pet_rows(std::vector<ValidationRow>& rows) {
  struct Case {
    double ta, tmrt, rh, v, met, clo, expected;
  };
  const Case cases[] = {
      {20, 20, 50, 0.15, 1.37, 0.5, 18.85}, {30, 30, 50, 0.15, 1.37, 0.5, 30.59},
      {20, 20, 50, 0.5, 1.37, 0.5, 17.16},  {21, 21, 50, 0.1, 1.37, 0.9, 21.08},
      {-5, 40, 2, 0.5, 1.37, 0.9, 7.82},
  };
  for (const auto& c : cases) {
    PetInput in;
    in.ta_c = c.ta;
    in.tmrt_c = c.tmrt;
    in.rh_pct = c.rh;
    in.v_ms = c.v;
    in.met = c.met;
    in.clo = c.clo;
    char what[128];
    std::snprintf(what, sizeof what, "PET, Ta %g, Tmrt %g, RH %g, v %g, met %g, clo %g", c.ta,
                  c.tmrt, c.rh, c.v, c.met, c.clo);
    rows.push_back({"MEMI / pythermalcomfort pet_steady", what, "degC", c.expected,
                    pet(in).pet_c, 0.1});
  }
}

void add_utci_rows(std::vector<ValidationRow>& rows) {
  struct Case {
    double ta, tmrt, rh, v10, expected;
  };
  const Case cases[] = {{25, 27, 50, 1, 25.2}, {19, 24, 50, 1, 20.0}, {27, 22, 50, 10, 20.0}};
  for (const auto& c : cases) {
    char what[128];
    std::snprintf(what, sizeof what, "UTCI, Ta %g, Tmrt %g, RH %g, v10 %g", c.ta, c.tmrt, c.rh,
                  c.v10);
    rows.push_back({"UTCI polynomial (Broede et al. 2012)", what, "degC", c.expected,
                    utci(c.ta, c.tmrt, c.v10, c.rh), 0.1});
  }
}

TEST(HeatValidation, ReferenceValuesAndReport) {
  std::vector<ValidationRow> rows;
  add_sun_position_rows(rows);
  add_pet_rows(rows);
  add_utci_rows(rows);
  for (const auto& r : rows) {
    EXPECT_LE(std::abs(r.ours - r.expected), r.tolerance) << r.reference << ": " << r.quantity;
  }
  test::write_validation_section(
      "heat", "Heat stress (sun position, PET, UTCI, sky view factor)", rows,
      "Checked by `heat_tests` (tests/unit/solvers/heat/).");
}

}  // namespace
}  // namespace twin::solvers::heat
