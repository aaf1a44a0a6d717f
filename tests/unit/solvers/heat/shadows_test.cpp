// Shadow casting: shadow lengths H / tan(altitude) in the right direction, flat ground, trees.
#include "twin/solvers/heat/shadows.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "reference_values.hpp"
#include "test_geometry.hpp"
#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

using data::Raster;
using test_geometry::block;

constexpr double kDeg = std::numbers::pi / 180.0;

Raster<float> flat(std::int64_t n, double cell, float z = 0.0f) {
  return test_geometry::flat(n, n, cell, z);
}

// Walks from (cc, rc), inside a block, away from the sun and returns the distance, in
// metres, from where the walk leaves the block to the first sunlit point.
double shadow_length(const Raster<float>& sun, const Raster<float>& dsm, double azimuth_deg,
                     double cc, double rc) {
  const double dc = -std::sin(azimuth_deg * kDeg);  // away from the sun
  const double dr = std::cos(azimuth_deg * kDeg);
  const double step = 0.01;  // cells
  double t = 0.0;
  const auto cell_at = [&](double tt) {
    return std::pair{static_cast<std::int64_t>(std::floor(cc + tt * dc)),
                     static_cast<std::int64_t>(std::floor(rc + tt * dr))};
  };
  while (true) {
    const auto [c, r] = cell_at(t);
    if (dsm.at(c, r) <= 0.0f) break;
    t += step;
  }
  const double exit = t;
  while (true) {
    const auto [c, r] = cell_at(t);
    if (c < 0 || r < 0 || c >= sun.grid.nx || r >= sun.grid.ny) break;
    if (sun.at(c, r) > 0.5f) break;
    t += step;
  }
  return (t - exit) * sun.grid.cell;
}

TEST(Shadows, BlockCastsHOverTanAltitudeAwayFromTheSun) {
  struct Case {
    double azimuth, altitude, height;
  };
  const Case cases[] = {
      {180.0, 40.0, 30.0}, {90.0, 40.0, 30.0},  {270.0, 25.0, 12.0}, {0.0, 55.0, 20.0},
      {135.0, 40.0, 30.0}, {210.0, 30.0, 15.0}, {300.0, 35.0, 18.0}, {20.0, 60.0, 25.0},
  };
  for (const auto& c : cases) {
    Raster<float> dsm = flat(240, 1.0);
    block(dsm, 110, 130, 110, 130, static_cast<float>(c.height));
    ShadowParams p;
    p.sun_azimuth_deg = c.azimuth;
    p.sun_altitude_deg = c.altitude;
    const ShadowMasks m = cast_shadows(dsm, nullptr, p);
    const double expected = c.height / std::tan(c.altitude * kDeg);
    EXPECT_NEAR(shadow_length(m.building_sun, dsm, c.azimuth, 120.0, 120.0), expected, 1.0)
        << "azimuth " << c.azimuth << " altitude " << c.altitude;
    // The sun side of the block stays lit: two cells out towards the sun.
    const double dc = std::sin(c.azimuth * kDeg), dr = -std::cos(c.azimuth * kDeg);
    const double reach = 10.0 / std::max(std::abs(dc), std::abs(dr)) + 2.0;
    const auto col = static_cast<std::int64_t>(std::floor(120.0 + reach * dc));
    const auto row = static_cast<std::int64_t>(std::floor(120.0 + reach * dr));
    EXPECT_EQ(m.building_sun.at(col, row), 1.0f) << "azimuth " << c.azimuth;
    // Roofs are in the sun.
    EXPECT_EQ(m.building_sun.at(120, 120), 1.0f);
  }
}

TEST(Shadows, ThirtyMetreEdgeAtFortyDegreesCasts35_75m) {
  EXPECT_NEAR(reference::measured_edge_shadow_m(), 35.75, reference::shadow_cell_m);
}

TEST(Shadows, FlatPlaneHasNoShadow) {
  for (double az : {0.0, 45.0, 123.0, 180.0, 260.0}) {
    for (double alt : {1.0, 10.0, 45.0, 89.0, 90.0}) {
      ShadowParams p;
      p.sun_azimuth_deg = az;
      p.sun_altitude_deg = alt;
      const ShadowMasks m = cast_shadows(flat(50, 1.0, 3.0f), nullptr, p);
      for (float v : m.sun_fraction.values) ASSERT_EQ(v, 1.0f) << az << " " << alt;
    }
  }
}

TEST(Shadows, SunBelowTheHorizonShadesEverything) {
  ShadowParams p;
  p.sun_altitude_deg = -3.0;
  const ShadowMasks m = cast_shadows(flat(20, 1.0), nullptr, p);
  for (float v : m.sun_fraction.values) EXPECT_EQ(v, 0.0f);
}

TEST(Shadows, TreesTransmitTheStatedFraction) {
  Raster<float> dsm = flat(100, 1.0);
  Raster<float> canopy = flat(100, 1.0);
  block(canopy, 45, 55, 45, 55, 10.0f);  // a 10 m crown, 10 m across
  block(dsm, 70, 80, 40, 60, 20.0f);     // a building east of it
  ShadowParams p;
  p.sun_azimuth_deg = 180.0;
  p.sun_altitude_deg = 45.0;
  p.canopy_transmissivity = 0.2;
  const ShadowMasks m = cast_shadows(dsm, &canopy, p);
  EXPECT_FLOAT_EQ(m.sun_fraction.at(50, 50), 0.2f);  // under the crown
  EXPECT_FLOAT_EQ(m.sun_fraction.at(50, 40), 0.2f);  // 5 m north of it, in its shadow
  EXPECT_EQ(m.building_sun.at(50, 40), 1.0f);
  EXPECT_EQ(m.vegetation_sun.at(50, 40), 0.0f);
  EXPECT_FLOAT_EQ(m.sun_fraction.at(50, 60), 1.0f);  // south of the tree, in the sun
  EXPECT_FLOAT_EQ(m.sun_fraction.at(50, 20), 1.0f);  // beyond the 10 m shadow
  EXPECT_FLOAT_EQ(m.sun_fraction.at(75, 30), 0.0f);  // the building's shadow is full shade
  p.canopy_transmissivity = 1.5;
  EXPECT_THROW(cast_shadows(dsm, &canopy, p), data::Error);
}

TEST(Shadows, NodataCellsGetNaNAndCastNothing) {
  Raster<float> dsm = flat(30, 1.0);
  dsm.at(15, 15) = std::nanf("");
  ShadowParams p;
  p.sun_altitude_deg = 10.0;
  const ShadowMasks m = cast_shadows(dsm, nullptr, p);
  EXPECT_TRUE(std::isnan(m.sun_fraction.at(15, 15)));
  EXPECT_EQ(m.sun_fraction.at(15, 14), 1.0f);
}

TEST(Shadows, GridsMustMatch) {
  Raster<float> dsm = flat(30, 1.0);
  Raster<float> canopy = flat(31, 1.0);
  EXPECT_THROW(cast_shadows(dsm, &canopy, ShadowParams{}), data::Error);
}

}  // namespace
}  // namespace twin::solvers::heat
