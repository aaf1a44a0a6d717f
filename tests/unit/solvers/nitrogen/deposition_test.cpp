#include <gtest/gtest.h>

#include <cmath>

#include "twin/solvers/nitrogen/depletion.hpp"
#include "twin/solvers/nitrogen/deposition_velocity.hpp"

namespace n = twin::solvers::nitrogen;
using twin::data::names::LandUse;

namespace {

TEST(NitrogenDeposition, ResistancesInNeutralAir) {
  // Neutral: Ra = ln(z/z0)/(k u*).
  EXPECT_NEAR(n::aerodynamic_resistance(4.0, 0.1, 0.25, 1e12), std::log(40.0) / (0.4 * 0.25), 1e-6);
  // Stable air resists more, unstable less.
  EXPECT_GT(n::aerodynamic_resistance(4.0, 0.1, 0.25, 20.0), n::aerodynamic_resistance(4.0, 0.1, 0.25, 1e12));
  EXPECT_LT(n::aerodynamic_resistance(4.0, 0.1, 0.25, -20.0), n::aerodynamic_resistance(4.0, 0.1, 0.25, 1e12));
  // Rb = 2/(k u*) (Sc/Pr)^(2/3): NO2 diffuses slower than NH3, so its Rb is larger.
  EXPECT_NEAR(n::boundary_layer_resistance(n::Gas::nh3, 0.4), 2.0 / 0.16 * std::pow(1.5e-5 / 0.21e-4 / 0.72, 2.0 / 3.0), 1e-9);
  EXPECT_GT(n::boundary_layer_resistance(n::Gas::no2, 0.4), n::boundary_layer_resistance(n::Gas::nh3, 0.4));
}

TEST(NitrogenDeposition, EffectiveRcPerClass) {
  struct Case {
    LandUse lu;
    double nh3, no2;
  };
  const Case cases[] = {{LandUse::grass, 10, 190},           {LandUse::arable, 28, 342},
                        {LandUse::permanent_crops, 28, 342}, {LandUse::coniferous_forest, 5, 203},
                        {LandUse::deciduous_forest, 10, 386}, {LandUse::water, 10, 2000},
                        {LandUse::urban, 100, 1000},         {LandUse::other_nature, 10, 190},
                        {LandUse::bare_soil, 100, 1000}};
  for (const auto& c : cases) {
    EXPECT_EQ(n::effective_rc(n::Gas::nh3, c.lu).value(), c.nh3);
    EXPECT_EQ(n::effective_rc(n::Gas::no2, c.lu).value(), c.no2);
  }
  EXPECT_FALSE(n::effective_rc(n::Gas::nh3, static_cast<LandUse>(0)).has_value());
  EXPECT_FALSE(n::effective_rc(n::Gas::no2, static_cast<LandUse>(10)).has_value());
  EXPECT_DOUBLE_EQ(n::deposition_velocity(30.0, 10.0, 60.0), 0.01);
}

TEST(NitrogenDepletion, WellMixedAndGaussianAgreeFarAway) {
  // Far from the source the plume is well mixed; the Gaussian integral's rate then equals the
  // well-mixed one, so the two depletion factors change by the same ratio over the last stretch.
  const double zi = 300.0;
  auto sigma = [](double x) { return 0.2 * std::pow(x, 0.82); };
  const double a = n::dry_depletion_gaussian(50000.0, 0.01, 5.0, 10.0, zi, sigma);
  const double b = n::dry_depletion_gaussian(60000.0, 0.01, 5.0, 10.0, zi, sigma);
  EXPECT_NEAR(b / a, n::dry_depletion_well_mixed(10000.0, 0.01, 5.0, zi), 1e-3);
  EXPECT_DOUBLE_EQ(n::dry_depletion_gaussian(0.0, 0.01, 5.0, 10.0, zi, sigma), 1.0);
  // No deposition, no depletion; a ground source depletes faster than a raised one.
  EXPECT_DOUBLE_EQ(n::dry_depletion_gaussian(1000.0, 0.0, 5.0, 10.0, zi, sigma), 1.0);
  EXPECT_LT(n::dry_depletion_gaussian(1000.0, 0.01, 5.0, 0.0, zi, sigma),
            n::dry_depletion_gaussian(1000.0, 0.01, 5.0, 50.0, zi, sigma));
}

TEST(NitrogenDepletion, WetRemovalAndChemistry) {
  // 800 mm/yr, W = 1.4e6, zi = 800 m: W P / zi.
  const double p = 0.8 / (365.25 * 86400.0);
  EXPECT_NEAR(n::wet_removal_rate(n::scavenging_nh3, 800.0, 800.0), 1.4e6 * p / 800.0, 1e-15);
  EXPECT_NEAR(n::per_second(3.6), 1e-5, 1e-18);
  // OPS's floor of 1 %/h without SO2 or NO2; more SO2 speeds up the conversion.
  EXPECT_DOUBLE_EQ(n::nh3_conversion_rate(0.0, 0.0, 10.0), 1.0);
  EXPECT_GT(n::nh3_conversion_rate(5.0, 10.0, 5.0), n::nh3_conversion_rate(1.0, 10.0, 5.0));
  // ch capped at 3.
  EXPECT_DOUBLE_EQ(n::nh3_conversion_rate(30.0, 0.0, 1.0), n::nh3_conversion_rate(300.0, 0.0, 1.0));
}

TEST(NitrogenDepletion, MassIsConservedAndLinear) {
  struct Case {
    double dry, wet, chem, t;
  };
  const Case cases[] = {{1e-5, 2e-6, 3e-6, 3600.0}, {0.0, 0.0, 0.0, 1e4}, {1e-3, 0.0, 0.0, 1e5}, {0.0, 5e-6, 1e-6, 1e3}};
  for (const auto& c : cases) {
    const auto one = n::mass_budget(1.0, c.dry, c.wet, c.chem, c.t);
    const auto two = n::mass_budget(2.0, c.dry, c.wet, c.chem, c.t);
    const double total = one.airborne + one.dry_deposited + one.wet_deposited + one.converted;
    EXPECT_LE(total, 1.0 + 1e-12);
    EXPECT_NEAR(total, 1.0, 1e-12);
    EXPECT_GE(one.airborne, 0.0);
    EXPECT_DOUBLE_EQ(two.airborne, 2.0 * one.airborne);
    EXPECT_DOUBLE_EQ(two.dry_deposited, 2.0 * one.dry_deposited);
    EXPECT_DOUBLE_EQ(two.wet_deposited, 2.0 * one.wet_deposited);
    EXPECT_DOUBLE_EQ(two.converted, 2.0 * one.converted);
  }
}

}  // namespace
