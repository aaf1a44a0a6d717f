// Six-direction radiation fluxes and mean radiant temperature at one point, SOLWEIG-style
// (Lindberg et al. 2008; UMEP SOLWEIG 2022a, isotropic sky, cylinder person). Coefficients
// are the published ones; the code and its simplifications are ours (docs/models/heat.md).
#include "twin/solvers/heat/radiation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string>

#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kKelvin = 273.15;
// Solar constant as SOLWEIG's clearness index uses it, W/m².
constexpr double kSolarConstant = 1370.0;

// A C string, not std::string: the checks run for every cell of a grid, and a std::string per
// check made malloc and free about a tenth of a whole heat run (perf, 1 km demo at 1 m).
void require(bool ok, const char* what) {
  if (!ok) throw data::Error(data::ErrorCode::invalid_value, what);
}

double black(double t_c) {
  const double t = t_c + kKelvin;
  return kSigmaSolweig * t * t * t * t;
}

// Magnus form of the water vapour pressure, hPa, as SOLWEIG writes it.
double vapour_pressure_hpa(double ta_c, double rh_pct) {
  return 6.107 * std::pow(10.0, 7.5 * ta_c / (237.3 + ta_c)) * rh_pct / 100.0;
}

// SOLWEIG's polynomial that turns a (directional) sky view factor of a horizontal surface into
// the share a vertical surface facing that way sees (Lindberg et al. 2008): it is 0 at
// SVF 0 and 4.4897 (its normaliser) at SVF 1.
constexpr double kViktTot = 4.4897;
double vikt_poly(double s) {
  return s * (-0.4863 + s * (16.773 + s * (-70.424 + s * (156.91 + s * (-161.51 + s * 63.227)))));
}

// Clearness index of Crawford & Duchon (1999, J. Appl. Meteor. 38:474–480) with SOLWEIG's
// correction for low sun (Lindberg et al. 2008): the ratio of measured global radiation to a
// clear-sky estimate from Rayleigh/permanent-gas, water-vapour and aerosol transmissions.
struct Clearness {
  double i0 = 0;    // clear-sky irradiance on a horizontal surface, W/m²
  double ci = 1;    // corrected clearness index, capped at 1
  double kt = 0;    // global / extraterrestrial horizontal
  double corr = 0;  // the low-sun correction term
};

Clearness clearness(const RadiationForcing& f) {
  Clearness c;
  const double zen = (90.0 - f.sun_altitude_deg) * kDeg;
  const double cz = std::cos(zen);
  const double d = 1.0 / (f.earth_sun_au * f.earth_sun_au);        // eccentricity correction
  const double m = 35.0 * cz / std::sqrt(1224.0 * cz * cz + 1.0);  // optical air mass
  const double t_rpg = 1.021 - 0.084 * std::sqrt(m * (0.000949 * f.pressure_hpa + 0.051));
  // Empirical precipitable-water constant G by latitude band (10° steps) and season
  // (Smith 1966, the table Crawford & Duchon and SOLWEIG take).
  static constexpr std::array<std::array<double, 4>, 9> kG{{{3.37, 2.85, 2.80, 2.64},
                                                            {2.99, 3.02, 2.70, 2.93},
                                                            {3.60, 3.00, 2.98, 2.93},
                                                            {3.04, 3.11, 2.92, 2.94},
                                                            {2.70, 2.95, 2.77, 2.71},
                                                            {2.52, 3.07, 2.67, 2.93},
                                                            {1.76, 2.69, 2.61, 2.61},
                                                            {1.60, 1.67, 2.24, 2.63},
                                                            {1.11, 1.44, 1.94, 2.02}}};
  const auto band =
      static_cast<std::size_t>(std::min(8.0, std::floor(std::abs(f.latitude_deg) / 10.0)));
  // Seasons by day of year as SOLWEIG: Dec–Feb, Mar–May, Jun–Aug, Sep–Nov.
  const int doy = f.day_of_year;
  const std::size_t season = (doy > 335 || doy <= 60) ? 0 : doy <= 152 ? 1 : doy <= 244 ? 2 : 3;
  const double g = kG[band][season];
  // Dew point (Magnus, a = 17.27, b = 237.7) in °F, precipitable water u, transmissions.
  const double rh = std::max(f.rh_pct, 0.01) / 100.0;
  const double gamma = 17.27 * f.ta_c / (237.7 + f.ta_c) + std::log(rh);
  const double td_f = 237.7 * gamma / (17.27 - gamma) * 1.8 + 32.0;
  const double u = std::exp(0.1133 - std::log(g + 1.0) + 0.0393 * td_f);
  const double t_w = 1.0 - 0.077 * std::pow(u * m, 0.3);
  const double t_a = std::pow(0.935, m);
  c.i0 = kSolarConstant * cz * t_rpg * t_w * d * t_a;
  const double i0_et = kSolarConstant * cz * d;
  c.kt = i0_et > 0.0 ? f.global_wm2 / i0_et : 0.0;
  if (f.sun_altitude_deg < 0.01 || !(c.i0 > 0.0)) {
    c.ci = 1.0;
    return c;
  }
  c.corr = 0.1473 * std::log(f.sun_altitude_deg) + 0.3454;
  c.ci = std::min(1.0, f.global_wm2 / c.i0 + (1.0 - c.corr));
  return c;
}

