#pragma once
// The published heat reference values (shared/reference/heat/README.md), in one place for the
// unit tests that assert them and the validation test that reports them.
#include <cstdint>

#include "test_geometry.hpp"
#include "twin/solvers/heat/pet.hpp"
#include "twin/solvers/heat/shadows.hpp"
#include "twin/solvers/heat/sun_position.hpp"

namespace twin::solvers::heat::reference {

// NREL SPA test point (Reda & Andreas 2004, table A5.1): Golden, Colorado,
// 2003-10-17 12:30:30 local time (UTC−7) -> zenith 50.11162°, azimuth 194.34024°.
inline SpaInput spa_test_point() {
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
  return in;
}
inline constexpr double spa_zenith_deg = 50.11162;
inline constexpr double spa_azimuth_deg = 194.34024;

// PET (MEMI as pythermalcomfort pet_steady): sitting, 23 y, male, 75 kg, 1.80 m, 1013.25 hPa.
struct PetCase {
  double ta, tmrt, rh, v, met, clo, expected;
};
inline constexpr PetCase pet_cases[] = {
    {20, 20, 50, 0.15, 1.37, 0.5, 18.85}, {30, 30, 50, 0.15, 1.37, 0.5, 30.59},
    {20, 20, 50, 0.5, 1.37, 0.5, 17.16},  {21, 21, 50, 0.1, 1.37, 0.9, 21.08},
    {-5, 40, 2, 0.5, 1.37, 0.9, 7.82},
};
inline PetInput pet_input(const PetCase& c) {
  PetInput in;
  in.ta_c = c.ta;
  in.tmrt_c = c.tmrt;
  in.rh_pct = c.rh;
  in.v_ms = c.v;
  in.met = c.met;
  in.clo = c.clo;
  return in;
}

// UTCI (Bröde et al. 2012), values quoted to 0.1 °C.
struct UtciCase {
  double ta, tmrt, rh, v10, expected;
};
inline constexpr UtciCase utci_cases[] = {
    {25, 27, 50, 1, 25.2},
    {19, 24, 50, 1, 20.0},
    {27, 22, 50, 10, 20.0},
};

// The README's worked shadow: a 30 m edge with the sun at 40° casts 30 / tan 40° = 35.75 m.
// Measured on 0.25 m cells: a wall across the grid, sun from the south, counting the shaded
// cells north of it.
inline constexpr double shadow_cell_m = 0.25;
inline double measured_edge_shadow_m() {
  data::Raster<float> dsm = test_geometry::flat(400, 400, shadow_cell_m);
  test_geometry::block(dsm, 0, 400, 300, 320, 30.0f);
  ShadowParams p;
  p.sun_azimuth_deg = 180.0;
  p.sun_altitude_deg = 40.0;
  const ShadowMasks m = cast_shadows(dsm, nullptr, p);
  int shaded = 0;
  for (std::int64_t row = 299; row >= 0 && m.building_sun.at(200, row) == 0.0f; --row) ++shaded;
  return shaded * shadow_cell_m;
}

}  // namespace twin::solvers::heat::reference
