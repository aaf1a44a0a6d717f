// CNOSSOS-EU road emission: the two reference checks of ../shared/reference/noise/README.md
// (2015 coefficients, 0.01 dB) and table-driven checks of the corrections.
#include <gtest/gtest.h>

#include <cmath>

#include "twin/data/error.hpp"
#include "twin/solvers/noise/emission.hpp"
#include "twin/solvers/noise/surfaces.hpp"

namespace noise = twin::solvers::noise;
using noise::VehicleCategory;

namespace {

std::vector<noise::VehicleFlow> flows(const double (&q)[5], const double (&v)[5]) {
  const VehicleCategory cats[] = {VehicleCategory::light, VehicleCategory::medium, VehicleCategory::heavy,
                                  VehicleCategory::two_wheeler_4a, VehicleCategory::two_wheeler_4b};
  std::vector<noise::VehicleFlow> out;
  for (int i = 0; i < 5; ++i) out.push_back({cats[i], q[i], v[i]});
  return out;
}

TEST(Emission, ReferenceCheck1AllCategories70KmhAt8kHz) {
  noise::RoadConditions road;
  road.coefficients = noise::CoefficientSet::cnossos_2015;
  road.surface = "NL01";
  road.temperature_c = 15;
  road.studded_share = 0.5;
  road.studded_months = 4;
  road.junction = noise::Junction::traffic_lights;
  road.junction_distance_m = 200;
  road.gradient_percent = 10;
  const auto lw = noise::line_power_per_metre(flows({1000, 1000, 1000, 1000, 1000}, {70, 70, 70, 70, 70}), road);
  EXPECT_NEAR(lw[7], 77.6711, 0.01);
}

TEST(Emission, ReferenceCheck2MixedSpeedsAt1kHz) {
  noise::RoadConditions road;
  road.coefficients = noise::CoefficientSet::cnossos_2015;
  road.surface = "NL02";
  road.temperature_c = 5;
  road.gradient_percent = -5;
  const auto lw = noise::line_power_per_metre(flows({582, 500, 400, 1000, 1100}, {40, 43, 45, 35, 32}), road);
  EXPECT_NEAR(lw[4], 79.6814, 0.01);
}

TEST(Emission, ReferenceConditionsAt70KmhAreTheCoefficients) {
  // At v = 70 km/h, 20 degC, on DEF, no gradient or junction: L_WR = A_R and L_WP = A_P.
  const auto r = noise::rolling_power(VehicleCategory::light, 70, {});
  const auto p = noise::propulsion_power(VehicleCategory::light, 70, {});
  EXPECT_DOUBLE_EQ(r[4], 100.1);
  EXPECT_DOUBLE_EQ(p[4], 84.7);
  const auto w = noise::vehicle_power(VehicleCategory::light, 70, {});
  EXPECT_NEAR(w[4], 10 * std::log10(std::pow(10, 10.01) + std::pow(10, 8.47)), 1e-9);
  // Category 4 has no rolling noise.
  EXPECT_TRUE(std::isinf(noise::rolling_power(VehicleCategory::two_wheeler_4a, 50, {})[0]));
}

struct SurfaceCase {
  const char* surface;
  VehicleCategory category;
  double speed;
  std::size_t band;
  double expected_rolling_correction;  // alpha + beta lg(v_clamped / 70)
};

class SurfaceCorrection : public ::testing::TestWithParam<SurfaceCase> {};

TEST_P(SurfaceCorrection, RollingCorrectionIsAlphaPlusBetaLogSpeed) {
  const auto c = GetParam();
  noise::RoadConditions ref, road;
  road.surface = c.surface;
  const double diff = noise::rolling_power(c.category, c.speed, road)[c.band] - noise::rolling_power(c.category, c.speed, ref)[c.band];
  EXPECT_NEAR(diff, c.expected_rolling_correction, 1e-9) << c.surface;
}

INSTANTIATE_TEST_SUITE_P(
    Table, SurfaceCorrection,
    ::testing::Values(SurfaceCase{"DEF", VehicleCategory::light, 90, 3, 0.0},
                      SurfaceCase{"NL01", VehicleCategory::light, 70, 1, 5.4},
                      SurfaceCase{"NL01", VehicleCategory::light, 100, 4, -1.0 - 6.5 * std::log10(100.0 / 70.0)},
                      SurfaceCase{"NL02", VehicleCategory::heavy, 80, 0, 8.3 + 4.7 * std::log10(80.0 / 70.0)},
                      // Below NL03's range (80-130 km/h) the speed term is held at 80 km/h.
                      SurfaceCase{"NL03", VehicleCategory::medium, 50, 2, -1.9 - 0.8 * std::log10(80.0 / 70.0)},
                      // Above NL10's range (30-60 km/h) it is held at 60 km/h.
                      SurfaceCase{"NL10", VehicleCategory::light, 100, 0, 27 + 2.5 * std::log10(60.0 / 70.0)},
                      SurfaceCase{"NL14", VehicleCategory::heavy, 70, 7, -0.2}));

TEST(Emission, PropulsionTakesOnlyTheNegativePartOfAlpha) {
  noise::RoadConditions road;
  road.surface = "NL01";  // cat 1: alpha 63 Hz = 0, 125 Hz = +5.4, 1 kHz = -1.0
  const auto p = noise::propulsion_power(VehicleCategory::light, 70, road);
  const auto p0 = noise::propulsion_power(VehicleCategory::light, 70, {});
  EXPECT_NEAR(p[1] - p0[1], 0.0, 1e-12);
  EXPECT_NEAR(p[4] - p0[4], -1.0, 1e-12);
}

TEST(Emission, TemperatureGradientAndJunctionCorrections) {
  noise::RoadConditions cold;
  cold.temperature_c = 0;
  EXPECT_NEAR(noise::rolling_power(VehicleCategory::light, 70, cold)[4] - 100.1, 0.08 * 20, 1e-9);
  EXPECT_NEAR(noise::rolling_power(VehicleCategory::heavy, 70, cold)[4] - 105.1, 0.04 * 20, 1e-9);

  noise::RoadConditions uphill;
  uphill.gradient_percent = 8;
  EXPECT_NEAR(noise::propulsion_power(VehicleCategory::light, 50, uphill)[4] - noise::propulsion_power(VehicleCategory::light, 50, {})[4],
              0.5 * (8 - 2) / 1.5, 1e-9);
  EXPECT_NEAR(noise::propulsion_power(VehicleCategory::heavy, 50, uphill)[4] - noise::propulsion_power(VehicleCategory::heavy, 50, {})[4],
              0.5 * 8 / 0.8, 1e-9);
  noise::RoadConditions downhill;
  downhill.gradient_percent = -15;  // held at 12 %
  EXPECT_NEAR(noise::propulsion_power(VehicleCategory::medium, 60, downhill)[4] - noise::propulsion_power(VehicleCategory::medium, 60, {})[4],
              0.4 * (12 - 4) / 0.7, 1e-9);
  EXPECT_DOUBLE_EQ(noise::propulsion_power(VehicleCategory::two_wheeler_4b, 60, downhill)[4],
                   noise::propulsion_power(VehicleCategory::two_wheeler_4b, 60, {})[4]);

  noise::RoadConditions roundabout;
  roundabout.junction = noise::Junction::roundabout;
  roundabout.junction_distance_m = 25;
  EXPECT_NEAR(noise::rolling_power(VehicleCategory::light, 50, roundabout)[2] - noise::rolling_power(VehicleCategory::light, 50, {})[2],
              -4.4 * 0.75, 1e-9);
  EXPECT_NEAR(noise::propulsion_power(VehicleCategory::heavy, 50, roundabout)[2] - noise::propulsion_power(VehicleCategory::heavy, 50, {})[2],
              6.7 * 0.75, 1e-9);
}

TEST(Emission, LinePowerAddsTrafficDensity) {
  // 1000 veh/h at 100 km/h = 0.01 vehicles per metre: -20 dB.
  const auto lw = noise::vehicle_power(VehicleCategory::light, 100, {});
  const auto line = noise::line_power_per_metre({{VehicleCategory::light, 1000, 100}}, {});
  EXPECT_NEAR(line[3], lw[3] - 20.0, 1e-9);
  // Twice the flow: +3 dB.
  const auto twice = noise::line_power_per_metre({{VehicleCategory::light, 1000, 100}, {VehicleCategory::light, 1000, 100}}, {});
  EXPECT_NEAR(twice[3], line[3] + 10 * std::log10(2.0), 1e-9);
}

TEST(Emission, LdenWeightsEveningAndNight) {
  EXPECT_NEAR(noise::lden(60, 60, 60), 10 * std::log10((12 + 4 * std::pow(10, 0.5) + 8 * 10) / 24.0) + 60, 1e-9);
  EXPECT_NEAR(noise::lden(70, 55, 50), 10 * std::log10((12 * 1e7 + 4 * 1e6 + 8 * 1e6) / 24.0), 1e-9);
}

TEST(Emission, BadInputIsRejected) {
  noise::RoadConditions road;
  road.surface = "NL99";
  EXPECT_THROW(noise::vehicle_power(VehicleCategory::light, 50, road), twin::data::Error);
  EXPECT_THROW(noise::vehicle_power(VehicleCategory::light, 0, {}), twin::data::Error);
  EXPECT_THROW(noise::line_power_per_metre({{VehicleCategory::light, -5, 50}}, {}), twin::data::Error);
  EXPECT_EQ(noise::road_surfaces().size(), 15u);
}

}  // namespace