// Sunlit-surface temperature excess over air temperature, K (SOLWEIG's Tg wave, Lindberg et al.
// 2008 and 2016): an amplitude proportional to the day's highest sun altitude, rising as a
// quarter sine from sunrise to the hour of maximum surface temperature, scaled down for
// non-clear skies. Never below 0 (SOLWEIG clips it for walls and, with land cover, ground).
double tg_wave(double ts_deg, double ts_start, double tmax_lst, double altmax_deg, double sunrise_h,
               double hour, double ci_tg) {
  const double amplitude = ts_deg * altmax_deg + ts_start;
  const double phase = (hour - sunrise_h) / (tmax_lst - sunrise_h) * std::numbers::pi / 2.0;
  return std::max(0.0, amplitude * std::sin(phase) * ci_tg);
}

struct Vikt {
  double wall = 0, veg = 0, sky = 0, refl = 0;
};

// Weights of walls, vegetation, sky and reflected sky for a vertical surface, from the
// directional SVF of the buildings and of the vegetation (SOLWEIG's Lvikt_veg). Vegetation is
// assumed not to hide walls (SOLWEIG's svfaveg = 1; see docs).
Vikt vikt(double svf_dir, double svf_veg_dir) {
  Vikt w;
  w.wall = (kViktTot - vikt_poly(svf_dir)) / kViktTot;
  const double sky_open = svf_dir + svf_veg_dir - 1.0;
  w.sky = vikt_poly(sky_open) / kViktTot;
  w.refl = (kViktTot - vikt_poly(sky_open)) / kViktTot;
  w.veg = w.refl - w.wall;
  return w;
}

}  // namespace

double clear_sky_emissivity_prata(double ta_c, double rh_pct) {
  // Prata (1996) eq. 21: precipitable water w = 46.5·e/T (cm, e in hPa).
  const double w = 46.5 * vapour_pressure_hpa(ta_c, rh_pct) / (ta_c + kKelvin);
  return 1.0 - (1.0 + w) * std::exp(-std::sqrt(1.2 + 3.0 * w));
}

BeamSplit reindl_split(double global_wm2, double sun_altitude_deg, double kt, double ta_c,
                       double rh_pct) {
  // Reindl et al. (1990) correlation with sun altitude, temperature and humidity, three
  // ranges of the clearness index kt; the low-sun guards are SOLWEIG's.
  const double sa = std::sin(sun_altitude_deg * kDeg);
  const double rh = rh_pct / 100.0;
  double diffuse;
  if (kt <= 0.3) {
    diffuse = global_wm2 * (1.0 - 0.232 * kt + 0.0239 * sa - 0.000682 * ta_c + 0.0195 * rh);
  } else if (kt < 0.78) {
    diffuse = global_wm2 * (1.329 - 1.716 * kt + 0.267 * sa - 0.00357 * ta_c + 0.106 * rh);
  } else {
    diffuse = global_wm2 * (0.426 * kt - 0.256 * sa + 0.00349 * ta_c + 0.0734 * rh);
  }
  BeamSplit b;
  b.direct_normal = sa < 0.01 ? 0.0 : std::max(0.0, (global_wm2 - diffuse) / sa);
  if (sun_altitude_deg < 1.0 && b.direct_normal > global_wm2) b.direct_normal = global_wm2;
  b.diffuse = std::min(diffuse, global_wm2);
  return b;
}

