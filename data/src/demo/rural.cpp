// The demo's road network (motorway, provincial roads between towns, a lattice of polder
// roads, town streets) with traffic, and the livestock farms in the countryside.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "demo/plan.hpp"

namespace twin::data::demo {
namespace {

// "A12", "N225": formatted directly, as "A" + std::to_string(n) trips GCC 12's false
// -Wrestrict (GCC bug 105329).
std::string road_number(char prefix, unsigned number) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%u", prefix, number);
  return buf;
}

// Appends the straight road a-b cut into equal pieces of at most `max_len` m.
void add_split(std::vector<RoadSeg>& out, const RoadSeg& proto, Vec a, Vec b, double max_len) {
  const auto n = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(distance(a, b) / max_len)));
  for (std::int64_t k = 0; k < n; ++k) {
    const double t0 = static_cast<double>(k) / static_cast<double>(n);
    const double t1 = static_cast<double>(k + 1) / static_cast<double>(n);
    RoadSeg seg = proto;
    seg.a = {a.u + t0 * (b.u - a.u), a.v + t0 * (b.v - a.v)};
    seg.b = {a.u + t1 * (b.u - a.u), a.v + t1 * (b.v - a.v)};
    out.push_back(std::move(seg));
  }
}

// Dutch motorway traffic per carriageway: 3,000-5,000 veh/h by day, 10-15 % freight
// (Rijkswaterstaat INWEVA counts on 2x3 motorways), 100 km/h by day since 2020 and 130 km/h
// in the evening and night where allowed, trucks 80 km/h.
Traffic motorway_traffic(Stream& s) {
  Traffic tr;
  tr.day = s.uniform(3000.0, 5000.0);
  tr.heavy = s.uniform(0.10, 0.15);
  tr.medium_of_heavy = 0.35;
  tr.moped = 0.0;  // mopeds are not allowed on motorways
  tr.motorcycle = 0.005;
  tr.evening = 0.55;
  tr.night = 0.12;
  tr.night_heavy = 0.30;  // freight runs more evenly over the day than cars
  tr.v_light_day = 100.0;
  tr.v_light_night = s.chance(0.6) ? 130.0 : 100.0;
  tr.v_heavy = 80.0;
  return tr;
}

void add_motorway(Plan& plan) {
  Stream s(plan.seed, Salt::road, 0);
  const Motorway& m = plan.motorway;
  RoadSeg proto;
  proto.kind = RoadKind::motorway;
  constexpr std::array<int, 5> numbers = {12, 15, 27, 28, 50};
  proto.name = road_number('A', static_cast<unsigned>(numbers[hash(plan.seed, Salt::road, 1) % numbers.size()]));
  proto.surface = "NL01";  // porous asphalt (ZOAB), standard on Dutch motorways
  proto.traffic = motorway_traffic(s);
  proto.stamp = false;  // painted from the Motorway itself
  // One line per carriageway, 8 m either side of the centre; driving on the right, the
  // eastbound carriageway is the southern one.
  const double len = distance(m.a, m.b);
  const double nu = -(m.b.v - m.a.v) / len * 8.0, nv = (m.b.u - m.a.u) / len * 8.0;
  add_split(plan.roads, proto, {m.a.u - nu, m.a.v - nv}, {m.b.u - nu, m.b.v - nv}, 500.0);
  add_split(plan.roads, proto, {m.b.u + nu, m.b.v + nv}, {m.a.u + nu, m.a.v + nv}, 500.0);
}

// Provincial road (N-road, 80 km/h outside towns): 500-1,500 veh/h by day, 8-12 % freight.
RoadSeg provincial_road(const Plan& plan, std::int64_t index) {
  Stream s(plan.seed, Salt::link, index);
  RoadSeg seg;
  seg.kind = RoadKind::arterial;
  seg.name = road_number('N', static_cast<unsigned>(200 + hash(plan.seed, Salt::link, index, 1) % 300));
  seg.half_width = 4.0;
  seg.traffic.day = s.uniform(500.0, 1500.0);
  seg.traffic.heavy = s.uniform(0.08, 0.12);
  seg.traffic.moped = 0.005;
  seg.traffic.motorcycle = 0.01;
  seg.traffic.v_light_day = seg.traffic.v_light_night = seg.traffic.v_heavy = 80.0;
  return seg;
}

// The end of the town's arterial line 0 in the direction closest to `toward`.
Vec town_gate(const Town& t, Vec toward) {
  const double g = std::ceil(t.radius * 1.12 / t.pitch) * t.pitch;
  const double du = toward.u - t.c.u, dv = toward.v - t.c.v;
  if (std::abs(du) >= std::abs(dv)) return {t.c.u + (du > 0 ? g : -g), t.c.v};
  return {t.c.u, t.c.v + (dv > 0 ? g : -g)};
}

