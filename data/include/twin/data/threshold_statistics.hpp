#pragma once
// Area and dwellings above the thresholds that matter for a quantity, as planners count
// them: noise per 5 dB band from 50 dB (END reporting), PET per heat-stress class
// (23/29/35/41 °C, Matzarakis), UTCI per stress category (26/32/38/46 °C), deposition above
// a critical value where the scenario has one.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/data/layer.hpp"

namespace twin::data {

// The thresholds for a layer name ("lden", "pet_15", "utci", ...); empty when none apply.
// Difference layers ("_diff") have none.
std::vector<double> thresholds_for(const std::string& layer_name);

// For each threshold t: cells, area (m²) and dwellings with value >= t. `dwellings` must be on
// the layer's grid when given. Returns {"thresholds": [{"at": t, "cells", "area_m2",
// "dwellings"}...], "units": ...}, or an empty object when no thresholds apply.
nlohmann::json threshold_statistics(const std::string& layer_name, const Layer& layer,
                                    const Layer* dwellings);

}  // namespace twin::data
