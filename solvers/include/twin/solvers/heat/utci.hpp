#pragma once
// Universal Thermal Climate Index by the sixth-order polynomial approximation of the UTCI
// operational procedure (Bröde et al. 2012, Int. J. Biometeorol. 56:481–494), in air
// temperature, wind speed at 10 m, Tmrt − Ta and water vapour pressure.
#include <string_view>

namespace twin::solvers::heat {

// The polynomial's range of validity (Bröde et al. 2012, table 1).
struct UtciRange {
  static constexpr double ta_min = -50.0, ta_max = 50.0;        // °C
  static constexpr double dtmrt_min = -30.0, dtmrt_max = 70.0;  // Tmrt − Ta, K
  static constexpr double v10_min = 0.5, v10_max = 17.0;        // m/s at 10 m
};

// Empty when the inputs are inside UtciRange (and humidity within 0 … 100 %), else a short
// description of the first input outside it.
std::string_view utci_range_violation(double ta_c, double tmrt_c, double v10_ms, double rh_pct);

// UTCI, °C. Throws data::Error(invalid_value) outside UtciRange: the polynomial is a fit and
// extrapolates badly.
double utci(double ta_c, double tmrt_c, double v10_ms, double rh_pct);

// The polynomial without the range check (for plots and tests of the fit itself).
double utci_unchecked(double ta_c, double tmrt_c, double v10_ms, double rh_pct);

// Assessment scale of Bröde et al. (2012), table 2, e.g. "moderate heat stress".
std::string_view utci_stress_category(double utci_c);

}  // namespace twin::solvers::heat
