#include "twin/data/grid_spec.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "twin/data/error.hpp"

namespace twin::data {
namespace {

const GridSpec grid{1000.0, 2000.0, 10.0, 50, 40, 28992};

TEST(GridSpec, CellCentresAndEdges) {
  EXPECT_DOUBLE_EQ(grid.col_centre_x(0), 1005.0);
  EXPECT_DOUBLE_EQ(grid.row_centre_y(0), 1995.0);
  EXPECT_DOUBLE_EQ(grid.col_centre_x(49), 1495.0);
  EXPECT_DOUBLE_EQ(grid.y_min(), 1600.0);
  EXPECT_DOUBLE_EQ(grid.x_max(), 1500.0);
  EXPECT_EQ(grid.cells(), 2000);
}

struct CellAtCase {
  double x, y;
  std::optional<CellIndex> expected;
};

TEST(GridSpec, CellAtIsTableDriven) {
  const std::vector<CellAtCase> cases = {
      {1000.0, 2000.0, CellIndex{0, 0}},     // top-left corner belongs to the first cell
      {1009.99, 1990.01, CellIndex{0, 0}},
      {1010.0, 1990.0, CellIndex{1, 1}},
      {1499.99, 1600.01, CellIndex{49, 39}},
      {1500.0, 1700.0, std::nullopt},        // right edge is outside
      {1200.0, 1600.0, std::nullopt},        // bottom edge is outside
      {999.99, 1900.0, std::nullopt},
      {std::nan(""), 1900.0, std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(grid.cell_at(c.x, c.y), c.expected) << c.x << "," << c.y;
}

TEST(GridSpec, WindowsIntersectGrowAndClip) {
  const Window w{10, 10, 5, 5};
  EXPECT_EQ(w.grown(2), (Window{8, 8, 9, 9}));
  EXPECT_EQ(grid.with_halo(Window{0, 0, 5, 5}, 3), (Window{0, 0, 8, 8}));
  EXPECT_EQ(grid.with_halo(Window{45, 35, 5, 5}, 3), (Window{42, 32, 8, 8}));
  EXPECT_TRUE(w.intersect(Window{20, 20, 5, 5}).empty());
  EXPECT_EQ(w.intersect(Window{12, 0, 100, 12}), (Window{12, 10, 3, 2}));
  EXPECT_TRUE(w.contains(14, 14));
  EXPECT_FALSE(w.contains(15, 14));
}

TEST(GridSpec, SubGridKeepsCellCentres) {
  const Window w{7, 3, 10, 4};
  const GridSpec sub = grid.sub_grid(w);
  EXPECT_EQ(sub.nx, 10);
  EXPECT_DOUBLE_EQ(sub.col_centre_x(0), grid.col_centre_x(7));
  EXPECT_DOUBLE_EQ(sub.row_centre_y(0), grid.row_centre_y(3));
}

TEST(GridSpec, ValidateRefusesBadGrids) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::pair<GridSpec, ErrorCode>> cases = {
      {GridSpec{0, 0, 0.0, 10, 10, 28992}, ErrorCode::invalid_value},
      {GridSpec{0, 0, -1.0, 10, 10, 28992}, ErrorCode::invalid_value},
      {GridSpec{0, 0, nan, 10, 10, 28992}, ErrorCode::invalid_value},
      {GridSpec{0, 0, 1.0, 0, 10, 28992}, ErrorCode::invalid_value},
      {GridSpec{nan, 0, 1.0, 10, 10, 28992}, ErrorCode::invalid_value},
      {GridSpec{0, 0, 1.0, 10, 10, 0}, ErrorCode::unknown_crs},
  };
  for (const auto& [g, code] : cases) {
    try {
      g.validate();
      ADD_FAILURE() << "accepted a bad grid";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), code) << e.what();
    }
  }
  EXPECT_NO_THROW(grid.validate());
}

TEST(GridSpec, MatchesToleratesRoundingOnly) {
  GridSpec g = grid;
  g.x0 += 1e-9;
  EXPECT_TRUE(grid.matches(g));
  g.x0 += 1.0;
  EXPECT_FALSE(grid.matches(g));
  g = grid;
  g.epsg = 2154;
  EXPECT_FALSE(grid.matches(g));
}

}  // namespace
}  // namespace twin::data