double wall_shade_fraction(double sun_zenith_deg, double svf) {
  // Below 3° sun the walls are taken as wholly shaded (the formula's tan(zenith) diverges).
  if (90.0 - sun_zenith_deg < 3.0) return 1.0;
  // The surroundings as a circular wall whose elevation angle gives the point's SVF:
  // SVF = cos²(alfa) → alfa = asin(√(1 − SVF)). The sunlit part of that wall seen from the
  // centre follows from the wedge the sun's rays cut into the cylinder.
  const double alfa = std::asin(std::sqrt(std::clamp(1.0 - svf, 0.0, 1.0)));
  const double tan_zen = std::tan(sun_zenith_deg * kDeg);
  const double tan_alfa = std::max(std::tan(alfa), 1e-6);
  const double ba = 1.0 / tan_alfa;
  const double tan_prod = std::max(tan_alfa * tan_zen, 1e-6);
  const double xa = 1.0 - 2.0 / tan_prod;
  const double ha = 2.0 / tan_prod;
  const double hkil = 2.0 * ba * ha;
  double ukil = 0.0;
  if (xa < 0.0) {
    const double qa = tan_zen / 2.0;
    const double za = std::sqrt(std::max(ba * ba - qa * qa / 4.0, 0.0));
    const double phi = qa > 1e-10 ? std::atan(za / qa) : 0.0;
    const double a = (std::sin(phi) - phi * std::cos(phi)) / std::max(1.0 - std::cos(phi), 1e-10);
    ukil = 2.0 * ba * xa * a;
  }
  const double s_surf = hkil + ukil;
  return std::clamp((2.0 * std::numbers::pi * ba - s_surf) / (2.0 * std::numbers::pi * ba), 0.0,
                    1.0);
}

