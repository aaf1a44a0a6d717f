#include "twin/jobs/edits.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "twin/data/standard_names.hpp"
#include "unit/jobs/edits_test_scenario.hpp"

namespace twin::jobs {
namespace {

using nlohmann::json;
namespace names = data::names;
using edits_test::cells_rect;
using edits_test::grid;
using edits_test::test_scenario;

template <class T>
std::vector<T> values(const data::Scenario& s, std::string_view layer) {
  return s.raster<T>(layer).values;
}

// Expected raster: `inside` where (col, row) passes the predicate, `outside` elsewhere.
template <class T, class Pred>
std::vector<T> expected_cells(Pred inside_cell, T inside, T outside) {
  std::vector<T> out(static_cast<std::size_t>(grid.cells()), outside);
  for (int r = 0; r < grid.ny; ++r) {
    for (int c = 0; c < grid.nx; ++c) {
      if (inside_cell(c, r)) out[static_cast<std::size_t>(r * grid.nx + c)] = inside;
    }
  }
  return out;
}

const std::vector<double>& column(const data::Scenario& s, std::string_view table,
                                  const std::string& name) {
  return s.table(table).doubles(name);
}

TEST(Edits, AddBuildingSetsHeightAndUrbanLandUse) {
  data::Scenario s = test_scenario();
  apply_edits(s, json::parse(R"([{"op":"add_building","height":15,
      "polygon":[[1000,2200],[1030,2200],[1030,2170],[1000,2170],[1000,2200]]}])"));
  const auto in = [](int c, int r) { return c < 3 && r < 3; };
  EXPECT_EQ(values<float>(s, names::building_height), expected_cells<float>(in, 15.0f, 0.0f));
  EXPECT_EQ(values<std::uint8_t>(s, names::land_use), expected_cells<std::uint8_t>(in, 7, 1));
}

TEST(Edits, RemoveBuildingsInATriangle) {
  data::Scenario s = test_scenario();
  std::fill(s.raster<float>(names::building_height).values.begin(),
            s.raster<float>(names::building_height).values.end(), 12.0f);
  // Centres inside where (c + 0.5) + (r + 0.5) < 10.5; none lies on the hypotenuse.
  apply_edits(
      s, json::parse(
             R"([{"op":"remove_buildings","polygon":[[1000,2200],[1105,2200],[1000,2095]]}])"));
  const auto in = [](int c, int r) { return c + r <= 9; };
  EXPECT_EQ(values<float>(s, names::building_height), expected_cells<float>(in, 0.0f, 12.0f));
  EXPECT_EQ(values<std::uint8_t>(s, names::land_use), expected_cells<std::uint8_t>(in, 1, 1));
}

TEST(Edits, PlantTreesCreatesTheVegetationLayer) {
  data::Scenario s = test_scenario();
  ASSERT_FALSE(s.has_layer(names::vegetation_height));
  apply_edits(
      s, json::array(
             {{{"op", "plant_trees"}, {"height", 8}, {"polygon", cells_rect(10, 12, 10, 12)}}}));
  const auto in = [](int c, int r) { return c >= 10 && c < 12 && r >= 10 && r < 12; };
  EXPECT_EQ(values<float>(s, names::vegetation_height), expected_cells<float>(in, 8.0f, 0.0f));
  EXPECT_EQ(s.layer(names::vegetation_height).units, "m");
}

TEST(Edits, SetLandUse) {
  data::Scenario s = test_scenario();
  apply_edits(
      s, json::array(
             {{{"op", "set_land_use"}, {"land_use", 3}, {"polygon", cells_rect(0, 20, 19, 20)}}}));
  const auto in = [](int, int r) { return r == 19; };
  EXPECT_EQ(values<std::uint8_t>(s, names::land_use), expected_cells<std::uint8_t>(in, 3, 1));
}

// Road column names "<prefix>_<cat>_<period>" for the given categories and periods.
std::vector<std::string> road_columns(char prefix, std::vector<std::string_view> cats,
                                      std::vector<std::string_view> periods = {"day", "evening",
                                                                               "night"}) {
  std::vector<std::string> out;
  for (auto cat : cats) {
    for (auto period : periods) {
      out.push_back(prefix == 'q' ? names::flow_column(cat, period)
                                  : names::speed_column(cat, period));
    }
  }
  return out;
}

// One row per road edit: the columns it changes and their values after it; all other
// columns keep their values.
struct RoadCase {
  std::string name;
  std::string edit;
  std::vector<std::string> changed;
  std::vector<double> values;
};

TEST(Edits, RoadEdits) {
  const std::vector<double> q0{100, 200, 300}, v0{50, 80, 30};
  const auto all_flows = road_columns('q', {"cat1", "cat3"});
  const RoadCase cases[] = {
      {"scale all of road 11",
       R"({"op":"scale_traffic","roads":[11],"factor":1.5})",
       all_flows,
       {150, 200, 300}},
      {"scale one category and period",
       R"({"op":"scale_traffic","roads":[11,13],"factor":2,
          "categories":["cat3"],"periods":["night"]})",
       {"q_cat3_night"},
       {200, 200, 600}},
      {"polygon crossed by road 12 only",
       R"({"op":"scale_traffic","factor":0,
          "polygon":[[1040,2100],[1060,2100],[1060,2080],[1040,2080]]})",
       all_flows,
       {100, 0, 300}},
      {"polygon around all of road 13",
       R"({"op":"set_traffic","vehicles_per_hour":120,
          "polygon":[[1140,2010],[1195,2010],[1195,2030],[1140,2030]]})",
       all_flows,
       {100, 200, 120}},
      {"speed of light vehicles on road 11",
       R"({"op":"set_speed","roads":[11],"speed_kmh":30,
          "categories":["cat1"]})",
       road_columns('v', {"cat1"}),
       {30, 80, 30}},
      {"evening traffic on two roads",
       R"({"op":"set_traffic","roads":[12,11],"vehicles_per_hour":7,
          "periods":["evening"]})",
       road_columns('q', {"cat1", "cat3"}, {"evening"}),
       {7, 7, 300}},
  };
  for (const RoadCase& c : cases) {
    data::Scenario s = test_scenario();
    apply_edits(s, json::array({json::parse(c.edit)}));
    for (const data::Column& col : s.table(names::roads).columns()) {
      if (col.name == "id") continue;
      const bool changed =
          std::find(c.changed.begin(), c.changed.end(), col.name) != c.changed.end();
      const std::vector<double>& unchanged = col.name[0] == 'q' ? q0 : v0;
      EXPECT_EQ(column(s, names::roads, col.name), changed ? c.values : unchanged)
          << c.name << ": " << col.name;
    }
  }
}

