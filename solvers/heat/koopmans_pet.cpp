// The Koopmans et al. (2020) PET regression and Stull's (2011) wet-bulb temperature.
#include "twin/solvers/heat/koopmans_pet.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

constexpr double kSigma = 5.67e-8;  // Stefan–Boltzmann, W m-2 K-4

void require(bool ok, const std::string& what) {
  if (!ok) throw data::Error(data::ErrorCode::invalid_value, what);
}

void check_common(double ta, double wind, double rh, double svf) {
  require(std::isfinite(ta) && ta >= -20.0 && ta <= 50.0,
          "Koopmans PET: air temperature must be within -20 .. 50 degC");
  require(std::isfinite(wind) && wind > 0.0 && wind <= 50.0,
          "Koopmans PET: wind speed must be above 0 (the regression uses ln u) and at most 50 m/s");
  require(std::isfinite(rh) && rh >= 5.0 && rh <= 99.0,
          "Koopmans PET: relative humidity must be within 5 .. 99 % (Stull's fit)");
  require(std::isfinite(svf) && svf >= 0.0 && svf <= 1.0,
          "Koopmans PET: sky view factor must be within 0 .. 1");
}

}  // namespace

double wet_bulb_stull(double ta_c, double rh_pct) {
  require(std::isfinite(ta_c) && ta_c >= -20.0 && ta_c <= 50.0,
          "wet-bulb temperature: air temperature must be within -20 .. 50 degC");
  require(std::isfinite(rh_pct) && rh_pct >= 5.0 && rh_pct <= 99.0,
          "wet-bulb temperature: relative humidity must be within 5 .. 99 %");
  // Stull (2011) eq. 1, an empirical fit to psychrometric wet-bulb temperatures at 101.325 kPa.
  const double rh = rh_pct;
  return ta_c * std::atan(0.151977 * std::sqrt(rh + 8.313659)) + std::atan(ta_c + rh) -
         std::atan(rh - 1.676331) + 0.00391838 * std::pow(rh, 1.5) * std::atan(0.023101 * rh) -
         4.686035;
}

double koopmans_pet_sun(const KoopmansSunInput& in) {
  check_common(in.ta_c, in.wind_ms, in.rh_pct, in.svf);
  require(std::isfinite(in.global_wm2) && in.global_wm2 >= 0.0 && in.global_wm2 <= 1400.0,
          "Koopmans PET: global radiation must be within 0 .. 1400 W/m2");
  require(std::isfinite(in.sun_altitude_deg) && in.sun_altitude_deg > 0.0 &&
              in.sun_altitude_deg <= 90.0,
          "Koopmans PET: the sun form needs the sun above the horizon (altitude 0 .. 90 deg)");
  require(std::isfinite(in.bowen), "Koopmans PET: Bowen ratio must be a number");
  const double tw = wet_bulb_stull(in.ta_c, in.rh_pct);
  const double q = in.global_wm2;
  const double ln_u = std::log(in.wind_ms);
  const double sin_phi = std::sin(in.sun_altitude_deg * std::numbers::pi / 180.0);
  // Koopmans et al. (2020), regression for sunlit places.
  return -13.26 + 1.25 * in.ta_c + 0.011 * q - 3.37 * ln_u + 0.078 * tw + 0.0055 * q * ln_u +
         5.56 * sin_phi - 0.0103 * q * ln_u * sin_phi + 0.546 * in.bowen + 1.94 * in.svf;
}

double koopmans_pet_shade(const KoopmansShadeInput& in) {
  check_common(in.ta_c, in.wind_ms, in.rh_pct, in.svf);
  require(std::isfinite(in.diffuse_wm2) && in.diffuse_wm2 >= 0.0 && in.diffuse_wm2 <= 1000.0,
          "Koopmans PET: diffuse radiation must be within 0 .. 1000 W/m2");
  const double tw = wet_bulb_stull(in.ta_c, in.rh_pct);
  const double tk = in.ta_c + 273.15;
  // Koopmans et al. (2020), regression for shaded places and night: the last term is the
  // long-wave radiation of the walls that hide the sky, at air temperature.
  return -12.14 + 1.25 * in.ta_c - 1.47 * std::log(in.wind_ms) + 0.060 * tw +
         0.015 * in.svf * in.diffuse_wm2 + 0.0060 * (1.0 - in.svf) * kSigma * tk * tk * tk * tk;
}

}  // namespace twin::solvers::heat