RadiationResult mean_radiant_temperature(const RadiationForcing& f, const PointView& v,
                                         const SurfaceProperties& s, const BodyParams& b) {
  require(std::isfinite(f.ta_c) && f.ta_c > -80.0 && f.ta_c < 70.0,
          "Tmrt: air temperature must be within -80 .. 70 degC");
  require(std::isfinite(f.rh_pct) && f.rh_pct >= 0.0 && f.rh_pct <= 100.0,
          "Tmrt: relative humidity must be within 0 .. 100 %");
  require(std::isfinite(f.global_wm2) && f.global_wm2 >= 0.0 && f.global_wm2 < 1500.0,
          "Tmrt: global radiation must be within 0 .. 1500 W/m2");
  require(std::isnan(f.diffuse_wm2) == std::isnan(f.direct_normal_wm2),
          "Tmrt: give both diffuse and direct radiation, or neither");
  require(std::isnan(f.diffuse_wm2) || (f.diffuse_wm2 >= 0.0 && f.direct_normal_wm2 >= 0.0),
          "Tmrt: diffuse and direct radiation must not be negative");
  require(std::isfinite(f.sun_altitude_deg) && std::abs(f.sun_altitude_deg) <= 90.0,
          "Tmrt: sun altitude must be within -90 .. 90 deg");
  require(f.day_of_year >= 1 && f.day_of_year <= 366, "Tmrt: day of year must be within 1 .. 366");
  require(std::isfinite(f.latitude_deg) && std::abs(f.latitude_deg) <= 90.0,
          "Tmrt: latitude must be within -90 .. 90 deg");
  require(f.earth_sun_au > 0.9 && f.earth_sun_au < 1.1, "Tmrt: Sun-Earth distance must be ~1 AU");
  for (double x : {v.svf, v.svf_n, v.svf_e, v.svf_s, v.svf_w, v.svf_veg, v.svf_veg_n, v.svf_veg_e,
                   v.svf_veg_s, v.svf_veg_w, v.sun_fraction, v.ground_sunlit, v.ground_sunlit_n,
                   v.ground_sunlit_e, v.ground_sunlit_s, v.ground_sunlit_w}) {
    require(std::isfinite(x) && x >= 0.0 && x <= 1.0,
            "Tmrt: view factors and sunlit fractions must be within 0 .. 1");
  }
  require(b.absorption_l > 0.0, "Tmrt: long-wave absorption must be positive");

  RadiationResult r;
  const double ta4 = black(f.ta_c);
  r.sky_emissivity = clear_sky_emissivity_prata(f.ta_c, f.rh_pct);
  const bool day = f.sun_altitude_deg > 0.0;
  const double alt = f.sun_altitude_deg * kDeg;
  const double tau = s.canopy_transmissivity;
  // Sky not hidden by buildings or crowns, crowns letting τ through (SOLWEIG's svfbuveg).
  const double svf_buveg = v.svf - (1.0 - v.svf_veg) * (1.0 - tau);

  // Ground surface temperature excess, needs the day's sunrise and highest sun (SOLWEIG's
  // daylen() and altmax), here from the SPA declination.
  const double tan_prod = std::clamp(
      std::tan(f.sun_declination_deg * kDeg) * std::tan(f.latitude_deg * kDeg), -1.0, 1.0);
  const double day_length_h = 12.0 + 24.0 * std::asin(tan_prod) / std::numbers::pi;
  const double sunrise_h = 12.0 - day_length_h / 2.0;
  const double altmax = 90.0 - std::abs(f.latitude_deg - f.sun_declination_deg);

  std::array<double, 4> lup_dir{};  // N, E, S, W
  const std::array<double, 4> gs_dir{v.ground_sunlit_n, v.ground_sunlit_e, v.ground_sunlit_s,
                                     v.ground_sunlit_w};
  std::array<double, 4> k_dir{};
  if (day) {
    const Clearness c = clearness(f);
    r.clearness_index = c.ci;
    if (std::isnan(f.diffuse_wm2)) {
      const BeamSplit split =
          reindl_split(f.global_wm2, f.sun_altitude_deg, c.kt, f.ta_c, f.rh_pct);
      r.direct_normal = split.direct_normal;
      r.diffuse = split.diffuse;
    } else {
      r.direct_normal = f.direct_normal_wm2;
      r.diffuse = f.diffuse_wm2;
    }
    // Clear-sky global radiation for the Tg reduction (SOLWEIG: Reindl split of I0 at kt = 1).
    const BeamSplit clear = reindl_split(c.i0, f.sun_altitude_deg, 1.0, f.ta_c, f.rh_pct);
    const double g0 = clear.direct_normal * std::sin(alt) + clear.diffuse;
    const double ci_tg = g0 > 0.0 ? std::min(1.0, f.global_wm2 / g0 + (1.0 - c.corr)) : 1.0;
    r.tg_ground = tg_wave(s.ground_ts_deg, s.ground_ts_start, s.ground_tmax_lst, altmax, sunrise_h,
                          f.local_hour, ci_tg);
    r.tg_wall = tg_wave(s.wall_ts_deg, s.wall_ts_start, s.wall_tmax_lst, altmax, sunrise_h,
                        f.local_hour, ci_tg);
    r.wall_shade_fraction = wall_shade_fraction(90.0 - f.sun_altitude_deg, v.svf);
    const double fsh = r.wall_shade_fraction;

    const double beam_h = r.direct_normal * std::sin(alt);
    // Short wave reflected by the walls the point sees: sunlit walls reflect global, shaded
    // walls diffuse radiation (Lindberg et al. 2008 eq. 3).
    const double wall_refl =
        s.wall_albedo * (1.0 - svf_buveg) * (f.global_wm2 * (1.0 - fsh) + r.diffuse * fsh);
    r.kdown = beam_h * v.sun_fraction + r.diffuse * svf_buveg + wall_refl;
    // Up: sunlit ground reflects the beam, all ground reflects what reaches the shade.
    const double shade_in = r.diffuse * svf_buveg + wall_refl;
    r.kup = s.ground_albedo * (v.ground_sunlit * beam_h + shade_in);
    std::array<double, 4> kup_dir{};
    for (std::size_t k = 0; k < 4; ++k)
      kup_dir[k] = s.ground_albedo * (gs_dir[k] * beam_h + shade_in);

    // The direct beam on the standing cylinder: its projection on a vertical surface.
    r.kside_direct = v.sun_fraction * r.direct_normal * std::cos(alt);
    // Horizontal directions: diffuse sky and wall reflection weighted by the vertical-surface
    // view of sky and walls, and half the up-welling (SOLWEIG's Kside_veg, cylinder case).
    const std::array<double, 4> svf_dir{v.svf_n, v.svf_e, v.svf_s, v.svf_w};
    const std::array<double, 4> veg_dir{v.svf_veg_n, v.svf_veg_e, v.svf_veg_s, v.svf_veg_w};
    for (std::size_t k = 0; k < 4; ++k) {
      const Vikt w = vikt(svf_dir[k], veg_dir[k]);
      const double walls = w.wall + w.veg * (1.0 - tau);  // surfaces that are not open sky
      k_dir[k] = 0.5 * (r.diffuse * (1.0 - walls) +
                        s.wall_albedo * walls * (f.global_wm2 * (1.0 - fsh) + r.diffuse * fsh) +
                        kup_dir[k]);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      lup_dir[k] =
          s.ground_emissivity * (gs_dir[k] * black(f.ta_c + r.tg_ground) + (1.0 - gs_dir[k]) * ta4);
    }
    r.lup = s.ground_emissivity *
            (v.ground_sunlit * black(f.ta_c + r.tg_ground) + (1.0 - v.ground_sunlit) * ta4);
  } else {
    r.clearness_index = std::clamp(f.night_clearness_index, 0.0, 1.0);
    r.lup = s.ground_emissivity * ta4;
    lup_dir.fill(r.lup);
  }
  r.kn = k_dir[0];
  r.ke = k_dir[1];
  r.ks = k_dir[2];
  r.kw = k_dir[3];

  // Down-welling long wave (Jonsson et al. 2006, as SOLWEIG): open sky at the clear-sky
  // emissivity, crowns at air temperature, walls at air temperature plus the sunlit-wall
  // excess, and sky radiation reflected by the walls; vegetation hides no walls (svfaveg = 1).
  const double ew = s.wall_emissivity;
  const auto ldown_with = [&](double esky) {
    return (v.svf + v.svf_veg - 1.0) * esky * ta4 + (1.0 - v.svf_veg) * ew * ta4 +
           (1.0 - v.svf) * ew * black(f.ta_c + r.tg_wall) +
           (2.0 - v.svf - v.svf_veg) * (1.0 - ew) * esky * ta4;
  };
  r.ldown = ldown_with(r.sky_emissivity);
  const double cloud = 1.0 - r.clearness_index;
  if (r.clearness_index < 0.95) {
    // Non-clear sky: blend towards a black-body sky at air temperature by 1 − CI (SOLWEIG).
    r.ldown = r.ldown * (1.0 - cloud) + cloud * ldown_with(1.0);
  }

  // Horizontal long-wave fluxes (SOLWEIG's Lside_veg 2022a, isotropic sky): sky, sunlit and
  // shaded walls, crowns, half the ground's emission and sky/ground radiation reflected by
  // the walls, each weighted by the vertical-surface view.
  const double lsky_allsky = r.sky_emissivity * ta4 * (1.0 - cloud) + cloud * ta4;
  const double fsh2 = 2.0 * r.wall_shade_fraction - 1.0;  // SOLWEIG rescales F_sh this way
  const std::array<double, 4> svf_dir{v.svf_n, v.svf_e, v.svf_s, v.svf_w};
  const std::array<double, 4> veg_dir{v.svf_veg_n, v.svf_veg_e, v.svf_veg_s, v.svf_veg_w};
  // The walls a face looking north sees face south and are lit while the sun is in the south
  // half (azimuth 90 … 270), and so on; their excess temperature follows the sine of the
  // sun's azimuth relative to them.
  const std::array<double, 4> lit_from{90.0, 180.0, 270.0, 0.0};  // start of the lit half
  std::array<double, 4> l_dir{};
  for (std::size_t k = 0; k < 4; ++k) {
    const Vikt w = vikt(svf_dir[k], veg_dir[k]);
    double wall_sun = 0.0, wall_shade = ew * ta4 * w.wall * 0.5;
    double rel = std::fmod(f.sun_azimuth_deg - lit_from[k] + 720.0, 360.0);
    if (day && rel > 0.0 && rel <= 180.0) {
      const double alfa = std::asin(std::sqrt(std::clamp(1.0 - svf_dir[k], 0.0, 1.0)));
      const double alfa_b = std::atan(alfa);
      const double beta_b = std::atan(std::tan(alfa * fsh2));
      const double beta_sun = (alfa_b - beta_b) / 2.0 + beta_b;
      wall_sun = ew * black(f.ta_c + r.tg_wall * std::sin(rel * kDeg)) * w.wall * (1.0 - fsh2) *
                 std::cos(beta_sun) * 0.5;
      wall_shade = ew * ta4 * w.wall * fsh2 * 0.5;
    }
    const double sky = (svf_dir[k] + veg_dir[k] - 1.0) * lsky_allsky * w.sky * 0.5;
    const double veg = ew * ta4 * w.veg * 0.5;
    const double ground = lup_dir[k] * 0.5;
    const double refl = (r.ldown + lup_dir[k]) * w.refl * (1.0 - ew) * 0.5;
    l_dir[k] = sky + wall_sun + wall_shade + veg + ground + refl;
  }
  r.ln = l_dir[0];
  r.le = l_dir[1];
  r.ls = l_dir[2];
  r.lw = l_dir[3];

  // Mean absorbed radiation of a standing person and Tmrt (Lindberg et al. 2008 eqs. 1–2 with
  // the cylinder for the direct beam).
  r.sstr = b.absorption_k * (r.kside_direct * b.f_cyl + (r.kdown + r.kup) * b.f_up +
                             (r.kn + r.ke + r.ks + r.kw) * b.f_side) +
           b.absorption_l * ((r.ldown + r.lup) * b.f_up + (r.ln + r.le + r.ls + r.lw) * b.f_side);
  r.tmrt_c = std::sqrt(std::sqrt(r.sstr / (b.absorption_l * kSigmaSolweig))) - kKelvin;
  return r;
}

}  // namespace twin::solvers::heat
