#pragma once
// Private pieces of the noise grid solver shared by its source files (not installed, not part
// of the public API): the parameters as typed settings, the roads as line sources with a
// spatial index, the terrain sampler and the per-receiver kernel.
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/data/raster.hpp"
#include "twin/data/scenario.hpp"
#include "twin/solvers/noise/bands.hpp"
#include "twin/solvers/noise/path.hpp"
#include "twin/solvers/noise/profile.hpp"
#include "twin/solvers/params.hpp"

namespace twin::solvers::noise::detail {

inline constexpr std::size_t kPeriods = 3;         // day, evening, night
inline constexpr double kSourceHeightM = 0.05;     // CNOSSOS-EU road source height above the road
inline constexpr double kProfileToleranceM = 0.1;  // profile simplification, see the docs

struct NoiseSettings {
  double receiver_height_m = 4.0;
  double max_distance_m = 1000.0;
  double min_piece_m = 1.0;    // shortest road piece (near the receiver)
  double max_piece_m = 100.0;  // longest road piece (far away); also the chunk length
  double length_ratio = 0.5;   // a piece of length L is one point source when L <= ratio * d
  double temperature_c = 15.0;
  double humidity_pct = 70.0;
  std::array<double, kPeriods> p{0.5, 0.75, 1.0};  // occurrence of favourable conditions
  std::string default_surface = "DEF";
  double default_g = 0.5;
  std::size_t max_receptors = 10000;  // rows of the receptors table computed in the statistics
  int reflections = 0;                // 0: direct paths only; 1: plus first-order façade reflections
  double facade_absorption = 0.1;     // alpha of the façades, all bands
  double reflection_distance_m = 50;  // façades farther from the receiver are not searched
};

// Throws data::Error(invalid_argument) naming the parameter.
NoiseSettings read_settings(const Params& params);

// One road row: a polyline whose sound power per metre is the same all along it.
struct RoadLine {
  std::vector<double> x, y;  // vertices
  std::vector<double> s;     // cumulative length at each vertex
  // A-weighted sound power per metre, linear (pW/m), per period and band.
  std::array<Spectrum, kPeriods> power_per_m{};
  void point_at(double at, double& px, double& py) const;
};

// A stretch [s0, s1] of a road, at most max_piece_m long: the unit the index holds.
struct Chunk {
  std::uint32_t road = 0;
  double s0 = 0, s1 = 0;
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
};

struct Sources {
  std::vector<RoadLine> roads;
  std::vector<Chunk> chunks;
  // Uniform grid over the chunks' bounding boxes: cell (i, j) lists the chunks touching it.
  double x0 = 0, y0 = 0, cell = 1;
  std::int64_t nx = 0, ny = 0;
  std::vector<std::vector<std::uint32_t>> cells;
};

// Roads table -> line sources with CNOSSOS-EU emission per period; rows without traffic or
// with a length of zero are left out. Throws data::Error naming the row for unknown surfaces
// or traffic without speed.
Sources make_sources(const data::Scenario& scenario, const NoiseSettings& s);

// The rasters a profile is cut from, packed cell by cell: a profile sample reads the terrain
// of four cells and the building height and ground factor of one of them, and with the three
// values side by side that is two cache lines instead of four (the sampling is bound by memory
// on large grids). The values are copied unchanged, so results do not depend on the packing.
class Terrain {
 public:
  // `ground` may be null: `default_g` everywhere.
  Terrain(const data::Raster<float>& dtm, const data::Raster<float>& building,
          const data::Raster<float>* ground, double default_g);

  const data::GridSpec& grid() const { return grid_; }
  // Bilinear between cell centres (nearest at the edges); NaN outside the grid or where
  // any used cell is unknown.
  double elevation(double x, double y) const;
  // The same at continuous grid coordinates (GridSpec::col_of, row_of).
  double elevation_at(double col, double row) const;
  // Building height (0 where there is none) and ground factor G of a cell inside the grid.
  double building(std::int64_t col, std::int64_t row) const { return cell(col, row).building; }
  double ground(std::int64_t col, std::int64_t row) const {
    const float g = cell(col, row).ground;
    return std::isfinite(g) ? double{g} : default_g_;
  }
  double default_ground() const { return default_g_; }
  bool inside_building(std::int64_t col, std::int64_t row) const {
    return cell(col, row).building > 0.0f;
  }
  // Hints the memory system that a sample near (col, row) will be read soon.
  void prefetch(double col, double row) const;

