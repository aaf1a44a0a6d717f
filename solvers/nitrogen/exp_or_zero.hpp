#pragma once
// exp() of arguments that are often far below the underflow limit (Gaussian tails of a narrow
// plume: exp(-h^2/(2 sigma_z^2)) near the source).
#include <cmath>

namespace twin::solvers::nitrogen {

// exp(v), with v below the logarithm of half the smallest subnormal (-745.13) answered without
// the library call: there glibc's exp takes its slow underflow path (errno, ~4x the time of a
// normal call) and returns +0, the value returned here. So the result is the same bit for bit.
inline double exp_or_zero(double v) { return v < -746.0 ? 0.0 : std::exp(v); }

}  // namespace twin::solvers::nitrogen
