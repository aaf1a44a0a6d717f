#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "twin/solvers/nitrogen/gauss_plume.hpp"
#include "twin/solvers/nitrogen/sigma_z.hpp"

namespace n = twin::solvers::nitrogen;

namespace {

TEST(NitrogenPlume, WellMixedLimitOfTheReflections) {
  // With many reflections the Gaussian sum tends to q/(zi u); OPS switches at sigma_z = 1.6 zi,
  // where its three image pairs are already within a few per cent of the limit.
  const double limit = 1.0 / (100.0 * 5.0);
  const n::CwiInput just_below{1.0, 20.0, 1000.0, 0.0, 5.0, 159.0, 100.0};
  EXPECT_NEAR(n::crosswind_integrated(just_below), limit, 0.05 * limit);
  const n::CwiInput above{1.0, 20.0, 1000.0, 0.0, 5.0, 161.0, 100.0};
  EXPECT_DOUBLE_EQ(n::crosswind_integrated(above), limit);
}

TEST(NitrogenPlume, SectorAverageIsCrosswindIntegralSpreadOverTheSector) {
  // The sector average divides the crosswind integral by the sector's arc 2 pi x / 12.
  const double x = 2000.0;
  const n::CwiInput mixed{3.0, 10.0, x, 0.0, 4.0, 500.0, 200.0};
  const double from_cwi = n::crosswind_integrated(mixed) * 1e6 * n::wind_sectors / (2.0 * std::numbers::pi * x);
  EXPECT_NEAR(n::sector_average_well_mixed(3.0, x, 4.0, 200.0), from_cwi, 1e-9 * from_cwi);
  // Near field, ground level, no mixing-height images: the same with the ground image only.
  const n::CwiInput near{3.0, 10.0, 300.0, 0.0, 4.0, 15.0, 5000.0};
  const double near_cwi = n::crosswind_integrated(near) * 1e6 * n::wind_sectors / (2.0 * std::numbers::pi * 300.0);
  EXPECT_NEAR(n::sector_average_gaussian(3.0, 10.0, 300.0, 4.0, 15.0), near_cwi, 1e-9 * near_cwi);
}

TEST(NitrogenPlume, ConcentrationScalesWithTheSource) {
  EXPECT_DOUBLE_EQ(n::sector_average_gaussian(2.0, 10.0, 500.0, 3.0, 20.0),
                   2.0 * n::sector_average_gaussian(1.0, 10.0, 500.0, 3.0, 20.0));
  EXPECT_GT(n::mixing_height_reflection(10.0, 100.0, 150.0), 1.0);
  EXPECT_NEAR(n::mixing_height_reflection(10.0, 5.0, 1000.0), 1.0, 1e-12);
}

struct SigmaCase {
  n::StabilityClass cls;
  double disph;
};

TEST(NitrogenSigmaZ, ExponentPerClass) {
  const SigmaCase cases[] = {{n::StabilityClass::U1, 0.82}, {n::StabilityClass::U2, 0.82},
                             {n::StabilityClass::N1, 0.76}, {n::StabilityClass::N2, 0.76},
                             {n::StabilityClass::S1, 0.67}, {n::StabilityClass::S2, 0.76}};
  for (const auto& c : cases) {
    EXPECT_DOUBLE_EQ(n::disph(c.cls), c.disph);
    n::SigmaZInput in;
    in.cls = c.cls;
    in.dispg = 0.2;
    in.x = 1000.0;
    EXPECT_NEAR(n::sigma_z_point(in), 0.2 * std::pow(1000.0, c.disph), 1e-9);
  }
}

TEST(NitrogenSigmaZ, BuoyancySpreadAndInitialSpread) {
  n::SigmaZInput in;
  in.cls = n::StabilityClass::N1;
  in.dispg = 0.3;
  in.x = 500.0;
  const double s = 0.3 * std::pow(500.0, 0.76);
  in.sigma_z0 = 2.0;
  EXPECT_NEAR(n::sigma_z_point(in), std::hypot(s, 2.0), 1e-9);
  // A hot plume that rose 10 m: a = min(s, 10/2.5066)/1.5.
  in.heat_mw = 1.0;
  in.stack_height = 20.0;
  in.plume_height = 30.0;
  const double a = std::min(s, 10.0 / 2.5066) / 1.5;
  EXPECT_NEAR(n::sigma_z_point(in), std::sqrt(s * s + a * a + 4.0), 1e-9);
  // A very large rise is capped at sigma_z itself.
  in.plume_height = 2000.0;
  EXPECT_NEAR(n::sigma_z_point(in), std::sqrt(s * s + (s / 1.5) * (s / 1.5) + 4.0), 1e-9);
}

}  // namespace
