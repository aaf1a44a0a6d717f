#pragma once
// Mean radiant temperature of a standing person at one point for one hour, from six-direction
// short- and long-wave fluxes in the manner of SOLWEIG (Lindberg, Holmer & Thorsson 2008,
// Int. J. Biometeorol. 52:697–713; UMEP's SOLWEIG 2022a isotropic-sky scheme, with the
// person as a cylinder for the direct beam). Geometry (sky view factors, shadow, sunlit
// ground) comes in as numbers from the shadow and sky-view-factor code, so this file holds
// only the radiation physics. Simplifications against SOLWEIG are listed in
// docs/models/heat.md, section "Mean radiant temperature".
#include <limits>

namespace twin::solvers::heat {

// Stefan–Boltzmann constant as SOLWEIG uses it, W m⁻² K⁻⁴.
inline constexpr double kSigmaSolweig = 5.67051e-8;

// Meteorology of the hour and the sun's position at the middle of the hour.
struct RadiationForcing {
  double ta_c = 20.0;             // air temperature
  double rh_pct = 50.0;           // relative humidity, 0 … 100
  double pressure_hpa = 1013.25;  // station pressure (clearness index)
  double global_wm2 = 0.0;        // global radiation on a horizontal surface
  // Measured split of the global radiation; NaN = estimate it from the global radiation
  // (Reindl et al. 1990, as SOLWEIG's "only global" option).
  double diffuse_wm2 = std::numeric_limits<double>::quiet_NaN();
  double direct_normal_wm2 = std::numeric_limits<double>::quiet_NaN();
  double sun_altitude_deg = 0.0;
  double sun_azimuth_deg = 180.0;    // eastward from north
  double sun_declination_deg = 0.0;  // for sunrise and the day's highest sun (Tg wave)
  double earth_sun_au = 1.0;         // Sun–Earth distance (top-of-atmosphere irradiance)
  double latitude_deg = 52.0;
  int day_of_year = 172;     // 1 … 366, for the season of the clearness index
  double local_hour = 12.0;  // decimal local clock hour of the sun position (Tg wave)
  // Clearness index to use while the sun is down (SOLWEIG carries the last daytime value);
  // 1 = clear.
  double night_clearness_index = 1.0;
};

// What the point sees: sky view factors (cosine-weighted, 1 = open) of the buildings and
// ground and of the vegetation, for the whole upper hemisphere and for the half-hemispheres
// facing north, east, south and west; the direct beam reaching the point; and the sunlit
// share of the ground the person looks down on, in total and per facing half.
struct PointView {
  double svf = 1.0, svf_n = 1.0, svf_e = 1.0, svf_s = 1.0, svf_w = 1.0;
  // Sky not hidden by tree crowns (1 = no trees), same directions.
  double svf_veg = 1.0, svf_veg_n = 1.0, svf_veg_e = 1.0, svf_veg_s = 1.0, svf_veg_w = 1.0;
  double sun_fraction = 1.0;  // direct beam at the point, 0 … 1 (shadows' sun_fraction)
  double ground_sunlit = 1.0, ground_sunlit_n = 1.0, ground_sunlit_e = 1.0, ground_sunlit_s = 1.0,
         ground_sunlit_w = 1.0;
};

// Surface properties. Defaults: UMEP's land-cover table for cobble stone (ground) and walls
// (Lindberg et al. 2008; 2016): albedo 0.20, emissivity 0.95 ground / 0.90 walls; the
// surface-temperature wave Tg amplitude = ts_deg·(highest sun altitude) + ts_start, peaking at
// tmax_lst local hour.
struct SurfaceProperties {
  double ground_albedo = 0.20;
  double ground_emissivity = 0.95;
  double wall_albedo = 0.20;
  double wall_emissivity = 0.90;
  double ground_ts_deg = 0.37, ground_ts_start = -3.41, ground_tmax_lst = 15.0;
  double wall_ts_deg = 0.37, wall_ts_start = -3.41, wall_tmax_lst = 15.0;
  double canopy_transmissivity = 0.03;  // direct beam through crowns (SOLWEIG 3 %)
};

// The person: angular factors of a standing person and absorption coefficients (UMEP).
struct BodyParams {
  double f_up = 0.06, f_side = 0.22, f_cyl = 0.28;
  double absorption_k = 0.70, absorption_l = 0.95;
};

struct RadiationResult {
  // Short wave, W/m²: down, up and the four horizontal directions (diffuse and reflected;
  // the direct beam on the cylinder is kside_direct).
  double kdown = 0, kup = 0, kn = 0, ke = 0, ks = 0, kw = 0, kside_direct = 0;
  // Long wave, W/m².
  double ldown = 0, lup = 0, ln = 0, le = 0, ls = 0, lw = 0;
  double sstr = 0;    // mean absorbed radiation, W/m²
  double tmrt_c = 0;  // mean radiant temperature
  // Intermediate quantities, for checks and reports.
  double direct_normal = 0, diffuse = 0;  // the split actually used, W/m²
  double clearness_index = 1;             // CI of Crawford & Duchon with SOLWEIG's correction
  double sky_emissivity = 0;              // clear-sky, Prata 1996
  double tg_ground = 0, tg_wall = 0;      // sunlit surface temperature excess over Ta, K
  double wall_shade_fraction = 0;         // F_sh of the cylindric wedge
};

// The whole chain for one point and hour. Throws data::Error(invalid_value) for values
// outside their physical range (RH outside 0 … 100, negative radiation, SVF outside 0 … 1…).
RadiationResult mean_radiant_temperature(const RadiationForcing& f, const PointView& v,
                                         const SurfaceProperties& s = {}, const BodyParams& b = {});

// Clear-sky emissivity of Prata (1996, Q. J. R. Meteorol. Soc. 122:1127–1151), from air
// temperature and humidity (vapour pressure by the Magnus form SOLWEIG uses).
double clear_sky_emissivity_prata(double ta_c, double rh_pct);

// Diffuse share of the global radiation by Reindl, Beckman & Duffie (1990, Solar Energy
// 45:1–7), the form with temperature and humidity; returns {direct normal, diffuse}, W/m².
struct BeamSplit {
  double direct_normal = 0, diffuse = 0;
};
BeamSplit reindl_split(double global_wm2, double sun_altitude_deg, double kt, double ta_c,
                       double rh_pct);

// Shaded share of the walls a point sees (0 … 1), from the sun zenith and the point's sky
// view factor: SOLWEIG's "cylindric wedge" (Lindberg et al. 2008, appendix).
double wall_shade_fraction(double sun_zenith_deg, double svf);

}  // namespace twin::solvers::heat
