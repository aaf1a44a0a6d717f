#include <gtest/gtest.h>

#include <cmath>

#include "twin/solvers/nitrogen/plume_rise.hpp"
#include "twin/solvers/nitrogen/wind_profile.hpp"

namespace n = twin::solvers::nitrogen;

namespace {

TEST(NitrogenWindProfile, NeutralIsLogarithmicAndFloored) {
  // L -> -inf: u = u*/0.4 ln(z/z0).
  EXPECT_NEAR(n::wind_speed_at(0.1, 10.0, 0.4, -1e12), std::log(100.0), 1e-6);
  EXPECT_DOUBLE_EQ(n::wind_speed_at(0.1, 10.0, 0.01, -1e12), n::wind_speed_floor);
  // Stable air has more shear than neutral air for the same u*.
  EXPECT_GT(n::wind_speed_at(0.03, 50.0, 0.2, 10.0), n::wind_speed_at(0.03, 50.0, 0.2, -1e12));
}

TEST(NitrogenPlumeRise, StabilityAsOpsDecidesIt) {
  struct Case {
    double l;
    bool non_stable;
  };
  for (const Case c : {Case{-5.0, true}, Case{10.0, false}, Case{49.0, false}, Case{51.0, true}, Case{-200.0, true}}) {
    EXPECT_EQ(n::non_stable(c.l), c.non_stable) << c.l;
  }
}

TEST(NitrogenPlumeRise, BuoyancyFluxIsAbout8Point8TimesQw) {
  EXPECT_NEAR(n::buoyancy_flux(1.0), 8.8, 0.01);
  EXPECT_DOUBLE_EQ(n::buoyancy_rise({0.03, 0.2, -100.0, true, 0.0, 285.0, 5.0, 20.0}), 0.0);
}

TEST(NitrogenPlumeRise, BriggsBranchesForNonStableAir) {
  // With the wind fixed by a wind profile that is constant above the stack the iteration does
  // not move u, so the first estimate is the answer: compare with the formulas directly.
  const double u = n::wind_speed_at(1e-6, 1e6, 0.0, -1e12);  // the floor, 0.75 m/s, everywhere
  for (double qw : {1.0, 10.0}) {
    const double f = n::buoyancy_flux(qw);
    const double expected = f >= 55.0 ? 38.8 * std::pow(f, 0.6) / u : 21.3 * std::pow(f, 0.75) / u;
    EXPECT_NEAR(n::buoyancy_rise({1e-6, 0.0, -1e12, true, qw, 285.0, u, 20.0}), expected, 1e-9) << qw;
  }
}

TEST(NitrogenPlumeRise, LargerOfBuoyancyAndMomentum) {
  n::PlumeRiseInput in;
  in.stack_height = 20.0;
  in.ustar = 0.3;
  in.obukhov_length = -100.0;
  in.heat_mw = 0.0;
  in.stack_diameter = 1.0;
  in.exit_velocity = 15.0;
  in.exit_temperature_k = n::unknown;
  const auto cold_jet = n::plume_rise(in);
  EXPECT_EQ(cold_jet.buoyancy, 0.0);
  EXPECT_GT(cold_jet.momentum, 0.0);
  EXPECT_NEAR(cold_jet.effective_height, 20.0 + cold_jet.momentum, 1e-9);
  in.heat_mw = 2.0;
  in.exit_velocity = 20.0;
  const auto hot = n::plume_rise(in);
  EXPECT_NEAR(hot.effective_height, 20.0 + std::max(hot.buoyancy, hot.momentum), 1e-9);
}

TEST(NitrogenPlumeRise, PenetratingPlumeIsCappedAtTheMixingHeight) {
  n::PlumeRiseInput in;
  in.stack_height = 100.0;
  in.ustar = 0.3;
  in.obukhov_length = -500.0;
  in.heat_mw = 50.0;
  in.mixing_height = 150.0;
  in.mixing_height_local = 150.0;
  const auto r = n::plume_rise(in);
  EXPECT_LT(r.fraction_below_zi, 1.0);
  EXPECT_GE(r.fraction_below_zi, 0.0);
  if (r.fraction_below_zi > 0.0) {
    EXPECT_LE(r.effective_height, 150.0);
  }
}

}  // namespace
