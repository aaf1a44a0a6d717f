#pragma once
// The grid solver's exact mode (not installed): every source-receptor pair within
// max_distance_m, each from the tabulated field of its source kind. Kinds are tabulated a chunk
// at a time (settings.table_budget_bytes), so a province's ~10,000 kinds need not be held at
// once. docs/models/nitrogen.md, "The grid solver".
#include <array>

#include "nitrogen_solver_detail.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::solvers::nitrogen::detail {

// The six fields of the window, in the order NH3 concentration, NHx dry, NHx wet, NOx
// concentration, NOy dry, NOy wet. Every cell sums its emitters chunk by chunk and, within a
// chunk, in table order, so 1 and N threads give the same bits; with a single chunk (every
// kind within the budget) the order is the table's.
std::array<data::Raster<float>, 6> exact_fields(const data::Scenario& scenario,
                                                const NitrogenSettings& settings,
                                                const Sources& sources, data::Window out,
                                                RunContext& context);

}  // namespace twin::solvers::nitrogen::detail
