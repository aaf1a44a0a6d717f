// Table-driven checks of the propagation pieces: air absorption, divergence, mean plane,
// ground effect limits and diffraction.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "twin/solvers/noise/air_absorption.hpp"
#include "twin/solvers/noise/diffraction.hpp"
#include "twin/solvers/noise/ground_effect.hpp"
#include "twin/solvers/noise/mean_plane.hpp"
#include "twin/solvers/noise/path.hpp"

namespace noise = twin::solvers::noise;

namespace {

TEST(AirAbsorption, MatchesTheReferenceAt10DegreesAnd70Percent) {
  // ../shared/reference/noise/README.md, ISO 9613-1 at exact band centres (2 decimals given).
  const noise::Spectrum expected = {0.12, 0.41, 1.04, 1.93, 3.66, 9.66, 32.77, 116.88};
  const auto a = noise::air_absorption_spectrum(10, 70);
  for (std::size_t i = 0; i < noise::band_count; ++i) EXPECT_NEAR(a[i], expected[i], 0.005 + 1e-9) << "band " << i;
}

TEST(AirAbsorption, Iso9613Table) {
  // ISO 9613-1 Table 1 at 20 degC, 70 % relative humidity: 4.98 dB/km at 1 kHz, 2.80 at 500 Hz.
  EXPECT_NEAR(noise::air_absorption_db_per_km(1000, 20, 70), 4.98, 0.01);
  EXPECT_NEAR(noise::air_absorption_db_per_km(500, 20, 70), 2.80, 0.02);
}

struct DivergenceCase {
  double dx, dz, expected;
};
class Divergence : public ::testing::TestWithParam<DivergenceCase> {};

TEST_P(Divergence, IsTwentyLogDistancePlusEleven) {
  const auto c = GetParam();
  noise::Profile p;
  p.points = {{noise::CutPointType::source, 0, 0, 1, 0, 0, {}}, {noise::CutPointType::receiver, c.dx, 0, 1 + c.dz, 0, 0, {}}};
  const auto r = noise::propagate(p, noise::flat(100), {}, 0.5);
  EXPECT_NEAR(r.a_div[0], c.expected, 1e-9);
}

INSTANTIATE_TEST_SUITE_P(Table, Divergence,
                         ::testing::Values(DivergenceCase{1, 0, 11}, DivergenceCase{10, 0, 31}, DivergenceCase{100, 0, 51},
                                           DivergenceCase{30, 40, 20 * std::log10(50.0) + 11}));

struct PlaneCase {
  std::vector<noise::Point2> ground;
  double a, b;
};
class MeanPlane : public ::testing::TestWithParam<PlaneCase> {};

TEST_P(MeanPlane, FitsTheGroundPolyline) {
  const auto c = GetParam();
  const auto line = noise::mean_plane(c.ground);
  EXPECT_NEAR(line.a, c.a, 1e-9);
  EXPECT_NEAR(line.b, c.b, 1e-9);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MeanPlane,
    ::testing::Values(PlaneCase{{{0, 2}, {100, 2}}, 0, 2},                      // flat
                      PlaneCase{{{0, 0}, {50, 5}, {100, 10}}, 0.1, 0},          // a straight slope
                      PlaneCase{{{0, 0}, {10, 0}, {10, 6}, {10, 0}, {20, 0}}, 0, 0},  // a thin wall has no weight
                      PlaneCase{{{0, 0}, {1, 0}, {1, 1}, {2, 1}}, 0.75, -0.25},  // a step: least squares over the length
                      PlaneCase{{{5, 3}}, 0, 3}));                              // one point: flat through it

TEST(MeanPlane, HeightsAndImagesOverASlope) {
  const noise::Line plane{0.0, 0.0};
  const auto g = noise::plane_geometry({0, 1}, {100, 4}, plane);
  EXPECT_NEAR(g.zs, 1, 1e-12);
  EXPECT_NEAR(g.zr, 4, 1e-12);
  EXPECT_NEAR(g.dp, 100, 1e-12);
  EXPECT_NEAR(g.source_image.z, -1, 1e-12);
  const auto tilted = noise::plane_geometry({0, 0}, {10, 10}, {1.0, 0.0});
  EXPECT_NEAR(tilted.zs, 0, 1e-12);
  EXPECT_NEAR(tilted.dp, std::sqrt(200.0), 1e-12);
  EXPECT_TRUE(noise::plane_geometry({0, -1}, {10, 1}, plane).source_below);
}

TEST(GroundEffect, HardGroundDoublesPressure) {
  const noise::GroundLeg hard{1, 4, 190, 0, 0, true};
  for (double a : noise::ground_homogeneous(hard)) EXPECT_DOUBLE_EQ(a, -3);
  // Favourable, far apart (dp > 30 (zs + zr)): the lower bound grows to -3 (1 + 2 (1 - 30 (zs+zr)/dp)).
  for (double a : noise::ground_favourable(hard)) EXPECT_NEAR(a, -3 * (1 + 2 * (1 - 150.0 / 190.0)), 1e-12);
}

TEST(GroundEffect, GPathPrimeBlendsTowardsTheSource) {
  EXPECT_NEAR(noise::g_path_prime({1, 4, 75, 1.0, 0.0, true}), 0.5, 1e-12);   // dp = 15 (zs + zr)
  EXPECT_NEAR(noise::g_path_prime({1, 4, 300, 1.0, 0.0, true}), 1.0, 1e-12);  // far: G_path itself
  EXPECT_NEAR(noise::g_path_prime({1, 4, 75, 1.0, 0.0, false}), 1.0, 1e-12);  // receiver-side leg
}

TEST(Diffraction, PathDifferenceToAttenuation) {
  // delta = 0: 10 lg 3 in every band.
  for (double d : noise::diffraction_attenuation(0.0, 0)) EXPECT_NEAR(d, 10 * std::log10(3.0), 1e-12);
  // 1 kHz, lambda = 0.34 m, delta = 1 m: 10 lg(3 + 40 / 0.34).
  EXPECT_NEAR(noise::diffraction_attenuation(1.0, 0)[4], 10 * std::log10(3 + 40 / 0.34), 1e-12);
  // Far in the bright zone: no attenuation.
  EXPECT_EQ(noise::diffraction_attenuation(-1.0, 0)[7], 0.0);
  // Multiple edges: C'' tends to 3 for edges far apart compared with lambda.
  EXPECT_NEAR(noise::multiple_edge_factor(0.0425, 1000), 3.0, 1e-3);
  EXPECT_EQ(noise::multiple_edge_factor(5.4, 0.2), 1.0);
  // Curved rays are longer than their chords; radius max(1000, 8 d).
  EXPECT_NEAR(noise::curved_length(100, 100), 2000 * std::asin(100 / 2000.0), 1e-9);
  EXPECT_GT(noise::curved_length(100, 100), 100);
}

noise::Profile barrier_profile(std::vector<double> wall_x, double wall_height) {
  noise::Profile p;
  p.points.push_back({noise::CutPointType::source, 0, 0, 1, 0, 0.5, {}});
  for (double x : wall_x) p.points.push_back({noise::CutPointType::wall, x, 0, wall_height, 0, 0.5, {}});
  p.points.push_back({noise::CutPointType::receiver, 100, 0, 4, 0, 0.5, {}});
  return p;
}

TEST(Path, WallsDiffractAndTwoWallsAttenuateMore) {
  const noise::Atmosphere air{10, 70, 101.325};
  const auto open = noise::propagate(barrier_profile({}, 0), noise::flat(93), air, 0.5);
  const auto one = noise::propagate(barrier_profile({50}, 6), noise::flat(93), air, 0.5);
  const auto two = noise::propagate(barrier_profile({40, 60}, 6), noise::flat(93), air, 0.5);
  EXPECT_FALSE(open.diffracted);
  EXPECT_TRUE(one.diffracted);
  EXPECT_TRUE(two.diffracted);
  for (std::size_t i = 0; i < noise::band_count; ++i) {
    // With an obstacle, A_dif (which holds the ground effects) replaces A_ground.
    EXPECT_EQ(one.a_ground_h[i], 0.0);
    EXPECT_GT(one.a_dif_h[i], 0.0);
    EXPECT_LT(one.lh[i], open.lh[i]) << "band " << i;
    EXPECT_LT(two.lh[i], one.lh[i] + 1e-9) << "band " << i;
    // Diffraction is capped at 25 dB plus the ground terms, and levels stay finite.
    EXPECT_TRUE(std::isfinite(two.lf[i]));
  }
  // Higher bands are screened more.
  EXPECT_GT(one.a_dif_h[7], one.a_dif_h[0]);
}

TEST(Path, LongTermLevelMixesTheConditions) {
  const auto r0 = noise::propagate(barrier_profile({50}, 6), noise::flat(93), {}, 0.0);
  const auto r1 = noise::propagate(barrier_profile({50}, 6), noise::flat(93), {}, 1.0);
  for (std::size_t i = 0; i < noise::band_count; ++i) {
    EXPECT_NEAR(r0.l[i], r0.lh[i], 1e-9);
    EXPECT_NEAR(r1.l[i], r1.lf[i], 1e-9);
    EXPECT_NEAR(r1.la[i] - r1.l[i], noise::a_weighting[i], 1e-12);
  }
  EXPECT_THROW(noise::propagate(barrier_profile({}, 0), noise::flat(93), {}, 1.5), std::exception);
}

}  // namespace
