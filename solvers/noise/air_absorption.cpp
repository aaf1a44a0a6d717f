// ISO 9613-1:1993 clause 6: pure-tone atmospheric attenuation coefficient.
#include "twin/solvers/noise/air_absorption.hpp"

#include <cmath>

namespace twin::solvers::noise {

double air_absorption_db_per_km(double f, double temperature_c, double humidity_percent, double pressure_kpa) {
  constexpr double p_ref = 101.325;  // kPa
  constexpr double t_ref = 293.15;   // K (20 degC)
  constexpr double t_01 = 273.16;    // K, triple point of water
  const double t = temperature_c + 273.15;
  const double pa = pressure_kpa / p_ref;
  // Molar concentration of water vapour h (%), from relative humidity (Annex B, B.1 - B.3).
  const double c = -6.8346 * std::pow(t_01 / t, 1.261) + 4.6151;
  const double h = humidity_percent * std::pow(10.0, c) / pa;
  // Relaxation frequencies of oxygen and nitrogen (equations 3 and 4).
  const double fr_o = pa * (24.0 + 4.04e4 * h * (0.02 + h) / (0.391 + h));
  const double fr_n = pa * std::pow(t / t_ref, -0.5) * (9.0 + 280.0 * h * std::exp(-4.170 * (std::pow(t / t_ref, -1.0 / 3.0) - 1.0)));
  // Equation 5, in dB/m; times 1000 for dB/km.
  const double alpha = 8.686 * f * f *
                       (1.84e-11 / pa * std::sqrt(t / t_ref) +
                        std::pow(t / t_ref, -2.5) * (0.01275 * std::exp(-2239.1 / t) / (fr_o + f * f / fr_o) +
                                                     0.1068 * std::exp(-3352.0 / t) / (fr_n + f * f / fr_n)));
  return alpha * 1000.0;
}

Spectrum air_absorption_spectrum(double temperature_c, double humidity_percent, double pressure_kpa) {
  const Spectrum f = exact_frequencies();
  Spectrum a{};
  for (std::size_t i = 0; i < band_count; ++i) a[i] = air_absorption_db_per_km(f[i], temperature_c, humidity_percent, pressure_kpa);
  return a;
}

}  // namespace twin::solvers::noise
