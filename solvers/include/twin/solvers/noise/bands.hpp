#pragma once
// Octave bands 63 Hz .. 8 kHz, the spectral resolution of CNOSSOS-EU
// (Directive (EU) 2015/996, Annex II, 2.1.3): every emission and attenuation term is a
// std::array of eight values, one per band.
#include <array>
#include <cstddef>

namespace twin::solvers::noise {

inline constexpr std::size_t band_count = 8;
using Spectrum = std::array<double, band_count>;

// Nominal band centres (Hz); the directive's formulas for ground effect and diffraction use these.
inline constexpr Spectrum nominal_frequencies = {63, 125, 250, 500, 1000, 2000, 4000, 8000};

// Exact octave centres 1000 * 10^(0.3 k), k = -4 .. 3 (IEC 61260 base-10 series); used for
// air absorption, which ISO 9613-1 defines for exact frequencies.
Spectrum exact_frequencies();

// A-weighting per band (IEC 61672-1, rounded to 0.1 dB as CNOSSOS-EU tabulates it).
inline constexpr Spectrum a_weighting = {-26.2, -16.1, -8.6, -3.2, 0.0, 1.2, 1.0, -1.1};

// 10 lg(10^(a/10) + 10^(b/10)): energetic sum of two levels in dB.
double energetic_sum(double a, double b);
// 10 lg(sum_i 10^(L_i/10)) over the bands: the broadband level of a spectrum.
double total_level(const Spectrum& levels);
// A constant spectrum.
Spectrum flat(double value);

}  // namespace twin::solvers::noise
