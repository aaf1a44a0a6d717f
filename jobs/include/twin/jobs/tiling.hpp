#pragma once
// Splitting a grid too large for one task into tiles, and putting the tiles' layers back
// together. A tile is an output window; its solver reads the inputs within the solver's halo
// around it (`read`), so the tiles of a run give the cells the whole run gives
// (docs/jobs.md, "Tiled runs").
#include <cstdint>
#include <vector>

#include "twin/data/grid_spec.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::jobs {

struct Tile {
  int index = 0;       // row-major over the tile grid
  data::Window window;  // cells it writes
  data::Window read;    // cells its solver reads: window + halo, clipped to the grid
};

// Square tiles of floor(sqrt(tile_cells)) cells a side (the last row and column smaller),
// row-major. One tile (the whole grid) when tile_cells is 0 (tiling off) or the grid has at
// most tile_cells cells. The halo is rounded up to whole cells. Throws
// data::Error(invalid_value) for a negative or non-finite halo.
std::vector<Tile> plan_tiles(const data::GridSpec& grid, std::uint64_t tile_cells, double halo_m);

// Copies a tile's layers into the layers of the whole grid (made on the first tile, with the
// tile's types, units, descriptions and nodata). Throws data::Error(grid_mismatch) when the
// tile's layers do not have the window's size, or name layers the first tile did not have.
void place_tile(const solvers::LayerSet& tile, const data::Window& window, const data::GridSpec& grid,
                solvers::LayerSet& whole, bool first);

}  // namespace twin::jobs
