#include "twin/jobs/polygon_mask.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

namespace twin::jobs {
namespace {

using data::Point2;

const Ring square{{0, 0}, {10, 0}, {10, 10}, {0, 10}};
const Ring l_shape{{0, 0}, {10, 0}, {10, 4}, {4, 4}, {4, 10}, {0, 10}};
// Two triangles meeting at (5, 5): even-odd makes both lobes inside.
const Ring bowtie{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
// A square traced twice: every point is crossed an even number of times, so outside.
const Ring square_twice{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}, {10, 0}, {10, 10}, {0, 10}};

TEST(PolygonMask, PointInRing) {
  struct Case {
    std::string name;
    const Ring* ring;
    Point2 p;
    bool inside;
  };
  const Case cases[] = {
      {"square centre", &square, {5, 5}, true},
      {"square left of it", &square, {-1, 5}, false},
      {"square above it", &square, {5, 11}, false},
      {"L inner corner region", &l_shape, {7, 7}, false},
      {"L lower arm", &l_shape, {8, 2}, true},
      {"L upper arm", &l_shape, {2, 8}, true},
      {"bowtie left lobe", &bowtie, {2, 5}, true},
      {"bowtie right lobe", &bowtie, {8, 5}, true},
      {"bowtie top gap", &bowtie, {5, 8}, false},
      {"square traced twice", &square_twice, {5, 5}, false},
      {"level with a vertex, inside", &l_shape, {2, 4}, true},
      {"level with a vertex, outside", &l_shape, {12, 4}, false},
  };
  for (const Case& c : cases) EXPECT_EQ(point_in_ring(*c.ring, c.p), c.inside) << c.name;
}

TEST(PolygonMask, SegmentsIntersect) {
  struct Case {
    std::string name;
    Point2 a, b, c, d;
    bool meet;
  };
  const Case cases[] = {
      {"proper crossing", {0, 0}, {10, 10}, {0, 10}, {10, 0}, true},
      {"shared endpoint", {0, 0}, {5, 5}, {5, 5}, {10, 0}, true},
      {"T junction", {0, 0}, {10, 0}, {5, 0}, {5, 5}, true},
      {"collinear overlap", {0, 0}, {10, 0}, {5, 0}, {15, 0}, true},
      {"collinear apart", {0, 0}, {4, 0}, {5, 0}, {15, 0}, false},
      {"parallel", {0, 0}, {10, 0}, {0, 1}, {10, 1}, false},
      {"would cross if longer", {0, 0}, {4, 4}, {0, 10}, {10, 0}, false},
      {"degenerate point on segment", {5, 0}, {5, 0}, {0, 0}, {10, 0}, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(segments_intersect(c.a, c.b, c.c, c.d), c.meet) << c.name;
    EXPECT_EQ(segments_intersect(c.c, c.d, c.a, c.b), c.meet) << c.name << " (swapped)";
  }
}

TEST(PolygonMask, PolylineMeetsRing) {
  struct Case {
    std::string name;
    std::vector<Point2> line;
    bool meets;
  };
  const Case cases[] = {
      {"wholly inside", {{2, 2}, {8, 8}}, true},
      {"crosses through, no vertex inside", {{-5, 5}, {15, 5}}, true},
      {"outside", {{-5, -5}, {-1, 20}}, false},
      {"touches a corner", {{10, 10}, {20, 20}}, true},
      {"bounding boxes overlap, line misses", {{-1, 9}, {1, 12}}, false},
      {"a point inside", {{3, 3}}, true},
      {"empty line", {}, false},
  };
  for (const Case& c : cases) EXPECT_EQ(polyline_meets_ring(c.line, square), c.meets) << c.name;
}

TEST(PolygonMask, RingArea) {
  EXPECT_DOUBLE_EQ(ring_area(square), 100.0);
  EXPECT_DOUBLE_EQ(ring_area(l_shape), 64.0);
  EXPECT_DOUBLE_EQ(ring_area(Ring{{0, 0}, {1, 1}, {2, 2}}), 0.0);
}

// The scanline must pick exactly the cells whose centre passes point_in_ring, including
// vertices and edges through cell centres (coordinates on a half-cell lattice).
TEST(PolygonMask, CellRunsAgreeWithPointTest) {
  const data::GridSpec grid{100.0, 200.0, 2.0, 30, 25, 28992};
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> half_cells(-10, 130);  // a little beyond the grid
  for (int trial = 0; trial < 300; ++trial) {
    Ring ring;
    const int n = 3 + trial % 9;
    for (int i = 0; i < n; ++i) {
      ring.push_back({grid.x0 + half_cells(rng) * 0.5, grid.y0 - half_cells(rng) * 0.5});
    }
    std::vector<char> expected(static_cast<std::size_t>(grid.cells()), 0);
    for (std::int64_t r = 0; r < grid.ny; ++r) {
      for (std::int64_t c = 0; c < grid.nx; ++c) {
        expected[static_cast<std::size_t>(r * grid.nx + c)] =
            point_in_ring(ring, {grid.col_centre_x(c), grid.row_centre_y(r)});
      }
    }
    std::vector<char> got(expected.size(), 0);
    for (const CellRun& run : cell_runs(grid, ring)) {
      ASSERT_LT(run.col_begin, run.col_end);
      for (std::int64_t c = run.col_begin; c < run.col_end; ++c) {
        got[static_cast<std::size_t>(run.row * grid.nx + c)] += 1;
      }
    }
    ASSERT_EQ(got, expected) << "trial " << trial;
  }
}

TEST(PolygonMask, CellRunsOfARectangle) {
  const data::GridSpec grid{0.0, 100.0, 10.0, 10, 10, 28992};
  // Centres at 5, 15, ...: the rectangle x 12..38, y 61..80 holds columns 1..3, rows 2..3.
  const Ring rect{{12, 61}, {38, 61}, {38, 80}, {12, 80}};
  const std::vector<CellRun> expected{{2, 1, 4}, {3, 1, 4}};
  EXPECT_EQ(cell_runs(grid, rect), expected);
  EXPECT_EQ(cell_count(expected), 6);
}

// A small polygon on a continental grid touches only its own rows: no raster is allocated
// and a scan over 10^12 cells would not finish.
TEST(PolygonMask, SmallPolygonOnHugeGridIsCheap) {
  const data::GridSpec grid{0.0, 1e7, 10.0, 1'000'000, 1'000'000, 28992};
  const Ring rect{{5e6, 5e6}, {5e6 + 100, 5e6}, {5e6 + 100, 5e6 + 50}, {5e6, 5e6 + 50}};
  const auto runs = cell_runs(grid, rect);
  EXPECT_EQ(runs.size(), 5u);
  EXPECT_EQ(cell_count(runs), 50);
}

// The largest polygon an edit may carry, over a 4000 x 4000 grid: the cells selected cover
// the circle's area to within one cell along its perimeter.
TEST(PolygonMask, LargeRingCoversItsArea) {
  const data::GridSpec grid{0.0, 40000.0, 10.0, 4000, 4000, 28992};
  const double radius = 19000.0;
  Ring circle;
  for (int i = 0; i < 10000; ++i) {
    const double a = 2 * M_PI * i / 10000;
    circle.push_back({20000 + radius * std::cos(a), 20000 + radius * std::sin(a)});
  }
  const double covered = static_cast<double>(cell_count(cell_runs(grid, circle))) * 100.0;
  EXPECT_NEAR(covered, ring_area(circle), 2 * M_PI * radius * 10.0);
  EXPECT_NEAR(ring_area(circle), M_PI * radius * radius, 1e-3 * M_PI * radius * radius);
}

TEST(PolygonMask, PolygonOffTheGridSelectsNothing) {
  const data::GridSpec grid{0.0, 100.0, 10.0, 10, 10, 28992};
  EXPECT_TRUE(cell_runs(grid, Ring{{500, 500}, {600, 500}, {600, 600}}).empty());
  EXPECT_TRUE(cell_runs(grid, Ring{{-1e300, -1e300}, {-1e299, -1e300}, {-1e299, -1e299}}).empty());
}

}  // namespace
}  // namespace twin::jobs
