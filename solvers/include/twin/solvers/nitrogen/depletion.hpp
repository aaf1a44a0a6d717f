#pragma once
// Removal of emitted mass along the plume: dry deposition (source depletion), wet
// deposition by scavenging ratios and chemical conversion (OPS ops_brondepl, ops_depoparexp,
// ops_vchem / ops_par_chem; van Jaarsveld 2004, chapters 5-6).
#include <functional>

namespace twin::solvers::nitrogen {

// Scavenging ratios W (concentration in rain / concentration in air) as published for OPS.
inline constexpr double scavenging_nh3 = 1.4e6;
inline constexpr double scavenging_nh4 = 1.4e7;
inline constexpr double scavenging_nox = 2.0e4;
inline constexpr double scavenging_no3 = 1.4e7;

// Well-mixed source depletion Q(x)/Q0 = exp(-x vd/(u zi)).
double dry_depletion_well_mixed(double x, double vd, double u, double zi);

// Near-source depletion Q(x)/Q0 = exp(-int_0^x vd/u Dz(x') dx') with Dz the ground-level
// vertical distribution of the reflected Gaussian plume [1/m]; sigma_z(x') given by the
// caller. Integrated numerically (midpoint rule after x' = x t^5, which removes the
// x'^-disph singularity of a ground-level source).
double dry_depletion_gaussian(double x, double vd, double u, double h, double zi,
                              const std::function<double(double)>& sigma_z);

// Wet removal rate [1/s] = W P / zi for precipitation rate P [mm/yr] averaged over the year:
// the wet flux W C P removes the mixing layer's column zi C. (An upper bound: rain removes a
// column at most once per rain event; wet_loss_rate_gas() is what the plume model uses.)
double wet_removal_rate(double scavenging_ratio, double precipitation_mm_per_year, double zi);

// Rain of one sector x class cell as OPS's wet deposition needs it.
struct RainStatistics {
  double probability = 0;     // fraction of the hours with rain [-] (OPS regenk)
  double intensity_mm_h = 0;  // during rain [mm/h] (OPS ri)
  double event_hours = 0;     // mean duration of a rain event, Eulerian [h] (OPS twet)
};

// OPS's mean rain-event duration [h] of a wind sector (0 = wind from the north) when the meteo
// statistics carry none: the mean of its summer and winter tables (KNMI 1981-1985, par_nat
// TWETZ/TWETW), i.e. a year half summer, half winter.
double rain_event_hours(int sector);

// Wet loss rate [1/s] of a gas plume at distance x (OPS par_nat, irreversible uptake; van
// Jaarsveld 2004, eqs. 4.17-4.23): below-cloud washout Lb = 1.21 D^0.744 Ri^0.628 [1/h]
// (D the gas's diffusivity in cm2/s) and in-cloud rainout Lr = W Ri/(1000 zi) [1/h], each
// limited by what one rain event can remove, L_eff = P/tw (1 - exp(-L tw)) with the
// Lagrangian event duration tw = twet (1 - exp(-0.4 t/twet)) (at least 0.01 h) for travel
// time t = x/u; washout at most rainout; the two mixed by the share of the plume inside the
// cloud, pr = exp(-(zi - h + 5)^2/(2 sigma_z^2)) min(1, t/1 h).
double wet_loss_rate_gas(double scavenging_ratio, double diffusivity_cm2_s,
                         const RainStatistics& rain, double x, double u, double sigma_z,
                         double plume_height, double zi);

// The same rate split in two, for a plume model that evaluates one gas, cell and plume height
// at many distances: what depends on those alone (the two scavenging coefficients, with their
// powers, the cloud-base gap, and both effective rates at the shortest event tw = 0.01 h, which
// holds for travel times below ~1.5 min) is computed once, so that each distance costs at most
// three exponentials, and one (the in-cloud share) while tw stays at its minimum. Gives the
// same numbers as the one-call form.
struct GasWetLoss {
  bool raining = false;           // false: no rain in the cell, the rate is 0
  double probability = 0;         // P [-]
  double event_hours = 0;         // twet [h]
  double rainout_per_h = 0;       // Lr = W Ri/(1000 zi) [1/h]
  double washout_per_h = 0;       // Lb = 1.21 D^0.744 Ri^0.628 [1/h]
  double cloud_gap_sq = 0;        // (max(0, zi - h) + 5)^2 [m2]
  double cloud_sigma_sq_min = 0;  // sigma_z^2 below which the in-cloud share underflows to 0
  double rainout_short = 0;       // effective rainout at tw = 0.01 h [1/h]
  double washout_short = 0;       // effective washout (at most rainout) at tw = 0.01 h [1/h]
};
GasWetLoss prepare_wet_loss_gas(double scavenging_ratio, double diffusivity_cm2_s,
                                const RainStatistics& rain, double plume_height, double zi);
double wet_loss_rate_gas(const GasWetLoss& w, double x, double u, double sigma_z);

// OPS's NH3 -> NH4+ conversion rate [%/h] from background concentrations (ug/m3), a fit to a
// chemistry model calibrated on annual NH3/NH4 ratios (ops_par_chem):
// ch = min(SO2/NH3, 3); k = max(1, 3 (0.1 + 0.8 NO2/NH3 + 6.3 ch + 1.8 ch^4 - 0.17 ch^6) + 0.5).
double nh3_conversion_rate(double so2, double no2, double nh3);

// First-order rate [1/s] from a rate in %/h.
double per_second(double percent_per_hour);

// Where an emitted mass ends up after travel time t under constant first-order losses.
struct MassBudget {
  double airborne = 0;
  double dry_deposited = 0;
  double wet_deposited = 0;
  double converted = 0;  // to the secondary aerosol (NH4+ or NO3-)
};
// q: emitted mass; rates [1/s] (dry = vd/zi in the well-mixed regime, wet, chemical); t [s].
MassBudget mass_budget(double q, double dry_rate, double wet_rate, double chemical_rate, double t);

}  // namespace twin::solvers::nitrogen
