#pragma once
// Unit conversions of the nitrogen model, with the factors OPS uses, so that emissions in
// kg/yr and depositions in mol N/ha/yr mean exactly what they mean in OPS and AERIUS.
namespace twin::solvers::nitrogen {

// A year of 365.25 days, as OPS uses to turn annual emissions into a source strength.
inline constexpr double seconds_per_year = 365.25 * 24.0 * 3600.0;

// kg/yr -> g/s (x 3.169e-5).
double kg_per_year_to_g_per_s(double kg_per_year);

// Moles of nitrogen in one kg of emitted substance: NH3 (M = 17.03 g/mol, one N) gives
// 58.72 mol N/kg, NOx counted as NO2 (M = 46.0 g/mol, one N) gives 21.74 mol N/kg. The
// rounded figures are the ones published for OPS/AERIUS; we use them as published.
inline constexpr double mol_n_per_kg_nh3 = 58.72;
inline constexpr double mol_n_per_kg_nox = 21.74;
double kg_nh3_to_mol_n(double kg);
double kg_nox_to_mol_n(double kg);

// Deposition flux in ug/m2/h of a species with molar mass `molar_mass` (g/mol, one N per
// molecule) -> mol N/ha/yr. OPS writes this as x 87.6 / M (87.6 = 1e4 m2/ha x 8760 h/yr x
// 1e-6 g/ug): a 365-day year, unlike the 365.25-day year of the emission conversion.
double ug_per_m2_h_to_mol_per_ha_yr(double flux, double molar_mass);
// The molar masses OPS divides by: NHx expressed as NH4 (18) and NOy as NO3 (62).
inline constexpr double molar_mass_nhx_as_nh4 = 18.0;
inline constexpr double molar_mass_noy_as_no3 = 62.0;

}  // namespace twin::solvers::nitrogen
