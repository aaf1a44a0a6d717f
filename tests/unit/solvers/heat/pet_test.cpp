// PET (MEMI, Walther & Goestchel 2018) against the published pythermalcomfort pet_steady table.
#include "twin/solvers/heat/pet.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "reference_values.hpp"
#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

using reference::pet_input;
constexpr const auto& kReference = reference::pet_cases;

TEST(Pet, PublishedReferenceTable) {
  for (const auto& c : kReference) {
    const PetResult r = pet(pet_input(c));
    EXPECT_NEAR(r.pet_c, c.expected, 0.1) << "Ta " << c.ta << " Tmrt " << c.tmrt << " v " << c.v;
  }
}

TEST(Pet, BodyTemperaturesArePhysiological) {
  const PetResult r = pet(pet_input(kReference[1]));
  EXPECT_GT(r.t_core_c, 36.0);
  EXPECT_LT(r.t_core_c, 38.5);
  EXPECT_GT(r.t_skin_c, 30.0);
  EXPECT_LT(r.t_skin_c, 37.0);
  EXPECT_GT(r.newton_iterations, 0);
}

TEST(Pet, RisesWithRadiationAndFallsWithWind) {
  PetInput in;
  in.ta_c = 28.0;
  in.rh_pct = 50.0;
  in.v_ms = 1.0;
  double previous = -100.0;
  for (double tmrt : {28.0, 40.0, 55.0, 70.0}) {
    in.tmrt_c = tmrt;
    const double p = pet(in).pet_c;
    EXPECT_GT(p, previous) << "Tmrt " << tmrt;
    previous = p;
  }
  in.tmrt_c = 60.0;
  const double calm = (in.v_ms = 0.3, pet(in).pet_c);
  const double windy = (in.v_ms = 4.0, pet(in).pet_c);
  EXPECT_LT(windy, calm);
}

TEST(Pet, ReferenceClimateGivesItsOwnTemperature) {
  // In the reference climate itself (Tmrt = Ta, v 0.1 m/s, 12 hPa, 80 W, 0.9 clo) PET = Ta.
  PetInput in;
  in.ta_c = 22.0;
  in.tmrt_c = 22.0;
  in.v_ms = 0.1;
  in.rh_pct = 100.0 * 1200.0 / saturation_vapour_pressure_pa(22.0);
  in.met = 80.0 / 58.2;
  in.clo = 0.9;
  EXPECT_NEAR(pet(in).pet_c, 22.0, 1e-6);
}

TEST(Pet, RefusesBadInputs) {
  const auto bad = [](auto edit) {
    PetInput in;
    edit(in);
    EXPECT_THROW(pet(in), data::Error);
  };
  bad([](PetInput& in) { in.v_ms = -1.0; });
  bad([](PetInput& in) { in.rh_pct = 120.0; });
  bad([](PetInput& in) { in.clo = 0.0; });
  bad([](PetInput& in) { in.met = 0.0; });
  bad([](PetInput& in) { in.ta_c = std::nan(""); });
  bad([](PetInput& in) { in.tmrt_c = in.ta_c + 200.0; });
}

TEST(SaturationVapourPressure, AshraeValues) {
  // ASHRAE Fundamentals 2017, ch. 1 table 3: 20 °C 2.3392 kPa, 0.01 °C 0.6117 kPa (water),
  // −10 °C 0.2600 kPa (ice).
  EXPECT_NEAR(saturation_vapour_pressure_pa(20.0), 2339.2, 1.0);
  EXPECT_NEAR(saturation_vapour_pressure_pa(0.01), 611.7, 0.5);
  EXPECT_NEAR(saturation_vapour_pressure_pa(-10.0), 260.0, 0.5);
}

}  // namespace
}  // namespace twin::solvers::heat
