#include "twin/data/scenario_checks.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

const GridSpec grid{0, 100, 10, 10, 10, 28992};
constexpr float nan = std::numeric_limits<float>::quiet_NaN();

Scenario good_scenario() {
  Scenario s(grid);
  s.set_layer("building_height", make_layer(Raster<float>(grid, 0.0f, 0.0f), "m", ""));
  s.set_layer("vegetation_height", make_layer(Raster<float>(grid, 0.0f, 0.0f), "m", ""));
  s.set_layer("dtm", make_layer(Raster<float>(grid, 1.0f, nan), "m", ""));
  s.set_layer("ground_factor", make_layer(Raster<float>(grid, 1.0f, -1.0f), "1", ""));
  s.set_layer("dwellings", make_layer(Raster<float>(grid, 0.0f, -1.0f), "1", ""));
  s.set_layer("natura2000_kdw", make_layer(Raster<float>(grid, nan, nan), "mol ha-1 yr-1", ""));
  s.set_layer("land_use", make_layer(Raster<std::uint8_t>(grid, 7, 0), "1", ""));
  FeatureTable roads(GeometryType::line, "roads");
  roads.geometries().push_back(Geometry{{{0, 0}, {50, 50}}, {0}});
  roads.set_column(Column{"q_cat1_day", "h-1", std::vector<double>{100}});
  roads.set_column(Column{"v_cat1_day", "km h-1", std::vector<double>{50}});
  s.set_table("roads", std::move(roads));
  FeatureTable sources(GeometryType::point, "sources");
  sources.geometries().push_back(Geometry{{{5, 5}}, {0}});
  sources.set_column(Column{"nh3_kg_yr", "kg yr-1", std::vector<double>{1000}});
  sources.set_column(Column{"height_m", "m", std::vector<double>{5}});
  s.set_table("nitrogen_sources", std::move(sources));
  return s;
}

void set_cell(Scenario& s, const char* layer, float value) { s.raster<float>(layer).at(3, 4) = value; }

struct Case {
  std::string name;
  std::function<void(Scenario&)> spoil;
  std::string message;  // a piece the message must contain
};

TEST(ScenarioChecks, GoodScenarioPasses) { EXPECT_NO_THROW(check_scenario(good_scenario())); }

TEST(ScenarioChecks, BadValuesAreNamedWithTheirPlace) {
  const std::vector<Case> cases = {
      {"nan_building", [](Scenario& s) { set_cell(s, "building_height", nan); }, "building_height"},
      {"negative_building", [](Scenario& s) { set_cell(s, "building_height", -2.0f); }, "column 3, row 4"},
      {"negative_tree", [](Scenario& s) { set_cell(s, "vegetation_height", -0.5f); }, "vegetation_height"},
      {"infinite_dtm", [](Scenario& s) { set_cell(s, "dtm", std::numeric_limits<float>::infinity()); }, "dtm"},
      {"g_above_one", [](Scenario& s) { set_cell(s, "ground_factor", 1.5f); }, "G must be in [0, 1]"},
      {"negative_dwellings", [](Scenario& s) { set_cell(s, "dwellings", -1.0f); }, "dwellings"},
      {"zero_kdw", [](Scenario& s) { set_cell(s, "natura2000_kdw", 0.0f); }, "critical deposition"},
      {"unknown_class", [](Scenario& s) { s.raster<std::uint8_t>("land_use").at(0, 0) = 12; }, "class 12"},
      {"negative_flow", [](Scenario& s) { s.table("roads").doubles("q_cat1_day")[0] = -5; }, "q_cat1_day"},
      {"zero_speed", [](Scenario& s) { s.table("roads").doubles("v_cat1_day")[0] = 0; }, "v_cat1_day"},
      {"nan_emission", [](Scenario& s) { s.table("nitrogen_sources").doubles("nh3_kg_yr")[0] = std::nan(""); }, "nh3_kg_yr"},
      {"negative_height", [](Scenario& s) { s.table("nitrogen_sources").doubles("height_m")[0] = -1; }, "height_m"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Scenario s = good_scenario();
    c.spoil(s);
    try {
      check_scenario(s);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::invalid_value);
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
}

TEST(ScenarioChecks, NoTrafficNeedsNoSpeed) {
  Scenario s = good_scenario();
  s.table("roads").doubles("q_cat1_day")[0] = 0;
  s.table("roads").doubles("v_cat1_day")[0] = 0;
  EXPECT_NO_THROW(check_scenario(s));
}

}  // namespace
}  // namespace twin::data
