// The Koopmans et al. (2020) regression and Stull's wet-bulb temperature, on cases worked
// out by hand from the published coefficients.
#include "twin/solvers/heat/koopmans_pet.hpp"

#include <gtest/gtest.h>

#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

TEST(WetBulbStull, PublishedExampleAndHandCases) {
  // Stull (2011): T = 20 °C, RH = 50 % gives Tw = 13.7 °C.
  EXPECT_NEAR(wet_bulb_stull(20.0, 50.0), 13.7, 0.05);
  struct Case {
    double ta, rh, tw;
  };
  for (const Case c : {Case{20, 50, 13.699342}, Case{30, 50, 22.296834}, Case{25, 40, 16.384103}}) {
    EXPECT_NEAR(wet_bulb_stull(c.ta, c.rh), c.tw, 1e-5) << c.ta << " degC " << c.rh << " %";
  }
  EXPECT_THROW(wet_bulb_stull(20.0, 2.0), data::Error);
  EXPECT_THROW(wet_bulb_stull(60.0, 50.0), data::Error);
}

TEST(KoopmansPet, SunFormHandCases) {
  // ln u = 0 and sin φ = ½ make the second case easy to follow by hand:
  // −13.26 + 31.25 + 6.6 + 0.078·16.384103 + 5.56·½ + 1.94 = 30.587960.
  struct Case {
    KoopmansSunInput in;
    double pet;
  };
  const Case cases[] = {
      {{30.0, 800.0, 2.0, 50.0, 55.0, 1.5, 0.6}, 37.351966},
      {{25.0, 600.0, 1.0, 40.0, 30.0, 0.0, 1.0}, 30.587960},
  };
  for (const auto& c : cases) EXPECT_NEAR(koopmans_pet_sun(c.in), c.pet, 1e-5);
}

TEST(KoopmansPet, ShadeFormHandCases) {
  struct Case {
    KoopmansShadeInput in;
    double pet;
  };
  const Case cases[] = {
      // Open sky, no diffuse light: −12.14 + 1.25·20 + 0.060·13.699342 = 13.681961.
      {{20.0, 1.0, 50.0, 1.0, 0.0}, 13.681961},
      {{28.0, 1.5, 60.0, 0.4, 120.0}, 25.994740},
  };
  for (const auto& c : cases) EXPECT_NEAR(koopmans_pet_shade(c.in), c.pet, 1e-5);
}

TEST(KoopmansPet, RefusesCalmAirAndBadRanges) {
  KoopmansSunInput sun;
  sun.wind_ms = 0.0;
  EXPECT_THROW(koopmans_pet_sun(sun), data::Error);
  sun = {};
  sun.sun_altitude_deg = -5.0;
  EXPECT_THROW(koopmans_pet_sun(sun), data::Error);
  KoopmansShadeInput shade;
  shade.svf = 1.2;
  EXPECT_THROW(koopmans_pet_shade(shade), data::Error);
}

}  // namespace
}  // namespace twin::solvers::heat
