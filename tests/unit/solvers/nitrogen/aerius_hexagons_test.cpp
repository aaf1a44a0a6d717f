// AERIUS's 1 ha receptor hexagons: the published receptor ids and centres (AERIUS IMAER-java,
// ReceptorUtilTest), the hexagon's size and area, the spacing of neighbours, the centres in a
// window, and the hexagon containing a point.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "twin/solvers/nitrogen/aerius_hexagons.hpp"

namespace twin::solvers::nitrogen::hexagons {
namespace {

struct Known {
  std::int64_t id;
  double x, y;
};

// AERIUS's own test table (ReceptorUtilTest.RPS): receptor id -> centre in RD New.
const Known kKnown[] = {{1, 3604, 296800},
                        {800, 152314.656485, 296800},
                        {1529, 287996.844942, 296800},
                        {1530, 3697.06048591021, 296853.72849659115},
                        {3058, 288089.905428, 296853.72849659115},
                        {3059, 3604, 296907.45699318236},
                        {3060, 3790.12097182, 296907.45699318236},
                        {3061, 3976.24194364, 296907.45699318236},
                        {291550, 196983.689721416, 307008.41435234},
                        {293046, 190934.758137253, 307062.142848915},
                        {4706906, 123279.78488053002, 462176.3125076431},
                        {9184376, 227135.287156324, 619493.35052661}};

TEST(AeriusHexagons, SizeOfAOneHectareHexagon) {
  EXPECT_NEAR(radius(), 62.04, 0.01);   // AERIUS HexagonZoomLevelTest, level 1
  EXPECT_NEAR(height(), 107.456, 0.01);
  EXPECT_NEAR(3.0 * std::sqrt(3.0) / 2.0 * radius() * radius(), 10000.0, 1e-9);
  // One centre per 3 r x h/2 of plane: 1 ha each.
  EXPECT_NEAR(3.0 * radius() * height() / 2.0, 10000.0, 1e-9);
}

TEST(AeriusHexagons, CentresOfPublishedReceptorIds) {
  for (const Known& k : kKnown) {
    const auto c = centre(k.id);
    ASSERT_TRUE(c.has_value()) << k.id;
    EXPECT_NEAR(c->x, k.x, 1e-6) << k.id;
    EXPECT_NEAR(c->y, k.y, 1e-6) << k.id;
    const auto back = containing(k.x, k.y);
    ASSERT_TRUE(back.has_value()) << k.id;
    EXPECT_EQ(back->id, k.id);
  }
  EXPECT_FALSE(centre(0).has_value());
  EXPECT_FALSE(centre(rows() * kPerRow + 1).has_value());
  EXPECT_FALSE(containing(0.0, 0.0).has_value());  // far outside the Netherlands' box
  EXPECT_FALSE(containing(std::nan(""), 460000).has_value());
}

TEST(AeriusHexagons, SixNeighboursAtTheSameDistance) {
  const auto c = containing(150000, 460000);
  ASSERT_TRUE(c.has_value());
  std::vector<double> d;
  for (const Hexagon& h : centres_in(c->x - 300, c->y - 300, c->x + 300, c->y + 300))
    if (h.id != c->id) d.push_back(std::hypot(h.x - c->x, h.y - c->y));
  std::sort(d.begin(), d.end());
  ASSERT_GE(d.size(), 7u);
  // Flat-topped hexagons side by side: centres sqrt(3) r = h apart, 1 ha each.
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(d[static_cast<std::size_t>(i)], height(), 1e-6) << i;
  EXPECT_GT(d[6], height() + 1.0);
}

TEST(AeriusHexagons, CentresInAWindowOneHectareApart) {
  // 10 km x 10 km = 10 000 ha: one centre per hectare, give or take the edge.
  const auto in = centres_in(140000, 450000, 150000, 460000);
  EXPECT_NEAR(static_cast<double>(in.size()), 10000.0, 150.0);
  std::set<std::int64_t> ids;
  for (const Hexagon& h : in) {
    EXPECT_TRUE(h.x >= 140000 && h.x <= 150000 && h.y >= 450000 && h.y <= 460000);
    const auto c = centre(h.id);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->x, h.x);
    EXPECT_EQ(c->y, h.y);
    ids.insert(h.id);
  }
  EXPECT_EQ(ids.size(), in.size());
  EXPECT_TRUE(std::is_sorted(in.begin(), in.end(), [](const Hexagon& a, const Hexagon& b) { return a.id < b.id; }));
  // Every point at least r inside the window lies in a hexagon whose centre is in the window,
  // and that centre is the nearest one.
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> ux(140000 + radius(), 150000 - radius()), uy(450000 + radius(), 460000 - radius());
  for (int i = 0; i < 2000; ++i) {
    const double x = ux(rng), y = uy(rng);
    const auto h = containing(x, y);
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(ids.count(h->id), 1u);
    const double d = std::hypot(h->x - x, h->y - y);
    EXPECT_LE(d, radius() + 1e-9);
    for (const Hexagon& o : centres_in(x - 200, y - 200, x + 200, y + 200))
      EXPECT_GE(std::hypot(o.x - x, o.y - y), d - 1e-9);
  }
  EXPECT_TRUE(centres_in(10, 10, 20, 20).empty());   // outside AERIUS's box
  EXPECT_TRUE(centres_in(150000, 460000, 149000, 461000).empty());  // empty rectangle
}

}  // namespace
}  // namespace twin::solvers::nitrogen::hexagons
