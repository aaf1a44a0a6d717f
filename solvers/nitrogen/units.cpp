#include "twin/solvers/nitrogen/units.hpp"

namespace twin::solvers::nitrogen {

double kg_per_year_to_g_per_s(double kg_per_year) { return kg_per_year * 1000.0 / seconds_per_year; }

double kg_nh3_to_mol_n(double kg) { return kg * mol_n_per_kg_nh3; }

double kg_nox_to_mol_n(double kg) { return kg * mol_n_per_kg_nox; }

double ug_per_m2_h_to_mol_per_ha_yr(double flux, double molar_mass) {
  // ug/m2/h x 1e-6 g/ug x 1e4 m2/ha x 8760 h/yr / (g/mol) = x 87.6 / M.
  return flux * 87.6 / molar_mass;
}

}  // namespace twin::solvers::nitrogen
