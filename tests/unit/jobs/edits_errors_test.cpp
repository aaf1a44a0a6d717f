// Every way an edit can be wrong gets an error that names the edit and what is wrong, with
// the code the server turns into a 400; nothing is changed by a rejected list.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "twin/data/error.hpp"
#include "twin/jobs/edits.hpp"
#include "unit/jobs/edits_test_scenario.hpp"

namespace twin::jobs {
namespace {

using data::ErrorCode;
using edits_test::test_scenario;
using nlohmann::json;

constexpr auto malformed = ErrorCode::invalid_argument;
constexpr auto bad_value = ErrorCode::invalid_value;

struct ErrorCase {
  std::string edits;     // the JSON request
  std::string expected;  // a substring of the message
  ErrorCode code;
  bool without_tables = false;
};

const std::string square = R"([[1000,2200],[1030,2200],[1030,2170],[1000,2170]])";
const std::string rect_add = R"({"op":"add_building","height":15,"polygon":)" + square + "}";

const ErrorCase error_cases[] = {
    // The list and each entry.
    {R"({"op":"add_building"})", "edits must be an array of edit objects, not {", malformed},
    {"[5]", "edits[0]: must be an object with an 'op', not 5", malformed},
    {"[{}]", "edits[0]: missing field 'op'", malformed},
    {R"([{"op":7}])", "edits[0]: op must be a string, not 7", malformed},
    {R"([{"op":"add_tree"}])",
     "edits[0]: unknown op 'add_tree' (known: add_building, remove_buildings", malformed},
    {"[" + rect_add + R"(,{"op":"remove_buildings","polygon":[[0,0],[1,1]]}])",
     "edits[1] (remove_buildings): polygon has 2 points, needs at least 3", bad_value},
    // Fields.
    {R"([{"op":"add_building","hieght":15,"polygon":)" + square + "}]",
     "edits[0] (add_building): unknown field 'hieght' (this op takes op, label, polygon, height)",
     malformed},
    {R"([{"op":"add_building","polygon":)" + square + "}]",
     "edits[0] (add_building): missing field 'height'", malformed},
    {R"([{"op":"add_building","height":"15","polygon":)" + square + "}]",
     "edits[0] (add_building): height must be a number, not a string", malformed},
    {R"([{"op":"add_building","height":15,"label":3,"polygon":)" + square + "}]",
     "label must be a string", malformed},
    {R"([{"op":"add_building","height":15,"label":")" + std::string(201, 'x') + R"(","polygon":)" +
         square + "}]",
     "label is 201 characters long, at most 200", malformed},
    // Values.
    {R"([{"op":"add_building","height":0,"polygon":)" + square + "}]",
     "height 0 is out of range (0, 400]", bad_value},
    {R"([{"op":"add_building","height":400.5,"polygon":)" + square + "}]",
     "height 400.5 is out of range (0, 400]", bad_value},
    {R"([{"op":"plant_trees","height":101,"polygon":)" + square + "}]",
     "edits[0] (plant_trees): height 101 is out of range (0, 100]", bad_value},
    {R"([{"op":"set_land_use","land_use":12,"polygon":)" + square + "}]",
     "land_use 12 is not a class 1..9", bad_value},
    {R"([{"op":"set_land_use","land_use":2.5,"polygon":)" + square + "}]",
     "land_use must be an integer, not the number 2.5", malformed},
    // Polygons.
    {R"([{"op":"remove_buildings","polygon":{"type":"Polygon"}}])",
     "polygon must be an array of [x, y] points", malformed},
    {R"([{"op":"remove_buildings","polygon":[[1000,2200],[1030,2200,5],[1030,2170]]}])",
     "polygon[1] must be [x, y] with two numbers, not [1030,2200,5]", malformed},
    {R"([{"op":"remove_buildings","polygon":[[1000,2200],["1030",2200],[1030,2170]]}])",
     "polygon[1] must be [x, y] with two numbers", malformed},
    {R"([{"op":"remove_buildings","polygon":[[1000,2200],[1030,2200],[1000,2200],[1000,2200]]}])",
     "polygon has only 2 distinct points, needs at least 3", bad_value},
    {R"([{"op":"remove_buildings","polygon":[[1000,2200],[1010,2190],[1020,2180]]}])",
     "polygon has zero area (its points are collinear)", bad_value},
    {R"([{"op":"remove_buildings","polygon":[[5.1,52.1],[5.2,52.1],[5.2,52.2]]}])",
     "polygon lies outside the grid (x 1000 .. 1200, y 2000 .. 2200, EPSG:28992)", bad_value},
    {R"([{"op":"remove_buildings","polygon":[[1001,2199],[1004,2199],[1004,2196]]}])",
     "edits[0] (remove_buildings): polygon contains no cell centre of the grid", bad_value},
    {R"([{"op":"remove_buildings","polygon":[[1000,2200],[1030,2200],[2e9,2170]]}])",
     "polygon[2] has a coordinate beyond +-1e9 m", bad_value},
    // Road selection and columns.
    {R"([{"op":"scale_traffic","factor":2,"roads":[11],"polygon":)" + square + "}]",
     "edits[0] (scale_traffic): give either 'roads' or 'polygon', not both", malformed},
    {R"([{"op":"scale_traffic","factor":2}])", "missing field 'roads' or 'polygon'", malformed},
    {R"([{"op":"scale_traffic","factor":2,"roads":[11,99]}])", "id 99 is not in table 'roads'",
     bad_value},
    {R"([{"op":"scale_traffic","factor":2,"roads":["11"]}])",
     "roads[0] must be an integer id, not \"11\"", malformed},
    {R"([{"op":"scale_traffic","factor":2,"roads":11}])",
     "roads must be an array of integer ids, not a number", malformed},
    {R"([{"op":"scale_traffic","factor":2,"roads":[]}])", "roads is empty", bad_value},
    {R"([{"op":"scale_traffic","factor":-1,"roads":[11]}])", "factor -1 is below the minimum 0",
     bad_value},
    {R"([{"op":"scale_traffic","factor":2,"roads":[11],"categories":["cat9"]}])",
     "categories[0] 'cat9' is not one of cat1, cat2, cat3, cat4a, cat4b", bad_value},
    {R"([{"op":"scale_traffic","factor":2,"roads":[11],"categories":["cat2"]}])",
     "table 'roads' has no column 'q_cat2_day'", bad_value},
    {R"([{"op":"scale_traffic","factor":2,"roads":[11],"periods":["day","day"]}])",
     "periods[1] 'day' is listed twice", bad_value},
    {R"([{"op":"scale_traffic","factor":2,"roads":[11],"periods":[]}])", "periods is empty",
     bad_value},
    {R"([{"op":"scale_traffic","factor":2,"polygon":[[1100,2100],[1120,2100],[1120,2080]]}])",
     "polygon meets no feature of table 'roads'", bad_value},
    {R"([{"op":"scale_traffic","factor":2,"roads":[11]}])",
     "edits[0] (scale_traffic): scenario has no table 'roads'", bad_value, true},
    {R"([{"op":"set_traffic","vehicles_per_hour":-3,"roads":[11]}])",
     "vehicles_per_hour -3 is below the minimum 0", bad_value},
    {R"([{"op":"set_speed","speed_kmh":0,"roads":[11]}])",
     "edits[0] (set_speed): speed_kmh 0 is out of range (0, 200]", bad_value},
    {R"([{"op":"set_speed","speed_kmh":250,"roads":[11]}])",
     "speed_kmh 250 is out of range (0, 200]", bad_value},
    // Emissions.
    {R"([{"op":"set_emission","sources":[1],"factor":2,"nh3_kg_yr":5}])",
     "edits[0] (set_emission): give 'factor' or nh3_kg_yr/nox_kg_yr, not both", malformed},
    {R"([{"op":"set_emission","sources":[1]}])",
     "missing field 'nh3_kg_yr', 'nox_kg_yr' or 'factor'", malformed},
    {R"([{"op":"set_emission","sources":[7],"nh3_kg_yr":5}])",
     "id 7 is not in table 'nitrogen_sources'", bad_value},
    {R"([{"op":"set_emission","sources":[1],"nox_kg_yr":-5}])",
     "nox_kg_yr -5 is below the minimum 0", bad_value},
    {R"([{"op":"set_emission","sources":[1],"nh3_kg_yr":5}])",
     "scenario has no table 'nitrogen_sources'", bad_value, true},
    {R"([{"op":"set_emission","roads":[1],"nh3_kg_yr":5}])", "unknown field 'roads'", malformed},
};

TEST(EditsErrors, EachBadEditIsNamed) {
  for (const ErrorCase& c : error_cases) {
    const json edits = json::parse(c.edits);
    for (const bool apply : {false, true}) {
      data::Scenario s = test_scenario(!c.without_tables);
      const auto before = s.content_digests();
      try {
        if (apply) {
          apply_edits(s, edits);
        } else {
          validate_edits(edits, s);
        }
        ADD_FAILURE() << "accepted: " << c.edits;
      } catch (const data::Error& e) {
        EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos)
            << "message: " << e.what() << "\nexpected: " << c.expected;
        EXPECT_EQ(e.code(), c.code) << e.what();
      }
      EXPECT_EQ(s.content_digests(), before) << c.edits;
      EXPECT_TRUE(s.provenance.edits.empty()) << c.edits;
    }
  }
}

TEST(EditsErrors, Limits) {
  const data::Scenario s = test_scenario();
  const json one = json::parse(rect_add);
  EXPECT_EQ(validate_edits(json(std::vector<json>(max_edits, one)), s).size(), max_edits);
  try {
    validate_edits(json(std::vector<json>(max_edits + 1, one)), s);
    ADD_FAILURE();
  } catch (const data::Error& e) {
    EXPECT_EQ(std::string(e.what()), "edits has 1001 entries, at most 1000");
    EXPECT_EQ(e.code(), malformed);
  }

  // A circle of n points around the grid centre, closed: n + 1 entries.
  const auto circle = [](std::size_t n) {
    json ring = json::array();
    for (std::size_t i = 0; i <= n; ++i) {
      const double a = 2 * M_PI * static_cast<double>(i % n) / static_cast<double>(n);
      ring.push_back({1100 + 50 * std::cos(a), 2100 + 50 * std::sin(a)});
    }
    return json::array({{{"op", "remove_buildings"}, {"polygon", ring}}});
  };
  EXPECT_EQ(validate_edits(circle(max_polygon_points), s)[0]["polygon"].size(), max_polygon_points);
  try {
    validate_edits(circle(max_polygon_points + 1), s);
    ADD_FAILURE();
  } catch (const data::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "edits[0] (remove_buildings): polygon has 10002 points, at most 10000");
  }
}

