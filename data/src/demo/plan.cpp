// Placement of the demo landscape's features. Big features (motorway, river, canal, heath,
// industrial site) sit at seeded positions within fixed bands of the area, so every size and
// seed gets all of them; towns, rural roads and farms are scattered around them by rejection.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "demo/plan.hpp"

namespace twin::data::demo {

double distance_to_segment(Vec p, Vec a, Vec b) {
  const double du = b.u - a.u, dv = b.v - a.v;
  const double len2 = du * du + dv * dv;
  const double t = len2 > 0 ? std::clamp(((p.u - a.u) * du + (p.v - a.v) * dv) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(p.u - (a.u + t * du), p.v - (a.v + t * dv));
}

double River::centre(double u) const {
  constexpr double tau = 2.0 * std::numbers::pi;
  return v0 + amp1 * std::sin(tau * u / wave1 + phase1) + amp2 * std::sin(tau * u / wave2 + phase2);
}

double River::distance(double u, double v) const {
  // The vertical offset times the cosine of the local direction: exact for a straight
  // stretch and within a few per cent on these gentle meanders.
  constexpr double tau = 2.0 * std::numbers::pi;
  const double slope = amp1 * tau / wave1 * std::cos(tau * u / wave1 + phase1) +
                       amp2 * tau / wave2 * std::cos(tau * u / wave2 + phase2);
  return std::abs(v - centre(u)) / std::sqrt(1.0 + slope * slope);
}

const std::array<int, 4>* TownIndex::at(Vec p) const {
  const auto a = static_cast<std::int64_t>(std::floor(p.u / tile));
  const auto b = static_cast<std::int64_t>(std::floor(p.v / tile));
  if (a < 0 || b < 0 || a >= n || b >= n) return nullptr;
  return &towns[static_cast<std::size_t>(b * n + a)];
}

bool Plan::near_town(Vec p, double margin) const {
  return std::any_of(towns.begin(), towns.end(),
                     [&](const Town& t) { return distance(p, t.c) < t.reach() + margin; });
}

double Plan::heath_edge_rho(Vec p) const { return heath.rho(p) / (1.0 + 0.12 * heath_edge(p.u, p.v)); }

bool Plan::in_forest(Vec p) const {
  // The heath's forest ring (as around the Veluwe heaths), with a few clearings.
  const double rho = heath_edge_rho(p);
  const double band = heath.forest_band / std::max(heath.ru, heath.rv);
  if (rho >= 1.0 && rho < 1.0 + band && forest_b(p.u, p.v) > -0.45) return true;
  // Scattered woods: ~8-10 % of the rest, close to the Dutch forest share of ~10 % (CBS
  // Bodemgebruik). The threshold was tuned on the painted rasters.
  return forest_a(p.u, p.v) + 0.5 * forest_b(p.u, p.v) > 0.55;
}

double base_terrain(const Plan& plan, Vec p) {
  // A few metres of relief at three scales, a slight rise to the east, and a low sandy ridge
  // under the heath (as the ice-pushed ridges of the Veluwe and Utrechtse Heuvelrug, lower).
  const double noise = 2.0 * plan.terrain_a(p.u, p.v) + 0.8 * plan.terrain_b(p.u, p.v) +
                       0.25 * plan.terrain_c(p.u, p.v);
  const double d = plan.heath.rho(p);
  return 1.0 + noise + 3.0e-5 * p.u + 5.0 * std::exp(-0.25 * d * d);
}

namespace {

void make_fields(Plan& plan) {
  const std::uint64_t s = plan.seed;
  const double d = plan.size;
  plan.terrain_a = ValueNoise(s, Salt::terrain_a, 6000.0, d);
  plan.terrain_b = ValueNoise(s, Salt::terrain_b, 1500.0, d);
  plan.terrain_c = ValueNoise(s, Salt::terrain_c, 300.0, d);
  plan.forest_a = ValueNoise(s, Salt::forest_a, 2500.0, d);
  plan.forest_b = ValueNoise(s, Salt::forest_b, 700.0, d);
  plan.forest_kind = ValueNoise(s, Salt::forest_kind, 3000.0, d);
  plan.heath_edge = ValueNoise(s, Salt::heath_edge, 400.0, d);
  plan.heath_wet = ValueNoise(s, Salt::heath_wet, 250.0, d);
}

void place_water_and_motorway(Plan& plan, Stream& s) {
  const double S = plan.size;
  plan.motorway.a = {0.0, S * s.uniform(0.18, 0.26)};
  plan.motorway.b = {S, S * s.uniform(0.18, 0.26)};

  River& r = plan.river;
  r.wave1 = std::clamp(0.5 * S, 2000.0, 8000.0);
  r.wave2 = 0.37 * r.wave1;
  r.amp1 = std::min(0.035 * S, 700.0);
  r.amp2 = 0.35 * r.amp1;
  r.phase1 = s.uniform(0.0, 2.0 * std::numbers::pi);
  r.phase2 = s.uniform(0.0, 2.0 * std::numbers::pi);
  r.v0 = S * s.uniform(0.78, 0.82);
  r.half_width = std::clamp(0.008 * S, 25.0, 75.0);  // 50-150 m wide, as the Lek or the IJssel
  r.floodplain = std::clamp(0.03 * S, 100.0, 400.0);
  r.level = 1.0;

  plan.canal.u0 = S * s.uniform(0.10, 0.15);
  plan.canal.half_width = 15.0;
}

void place_heath(Plan& plan, Stream& s) {
  const double S = plan.size;
  Heath& h = plan.heath;
  h.c = {S * s.uniform(0.78, 0.82), S * s.uniform(0.47, 0.53)};
  h.ru = std::clamp(0.11 * S, 450.0, 3000.0) * s.uniform(0.9, 1.05);
  h.rv = h.ru * s.uniform(0.7, 0.9);
  h.forest_band = std::clamp(0.04 * S, 150.0, 800.0);
}

// Stack figures: NOx and height as a large Dutch industrial or energy stack in the
// Emissieregistratie (100-500 t NOx/yr); heat content from the flue gas flow:
// Q = rho cp V (Ts - Ta) with rho = 1.293 kg/m3 x 273.15 / Ts, cp = 1005 J/kg/K, Ta = 10 degC
// (the Dutch annual mean temperature, KNMI), solved for the stack diameter.
void make_stack(Plan& plan, Stream& s) {
  Stack& st = plan.stack;
  st.nox_kg = s.uniform(2.0e5, 5.0e5);
  st.height = s.uniform(60.0, 120.0);
  st.heat_mw = s.uniform(5.0, 20.0);
  st.temperature_c = s.uniform(80.0, 150.0);
  st.velocity = s.uniform(10.0, 20.0);
  const double ts = st.temperature_c + 273.15;
  const double rho = 1.293 * 273.15 / ts;
  const double flow = st.heat_mw * 1.0e6 / (rho * 1005.0 * (st.temperature_c - 10.0));
  st.diameter = std::sqrt(4.0 * flow / (std::numbers::pi * st.velocity));
}

void place_site(Plan& plan, Stream& s) {
  const double S = plan.size;
  const Motorway& m = plan.motorway;
  const double w = std::min(700.0, 0.14 * S), h = std::min(450.0, 0.09 * S);
  const double u0 = plan.canal.u0 + plan.canal.half_width + 60.0;
  const double v0 = std::max(m.v_at(u0), m.v_at(u0 + w)) + m.half_width + m.verge + 60.0;
  Site& site = plan.site;
  site.area = {u0, v0, u0 + w, v0 + h};
  // Six halls of 12-25 m in two rows, inside a paved yard.
  const double inset = 25.0, gap = 20.0;
  const double hw = (w - 2 * inset - 2 * gap) / 3.0, hh = (h - 2 * inset - gap) / 2.0;
  for (int row = 0; row < 2; ++row) {
    for (int col = 0; col < 3; ++col) {
      const double a = u0 + inset + col * (hw + gap), b = v0 + inset + row * (hh + gap);
      site.halls.push_back({{a, b, a + hw, b + hh}, s.uniform(12.0, 25.0)});
    }
  }
  site.stack = {u0 + w - inset / 2, v0 + h - inset / 2};
  make_stack(plan, s);
}

constexpr std::array<const char*, 14> kTownHeads = {"Beek", "Hooge", "Oude", "Nieuw", "Zand", "Wester", "Ooster",
                                                    "Leeuw", "Ammer", "Ren", "Dier", "Vleu", "Bunn", "Maar"};
constexpr std::array<const char*, 13> kTownTails = {"dorp", "veen", "wijk", "hoven", "broek", "zande", "huizen",
                                                    "oord", "loo", "stede", "horst", "endam", "rode"};

// Whether a town reaching `reach` m around c keeps clear of everything placed so far.
bool town_fits(const Plan& plan, Vec c, double reach) {
  const double S = plan.size;
  if (c.u - reach < 0 || c.v - reach < 0 || c.u + reach > S || c.v + reach > S) return false;
  const Motorway& m = plan.motorway;
  if (m.distance(c) < reach + m.half_width + m.verge + 50.0) return false;
  if (plan.river.distance(c.u, c.v) < reach + plan.river.zone() + 50.0) return false;
  if (std::abs(c.u - plan.canal.u0) < reach + plan.canal.half_width + 30.0) return false;
  const Heath& h = plan.heath;
  if (distance(c, h.c) < reach + std::max(h.ru, h.rv) * 1.15 + h.forest_band + 100.0) return false;
  const Rect& a = plan.site.area;
  const double du = std::max({a.u0 - c.u, 0.0, c.u - a.u1}), dv = std::max({a.v0 - c.v, 0.0, c.v - a.v1});
  if (std::hypot(du, dv) < reach + 100.0) return false;
  // 700 m between towns keeps farmland between them, and at most a few towns per index tile.
  return std::none_of(plan.towns.begin(), plan.towns.end(),
                      [&](const Town& t) { return distance(c, t.c) < reach + t.reach() + 700.0; });
}

Town make_town(const Plan& plan, int id, Vec c, double radius) {
  Stream s(plan.seed, Salt::town, id);
  Town t;
  t.id = id;
  t.c = c;
  t.radius = radius;
  t.pitch = s.uniform(95.0, 130.0);
  t.arterial_every = s.chance(0.5) ? 4 : 5;
  t.industry_bearing = s.uniform(0.0, 2.0 * std::numbers::pi);
  t.towers = radius > 750.0;
  t.key = hash(plan.seed, Salt::town, id, 1);
  t.name = std::string(kTownHeads[hash(t.key, Salt::town, 1) % kTownHeads.size()]) +
           kTownTails[hash(t.key, Salt::town, 2) % kTownTails.size()];
  return t;
}

void place_towns(Plan& plan) {
  const double S = plan.size;
  Stream s(plan.seed, Salt::town, -1);
  // The main town near the middle; shrunk until it fits between the big features.
  const Vec c{S * s.uniform(0.44, 0.48), S * s.uniform(0.48, 0.52)};
  for (double r = std::clamp(0.2 * S, 600.0, 2500.0); r >= 300.0 && plan.towns.empty(); r *= 0.92) {
    for (int k = 0; k < 9; ++k) {  // the middle first, then nudged a little each way
      const Vec p{c.u + 0.04 * S * (k % 3 == 1 ? -1 : k % 3 == 2 ? 1 : 0),
                  c.v + 0.04 * S * (k / 3 == 1 ? -1 : k / 3 == 2 ? 1 : 0)};
      Town t = make_town(plan, 0, p, r);
      if (town_fits(plan, p, t.reach())) {
        plan.towns.push_back(std::move(t));
        break;
      }
    }
  }
  // One more town per ~35 km2: with the main town about 10 % of the area is built up, a
  // little under the Dutch ~13 % (CBS Bodemgebruik), as we draw no separate villages.
  const auto extra = static_cast<int>(S * S / 35.0e6);
  for (int k = 1; k <= extra; ++k) {
    for (int attempt = 0; attempt < 40; ++attempt) {
      Vec p{S * s.next(), S * s.next()};
      const double r = s.log_uniform(400.0, 1500.0);
      Town t = make_town(plan, static_cast<int>(plan.towns.size()), p, r);
      if (town_fits(plan, p, t.reach())) {
        plan.towns.push_back(std::move(t));
        break;
      }
    }
  }
}

void build_town_index(Plan& plan) {
  TownIndex& ix = plan.town_index;
  ix.n = static_cast<std::int64_t>(std::ceil(plan.size / ix.tile)) + 1;
  ix.towns.assign(static_cast<std::size_t>(ix.n * ix.n), {-1, -1, -1, -1});
  for (const Town& t : plan.towns) {
    const double r = t.reach() + 1.0;
    const auto a0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor((t.c.u - r) / ix.tile)));
    const auto a1 = std::min(ix.n - 1, static_cast<std::int64_t>(std::floor((t.c.u + r) / ix.tile)));
    const auto b0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor((t.c.v - r) / ix.tile)));
    const auto b1 = std::min(ix.n - 1, static_cast<std::int64_t>(std::floor((t.c.v + r) / ix.tile)));
    for (std::int64_t b = b0; b <= b1; ++b) {
      for (std::int64_t a = a0; a <= a1; ++a) {
        auto& slots = ix.towns[static_cast<std::size_t>(b * ix.n + a)];
        // Towns keep 700 m apart, so a 500 m tile meets at most two; four slots is a margin.
        for (int& slot : slots) {
          if (slot < 0) {
            slot = t.id;
            break;
          }
        }
      }
    }
  }
}

}  // namespace

Plan make_plan(std::uint64_t seed, double size_m) {
  Plan plan;
  plan.seed = seed;
  plan.size = size_m;
  make_fields(plan);
  Stream s(seed, Salt::layout, 0);
  place_water_and_motorway(plan, s);
  place_heath(plan, s);
  place_site(plan, s);
  place_towns(plan);
  build_town_index(plan);
  place_roads(plan);
  place_farms(plan);
  return plan;
}

}  // namespace twin::data::demo
