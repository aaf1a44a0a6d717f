#pragma once
// What-if edits: changes a job request applies to a copy of its scenario before solving
// (add or remove buildings, plant trees, change land use, traffic or emissions). The JSON
// form is documented in docs/api.md, section "Edits". Errors name the offending edit,
// "edits[2] (add_building): polygon has 2 points, needs at least 3", because the server
// returns them to the client as they are.
#include <cstddef>
#include <nlohmann/json.hpp>

#include "twin/data/scenario.hpp"

namespace twin::jobs {

// Limits that keep one request from tying up a worker with geometry alone.
inline constexpr std::size_t max_edits = 1000;
inline constexpr std::size_t max_polygon_points = 10000;

// Checks a JSON array of edits against a scenario (its grid and tables; layers need not be
// loaded) and returns it normalised: "op" canonical (lower case, '_'), polygons without the
// closing point, id lists sorted and unique, default categories and periods filled in.
// Throws data::Error(invalid_argument) for a malformed edit (not an object, unknown op or
// field, wrong type, too many edits or points) and data::Error(invalid_value) for a value
// out of range, a bad polygon, an unknown id, a missing table or column, or a selection
// that matches nothing; the message starts "edits[i] (op): ".
nlohmann::json validate_edits(const nlohmann::json& edits, const data::Scenario& scenario);

// Applies edits in order to the scenario and appends each (normalised) to
// scenario.provenance.edits. Validates them first, so unvalidated input is safe too. Creates
// a missing building_height or vegetation_height layer as zeros (float32, m) when an edit
// writes it; a missing land_use layer is an error for set_land_use (a class map cannot be
// made up). Every check happens before the first change, so on error the scenario is as it
// was.
void apply_edits(data::Scenario& scenario, const nlohmann::json& edits);

}  // namespace twin::jobs
