#pragma once
// The demo landscape as a plan: every feature's geometry and attributes in local metres
// (u east, v north, from the south-west corner), decided once and serially from the seed.
// Rasters are painted from the plan cell by cell (paint.cpp, town.cpp), stamped features are
// drawn over them (stamp.cpp), and the tables are written from it (tables.cpp).
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "demo/random.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data::demo {

using names::LandUse;

struct Vec {
  double u = 0.0;
  double v = 0.0;
};

inline double distance(Vec a, Vec b) { return std::hypot(a.u - b.u, a.v - b.v); }
double distance_to_segment(Vec p, Vec a, Vec b);

// What one cell holds after painting.
struct Cell {
  float dtm = 0.0f;
  float building = 0.0f;    // m above ground
  float vegetation = 0.0f;  // canopy m above ground
  float ground = 1.0f;      // CNOSSOS G
  float dwellings = 0.0f;
  LandUse land_use = LandUse::grass;
};

// A motorway crossing the whole area west to east as one straight line.
struct Motorway {
  Vec a, b;
  double half_width = 16.0;  // 2 x 3 lanes of 3.5 m, shoulders and median (Dutch 2x3 profile)
  double verge = 12.0;       // grass verge each side
  double v_at(double u) const { return a.v + (b.v - a.v) * (u - a.u) / (b.u - a.u); }
  double distance(Vec p) const { return distance_to_segment(p, a, b); }
};

// A meandering river west to east, between summer dikes, with its floodplain (uiterwaarden).
struct River {
  double v0 = 0, amp1 = 0, wave1 = 1, phase1 = 0, amp2 = 0, wave2 = 1, phase2 = 0;
  double half_width = 50.0, floodplain = 200.0, dike_width = 40.0;
  double level = 1.0;  // water surface, m above datum
  double centre(double u) const;
  double distance(double u, double v) const;  // approximate perpendicular distance to the centreline
  double zone() const { return half_width + floodplain + dike_width; }  // outer toe of the dike
};

// A straight north-south canal.
struct Canal {
  double u0 = 0.0;
  double half_width = 15.0;
  double level = -0.4;
};

// The Natura 2000 heath: an ellipse with a wobbly edge, on a low ridge, ringed by forest.
struct Heath {
  Vec c;
  double ru = 500.0, rv = 400.0;
  double forest_band = 200.0;
  // Normalised elliptical radius (1 at the mean edge), before the wobble.
  double rho(Vec p) const { return std::hypot((p.u - c.u) / ru, (p.v - c.v) / rv); }
};

struct Rect {
  double u0 = 0, v0 = 0, u1 = 0, v1 = 0;
  bool contains(Vec p, double margin = 0.0) const {
    return p.u >= u0 - margin && p.u <= u1 + margin && p.v >= v0 - margin && p.v <= v1 + margin;
  }
  Vec centre() const { return {(u0 + u1) / 2, (v0 + v1) / 2}; }
};

struct Hall {
  Rect r;
  double height = 10.0;
};

// The industrial site by the motorway, with halls and one tall stack (the stack is a thin
// chimney, not drawn in building_height).
struct Site {
  Rect area;
  std::vector<Hall> halls;
  Vec stack;
};

// A town: an axis-aligned street grid through its centre; block (i, j) lies between street
// lines i and i+1 (x = c.u + i * pitch) and j and j+1 (y = c.v + j * pitch).
struct Town {
  int id = 0;
  std::string name;
  Vec c;
  double radius = 1000.0;
  double pitch = 110.0;           // street line spacing
  double street_width = 14.0;     // building line to building line, residential streets
  double arterial_width = 24.0;   // every `arterial_every`-th line, including line 0
  int arterial_every = 4;
  double industry_bearing = 0.0;  // direction of the business park, radians
  bool towers = false;            // big enough to have a few high-rise towers
  std::uint64_t key = 0;          // seed of this town's own random numbers

