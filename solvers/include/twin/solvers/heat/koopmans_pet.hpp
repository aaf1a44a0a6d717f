#pragma once
// The Dutch PET regression of Koopmans, Heusinkveld & Steeneveld (2020, Building and
// Environment 181:106984), fitted to MEMI/RayMan PET for Dutch summer conditions and used for
// the national heat-stress map; and the Stull (2011) wet-bulb temperature it takes.
namespace twin::solvers::heat {

// Wet-bulb temperature, °C, from air temperature (°C) and relative humidity (%): Stull 2011,
// J. Appl. Meteor. Climatol. 50:2267–2269, eq. 1. Fitted at sea-level pressure for RH 5–99 %
// and Ta −20 … 50 °C (mean absolute error 0.28 K); throws data::Error(invalid_value) outside.
double wet_bulb_stull(double ta_c, double rh_pct);

struct KoopmansSunInput {
  double ta_c = 25.0;
  double global_wm2 = 800.0;  // global radiation Qgl, W/m²
  double wind_ms = 2.0;       // wind speed u at 1.2 m, m/s (> 0: the fit uses ln u)
  double rh_pct = 50.0;       // for the wet-bulb temperature Tw
  double sun_altitude_deg = 50.0;
  double bowen = 1.0;  // Bowen ratio of the surface
  double svf = 1.0;    // sky view factor, 0 … 1
};

struct KoopmansShadeInput {
  double ta_c = 25.0;
  double wind_ms = 2.0;
  double rh_pct = 50.0;
  double svf = 1.0;
  double diffuse_wm2 = 100.0;  // diffuse radiation Qd, W/m²
};

// PET, °C, in the sun (eq. for sunlit cells).
double koopmans_pet_sun(const KoopmansSunInput& in);
// PET, °C, in shade or at night.
double koopmans_pet_shade(const KoopmansShadeInput& in);

}  // namespace twin::solvers::heat
