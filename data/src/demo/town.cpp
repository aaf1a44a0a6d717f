// Towns of the demo scenario: a street grid with perimeter blocks of apartments in the
// centre, post-war flats and row houses (strokenbouw) further out, a business park on one
// side, parks and street trees. Everything is a function of the town's key and the block or
// street-line index, so a cell is painted in O(1) without looking at other features.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include "demo/plan.hpp"

namespace twin::data::demo {
namespace {

constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();

enum class BlockKind { park, apartments, flats, row_houses, tower, business };

// A block's interior in its own coordinates: x along u in [0, w), y along v in [0, h).
struct BlockFrame {
  std::int64_t i = 0, j = 0;
  double x = 0, y = 0, w = 0, h = 0;
};

double block_unit(const Town& t, std::int64_t i, std::int64_t j, std::int64_t what) {
  return unit(t.key, Salt::town_block, i, j, what);
}

BlockKind block_kind(const Town& t, std::int64_t i, std::int64_t j) {
  const double du = (static_cast<double>(i) + 0.5) * t.pitch;
  const double dv = (static_cast<double>(j) + 0.5) * t.pitch;
  const double r = std::hypot(du, dv) / t.radius;
  const double h = block_unit(t, i, j, 0);
  const double off_bearing = std::abs(std::remainder(std::atan2(dv, du) - t.industry_bearing, 2.0 * std::numbers::pi));
  if (r > 0.55 && off_bearing < 0.45) return BlockKind::business;
  if (r < 0.3) {
    if (t.towers && h < 0.08) return BlockKind::tower;
    return h < 0.14 ? BlockKind::park : BlockKind::apartments;
  }
  if (h < 0.08) return BlockKind::park;
  if (r < 0.6 && h < 0.45) return BlockKind::flats;
  return BlockKind::row_houses;
}

// Dwellings in a residential building cell: floor area (footprint x storeys of 3 m) over
// ~100 m2 per dwelling, about the mean usable floor area of a Dutch dwelling (CBS, 2022).
float dwellings(double height, double residential_share, double cell_area) {
  const double floors = std::max(1.0, std::floor(height / 3.0));
  return static_cast<float>(cell_area * floors * residential_share / 100.0);
}

void set_building(Cell& cell, double height, double residential_share, double cell_m) {
  cell.land_use = LandUse::urban;
  cell.ground = 0.0f;
  cell.building = static_cast<float>(height);
  cell.vegetation = 0.0f;
  cell.dwellings = dwellings(height, residential_share, cell_m * cell_m);
}

void set_paved(Cell& cell, float ground = 0.0f) {
  cell.land_use = LandUse::urban;
  cell.ground = ground;
}

// Trees scattered on a fixed 1 m-based lattice of `spacing` m, so their number does not
// depend on the cell size.
void maybe_tree(Cell& cell, Vec p, const Town& t, double spacing, double chance, double lo, double hi) {
  const auto a = static_cast<std::int64_t>(std::floor(p.u / spacing));
  const auto b = static_cast<std::int64_t>(std::floor(p.v / spacing));
  const std::uint64_t h = hash(t.key, Salt::garden_tree, a, b, static_cast<std::int64_t>(spacing));
  if (unit(h) < chance) cell.vegetation = static_cast<float>(lo + (hi - lo) * unit(splitmix64(h)));
}

// Garden (back gardens are partly paved in Dutch towns: G 0.7 rather than 1).
void set_garden(Cell& cell, Vec p, const Town& t) {
  cell.land_use = LandUse::grass;
  cell.ground = 0.7f;
  maybe_tree(cell, p, t, 12.0, 0.12, 4.0, 9.0);
}

// Row houses of 2-3 storeys with a pitched roof, 6.5-12 m to the ridge, in rows of 10 m deep
// every 32 m with front and back gardens (typical 1960-1990 Dutch strokenbouw).
void paint_row_houses(const Town& t, const BlockFrame& b, Vec p, double cell_m, Cell& cell) {
  const bool along_u = block_unit(t, b.i, b.j, 1) < 0.5;
  const double along = along_u ? b.x : b.y, length = along_u ? b.w : b.h;
  const double across = along_u ? b.y : b.x, depth = along_u ? b.h : b.w;
  constexpr double front = 4.0, house = 10.0, period = 32.0;
  const double k = std::floor((across - front) / period);
  const double within = across - front - k * period;
  const bool fits = k >= 0 && front + k * period + house <= depth - 2.0;
  if (fits && within < house && along >= 3.0 && along < length - 3.0) {
    const double height = 6.5 + 5.5 * block_unit(t, b.i, b.j, 10 + static_cast<std::int64_t>(k));
    set_building(cell, height, 1.0, cell_m);
  } else {
    set_garden(cell, p, t);
  }
}

// Post-war flats (portiekflats, galerijflats): two slabs of 4-6 storeys (12-18 m) facing a
// communal green.
void paint_flats(const Town& t, const BlockFrame& b, Vec p, double cell_m, Cell& cell) {
  const bool along_u = block_unit(t, b.i, b.j, 1) < 0.5;
  const double along = along_u ? b.x : b.y, length = along_u ? b.w : b.h;
  const double across = along_u ? b.y : b.x, depth = along_u ? b.h : b.w;
  const bool first = across >= 8.0 && across < 20.0, second = across >= depth - 20.0 && across < depth - 8.0;
  if ((first || second) && along >= 6.0 && along < length - 6.0) {
    const double height = 12.0 + 6.0 * block_unit(t, b.i, b.j, first ? 20 : 21);
    set_building(cell, height, 1.0, cell_m);
    return;
  }
  cell.land_use = LandUse::grass;
  cell.ground = 1.0f;
  maybe_tree(cell, p, t, 15.0, 0.15, 8.0, 15.0);
}

// Centre perimeter blocks, 14 m deep, with shops on the ground floor (80 % residential).
// Larger towns have 15-30 m (5-10 storeys) in the centre, small ones 10-18 m.
void paint_apartments(const Town& t, const BlockFrame& b, double cell_m, Cell& cell) {
  const std::array<double, 4> edge = {b.x, b.w - b.x, b.y, b.h - b.y};
  const auto nearest = std::min_element(edge.begin(), edge.end());
  if (*nearest < 14.0) {
    const double r = block_unit(t, b.i, b.j, 30 + (nearest - edge.begin()));
    const double height = t.towers ? 15.0 + 15.0 * r * r : 10.0 + 8.0 * r;
    set_building(cell, height, 0.8, cell_m);
  } else {
    set_paved(cell, 0.3f);  // courtyards: part paved, part garden
  }
}

// A residential high-rise of 40-70 m on a paved plaza, offices in the lower floors.
void paint_tower(const Town& t, const BlockFrame& b, double cell_m, Cell& cell) {
  const double half = 15.0;
  if (std::abs(b.x - b.w / 2) < half && std::abs(b.y - b.h / 2) < half) {
    set_building(cell, 40.0 + 30.0 * block_unit(t, b.i, b.j, 40), 0.6, cell_m);
  } else {
    set_paved(cell);
  }
}

// Business park: two halls of 8-14 m behind paved yards and parking.
void paint_business(const Town& t, const BlockFrame& b, double cell_m, Cell& cell) {
  constexpr double yard = 12.0, gap = 12.0;
  const bool inside = b.x >= yard && b.x < b.w - yard && b.y >= yard && b.y < b.h - yard;
  const bool in_gap = std::abs(b.x - b.w / 2) < gap / 2;
  if (inside && !in_gap) {
    const double height = 8.0 + 6.0 * block_unit(t, b.i, b.j, b.x < b.w / 2 ? 50 : 51);
    set_building(cell, height, 0.0, cell_m);
  } else {
    set_paved(cell);
  }
}

// A park: grass with clumps of mature trees, sometimes a pond.
void paint_park(const Town& t, const BlockFrame& b, Vec p, Cell& cell) {
  const double r = std::hypot(b.x - b.w / 2, b.y - b.h / 2);
  if (block_unit(t, b.i, b.j, 60) < 0.3 && r < 0.18 * std::min(b.w, b.h)) {
    cell.land_use = LandUse::water;
    cell.ground = 0.0f;
    cell.dtm -= 0.5f;
    return;
  }
  cell.land_use = LandUse::grass;
  cell.ground = 1.0f;
  maybe_tree(cell, p, t, 15.0, 0.35, 10.0, 20.0);
}

void paint_block(const Town& t, const BlockFrame& b, Vec p, double cell_m, Cell& cell) {
  switch (block_kind(t, b.i, b.j)) {
    case BlockKind::row_houses: paint_row_houses(t, b, p, cell_m, cell); break;
    case BlockKind::flats: paint_flats(t, b, p, cell_m, cell); break;
    case BlockKind::apartments: paint_apartments(t, b, cell_m, cell); break;
    case BlockKind::tower: paint_tower(t, b, cell_m, cell); break;
    case BlockKind::business: paint_business(t, b, cell_m, cell); break;
    case BlockKind::park: paint_park(t, b, p, cell); break;
  }
}

// Whether street line `line` (direction 0: north-south, 1: east-west) has a row of trees.
bool line_has_trees(const Town& t, int dir, std::int64_t line) {
  return t.is_arterial(line) || unit(t.key, Salt::town_line, dir, line, 1) < 0.4;
}

// A street cell: paved; along tree-lined streets, a canopy where a tree of the row (one
// each side, 2.5 m in from the building line) is within reach of the cell centre.
void paint_street(const Town& t, int dir, std::int64_t line, double across, double along, double cell_m,
                  Cell& cell) {
  set_paved(cell);
  if (!line_has_trees(t, dir, line)) return;
  const bool arterial = t.is_arterial(line);
  const double spacing = arterial ? 10.0 : 12.0, crown = arterial ? 3.5 : 3.0;
  const double offset = t.line_width(line) / 2.0 - 2.5;
  const double nearest = std::round(along / spacing) * spacing;
  const double d = std::hypot(along - nearest, std::abs(across) - offset);
  if (d <= crown + 0.25 * cell_m) {
    cell.vegetation = static_cast<float>(8.0 + 6.0 * unit(t.key, Salt::town_line, dir, line, 2));
  }
}

// The street line whose corridor holds offset f (0 <= f < pitch) of block column i, or kNone.
std::int64_t street_line(const Town& t, std::int64_t i, double f) {
  if (f < t.line_width(i) / 2.0) return i;
  if (f > t.pitch - t.line_width(i + 1) / 2.0) return i + 1;
  return kNone;
}

}  // namespace

bool Town::is_arterial(std::int64_t line) const {
  const std::int64_t k = arterial_every;
  return ((line % k) + k) % k == 0;
}

bool Town::block_built(std::int64_t i, std::int64_t j) const {
  const double du = (static_cast<double>(i) + 0.5) * pitch;
  const double dv = (static_cast<double>(j) + 0.5) * pitch;
  // A ragged edge: each block's own threshold between 0.88 and 1.12 of the radius.
  return std::hypot(du, dv) < radius * (0.88 + 0.24 * unit(key, Salt::town_block, i, j, 99));
}

bool paint_town(const Town& t, Vec p, double cell_m, Cell& cell) {
  const double du = p.u - t.c.u, dv = p.v - t.c.v;
  if (std::abs(du) > t.reach() || std::abs(dv) > t.reach()) return false;
  const auto i = static_cast<std::int64_t>(std::floor(du / t.pitch));
  const auto j = static_cast<std::int64_t>(std::floor(dv / t.pitch));
  const double fu = du - static_cast<double>(i) * t.pitch, fv = dv - static_cast<double>(j) * t.pitch;
  const std::int64_t su = street_line(t, i, fu), sv = street_line(t, j, fv);
  if (su != kNone && sv != kNone) {  // a junction
    if (!(t.block_built(su - 1, sv - 1) || t.block_built(su, sv - 1) || t.block_built(su - 1, sv) ||
          t.block_built(su, sv))) {
      return false;
    }
    set_paved(cell);
    return true;
  }
  if (su != kNone) {
    if (!(t.block_built(su - 1, j) || t.block_built(su, j))) return false;
    paint_street(t, 0, su, p.u - t.line_pos_u(su), p.v, cell_m, cell);
    return true;
  }
  if (sv != kNone) {
    if (!(t.block_built(i, sv - 1) || t.block_built(i, sv))) return false;
    paint_street(t, 1, sv, p.v - t.line_pos_v(sv), p.u, cell_m, cell);
    return true;
  }
  if (!t.block_built(i, j)) return false;
  const double x0 = t.line_width(i) / 2.0, y0 = t.line_width(j) / 2.0;
  const BlockFrame b{i, j, fu - x0, fv - y0, t.pitch - x0 - t.line_width(i + 1) / 2.0,
                     t.pitch - y0 - t.line_width(j + 1) / 2.0};
  paint_block(t, b, p, cell_m, cell);
  return true;
}

namespace {

// Dutch street names, drawn per street line.
constexpr std::array<const char*, 24> kStreetNames = {
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Julianastraat",
    "Beatrixlaan", "Wilhelminastraat", "Nieuwstraat", "Marktstraat", "Raadhuisstraat", "Emmalaan",
    "Oranjestraat", "Lindelaan", "Eikenlaan", "Beukenlaan", "Berkenlaan", "Esdoornstraat",
    "Meidoornstraat", "Tulpstraat", "Rozenstraat", "Spoorstraat", "Havenstraat", "Burgemeesterlaan"};
constexpr std::array<const char*, 6> kArterialNames = {"Rijksstraatweg", "Hoofdweg", "Ringweg",
                                                       "Provincialeweg", "Stationsstraat", "Zuidsingel"};

Traffic town_traffic(const Town& t, int dir, std::int64_t line) {
  Stream s(t.key, Salt::town_line, dir * 100000 + line);
  Traffic tr;
  tr.v_light_day = tr.v_light_night = 30.0;  // 30 km/h zone (Duurzaam Veilig residential streets)
  tr.v_heavy = 30.0;
  tr.moped = 0.03;
  tr.motorcycle = 0.005;
  if (t.is_arterial(line)) {
    tr.day = s.uniform(500.0, 1500.0);  // gebiedsontsluitingsweg: ~6,000-18,000 veh/day
    tr.heavy = s.uniform(0.05, 0.08);
    tr.v_light_day = tr.v_light_night = tr.v_heavy = 50.0;
    tr.moped = 0.02;
  } else {
    tr.day = s.log_uniform(20.0, 200.0);
    tr.heavy = s.uniform(0.01, 0.03);
  }
  tr.night_heavy = 0.08;
  return tr;
}

std::string street_name(const Town& t, int dir, std::int64_t line) {
  const std::uint64_t h = hash(t.key, Salt::town_line, dir, line, 3);
  const char* base = t.is_arterial(line) ? kArterialNames[h % kArterialNames.size()]
                                         : kStreetNames[h % kStreetNames.size()];
  return std::string(base) + ", " + t.name;
}

// Whether the stretch of line `line` between junctions k and k+1 has a built block beside it.
bool stretch_exists(const Town& t, int dir, std::int64_t line, std::int64_t k) {
  return dir == 0 ? (t.block_built(line - 1, k) || t.block_built(line, k))
                  : (t.block_built(k, line - 1) || t.block_built(k, line));
}

Vec junction(const Town& t, int dir, std::int64_t line, std::int64_t k) {
  return dir == 0 ? Vec{t.line_pos_u(line), t.line_pos_v(k)} : Vec{t.line_pos_u(k), t.line_pos_v(line)};
}

}  // namespace

void add_town_streets(const Town& t, std::vector<RoadSeg>& out) {
  const std::int64_t m = t.max_index();
  for (int dir = 0; dir < 2; ++dir) {
    for (std::int64_t line = -m; line <= m + 1; ++line) {
      // Segments run between junctions: arterials from one arterial crossing to the next,
      // residential streets every third junction (~300-400 m).
      const std::int64_t every = t.is_arterial(line) ? t.arterial_every : 3;
      const Traffic traffic = town_traffic(t, dir, line);
      std::int64_t start = kNone;
      for (std::int64_t k = -m; k <= m + 1; ++k) {
        const bool exists = k <= m && stretch_exists(t, dir, line, k);
        const bool split = start != kNone && (!exists || (k - start >= 1 && ((k % every) + every) % every == 0));
        if (split) {
          RoadSeg seg;
          seg.a = junction(t, dir, line, start);
          seg.b = junction(t, dir, line, k);
          seg.kind = t.is_arterial(line) ? RoadKind::arterial : RoadKind::street;
          seg.name = street_name(t, dir, line);
          seg.surface = "NL05";
          seg.traffic = traffic;
          seg.half_width = t.line_width(line) / 2.0;
          seg.stamp = false;
          out.push_back(std::move(seg));
          start = kNone;
        }
        if (exists && start == kNone) start = k;
      }
    }
  }
}

}  // namespace twin::data::demo
