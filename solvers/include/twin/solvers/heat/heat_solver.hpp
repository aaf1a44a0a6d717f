#pragma once
// The heat-stress grid solver ("heat"): per cell and hour the shadow fraction, sky view
// factor, mean radiant temperature (SOLWEIG-style) and PET (MEMI or the Dutch regression of
// Koopmans et al. 2020), optionally UTCI, for a hot day; built from the validated building
// blocks in this folder. Parameters, defaults and simplifications: docs/models/heat.md,
// section "The grid solver".
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "twin/solvers/solver.hpp"

namespace twin::solvers::heat {

class HeatSolver final : public Solver {
 public:
  std::string_view name() const override { return "heat"; }
  std::string_view title() const override;
  std::string_view model_version() const override;
  ParamSpec params() const override;
  // dtm and building_height; vegetation_height is used when present (absent = no trees).
  std::vector<std::string> needs() const override;
  // The SVF search radius: the horizon a cell sees. Shadows longer than that from buildings
  // outside a tile are not seen (docs).
  double halo_m(const Params& params) const override;
  // Layers on the grid of `out`: `svf`, and per hour `shadow_fraction`, `tmrt`, `pet` (and
  // `utci` when asked); with several hours each per-hour name gets the hour as suffix
  // (`pet_15`) and `pet_max` is added. Throws data::Error for bad dates/hours, a window
  // outside the grid or bad input layers, Cancelled when the context's flag is set.
  LayerSet solve(const data::Scenario& scenario, const Params& params, data::Window out,
                 RunContext& context) const override;
};

}  // namespace twin::solvers::heat
