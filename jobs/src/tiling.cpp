#include "twin/jobs/tiling.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>

#include "twin/data/error.hpp"

namespace twin::jobs {

std::vector<Tile> plan_tiles(const data::GridSpec& grid, std::uint64_t tile_cells, double halo_m) {
  if (!(halo_m >= 0.0) || !std::isfinite(halo_m))
    throw data::Error(data::ErrorCode::invalid_value, "tiling: the solver's halo must be a finite distance >= 0");
  const auto cells = static_cast<std::uint64_t>(grid.cells());
  if (tile_cells == 0 || cells <= tile_cells) return {Tile{0, grid.full(), grid.full()}};
  const auto side = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::floor(std::sqrt(static_cast<double>(tile_cells)))));
  const auto halo = static_cast<std::int64_t>(std::ceil(halo_m / grid.cell));
  std::vector<Tile> tiles;
  for (std::int64_t row0 = 0; row0 < grid.ny; row0 += side) {
    for (std::int64_t col0 = 0; col0 < grid.nx; col0 += side) {
      const data::Window window{col0, row0, std::min(side, grid.nx - col0), std::min(side, grid.ny - row0)};
      tiles.push_back(Tile{static_cast<int>(tiles.size()), window, grid.with_halo(window, halo)});
    }
  }
  return tiles;
}

namespace {

template <class T>
void copy_into(const data::Raster<T>& from, const data::Window& window, data::Raster<T>& to) {
  for (std::int64_t r = 0; r < window.nrows; ++r) {
    const auto source = from.row(r);
    std::copy(source.begin(), source.end(), to.row(window.row0 + r).begin() + window.col0);
  }
}

}  // namespace

void place_tile(const solvers::LayerSet& tile, const data::Window& window, const data::GridSpec& grid,
                solvers::LayerSet& whole, bool first) {
  for (const auto& [name, layer] : tile) {
    const data::GridSpec& g = layer.grid();
    if (g.nx != window.ncols || g.ny != window.nrows)
      throw data::Error(data::ErrorCode::grid_mismatch,
                        "tile layer '" + name + "' has " + std::to_string(g.nx) + " x " + std::to_string(g.ny) +
                            " cells, its window " + std::to_string(window.ncols) + " x " +
                            std::to_string(window.nrows));
    auto found = whole.find(name);
    if (found == whole.end()) {
      if (!first)
        throw data::Error(data::ErrorCode::grid_mismatch, "tile layer '" + name + "' is not in the first tile");
      data::Layer empty{layer.units, layer.description,
                        std::visit(
                            [&](const auto& raster) -> data::AnyRaster {
                              using R = std::decay_t<decltype(raster)>;
                              return R(grid, raster.nodata, raster.nodata);
                            },
                            layer.raster)};
      found = whole.emplace(name, std::move(empty)).first;
    }
    std::visit(
        [&](const auto& raster) {
          using R = std::decay_t<decltype(raster)>;
          auto* target = std::get_if<R>(&found->second.raster);
          if (target == nullptr)
            throw data::Error(data::ErrorCode::grid_mismatch, "tile layer '" + name + "' changes its cell type");
          copy_into(raster, window, *target);
        },
        layer.raster);
  }
}

}  // namespace twin::jobs
