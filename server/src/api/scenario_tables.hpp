#pragma once
// A scenario's feature tables (roads, nitrogen sources, receptors) as GeoJSON, so a front end
// can draw them over the layers and pick road or source ids for edits.
#include <string>

#include "api_context.hpp"
#include "twin/jobs/scenario_catalog.hpp"

namespace twin::server::api {

// GET /scenarios/{id}/tables/{table}?f=geojson: a FeatureCollection, one feature per row with
// every column as a property. Coordinates stay in the scenario's CRS (named in `crs` and
// `twinsolve:epsg`), not longitude/latitude: RFC 7946 allows that by prior arrangement, and
// the API's edits take the same coordinates. `table` must be one of the record's tables.
HttpResponse scenario_table_response(const Services& services, const jobs::ScenarioRecord& record,
                                     const std::string& table, const std::string& format);

}  // namespace twin::server::api
