#pragma once
// Vehicle emission coefficients of CNOSSOS-EU (Directive (EU) 2015/996 Annex II, Appendix F,
// Table F-1, and its replacement by Delegated Directive (EU) 2021/1226). Private to emission.cpp.
#include "twin/solvers/noise/emission.hpp"

namespace twin::solvers::noise::detail {

struct VehicleCoefficients {
  Spectrum a_r, b_r, a_p, b_p;  // rolling A_R, B_R; propulsion A_P, B_P
};

const VehicleCoefficients& vehicle_coefficients(VehicleCategory category, CoefficientSet set);

}  // namespace twin::solvers::noise::detail
