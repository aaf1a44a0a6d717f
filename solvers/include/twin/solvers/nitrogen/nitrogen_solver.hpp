#pragma once
// The nitrogen deposition grid solver ("nitrogen"): every source of the scenario's
// nitrogen_sources table (points; area sources as sub-points) summed at every cell centre of
// a window with the OPS-like climatological plume of source_receptor.hpp, tabulated per
// source kind (field_table.hpp). Outputs NH3 and NOx concentrations, dry and wet deposition
// of NHx and NOy and total N deposition, and the exceedance of the critical deposition value
// where the scenario has natura2000_kdw. docs/models/nitrogen.md, "The grid solver".
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "twin/solvers/solver.hpp"

namespace twin::solvers::nitrogen {

class NitrogenSolver final : public Solver {
 public:
  std::string_view name() const override { return "nitrogen"; }
  std::string_view title() const override;
  std::string_view model_version() const override;
  ParamSpec params() const override;
  // land_use and the nitrogen_sources table; natura2000_kdw and receptors when present.
  std::vector<std::string> needs() const override;
  // The parameter max_distance_m: sources farther from a cell are left out.
  double halo_m(const Params& params) const override;
  // Float layers conc_nh3, conc_nox (ug/m3), dep_dry_nhx, dep_wet_nhx, dep_dry_noy,
  // dep_wet_noy, dep_total_n (mol N/ha/yr) and, with natura2000_kdw, kdw_exceedance (total -
  // KDW, NaN outside habitats) on the grid of `out`. Throws data::Error for a window outside
  // the grid, bad parameters or source rows, Cancelled when the context's flag is set.
  LayerSet solve(const data::Scenario& scenario, const Params& params, data::Window out,
                 RunContext& context) const override;
  // nitrogen_statistics() of a whole-grid result.
  nlohmann::json statistics(const data::Scenario& scenario, const LayerSet& result,
                            const Params& params) const override;
  // project_contribution() of dep_total_n against the reference's, on the scenario's
  // natura2000_kdw habitat areas when it has that layer. Throws data::Error when either result
  // lacks a float dep_total_n on the scenario's grid.
  nlohmann::json compare_statistics(const data::Scenario& scenario, const data::Scenario& result,
                                    const data::Scenario& reference_result, const Params& params) const override;
};

// Totals over the window (deposited N in mol/yr, emitted N), on Natura 2000 habitat cells
// (cells, area, deposited N, max and mean total deposition, area and cells above the KDW,
// largest exceedance) and, when the scenario has a receptors table, the exact source-receptor
// values at each receptor (at most the parameter max_receptors). Throws data::Error when a
// result layer is missing or not on the window's grid.
nlohmann::json nitrogen_statistics(const data::Scenario& scenario, const LayerSet& result,
                                   const Params& params, data::Window out);

}  // namespace twin::solvers::nitrogen