// JSON text cannot hold infinity, but a caller building edits in code can.
TEST(EditsErrors, NonFiniteNumbers) {
  const data::Scenario s = test_scenario();
  const double inf = std::numeric_limits<double>::infinity();
  json edits = json::array({json::parse(rect_add)});
  edits[0]["height"] = inf;
  EXPECT_THROW(validate_edits(edits, s), data::Error);
  edits[0]["height"] = 15;
  edits[0]["polygon"][1][0] = std::nan("");
  try {
    validate_edits(edits, s);
    ADD_FAILURE();
  } catch (const data::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "edits[0] (add_building): polygon[1] has a coordinate that is not finite");
  }
}

// Only apply_edits sees layers: set_land_use needs a land_use map, and nothing changes when
// it is missing, not even the edits before it.
TEST(EditsErrors, SetLandUseWithoutLandUseLayer) {
  data::Scenario s = test_scenario(true, false);
  const json edits = json::parse(
      "[" + rect_add + R"(,{"op":"set_land_use","land_use":3,"polygon":)" + square + "}]");
  EXPECT_EQ(validate_edits(edits, s).size(), 2u);
  const auto before = s.content_digests();
  try {
    apply_edits(s, edits);
    ADD_FAILURE();
  } catch (const data::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "edits[1] (set_land_use): scenario has no land_use layer to change");
    EXPECT_EQ(e.code(), bad_value);
  }
  EXPECT_EQ(s.content_digests(), before);
  EXPECT_TRUE(s.provenance.edits.empty());
}

}  // namespace
}  // namespace twin::jobs
