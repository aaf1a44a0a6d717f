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
  // heat_statistics() of a whole-grid result: one object, or per hour ("15": {...}) when
  // several hours were solved.
  nlohmann::json statistics(const data::Scenario& scenario, const LayerSet& result,
                            const Params& params) const override;
};

// PET heat-stress class limits used in the Dutch heat-stress maps, °C: below 23 no stress,
// 23–29 slight, 29–35 moderate, 35–41 strong, above 41 extreme heat stress.
inline constexpr double kPetClassLimits[] = {23.0, 29.0, 35.0, 41.0};
inline constexpr double kCoolPetLimit = 35.0;  // a "cool place": shaded and PET below this

// Statistics planners use, from a solve result and its scenario on the same window: area
// (m²) and dwellings per PET class; the shaded share (shadow fraction ≥ 0.5) of paved outdoor
// cells (land_use urban, no building), when land_use is present; and for the dwellings the
// distance to the nearest cool place (shaded and PET < 35 °C) inside the window, when
// dwellings are present. Dwellings sit in building cells: each takes the PET of the nearest
// outdoor cell within 10 m ("unknown" when there is none) and measures its distance from
// its own cell. `pet_layer`/`shade_layer` name the result layers (e.g. "pet_15",
// "shadow_fraction_15"). Throws data::Error(missing_layer) when one is absent,
// (grid_mismatch) when they are not on the window's grid.
nlohmann::json heat_statistics(const data::Scenario& scenario, const LayerSet& result,
                               data::Window out, std::string_view pet_layer = "pet",
                               std::string_view shade_layer = "shadow_fraction");

}  // namespace twin::solvers::heat