bool crosses_other_town(const Plan& plan, Vec a, Vec b, int skip1, int skip2) {
  return std::any_of(plan.towns.begin(), plan.towns.end(), [&](const Town& t) {
    return t.id != skip1 && t.id != skip2 && distance_to_segment(t.c, a, b) < t.reach();
  });
}

// Each town is linked to its nearest earlier town (a spanning tree of provincial roads), the
// main town to the motorway, and the industrial site to the motorway.
void add_links(Plan& plan) {
  std::int64_t index = 0;
  for (std::size_t k = 1; k < plan.towns.size(); ++k) {
    const Town& t = plan.towns[k];
    const auto nearest = std::min_element(plan.towns.begin(), plan.towns.begin() + static_cast<std::ptrdiff_t>(k),
                                          [&](const Town& x, const Town& y) {
                                            return distance(x.c, t.c) < distance(y.c, t.c);
                                          });
    const Vec a = town_gate(t, nearest->c), b = town_gate(*nearest, t.c);
    if (crosses_other_town(plan, a, b, t.id, nearest->id)) continue;
    add_split(plan.roads, provincial_road(plan, ++index), a, b, 500.0);
  }
  const Motorway& m = plan.motorway;
  if (!plan.towns.empty()) {
    const Town& main = plan.towns.front();
    const Vec a = town_gate(main, {main.c.u, m.v_at(main.c.u)});
    add_split(plan.roads, provincial_road(plan, ++index), a, {a.u, m.v_at(a.u) + m.half_width}, 500.0);
  }
  const Rect& site = plan.site.area;
  RoadSeg access = provincial_road(plan, ++index);
  access.traffic.day = 400.0;
  access.traffic.heavy = 0.3;  // an industrial access road: a third of it freight
  access.traffic.v_light_day = access.traffic.v_light_night = access.traffic.v_heavy = 50.0;
  const double u = (site.u0 + site.u1) / 2;
  add_split(plan.roads, access, {u, site.v0}, {u, m.v_at(u) + m.half_width}, 500.0);
}

// Lattice lines ~1.4 km apart with a seeded jitter, as the regular road pattern of Dutch
// reclaimed and consolidated farmland.
std::vector<double> lattice_lines(const Plan& plan, int dir) {
  constexpr double spacing = 1400.0;
  std::vector<double> lines;
  const auto n = static_cast<std::int64_t>(plan.size / spacing);
  for (std::int64_t k = 0; k < n; ++k) {
    const double jitter = 0.4 * (unit(plan.seed, Salt::lattice, dir, k) - 0.5);
    lines.push_back((static_cast<double>(k) + 0.5 + jitter) * spacing + 0.5 * (plan.size - static_cast<double>(n) * spacing));
  }
  return lines;
}

// Rural access road (erftoegangsweg, 60 km/h): 20-200 veh/h by day, some farm and delivery traffic.
RoadSeg rural_road(const Plan& plan, int dir, std::int64_t line) {
  constexpr std::array<const char*, 8> names = {"Polderweg", "Dijkweg", "Zandweg", "Veldweg",
                                                "Broekweg", "Hoeveweg", "Kanaalweg", "Molendijk"};
  Stream s(plan.seed, Salt::lattice, 1000 + 2 * line + dir);
  RoadSeg seg;
  seg.kind = RoadKind::street;
  seg.name = names[hash(plan.seed, Salt::lattice, dir, line, 1) % names.size()];
  seg.half_width = 3.0;
  seg.traffic.day = s.log_uniform(20.0, 200.0);
  seg.traffic.heavy = s.uniform(0.05, 0.10);
  seg.traffic.moped = 0.01;
  seg.traffic.motorcycle = 0.01;
  seg.traffic.evening = 0.45;
  seg.traffic.night = 0.10;
  seg.traffic.night_heavy = 0.05;
  seg.traffic.v_light_day = seg.traffic.v_light_night = seg.traffic.v_heavy = 60.0;
  return seg;
}

// Rural roads stop at towns (which have their own streets), the heath, the site and the river.
bool rural_piece_ok(const Plan& plan, Vec a, Vec b) {
  for (int k = 0; k <= 4; ++k) {
    const double t = k / 4.0;
    const Vec p{a.u + t * (b.u - a.u), a.v + t * (b.v - a.v)};
    if (plan.near_town(p, 30.0) || plan.heath_edge_rho(p) < 1.05 || plan.site.area.contains(p, 20.0) ||
        plan.river.distance(p.u, p.v) < plan.river.zone() + 10.0) {
      return false;
    }
  }
  return true;
}