TEST(Edits, EmissionEdits) {
  struct Case {
    std::string name;
    std::string edit;
    std::vector<double> nh3, nox;
  };
  const Case cases[] = {
      {"set NH3 of source 2",
       R"({"op":"set_emission","sources":[2],"nh3_kg_yr":50})",
       {100, 50},
       {10, 20}},
      {"set both",
       R"({"op":"set_emission","sources":[1,2],"nh3_kg_yr":0,"nox_kg_yr":5})",
       {0, 0},
       {5, 5}},
      {"halve source 1 by polygon",
       R"({"op":"set_emission","factor":0.5,
          "polygon":[[1000,2200],[1050,2200],[1050,2150],[1000,2150]]})",
       {50, 200},
       {5, 20}},
  };
  for (const Case& c : cases) {
    data::Scenario s = test_scenario();
    apply_edits(s, json::array({json::parse(c.edit)}));
    EXPECT_EQ(column(s, names::nitrogen_sources, "nh3_kg_yr"), c.nh3) << c.name;
    EXPECT_EQ(column(s, names::nitrogen_sources, "nox_kg_yr"), c.nox) << c.name;
  }
}

TEST(Edits, EditsApplyInOrder) {
  data::Scenario s = test_scenario();
  apply_edits(s, json::array({
                     {{"op", "add_building"}, {"height", 20}, {"polygon", cells_rect(0, 4, 0, 4)}},
                     {{"op", "remove_buildings"}, {"polygon", cells_rect(2, 4, 0, 4)}},
                 }));
  const auto in = [](int c, int r) { return c < 2 && r < 4; };
  EXPECT_EQ(values<float>(s, names::building_height), expected_cells<float>(in, 20.0f, 0.0f));
}

TEST(Edits, ValidateNormalises) {
  const data::Scenario s = test_scenario();
  const json got = validate_edits(json::parse(R"([
      {"op":"Add-Building","height":15,"label":"school",
       "polygon":[[1000,2200],[1030,2200],[1030,2170],[1000,2200]]},
      {"op":"scale_traffic","roads":[13,11,11],"factor":1.5}])"),
                                  s);
  const json want = json::parse(R"([
      {"op":"add_building","height":15.0,"label":"school",
       "polygon":[[1000.0,2200.0],[1030.0,2200.0],[1030.0,2170.0]]},
      {"op":"scale_traffic","roads":[11,13],"factor":1.5,
       "categories":["cat1","cat3"],"periods":["day","evening","night"]}])");
  EXPECT_EQ(got, want) << got.dump(1);
  EXPECT_EQ(validate_edits(json(), s), json::array());
  EXPECT_EQ(validate_edits(json::array(), s), json::array());
}

TEST(Edits, ProvenanceRecordsTheEdits) {
  data::Scenario s = test_scenario();
  const json edits = json::parse(R"([{"op":"plant_trees","height":8,
      "polygon":[[1000,2200],[1030,2200],[1030,2170]]},
      {"op":"set_emission","sources":[1],"factor":2}])");
  apply_edits(s, edits);
  EXPECT_EQ(s.provenance.edits, validate_edits(edits, test_scenario()));
  apply_edits(s, json::array({edits[1]}));  // later edits append
  ASSERT_EQ(s.provenance.edits.size(), 3u);
  EXPECT_EQ(s.provenance.edits[2]["op"], "set_emission");
}

}  // namespace
}  // namespace twin::jobs
