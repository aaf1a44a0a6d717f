#pragma once
// Difference layers between a what-if result and its reference run, for the viewer's
// "what changed" map and for statistics of the change.
#include <map>
#include <string>

#include "twin/data/scenario.hpp"

namespace twin::jobs {

// For each layer of `result` that `reference` also has, a float32 layer "<name>_diff" =
// result - reference, NaN (the layer's nodata) where either is nodata; units copied from the
// result layer. Layers in only one of them are skipped. Throws Error(grid_mismatch) when
// the two scenarios' grids differ.
std::map<std::string, data::Layer> difference_layers(const data::Scenario& result,
                                                     const data::Scenario& reference);

}  // namespace twin::jobs