void add_lattice(Plan& plan) {
  plan.lattice_u = lattice_lines(plan, 0);
  plan.lattice_v = lattice_lines(plan, 1);
  for (int dir = 0; dir < 2; ++dir) {
    const auto& lines = dir == 0 ? plan.lattice_u : plan.lattice_v;
    std::vector<double> cuts = dir == 0 ? plan.lattice_v : plan.lattice_u;
    cuts.insert(cuts.begin(), 0.0);
    cuts.push_back(plan.size);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const RoadSeg proto = rural_road(plan, dir, static_cast<std::int64_t>(k));
      std::vector<RoadSeg> pieces;
      for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
        const Vec a = dir == 0 ? Vec{lines[k], cuts[c]} : Vec{cuts[c], lines[k]};
        const Vec b = dir == 0 ? Vec{lines[k], cuts[c + 1]} : Vec{cuts[c + 1], lines[k]};
        add_split(pieces, proto, a, b, 450.0);
      }
      for (RoadSeg& p : pieces) {
        if (rural_piece_ok(plan, p.a, p.b)) plan.roads.push_back(std::move(p));
      }
    }
  }
}

double nearest_line(const std::vector<double>& lines, double x) {
  double best = 1e300;
  for (double l : lines) best = std::min(best, std::abs(l - x));
  return best;
}

bool farm_ok(const Plan& plan, Vec p) {
  const Motorway& m = plan.motorway;
  const double S = plan.size;
  return p.u > 60.0 && p.v > 60.0 && p.u < S - 60.0 && p.v < S - 60.0 && !plan.near_town(p, 150.0) &&
         plan.river.distance(p.u, p.v) > plan.river.zone() + 60.0 &&
         std::abs(p.u - plan.canal.u0) > plan.canal.half_width + 60.0 &&
         m.distance(p) > m.half_width + m.verge + 60.0 && plan.heath.rho(p) > 1.2 && !plan.in_forest(p) &&
         !plan.site.area.contains(p, 100.0) && nearest_line(plan.lattice_u, p.u) > 45.0 &&
         nearest_line(plan.lattice_v, p.v) > 45.0;
}

// Farm types and NH3 from animal housing, after RVO/RAV emission factors per animal place:
// dairy ~100-300 cows at ~10-13 kg NH3 each; pigs ~1,000-4,000 places at ~1.5-3 kg; poultry
// ~50,000-150,000 laying hens at ~0.1 kg. Mixed farms are small. Stable vents sit at 3-6 m.
Farm make_farm(const Plan& plan, Vec p, std::int64_t index) {
  Stream s(plan.seed, Salt::farm, index);
  Farm f;
  f.pos = p;
  f.key = hash(plan.seed, Salt::farm_layout, index);
  const double r = s.next();
  if (r < 0.55) {
    f.kind = FarmKind::dairy;
    f.nh3_kg = s.log_uniform(1000.0, 4000.0);
    f.height = s.uniform(3.0, 4.5);
  } else if (r < 0.80) {
    f.kind = FarmKind::pigs;
    f.nh3_kg = s.log_uniform(2500.0, 10000.0);
    f.height = s.uniform(5.0, 6.0);
  } else if (r < 0.92) {
    f.kind = FarmKind::poultry;
    f.nh3_kg = s.log_uniform(5000.0, 20000.0);
    f.height = s.uniform(4.0, 6.0);
  } else {
    f.kind = FarmKind::mixed;
    f.nh3_kg = s.log_uniform(1000.0, 3000.0);
    f.height = s.uniform(3.5, 5.0);
  }
  f.nox_kg = s.uniform(20.0, 150.0);  // heating and machinery on the yard
  return f;
}

}  // namespace

void place_roads(Plan& plan) {
  add_motorway(plan);
  add_links(plan);
  add_lattice(plan);
  for (const Town& t : plan.towns) add_town_streets(t, plan.roads);
}

// Candidates on a 500 m tiling, one per tile with a fixed chance; after the exclusions
// (towns, water, forest, heath, roads) this leaves about 2 farms per km2, the density of
// livestock farms in the Gelderse Vallei and much of the eastern Netherlands.
void place_farms(Plan& plan) {
  constexpr double tile = 500.0, chance = 0.85, margin = 60.0;
  const auto n = static_cast<std::int64_t>(std::ceil(plan.size / tile));
  for (std::int64_t b = 0; b < n; ++b) {
    for (std::int64_t a = 0; a < n; ++a) {
      const std::int64_t index = b * n + a;
      if (unit(plan.seed, Salt::farm, index, -1) >= chance) continue;
      const Vec p{static_cast<double>(a) * tile + margin + (tile - 2 * margin) * unit(plan.seed, Salt::farm, index, -2),
                  static_cast<double>(b) * tile + margin + (tile - 2 * margin) * unit(plan.seed, Salt::farm, index, -3)};
      if (farm_ok(plan, p)) plan.farms.push_back(make_farm(plan, p, index));
    }
  }
}

}  // namespace twin::data::demo
