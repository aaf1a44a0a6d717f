#pragma once
// The published heat reference values (shared/reference/heat/README.md), in one place for the
// unit tests that assert them and the validation test that reports them.
#include "twin/solvers/heat/pet.hpp"
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

}  // namespace twin::solvers::heat::reference
