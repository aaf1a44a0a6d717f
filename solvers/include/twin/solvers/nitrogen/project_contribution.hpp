#pragma once
// The project contribution of a plan: its total N deposition minus its reference's, per
// Natura 2000 habitat area, the way AERIUS reports a permit calculation (largest increase,
// area and 1 ha hexagons with an increase) plus the deposition and KDW exceedance before and
// after. docs/models/nitrogen.md, "Project contribution".
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/data/raster.hpp"

namespace twin::solvers::nitrogen {

// AERIUS Calculator shows deposition to two decimals, so a hexagon counts as having an
// increase when its contribution is at least 0.005 mol N/ha/yr (it shows as 0.01).
inline constexpr double kReportingThreshold = 0.005;  // [mol N ha-1 yr-1]

// Habitat areas: groups of cells with a finite KDW that touch by side or corner. label has
// one entry per cell of the raster (row-major): 0 outside habitats, else 1..count, numbered
// in the order their first cell appears row by row.
struct HabitatAreas {
  std::vector<std::int32_t> label;
  std::int32_t count = 0;
};
HabitatAreas habitat_areas(const data::Raster<float>& kdw);

// `scenario` and `reference` are total N deposition [mol N/ha/yr] on the grid of `kdw` (checked
// by the caller). `kdw` may be null: then only the window's figures. Contributions where
// either run is NaN are left out.
nlohmann::json project_contribution(const data::Raster<float>* kdw, const data::Raster<float>& scenario,
                                    const data::Raster<float>& reference);

}  // namespace twin::solvers::nitrogen