 private:
  struct Cell {
    float z;         // dtm (NaN: unknown)
    float building;  // building height, 0 where none
    float ground;    // G, NaN where the scenario has none (then default_g_)
  };
  const Cell& cell(std::int64_t col, std::int64_t row) const {
    return cells_[static_cast<std::size_t>(row * grid_.nx + col)];
  }
  data::GridSpec grid_;
  std::vector<Cell> cells_;
  double default_g_ = 0.5;
};

// The scenario's rasters as a Terrain (ground_factor when present, else the default G).
Terrain make_terrain(const data::Scenario& scenario, const NoiseSettings& s);

// A vertical façade from the building_height raster: a run of cell edges along one grid line
// between building cells and open cells, facing the open side. Runs are cut where the
// building height changes, and the top is the lowest roof altitude along the run.
struct Facade {
  int axis = 0;        // 0: the wall runs north-south (x = line); 1: it runs east-west (y = line)
  double line = 0;     // its x (axis 0) or y (axis 1)
  double side = 1;     // +1 facing east (axis 0) or north (axis 1), -1 facing west or south
  double a0 = 0, a1 = 0;  // its extent along the wall: y (axis 0) or x (axis 1)
  double top = 0;      // altitude of the wall's top
};

struct Facades {
  std::vector<Facade> walls;
  // Uniform grid over the walls: cell (i, j) lists the walls touching it.
  double x0 = 0, y0 = 0, cell = 1;
  std::int64_t nx = 0, ny = 0;
  std::vector<std::vector<std::uint32_t>> cells;
};

// The façades of the scenario's buildings (empty when `s.reflections` is 0).
Facades make_facades(const data::Scenario& scenario, const NoiseSettings& s);

// Appends to `out` the walls within `reach` of (x, y) that face it, in wall order, leaving out
// those nearer than `own` (a façade point's own façade).
void facades_near(const Facades& f, double x, double y, double reach, double own,
                  std::vector<std::uint32_t>& out);

// A façade this close to a receptor point is the façade the point stands in front of: its
// reflection is left out, as END and CNOSSOS-EU façade levels count the incident sound only.
inline constexpr double kOwnFacadeM = 2.0;

struct Receiver {
  double x, y, z;
  double own_facade_m = 0;  // façades nearer than this do not reflect (receptor points: kOwnFacadeM)
};

struct ReceiverResult {
  std::array<double, kPeriods> energy{};  // A-weighted, linear, summed over the paths
  std::uint64_t paths = 0;
};

// Scratch reused between receivers of one thread: nothing is allocated per path once the
// buffers have grown.
struct Scratch {
  explicit Scratch(const Atmosphere& atmosphere) : path(atmosphere) {}
  PathCalculator path;
  std::vector<std::uint32_t> candidates;
  struct Range {
    double a, b;
  };
  std::vector<Range> ranges;  // the adaptive cutting's stack
  struct Piece {
    double x, y, length;
    std::uint32_t road, chunk, receiver;  // receiver: index within the block
  };
  std::vector<Piece> pieces;
  struct Sample {
    double t, zg, top, g;
    bool fixed;
  };
  std::vector<Sample> samples;
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // the simplification's stack
  // One block of the grid: its receivers, their cells in the output window, their results.
  std::vector<Receiver> block_receivers;
  std::vector<data::CellIndex> block_cells;
  std::vector<ReceiverResult> block_results;
  // The façades each receiver of the block may hear a reflection from: receiver k's walls are
  // block_walls[block_wall_begin[k] .. block_wall_begin[k + 1]).
  std::vector<std::uint32_t> block_walls;
  std::vector<std::size_t> block_wall_begin;
  Profile profile;
};

// All inputs of the per-receiver kernel.
struct Scene {
  const Terrain& terrain;
  const Sources& sources;
  const Facades& facades;
  const NoiseSettings& settings;
};

// receiver_energy() for a block of receivers (results[k] for receivers[k]), computed chunk by
// chunk across the block for the cache; each result is the same as receiver_energy() alone.
void block_energy(const Scene& scene, std::span<const Receiver> receivers,
                  std::span<ReceiverResult> results, Scratch& scratch);

// Every source piece within reach of the receiver at (x, y, z), in a fixed order, and their
// summed long-term A-weighted energy per period, under the scratch's atmosphere.
// Deterministic: depends only on its inputs.
ReceiverResult receiver_energy(const Scene& scene, double x, double y, double z, Scratch& scratch,
                               double own_facade_m = 0);

// The cut profile from a source piece at (xs, ys) to the receiver (exposed for the tests).
void cut_profile(const Terrain& terrain, double xs, double ys, double zs, double xr, double yr,
                 double zr, Scratch& scratch);
// The cut profile of a reflected path, source -> reflection point (px, py) on a façade ->
// receiver, unfolded into one vertical plane: the two legs are sampled as cut_profile()
// samples one, one after the other.
void cut_profile_reflected(const Terrain& terrain, double xs, double ys, double zs, double px,
                           double py, double xr, double yr, double zr, Scratch& scratch);

// A row of the scenario's receptors table as a receiver point.
struct ReceptorPoint {
  std::size_t row = 0;
  double x = 0, y = 0;
  double height = 0;           // above the terrain
  double z = 0;                // altitude of the receiver
  bool in_building = false;    // in a building cell: no level, as on the grid
};

// The first max_receptors rows of the receptors table (none when the scenario has no such
// table). Throws data::Error(invalid_value) naming the row for a row that is not one point
// with finite coordinates inside the grid, a height_m that is not in (0, 200] m, or a point
// where the terrain is unknown; (invalid_argument) when the table does not hold points.
std::vector<ReceptorPoint> read_receptors(const data::Scenario& scenario, const NoiseSettings& s,
                                          const Terrain& terrain);

// Lday, Levening, Lnight and Lden (dB(A)) at each receptor point, computed per receptor as
// the grid computes a cell, with the row's id and name when the table has them.
nlohmann::json receptor_levels(const data::Scenario& scenario, const NoiseSettings& s);

}  // namespace twin::solvers::noise::detail
