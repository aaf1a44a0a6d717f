#pragma once
// Plausibility checks on the standard layers and tables of a scenario, run on ingest and
// before a solver uses the data, so that bad values are reported where they come from
// rather than as strange results.
#include "twin/data/scenario.hpp"

namespace twin::data {

// Throws Error(invalid_value) naming the layer or table, the first offending cell (column,
// row and map coordinates) or row, and the rule: heights (building_height,
// vegetation_height) finite and >= 0; dtm finite where not nodata; ground_factor in [0, 1];
// dwellings >= 0; land_use a known class or 0 (nodata); natura2000_kdw > 0 or NaN; road
// flows >= 0 and speeds > 0 where there is traffic; source emissions, heights and heat >= 0.
void check_scenario(const Scenario& scenario);

}  // namespace twin::data