  bool is_arterial(std::int64_t line) const;
  double line_width(std::int64_t line) const { return is_arterial(line) ? arterial_width : street_width; }
  double line_pos_u(std::int64_t line) const { return c.u + static_cast<double>(line) * pitch; }
  double line_pos_v(std::int64_t line) const { return c.v + static_cast<double>(line) * pitch; }
  bool block_built(std::int64_t i, std::int64_t j) const;
  double reach() const { return radius * 1.12 + pitch; }  // nothing of the town lies beyond this
  std::int64_t max_index() const { return static_cast<std::int64_t>(std::ceil(reach() / pitch)) + 1; }
};

// Which towns may touch each 500 m tile, so a cell tests one or two towns, not all.
struct TownIndex {
  double tile = 500.0;
  std::int64_t n = 0;
  std::vector<std::array<int, 4>> towns;  // -1 = none
  const std::array<int, 4>* at(Vec p) const;
};

enum class RoadKind { motorway, arterial, street };

// Traffic of one road: day flow (all vehicles, per hour, per carriageway line) and its mix.
struct Traffic {
  double day = 100.0;            // veh/h, mean over 07-19
  double heavy = 0.05;           // share of cat2 + cat3
  double medium_of_heavy = 0.4;  // cat2 / (cat2 + cat3)
  double moped = 0.0;            // cat4a share
  double motorcycle = 0.005;     // cat4b share
  double evening = 0.5;          // evening hourly flow / day hourly flow
  double night = 0.12;           // night hourly flow / day hourly flow, light vehicles
  double night_heavy = 0.12;     // the same for heavy vehicles
  double v_light_day = 50.0, v_light_night = 50.0, v_heavy = 50.0;
};

// One road segment of the network, as it goes into the roads table.
struct RoadSeg {
  Vec a, b;
  RoadKind kind = RoadKind::street;
  std::string name;
  std::string surface = "DEF";
  Traffic traffic;
  double half_width = 3.0;  // paved half width, for stamping
  bool stamp = true;        // town streets are painted from the town grid instead
};

enum class FarmKind { dairy, pigs, poultry, mixed };

struct Farm {
  Vec pos;
  FarmKind kind = FarmKind::dairy;
  double nh3_kg = 0, nox_kg = 0, height = 4.0;
  std::uint64_t key = 0;
};

struct Stack {
  double nox_kg = 3.0e5, height = 80.0, heat_mw = 10.0, diameter = 4.0, velocity = 15.0, temperature_c = 120.0;
};

struct Plan {
  std::uint64_t seed = 1;
  double size = 5000.0;  // domain side, m
  Motorway motorway;
  River river;
  Canal canal;
  Heath heath;
  Site site;
  Stack stack;
  std::vector<Town> towns;
  TownIndex town_index;
  std::vector<double> lattice_u, lattice_v;  // rural road lines x = lattice_u[k], y = lattice_v[k]
  std::vector<RoadSeg> roads;
  std::vector<Farm> farms;
  // Smooth fields
  ValueNoise terrain_a, terrain_b, terrain_c, forest_a, forest_b, forest_kind, heath_edge, heath_wet;

  bool near_town(Vec p, double margin) const;
  bool in_forest(Vec p) const;         // the noise-driven forest patches and the heath's ring
  double heath_edge_rho(Vec p) const;  // rho with the wobble; < 1 inside the heath
};

Plan make_plan(std::uint64_t seed, double size_m);

// Parts of make_plan (rural.cpp): the road network with its traffic, and the livestock farms.
void place_roads(Plan& plan);
void place_farms(Plan& plan);

// Terrain height without the river's channel, floodplain and dikes (those are painted).
double base_terrain(const Plan& plan, Vec p);

// Town streets, as road segments between junctions (tables only; painting uses the grid).
void add_town_streets(const Town& town, std::vector<RoadSeg>& out);

// Paints what the town holds at p into `cell`; returns false when p is outside the town.
bool paint_town(const Town& town, Vec p, double cell_m, Cell& cell);

}  // namespace twin::data::demo
