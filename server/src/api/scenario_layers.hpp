#pragma once
// A scenario's own layers as map images, so a front end can draw the scenario (terrain,
// land use, buildings, trees) under the results without a tile server: the same PNG and
// COG code as result layers, cached under <data-dir>/exports/<scenarioId>/.
#include <string>

#include "api_context.hpp"
#include "twin/jobs/scenario_catalog.hpp"

namespace twin::server::api {

// GET /scenarios/{id}/layers/{layer}?f=png|tiff[&style=ramp|hillshade] and .../legend.
// `layer` must be one of the record's layers (404 otherwise), so no request names a path;
// style=hillshade (PNG of `dtm` only) is the terrain shading for a base map.
HttpResponse scenario_layer_response(const Services& services, const jobs::ScenarioRecord& record,
                                     const std::string& layer, const std::string& format,
                                     const std::string& style);
HttpResponse scenario_legend_response(const Services& services, const jobs::ScenarioRecord& record,
                                      const std::string& layer);
// GET /scenarios/{id}/layers/{layer}/value?x=&y=: the layer's value in one cell (404 for a
// layer the scenario does not have).
HttpResponse scenario_point_value_response(const Services& services, const Request& request,
                                           const jobs::ScenarioRecord& record, const std::string& layer);
// Removes the cached images (DELETE of the scenario).
void remove_scenario_exports(const jobs::DataDir& dir, const std::string& scenario_id);

}  // namespace twin::server::api
