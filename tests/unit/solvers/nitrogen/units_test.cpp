#include "twin/solvers/nitrogen/units.hpp"

#include <gtest/gtest.h>

namespace n = twin::solvers::nitrogen;

namespace {

struct Case {
  const char* what;
  double ours;
  double by_hand;
  double tolerance;  // relative
};

TEST(NitrogenUnits, HandComputations) {
  const Case cases[] = {
      // 1 kg/yr = 1000 g / (365.25 x 86400 s) = 3.16881e-5 g/s.
      {"kg/yr -> g/s", n::kg_per_year_to_g_per_s(1.0), 1000.0 / 31557600.0, 1e-12},
      {"kg/yr -> g/s, README factor", n::kg_per_year_to_g_per_s(1.0), 3.169e-5, 1e-3},
      // 1000 kg NH3/yr: 1e6 g / 17.031 g/mol = 58716 mol N, published as 58.72 mol/kg.
      {"kg NH3 -> mol N", n::kg_nh3_to_mol_n(1000.0), 1e6 / 17.031, 1e-3},
      {"kg NOx -> mol N", n::kg_nox_to_mol_n(1000.0), 1e6 / 46.0055, 1e-3},
      // 1 ug NH4/m2/h over a 8760-h year on a hectare: 1e-6 x 1e4 x 8760 / 18 mol.
      {"ug/m2/h NHx -> mol/ha/yr", n::ug_per_m2_h_to_mol_per_ha_yr(1.0, n::molar_mass_nhx_as_nh4),
       1e-6 * 1e4 * 8760.0 / 18.0, 1e-12},
      {"ug/m2/h NOy -> mol/ha/yr", n::ug_per_m2_h_to_mol_per_ha_yr(10.0, n::molar_mass_noy_as_no3),
       10.0 * 1e-6 * 1e4 * 8760.0 / 62.0, 1e-12},
  };
  for (const auto& c : cases) {
    EXPECT_NEAR(c.ours, c.by_hand, c.tolerance * c.by_hand) << c.what;
  }
}

TEST(NitrogenUnits, LinearInTheAmount) {
  EXPECT_DOUBLE_EQ(n::kg_per_year_to_g_per_s(2.0), 2.0 * n::kg_per_year_to_g_per_s(1.0));
  EXPECT_DOUBLE_EQ(n::kg_nh3_to_mol_n(0.0), 0.0);
}

}  // namespace
