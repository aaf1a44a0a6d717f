// Ground attenuation, CNOSSOS-EU Annex II 2.5.6 (equation numbers of the amended Annex).
#include "twin/solvers/noise/ground_effect.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace twin::solvers::noise {
namespace {

// Speed of sound for k = 2 pi f / c. The directive writes c without fixing it; 340 m/s is
// the value with which the ISO/TR 17534-4 reference results are reproduced.
constexpr double c_sound = 340.0;

// The powers of the band frequency in w (2.5.17) and the wave number k, per band. They are the
// same for every path, so they are evaluated once (with the very expressions used before, so
// the results do not change in the last bit).
struct BandTerms {
  Spectrum f25{}, f15{}, f075{}, k{};
};

BandTerms make_band_terms() {
  BandTerms t;
  for (std::size_t i = 0; i < band_count; ++i) {
    const double f = nominal_frequencies[i];
    t.f25[i] = std::pow(f, 2.5);
    t.f15[i] = std::pow(f, 1.5);
    t.f075[i] = std::pow(f, 0.75);
    t.k[i] = 2.0 * std::numbers::pi * f / c_sound;
  }
  return t;
}

const BandTerms band_terms = make_band_terms();

// G_w^2.6 and G_w^1.3 of w (2.5.17), once per leg instead of once per band.
struct GroundPowers {
  double g26, g13;
};
GroundPowers ground_powers(double gw) { return {std::pow(gw, 2.6), std::pow(gw, 1.3)}; }

// w (2.5.17) and C_f (2.5.16) in band i for ground powers g over distance dp.
double c_f(std::size_t i, GroundPowers g, double dp) {
  const double w = 0.0185 * band_terms.f25[i] * g.g26 /
                   (band_terms.f15[i] * g.g26 + 1.3e3 * band_terms.f075[i] * g.g13 + 1.16e6);
  return dp * (1.0 + 3.0 * w * dp * std::exp(-std::sqrt(w * dp))) / (1.0 + w * dp);
}

// The bracketed expression of 2.5.15 / 2.5.20 in band i, for heights zs, zr.
double ground_formula(std::size_t i, GroundPowers g, double dp, double zs, double zr) {
  const double k = band_terms.k[i];
  const double cf = c_f(i, g, dp);
  const double q = std::sqrt(2.0 * cf / k);
  return -10.0 * std::log10(4.0 * k * k / (dp * dp) * (zs * zs - q * zs + cf / k) * (zr * zr - q * zr + cf / k));
}

// dp / (30 (zs + zr)): > 1 means source and receiver are "far apart" in the sense of 2.5.14.
double spread(const GroundLeg& leg) {
  const double z = leg.zs + leg.zr;
  return z > 0 ? leg.dp / (30.0 * z) : INFINITY;
}

}  // namespace

double g_path_prime(const GroundLeg& leg) {
  if (!leg.near_source_correction) return leg.g_path;
  const double t = spread(leg);
  return t <= 1.0 ? leg.g_path * t + leg.g_source * (1.0 - t) : leg.g_path;  // 2.5.14
}

Spectrum ground_homogeneous(const GroundLeg& leg) {
  Spectrum a{};
  if (leg.g_path == 0) {
    a.fill(-3.0);  // fully reflecting ground: pressure doubling, no interference pattern
    return a;
  }
  const double gp = g_path_prime(leg);
  const GroundPowers g = ground_powers(gp);
  for (std::size_t i = 0; i < band_count; ++i) {
    a[i] = std::max(ground_formula(i, g, leg.dp, leg.zs, leg.zr), -3.0 * (1.0 - gp));  // 2.5.15, 2.5.18
  }
  return a;
}

Spectrum ground_favourable(const GroundLeg& leg) {
  const double gp = g_path_prime(leg);
  const double t = spread(leg);
  // Lower bound (2.5.20 note): larger for distant pairs, computed with the unmodified heights.
  const double a_min = t <= 1.0 ? -3.0 * (1.0 - gp) : -3.0 * (1.0 - gp) * (1.0 + 2.0 * (1.0 - 1.0 / t));
  Spectrum a{};
  if (leg.g_path == 0) {
    a.fill(a_min);
    return a;
  }
  // Heights raised to mimic the downward-curved rays (2.5.19), a0 = 2e-4 1/m.
  const double z = leg.zs + leg.zr;
  const double dz_t = z > 0 ? 6e-3 * leg.dp / z : 0.0;
  const double dz_s = z > 0 ? 2e-4 * std::pow(leg.zs / z, 2) * leg.dp * leg.dp / 2.0 : 0.0;
  const double dz_r = z > 0 ? 2e-4 * std::pow(leg.zr / z, 2) * leg.dp * leg.dp / 2.0 : 0.0;
  // In favourable conditions w uses G_path itself, not G'_path.
  const GroundPowers g = ground_powers(leg.g_path);
  for (std::size_t i = 0; i < band_count; ++i) {
    a[i] = std::max(ground_formula(i, g, leg.dp, leg.zs + dz_s + dz_t, leg.zr + dz_r + dz_t), a_min);
  }
  return a;
}

}  // namespace twin::solvers::noise
