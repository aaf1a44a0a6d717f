#pragma once
// The grid solver's fast mode (not installed): every source-receptor pair closer than
// fast_radius_m summed exactly from the source kind's tabulated field, weighted by the near
// weight w(d) of far_field.hpp, plus the far field (1 - w) K from the coarse lattice.
// docs/models/nitrogen.md, "Fast mode".
#include <array>

#include "nitrogen_solver_detail.hpp"
#include "twin/solvers/solver.hpp"

namespace twin::solvers::nitrogen::detail {

// The six fields of the window, in the order NH3 concentration, NHx dry, NHx wet, NOx
// concentration, NOy dry, NOy wet; every cell's sum is made in a fixed order, so 1 and N
// threads give the same bits.
std::array<data::Raster<float>, 6> fast_fields(const data::Scenario& scenario,
                                               const NitrogenSettings& settings,
                                               const Sources& sources, data::Window out,
                                               RunContext& context);

}  // namespace twin::solvers::nitrogen::detail
