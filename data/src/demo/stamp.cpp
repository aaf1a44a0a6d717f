// Features drawn over the painted landscape: the industrial site, farmyards, rural roads and
// the motorway. Each visits only the cells of its own bounding box, so the cost is the area of
// the features, not cells x features.
#include <algorithm>
#include <cmath>

#include "demo/paint.hpp"

namespace twin::data::demo {
namespace {

class Canvas {
 public:
  Canvas(const GridSpec& grid, const LayerRows& out) : g_(grid), out_(out) {}

  // Calls f(index, centre) for every cell whose centre lies in r.
  template <class F>
  void for_cells(const Rect& r, F&& f) const {
    const double c = g_.cell, ny = static_cast<double>(g_.ny);
    const auto col0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(r.u0 / c - 0.5)));
    const auto col1 = std::min<std::int64_t>(g_.nx - 1, static_cast<std::int64_t>(std::floor(r.u1 / c - 0.5)));
    const auto row0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(ny - 0.5 - r.v1 / c)));
    const auto row1 = std::min<std::int64_t>(g_.ny - 1, static_cast<std::int64_t>(std::floor(ny - 0.5 - r.v0 / c)));
    for (std::int64_t row = row0; row <= row1; ++row) {
      const double v = (ny - static_cast<double>(row) - 0.5) * c;
      for (std::int64_t col = col0; col <= col1; ++col) {
        f(static_cast<std::size_t>(row * g_.nx + col), Vec{(static_cast<double>(col) + 0.5) * c, v});
      }
    }
  }

  // Calls f(index) for every cell whose centre is within `half_width` of the segment a-b.
  // Long segments go in 100 m pieces so the boxes stay tight around diagonal lines.
  template <class F>
  void for_capsule(Vec a, Vec b, double half_width, F&& f) const {
    const auto n = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(distance(a, b) / 100.0)));
    for (std::int64_t k = 0; k < n; ++k) {
      const double t0 = static_cast<double>(k) / static_cast<double>(n);
      const double t1 = static_cast<double>(k + 1) / static_cast<double>(n);
      const Vec p{a.u + t0 * (b.u - a.u), a.v + t0 * (b.v - a.v)};
      const Vec q{a.u + t1 * (b.u - a.u), a.v + t1 * (b.v - a.v)};
      const Rect box{std::min(p.u, q.u) - half_width, std::min(p.v, q.v) - half_width,
                     std::max(p.u, q.u) + half_width, std::max(p.v, q.v) + half_width};
      for_cells(box, [&](std::size_t i, Vec c) {
        if (distance_to_segment(c, p, q) <= half_width) f(i);
      });
    }
  }

  void set(std::size_t i, LandUse lu, float ground, float building = 0.0f) const {
    out_.land_use[i] = static_cast<std::uint8_t>(lu);
    out_.ground[i] = ground;
    out_.building[i] = building;
    out_.vegetation[i] = 0.0f;
    out_.dwellings[i] = 0.0f;
  }
  bool is_water(std::size_t i) const { return out_.land_use[i] == static_cast<std::uint8_t>(LandUse::water); }
  const LayerRows& out() const { return out_; }
  double cell() const { return g_.cell; }

 private:
  GridSpec g_;
  LayerRows out_;
};

void stamp_site(const Site& site, const Canvas& cv) {
  cv.for_cells(site.area, [&](std::size_t i, Vec) { cv.set(i, LandUse::urban, 0.0f); });
  for (const Hall& h : site.halls) {
    cv.for_cells(h.r, [&](std::size_t i, Vec) { cv.set(i, LandUse::urban, 0.0f, static_cast<float>(h.height)); });
  }
}

// A farmyard: one to three stables of 22 m by 40-70 m (7-10 m to the ridge), a farmhouse with
// one dwelling, a compacted yard (G 0.5) and a row of trees on the north side (erfbeplanting).
void stamp_farm(const Farm& f, const Canvas& cv) {
  const int barns = 1 + static_cast<int>(f.key % 3);
  const double half_h = (20.0 + 30.0 * barns) / 2.0;
  const Vec o = f.pos;
  cv.for_cells({o.u - 40.0, o.v - half_h, o.u + 55.0, o.v + half_h},
               [&](std::size_t i, Vec) { cv.set(i, LandUse::bare_soil, 0.5f); });
  for (int k = 0; k < barns; ++k) {
    const double len = 40.0 + 30.0 * unit(f.key, Salt::farm_layout, k, 0);
    const double height = 7.0 + 3.0 * unit(f.key, Salt::farm_layout, k, 1);
    const double v0 = o.v - half_h + 8.0 + 30.0 * k;
    cv.for_cells({o.u - 36.0, v0, o.u - 36.0 + len, v0 + 22.0},
                 [&](std::size_t i, Vec) { cv.set(i, LandUse::urban, 0.0f, static_cast<float>(height)); });
  }
  const Rect house{o.u + 40.0, o.v + half_h - 18.0, o.u + 52.0, o.v + half_h - 8.0};
  cv.for_cells(house, [&](std::size_t i, Vec) { cv.set(i, LandUse::urban, 0.0f, 8.5f); });
  // The dwelling goes in the cell holding the house's centre, so coarse grids keep it too.
  cv.for_cells({house.centre().u - cv.cell() / 2, house.centre().v - cv.cell() / 2, house.centre().u + cv.cell() / 2,
                house.centre().v + cv.cell() / 2},
               [&](std::size_t i, Vec) { cv.out().dwellings[i] = 1.0f; });
  const float tree = static_cast<float>(12.0 + 6.0 * unit(f.key, Salt::farm_layout, 9, 2));
  cv.for_cells({o.u - 40.0, o.v + half_h, o.u + 55.0, o.v + half_h + 8.0},
               [&](std::size_t i, Vec) { cv.out().vegetation[i] = tree; });
}

// A paved road at least half a cell wide either side, so it stays connected on coarse grids;
// over water it is a bridge deck.
void stamp_road(const RoadSeg& r, const Canvas& cv) {
  const double hw = std::max(r.half_width, 0.5 * cv.cell());
  cv.for_capsule(r.a, r.b, hw, [&](std::size_t i) { cv.set(i, LandUse::urban, 0.0f); });
}

void stamp_motorway(const Motorway& m, const Canvas& cv) {
  const double paved = std::max(m.half_width, 0.5 * cv.cell());
  cv.for_capsule(m.a, m.b, paved + m.verge, [&](std::size_t i) {
    if (!cv.is_water(i)) cv.set(i, LandUse::grass, 1.0f);
  });
  cv.for_capsule(m.a, m.b, paved, [&](std::size_t i) { cv.set(i, LandUse::urban, 0.0f); });
}

}  // namespace

void stamp_features(const Plan& plan, const GridSpec& grid, const LayerRows& out) {
  const Canvas cv(grid, out);
  stamp_site(plan.site, cv);
  for (const Farm& f : plan.farms) stamp_farm(f, cv);
  for (const RoadSeg& r : plan.roads) {
    if (r.stamp) stamp_road(r, cv);
  }
  stamp_motorway(plan.motorway, cv);
}

}  // namespace twin::data::demo
