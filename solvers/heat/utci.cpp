// UTCI by the polynomial approximation of Bröde et al. (2012).
#include "twin/solvers/heat/utci.hpp"

#include <cmath>
#include <string>

#include "twin/data/error.hpp"
#include "utci_coefficients.hpp"

namespace twin::solvers::heat {
namespace {

// Saturation vapour pressure over water, hPa, as the UTCI procedure computes it (Hardy 1998,
// ITS-90 formulation): ln es = Σ g_i·T^(i−2) + 2.7150305·ln T, T in kelvin.
double utci_saturation_hpa(double ta_c) {
  constexpr double g[] = {-2836.5744,     -6028.076559,  19.54263612,   -0.02737830188,
                          0.000016261698, 7.0229056e-10, -1.8680009e-13};
  const double tk = ta_c + 273.15;
  double es = 2.7150305 * std::log(tk);
  double power = 1.0 / (tk * tk);
  for (double gi : g) {
    es += gi * power;
    power *= tk;
  }
  return std::exp(es) * 0.01;
}

}  // namespace

std::string_view utci_range_violation(double ta_c, double tmrt_c, double v10_ms, double rh_pct) {
  if (!(ta_c >= UtciRange::ta_min && ta_c <= UtciRange::ta_max))
    return "air temperature outside -50 .. 50 degC";
  const double d = tmrt_c - ta_c;
  if (!(d >= UtciRange::dtmrt_min && d <= UtciRange::dtmrt_max))
    return "Tmrt - Ta outside -30 .. 70 K";
  if (!(v10_ms >= UtciRange::v10_min && v10_ms <= UtciRange::v10_max))
    return "wind speed at 10 m outside 0.5 .. 17 m/s";
  if (!(rh_pct >= 0.0 && rh_pct <= 100.0)) return "relative humidity outside 0 .. 100 %";
  return {};
}

double utci_unchecked(double ta_c, double tmrt_c, double v10_ms, double rh_pct) {
  const double pa = utci_saturation_hpa(ta_c) * rh_pct / 100.0 / 10.0;  // kPa
  const double d = tmrt_c - ta_c;
  // Powers 0 … 6 of each variable, then the terms in the table's nesting order.
  double pt[7], pv[7], pd[7], pp[7];
  pt[0] = pv[0] = pd[0] = pp[0] = 1.0;
  for (int i = 1; i < 7; ++i) {
    pt[i] = pt[i - 1] * ta_c;
    pv[i] = pv[i - 1] * v10_ms;
    pd[i] = pd[i - 1] * d;
    pp[i] = pp[i - 1] * pa;
  }
  double sum = 0.0;
  std::size_t n = 0;
  for (int p = 0; p <= 6; ++p)
    for (int dd = 0; dd <= 6 - p; ++dd)
      for (int k = 0; k <= 6 - p - dd; ++k)
        for (int t = 0; t <= 6 - p - dd - k; ++t)
          sum += utci_coefficients::kTerms[n++] * pt[t] * pv[k] * pd[dd] * pp[p];
  return ta_c + sum;
}

double utci(double ta_c, double tmrt_c, double v10_ms, double rh_pct) {
  const std::string_view why = utci_range_violation(ta_c, tmrt_c, v10_ms, rh_pct);
  if (!why.empty()) {
    throw data::Error(data::ErrorCode::invalid_value,
                      "UTCI: " + std::string(why) + " (the polynomial's range of validity)");
  }
  return utci_unchecked(ta_c, tmrt_c, v10_ms, rh_pct);
}

std::string_view utci_stress_category(double u) {
  if (u > 46.0) return "extreme heat stress";
  if (u > 38.0) return "very strong heat stress";
  if (u > 32.0) return "strong heat stress";
  if (u > 26.0) return "moderate heat stress";
  if (u >= 9.0) return "no thermal stress";
  if (u >= 0.0) return "slight cold stress";
  if (u >= -13.0) return "moderate cold stress";
  if (u >= -27.0) return "strong cold stress";
  if (u >= -40.0) return "very strong cold stress";
  return "extreme cold stress";
}

}  // namespace twin::solvers::heat
