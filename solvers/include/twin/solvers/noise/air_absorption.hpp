#pragma once
// Atmospheric absorption of sound, ISO 9613-1:1993, clause 6 (pure-tone attenuation
// coefficient), evaluated at exact octave centres as CNOSSOS-EU asks (Annex II, 2.5.5).
#include "twin/solvers/noise/bands.hpp"

namespace twin::solvers::noise {

// Attenuation coefficient in dB/km at frequency f (Hz), temperature (degC), relative
// humidity (%) and pressure (kPa).
double air_absorption_db_per_km(double f_hz, double temperature_c, double humidity_percent,
                                double pressure_kpa = 101.325);
// The same at the eight exact octave centres.
Spectrum air_absorption_spectrum(double temperature_c, double humidity_percent, double pressure_kpa = 101.325);

}  // namespace twin::solvers::noise
