// Sky view factor against the analytic cases of shared/reference/heat/README.md, drawn on
// fine grids here, and the same result for 1 and N threads.
#include "twin/solvers/heat/sky_view_factor.hpp"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>

#include "test_geometry.hpp"
#include "twin/data/error.hpp"

namespace twin::solvers::heat {
namespace {

using data::Raster;
using namespace test_geometry;

constexpr double kCell = 0.25;
constexpr double kTolerance = 0.005;

SvfParams params(double radius_m) {
  SvfParams p;
  p.directions = 32;
  p.radius_m = radius_m;
  return p;
}

TEST(SkyViewFactor, FlatPlaneIsOne) {
  const Raster<float> dsm = flat(40, 40, 1.0);
  const Raster<float> svf = sky_view_factor(dsm, params(20.0), dsm.grid.full());
  for (float v : svf.values) EXPECT_EQ(v, 1.0f);
}

TEST(SkyViewFactor, StreetCanyonCentre) {
  // H/W = 1 with an odd number of floor cells, so a cell centre is on the axis.
  const std::int64_t n = 81;
  const double w = n * kCell, h = w;
  const Canyon c = canyon(n, kCell, h, 60.0);
  const double expected = w / std::sqrt(w * w + 4.0 * h * h);  // 0.4472
  EXPECT_NEAR(sky_view_factor_at(c.dsm, params(60.0), c.c0 + n / 2, c.row), expected, kTolerance);
}

TEST(SkyViewFactor, StreetCanyonOffCentre) {
  const std::int64_t n = 80;  // W = 20 m, H = 20 m
  const double h = 20.0;
  // The ray 11.25° off the axis meets the far wall at d / sin(11.25°), up to 90 m here.
  const Canyon c = canyon(n, kCell, h, 100.0);
  for (std::int64_t i : {20, 50, 70}) {
    const double d1 = (i + 0.5) * kCell, d2 = (n - i - 0.5) * kCell;
    const double expected =
        0.5 * (d1 / std::sqrt(d1 * d1 + h * h) + d2 / std::sqrt(d2 * d2 + h * h));
    EXPECT_NEAR(sky_view_factor_at(c.dsm, params(100.0), c.c0 + i, c.row), expected, kTolerance)
        << "d1 " << d1 << " m";
  }
}

TEST(SkyViewFactor, SingleWall) {
  // The most oblique ray (78.75° off the wall's normal) meets it at d / cos(78.75°): 115 m
  // for the farthest point.
  const double h = 10.0, radius = 120.0;
  const std::int64_t ny = 2 * static_cast<std::int64_t>(radius / kCell) + 1;
  Raster<float> dsm = flat(200, ny, kCell);
  fill_columns(dsm, 150, 160, static_cast<float>(h));
  for (std::int64_t col : {129, 110, 60}) {
    const double d = (150 - col - 0.5) * kCell;
    const double expected = 0.5 * (1.0 + d / std::sqrt(d * d + h * h));
    EXPECT_NEAR(sky_view_factor_at(dsm, params(radius), col, ny / 2), expected, kTolerance)
        << "d " << d << " m";
  }
}

TEST(SkyViewFactor, CircularCourtyardCentre) {
  const double radius = 20.0, h = 20.0;
  const std::int64_t n = 185;  // odd: the centre cell's centre is the circle's centre
  const Raster<float> dsm = courtyard(n, kCell, radius, h);
  const double expected = radius * radius / (radius * radius + h * h);  // 0.5
  EXPECT_NEAR(sky_view_factor_at(dsm, params(30.0), n / 2, n / 2), expected, kTolerance);
}

TEST(SkyViewFactor, SameResultForOneAndManyThreads) {
  // A small town of blocks of varied heights.
  Raster<float> dsm = flat(160, 120, 1.0);
  for (std::int64_t row = 0; row < 120; ++row) {
    for (std::int64_t col = 0; col < 160; ++col) {
      const std::int64_t bx = col / 16, by = row / 16;
      if (col % 16 < 11 && row % 16 < 10) {
        dsm.at(col, row) = static_cast<float>(6 + (bx * 7 + by * 13) % 23);
      }
    }
  }
  const data::Window window{10, 5, 140, 100};
  Raster<float> one, many;
  tbb::task_arena(1).execute([&] { one = sky_view_factor(dsm, params(60.0), window); });
  tbb::task_arena(2).execute([&] { many = sky_view_factor(dsm, params(60.0), window); });
  ASSERT_EQ(one.values.size(), many.values.size());
  for (std::size_t k = 0; k < one.values.size(); ++k) ASSERT_EQ(one.values[k], many.values[k]);
  EXPECT_EQ(one.grid, dsm.grid.sub_grid(window));
  // Point queries agree with the window.
  EXPECT_EQ(static_cast<float>(sky_view_factor_at(dsm, params(60.0), 50, 40)), one.at(40, 35));
}

TEST(SkyViewFactor, RefusesBadParameters) {
  const Raster<float> dsm = flat(10, 10, 1.0);
  SvfParams p;
  p.directions = 2;
  EXPECT_THROW(sky_view_factor(dsm, p, dsm.grid.full()), data::Error);
  p = SvfParams{};
  p.radius_m = 0.0;
  EXPECT_THROW(sky_view_factor(dsm, p, dsm.grid.full()), data::Error);
  EXPECT_THROW(sky_view_factor(dsm, SvfParams{}, data::Window{5, 5, 10, 10}), data::Error);
}

}  // namespace
}  // namespace twin::solvers::heat
