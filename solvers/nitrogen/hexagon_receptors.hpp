#pragma once
// Private to the nitrogen solver: its values at AERIUS hexagon centres inside the grid, from the
// same tabulated fields and emitter sums as the grid cells (docs/models/nitrogen.md,
// "AERIUS hexagons").
#include <nlohmann/json.hpp>

#include "nitrogen_solver_detail.hpp"

namespace twin::solvers::nitrogen::detail {

// The hexagon centres inside the scenario's grid (settings.hexagons == all) or inside its
// habitat cells (== habitats: natura2000_kdw finite in the cell holding the centre; none
// without that layer), each with id, x, y, land use, kdw (habitats) and the seven output
// quantities, by increasing id. Throws data::Error(invalid_argument) when there are more than
// settings.max_hexagons of them.
nlohmann::json hexagon_values(const data::Scenario& scenario, const NitrogenSettings& settings);

}  // namespace twin::solvers::nitrogen::detail
