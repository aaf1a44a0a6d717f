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

struct Receiver {
  double x, y, z;
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
  Profile profile;
};

// receiver_energy() for a block of receivers (results[k] for receivers[k]), computed chunk by
// chunk across the block for the cache; each result is the same as receiver_energy() alone.
void block_energy(const Terrain& terrain, const Sources& sources, const NoiseSettings& s,
                  std::span<const Receiver> receivers, std::span<ReceiverResult> results,
                  Scratch& scratch);

// Every source piece within reach of the receiver at (x, y, z), in a fixed order, and their
// summed long-term A-weighted energy per period, under the scratch's atmosphere.
// Deterministic: depends only on its inputs.
ReceiverResult receiver_energy(const Terrain& terrain, const Sources& sources,
                               const NoiseSettings& s, double x, double y, double z,
                               Scratch& scratch);

// The cut profile from a source piece at (xs, ys) to the receiver (exposed for the tests).
void cut_profile(const Terrain& terrain, double xs, double ys, double zs, double xr, double yr,
                 double zr, Scratch& scratch);

}  // namespace twin::solvers::noise::detail
