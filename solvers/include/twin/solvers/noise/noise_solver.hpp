#pragma once
// The road-traffic noise grid solver ("noise"): receivers at the cell centres of a window,
// the scenario's roads as point sub-sources (CNOSSOS-EU emission per period), a vertical cut
// profile per source-receiver pair sampled from the rasters, and the validated path
// propagation (`path.hpp`) for homogeneous and favourable conditions. Outputs Lday,
// Levening, Lnight and Lden in dB(A). Parameters, sampling and what is left out:
// docs/models/noise.md, section "The grid solver".
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "twin/solvers/solver.hpp"

namespace twin::solvers::noise {

class NoiseSolver final : public Solver {
 public:
  std::string_view name() const override { return "noise"; }
  std::string_view title() const override;
  std::string_view model_version() const override;
  ParamSpec params() const override;
  // dtm, building_height and the roads table; ground_factor is used when present (absent =
  // the parameter `ground_factor_default` everywhere), and the receptors table's points.
  std::vector<std::string> needs() const override;
  // The maximum propagation distance: a receiver hears roads that far.
  double halo_m(const Params& params) const override;
  // Float layers `lden`, `lday`, `levening`, `lnight` (dB(A)) on the grid of `out`; NaN in
  // building cells and where the terrain is unknown. Throws data::Error for a window outside
  // the grid, bad road or receptor rows (unknown surface, traffic without speed; a receptor
  // outside the grid or on unknown terrain, a bad height) or bad layers,
  // Cancelled when the context's flag is set.
  LayerSet solve(const data::Scenario& scenario, const Params& params, data::Window out,
                 RunContext& context) const override;
  // noise_statistics() of a whole-grid result and, when the scenario has a receptors table,
  // "receptors": Lday, Levening, Lnight and Lden at each of its points (at most the parameter
  // max_receptors; "receptors_left_out" counts the rest), computed as a grid cell is.
  nlohmann::json statistics(const data::Scenario& scenario, const LayerSet& result,
                            const Params& params) const override;
};

// The lower edges of the exposure bands, dB: 50-55, 55-60, ..., 75 and above (END reporting).
inline constexpr double kNoiseBandEdges[] = {50.0, 55.0, 60.0, 65.0, 70.0, 75.0};

// Per layer (`lden`, `lnight`) the area (m², outdoor receiver cells) and the dwellings per
// 5 dB band. Dwellings sit in building cells, which have no level: each takes the highest
// level among the receiver cells within max(10 m, 1.5 cells) of its cell (its most exposed
// façade, as END counts); dwellings with no such cell are counted as "unknown". Throws
// data::Error(missing_layer) when a layer is absent, (grid_mismatch) when it is not on the
// window's grid.
nlohmann::json noise_statistics(const data::Scenario& scenario, const LayerSet& result,
                                data::Window out);

}  // namespace twin::solvers::noise
