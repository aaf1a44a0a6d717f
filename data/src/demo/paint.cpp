// Painting the demo rasters: each cell is a pure function of its centre and the plan
// (terrain, river, canal, towns, ponds, heath, forest, farmland, in that order of priority),
// so rows can be painted in any order on any number of threads with identical results.
#include "demo/paint.hpp"

#include <cmath>
#include <limits>

namespace twin::data::demo {
namespace {

// River channel, floodplain and summer dike; returns false outside the river zone.
bool paint_river(const Plan& plan, Vec p, double d, Cell& c) {
  const River& r = plan.river;
  if (d >= r.zone()) return false;
  c.land_use = LandUse::grass;  // floodplain meadows and dike slopes
  c.ground = 1.0f;
  if (d < r.half_width) {
    c.land_use = LandUse::water;
    c.ground = 0.0f;
    c.dtm = static_cast<float>(r.level);
  } else if (d < r.half_width + r.floodplain) {
    c.dtm = static_cast<float>(r.level + 1.0 + 0.3 * plan.terrain_c(p.u, p.v));
  } else {
    // A dike with slopes of about 1:4 and its crest 6.5 m above the water.
    const double t = (d - r.half_width - r.floodplain) / r.dike_width;
    const double crest = r.level + 6.5 - 11.0 * std::abs(t - 0.5);
    c.dtm = std::max(c.dtm, static_cast<float>(crest));
  }
  return true;
}

void set_water(Cell& c, double level) {
  c.land_use = LandUse::water;
  c.ground = 0.0f;
  c.dtm = static_cast<float>(level);
}

// Ponds: at most one per km tile, 15-45 m in radius, kept away from the tile edges.
bool paint_pond(const Plan& plan, Vec p, Cell& c) {
  const auto a = static_cast<std::int64_t>(std::floor(p.u / 1000.0));
  const auto b = static_cast<std::int64_t>(std::floor(p.v / 1000.0));
  if (unit(plan.seed, Salt::pond, a, b, 0) >= 0.35) return false;
  const Vec centre{static_cast<double>(a) * 1000.0 + 150.0 + 700.0 * unit(plan.seed, Salt::pond, a, b, 1),
                   static_cast<double>(b) * 1000.0 + 150.0 + 700.0 * unit(plan.seed, Salt::pond, a, b, 2)};
  const double radius = 15.0 + 30.0 * unit(plan.seed, Salt::pond, a, b, 3);
  if (distance(p, centre) >= radius) return false;
  set_water(c, c.dtm - 0.5);
  return true;
}

// A tree of height lo..hi at a fraction `chance` of the points of a lattice of `spacing` m.
float scattered_tree(const Plan& plan, Vec p, Salt salt, double spacing, double chance, double lo, double hi) {
  const auto a = static_cast<std::int64_t>(std::floor(p.u / spacing));
  const auto b = static_cast<std::int64_t>(std::floor(p.v / spacing));
  const std::uint64_t h = hash(plan.seed, salt, a, b);
  if (unit(h) >= chance) return 0.0f;
  return static_cast<float>(lo + (hi - lo) * unit(splitmix64(h)));
}

// Dry heath with scattered pines and birches.
void paint_heath(const Plan& plan, Vec p, Cell& c) {
  c.land_use = LandUse::other_nature;
  c.ground = 1.0f;
  c.vegetation = scattered_tree(plan, p, Salt::park_tree, 10.0, 0.03, 4.0, 8.0);
}

// Forest canopy of 14-24 m; coniferous where the kind field is high and on the heath's ridge
// (as on the sandy soils of the Veluwe), deciduous elsewhere.
void paint_forest(const Plan& plan, Vec p, Cell& c) {
  const double near_heath = plan.heath.rho(p) < 2.0 ? 0.4 : 0.0;
  c.land_use = plan.forest_kind(p.u, p.v) + near_heath > 0.0 ? LandUse::coniferous_forest : LandUse::deciduous_forest;
  c.ground = 1.0f;
  const double base = 19.0 + 5.0 * plan.forest_b(p.u, p.v);
  const double jitter = 3.0 * (unit(plan.seed, Salt::forest_a, static_cast<std::int64_t>(std::floor(p.u / 10.0)),
                                    static_cast<std::int64_t>(std::floor(p.v / 10.0))) -
                               0.5);
  c.vegetation = static_cast<float>(base + jitter);
}

// Farmland in long narrow parcels, their direction and size set per 2 km polder. Shares as
// Dutch farmland (CBS Landbouwtelling): about half grassland, 40 % arable, a few per cent
// orchards and fallow.
void paint_farmland(const Plan& plan, Vec p, Cell& c) {
  const auto pa = static_cast<std::int64_t>(std::floor(p.u / 2000.0));
  const auto pb = static_cast<std::int64_t>(std::floor(p.v / 2000.0));
  const std::int64_t polder = pb * 100000 + pa;
  const bool along_v = unit(plan.seed, Salt::parcel, polder, 0) < 0.5;
  const double width = 90.0 + 70.0 * unit(plan.seed, Salt::parcel, polder, 1);
  const double length = 250.0 + 300.0 * unit(plan.seed, Salt::parcel, polder, 2);
  const double across = along_v ? p.u : p.v, along = along_v ? p.v : p.u;
  const auto strip = static_cast<std::int64_t>(std::floor(across / width));
  const double shift = length * unit(plan.seed, Salt::parcel, polder, 3, strip);
  const auto piece = static_cast<std::int64_t>(std::floor((along + shift) / length));
  const double r = unit(plan.seed, Salt::parcel, polder, strip * 100000 + piece, 4);
  c.ground = 1.0f;
  if (r < 0.50) {
    c.land_use = LandUse::grass;
  } else if (r < 0.90) {
    c.land_use = LandUse::arable;
  } else if (r < 0.95) {
    c.land_use = LandUse::permanent_crops;  // orchards, 3-4 m fruit trees
    c.vegetation = 3.5f;
  } else {
    c.land_use = LandUse::bare_soil;  // fallow or sand: partly compacted
    c.ground = 0.7f;
  }
}

bool paint_towns(const Plan& plan, Vec p, double cell_m, Cell& c) {
  const auto* slots = plan.town_index.at(p);
  if (slots == nullptr) return false;
  for (int id : *slots) {
    if (id >= 0 && paint_town(plan.towns[static_cast<std::size_t>(id)], p, cell_m, c)) return true;
  }
  return false;
}

}  // namespace

Painter::Painter(const Plan& plan, const GridSpec& grid) : plan_(plan), grid_(grid) {
  // The river's centreline and direction depend on u only: once per column, not per cell.
  river_.resize(static_cast<std::size_t>(grid.nx));
  const double eps = 0.5;
  for (std::int64_t col = 0; col < grid.nx; ++col) {
    const double u = (static_cast<double>(col) + 0.5) * grid.cell;
    const double slope = (plan.river.centre(u + eps) - plan.river.centre(u - eps)) / (2.0 * eps);
    river_[static_cast<std::size_t>(col)] = {plan.river.centre(u), 1.0 / std::sqrt(1.0 + slope * slope)};
  }
}

Cell Painter::cell(std::int64_t col, double v) const {
  const Vec p{(static_cast<double>(col) + 0.5) * grid_.cell, v};
  Cell c;
  c.dtm = static_cast<float>(base_terrain(plan_, p));
  const RiverColumn& rc = river_[static_cast<std::size_t>(col)];
  if (paint_river(plan_, p, std::abs(v - rc.centre) * rc.cos_dir, c)) return c;
  if (std::abs(p.u - plan_.canal.u0) < plan_.canal.half_width) {
    set_water(c, plan_.canal.level);
    return c;
  }
  if (paint_towns(plan_, p, grid_.cell, c)) return c;
  if (paint_pond(plan_, p, c)) return c;
  if (plan_.heath_edge_rho(p) < 1.0) {
    paint_heath(plan_, p, c);
  } else if (plan_.in_forest(p)) {
    paint_forest(plan_, p, c);
  } else {
    paint_farmland(plan_, p, c);
  }
  return c;
}

void Painter::paint_row(std::int64_t row, const LayerRows& out) const {
  const double v = (static_cast<double>(grid_.ny - row) - 0.5) * grid_.cell;
  const std::size_t base = static_cast<std::size_t>(row * grid_.nx);
  for (std::int64_t col = 0; col < grid_.nx; ++col) {
    const Cell c = cell(col, v);
    const std::size_t k = base + static_cast<std::size_t>(col);
    out.dtm[k] = c.dtm;
    out.building[k] = c.building;
    out.vegetation[k] = c.vegetation;
    out.ground[k] = c.ground;
    out.dwellings[k] = c.dwellings;
    out.land_use[k] = static_cast<std::uint8_t>(c.land_use);
  }
}

// Critical deposition values (KDW) of the heath's habitat types, Van Dobben et al. (2012),
// "Overzicht van kritische depositiewaarden voor stikstof" (Alterra report 2397): H4030 dry
// heath 1071 mol N/ha/yr; H4010A wet heath 786 in its damp hollows. Roads, ponds and
// other cover cut out of the heath are not habitat.
void Painter::kdw_row(std::int64_t row, const LayerRows& out) const {
  constexpr float nan = std::numeric_limits<float>::quiet_NaN();
  const double v = (static_cast<double>(grid_.ny - row) - 0.5) * grid_.cell;
  const std::size_t base = static_cast<std::size_t>(row * grid_.nx);
  for (std::int64_t col = 0; col < grid_.nx; ++col) {
    const std::size_t k = base + static_cast<std::size_t>(col);
    if (out.land_use[k] != static_cast<std::uint8_t>(LandUse::other_nature)) {
      out.kdw[k] = nan;
      continue;
    }
    const double u = (static_cast<double>(col) + 0.5) * grid_.cell;
    out.kdw[k] = plan_.heath_wet(u, v) < -0.5 ? 786.0f : 1071.0f;
  }
}

}  // namespace twin::data::demo
