// Road emissions from traffic: the shipped factor table, a hand computation, period weights,
// class selection, zero traffic, and refused tables and rows (table-driven).
#include "twin/solvers/nitrogen/road_emission.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/data/imaer_gml.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::solvers::nitrogen {
namespace {

namespace names = data::names;
using nlohmann::json;

// One straight road of `length_m` with every standard column; flows and speeds set by the caller.
data::FeatureTable one_road(const std::string& kind, double length_m) {
  data::FeatureTable t(data::GeometryType::line, "test road");
  t.geometries().push_back(data::Geometry{{{0.0, 0.0}, {length_m * 0.6, length_m * 0.8}}, {0}});
  t.set_column({std::string(names::road_kind), "", std::vector<std::string>{kind}});
  for (auto cat : names::vehicle_categories) {
    for (auto period : names::periods) {
      t.set_column({names::flow_column(cat, period), "h-1", std::vector<double>{0.0}});
      t.set_column({names::speed_column(cat, period), "km h-1", std::vector<double>{0.0}});
    }
  }
  return t;
}

void set_traffic(data::FeatureTable& t, std::string_view cat, std::string_view period, double q,
                 double v) {
  t.doubles(names::flow_column(cat, period))[0] = q;
  t.doubles(names::speed_column(cat, period))[0] = v;
}

// A small table: light 1 g/km and heavy 10 g/km NOx everywhere; NH3 0.01 / 0.02 g/km;
// streets split at 30 km/h into "slow" (x2) and "fast".
json small_table() {
  auto factors = [](double scale) {
    json f;
    for (auto cat : names::vehicle_categories) {
      const bool heavy = cat == "cat2" || cat == "cat3";
      f[std::string(cat)] = {{"nox", scale * (heavy ? 10.0 : 1.0)}, {"nh3", heavy ? 0.02 : 0.01}};
    }
    return f;
  };
  return json{
      {"header", {{"source", "test"}}},
      {"classes",
       {{{"name", "road"}, {"kinds", {"motorway", "arterial"}}, {"factors", factors(1.0)}},
        {{"name", "slow"}, {"kinds", {"street"}}, {"max_speed_kmh", 30}, {"factors", factors(2.0)}},
        {{"name", "fast"},
         {"kinds", {"street"}},
         {"min_speed_kmh", 30},
         {"factors", factors(1.0)}}}}};
}

TEST(RoadEmission, ShippedTableParsesAndNamesItsGaps) {
  const auto f = read_road_emission_factors(default_road_emission_factors_path());
  EXPECT_EQ(f.classes.size(), 5u);
  EXPECT_DOUBLE_EQ(f.by_name("motorway").factors[0].nox, 0.234);
  EXPECT_DOUBLE_EQ(f.by_name("urban_stagnating").factors[2].nox, 7.277);
  EXPECT_EQ(f.select("street", 10.0).name, "urban_stagnating");
  EXPECT_EQ(f.select("street", 20.0).name, "urban_normal");
  EXPECT_EQ(f.select("street", 50.0).name, "urban_free_flow");
  EXPECT_EQ(f.select("arterial", 80.0).name, "rural");
  EXPECT_FALSE(f.has_all_nh3());  // the shipped table has no NH3 figures (docs/models/nitrogen.md)
}

// Hand computation: 1000 light vehicles/h all day at 50 km/h on 1 km of street. The shipped
// urban free-flow factor is 0.255 g NOx/km: 1000 x 0.255 x 24 h x 365.25 d = 2 235 330 g/yr.
TEST(RoadEmission, HandComputationOneKilometreOfStreet) {
  const auto f = read_road_emission_factors(default_road_emission_factors_path());
  auto road = one_road("street", 1000.0);
  for (auto period : names::periods) set_traffic(road, "cat1", period, 1000.0, 50.0);
  const auto per_year = road_emission_per_year(road, 0, f);
  EXPECT_NEAR(per_year.length_m, 1000.0, 1e-9);
  EXPECT_NEAR(per_year.nox_kg_yr, 2235.33, 1e-6);
  EXPECT_EQ(per_year.nh3_kg_yr, 0.0);
  const auto e = road_emission(road, 0, f);
  EXPECT_NEAR(e.nox_g_per_s_m, 1000.0 * 0.255 / 1000.0 / 3600.0, 1e-15);
}

// The chain IMAER GML -> roads table -> emission on the shared AERIUS road file: 980 light
// and 200 heavy vehicles per day on 74.30 km of motorway. Hand computation with the shipped
// motorway factors (0.234 and 1.909 g/km): (980 x 0.234 + 200 x 1.909) g/km/day x 365.25 d
// x 74.302 km = 16 585 kg NOx/yr. The file states 32 844 kg/yr, computed by AERIUS in 2014
// with that year's factors and 20 % stagnating light traffic (docs/models/nitrogen.md).
TEST(RoadEmission, ImaerRoadSampleByHand) {
  const auto path = twin::test::shared_data("imaer") / "road.gml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "sample data absent: " << path;
  const auto roads = data::imaer_roads_to_table(data::read_imaer_gml(path));
  const auto f = read_road_emission_factors(default_road_emission_factors_path());
  const auto t = road_emission_per_year(roads, 0, f);
  const double length_km = std::hypot(208413.0 - 136558.0, 474162.0 - 455251.0) / 1000.0;
  EXPECT_NEAR(t.length_m, 1000.0 * length_km, 1e-6);
  EXPECT_NEAR(t.nox_kg_yr, (980.0 * 0.234 + 200.0 * 1.909) * 365.25 * length_km / 1000.0, 1e-6);
  EXPECT_NEAR(t.nox_kg_yr, 16585.04, 0.01);
  EXPECT_NEAR(t.nox_kg_yr / roads.doubles("nox_kg_yr")[0], 0.505, 0.001);
}

TEST(RoadEmission, PeriodsWeighByTheirHours) {
  const auto f = parse_road_emission_factors(small_table(), "small");
  auto road = one_road("motorway", 2000.0);
  set_traffic(road, "cat3", "evening", 60.0, 80.0);  // 4 of 24 hours, 10 g/km
  const auto e = road_emission(road, 0, f);
  EXPECT_NEAR(e.nox_g_per_s_m, (4.0 / 24.0) * 60.0 * 10.0 / 3.6e6, 1e-15);
  EXPECT_NEAR(e.nh3_g_per_s_m, (4.0 / 24.0) * 60.0 * 0.02 / 3.6e6, 1e-15);
  // kg/yr: 10 vehicles/h on average x 2 km x 10 g/km x 8766 h.
  EXPECT_NEAR(road_emission_per_year(road, 0, f).nox_kg_yr, 10.0 * 2.0 * 10.0 * 8766.0 / 1000.0,
              1e-9);
}

TEST(RoadEmission, SpeedPicksTheClassPerCategoryAndPeriod) {
  const auto f = parse_road_emission_factors(small_table(), "small");
  auto road = one_road("street", 1000.0);
  set_traffic(road, "cat1", "day", 100.0, 20.0);    // slow: 2 g/km
  set_traffic(road, "cat1", "night", 100.0, 50.0);  // fast: 1 g/km
  const auto e = road_emission(road, 0, f);
  EXPECT_NEAR(e.nox_g_per_s_m, (0.5 * 100.0 * 2.0 + (8.0 / 24.0) * 100.0 * 1.0) / 3.6e6, 1e-15);
  // An emission_class column overrides the speed: everything "fast".
  road.set_column({"emission_class", "", std::vector<std::string>{"fast"}});
  EXPECT_NEAR(road_emission(road, 0, f).nox_g_per_s_m, (0.5 * 100.0 + (8.0 / 24.0) * 100.0) / 3.6e6,
              1e-15);
}

TEST(RoadEmission, ZeroTrafficGivesZeroAndSpeedIsNotNeeded) {
  const auto f = parse_road_emission_factors(small_table(), "small");
  auto road = one_road("street", 500.0);  // all flows 0, all speeds 0
  const auto e = road_emission(road, 0, f);
  EXPECT_EQ(e.nox_g_per_s_m, 0.0);
  EXPECT_EQ(e.nh3_g_per_s_m, 0.0);
  EXPECT_EQ(road_emission_per_year(road, 0, f).nox_kg_yr, 0.0);
}

TEST(RoadEmission, EmissionsScaleWithTrafficAndAllRowsAgree) {
  const auto f = parse_road_emission_factors(small_table(), "small");
  auto road = one_road("arterial", 1000.0);
  set_traffic(road, "cat2", "day", 7.0, 70.0);
  const double one = road_emission(road, 0, f).nox_g_per_s_m;
  set_traffic(road, "cat2", "day", 14.0, 70.0);
  EXPECT_DOUBLE_EQ(road_emission(road, 0, f).nox_g_per_s_m, 2.0 * one);
  EXPECT_DOUBLE_EQ(road_emissions(road, f)[0].nox_g_per_s_m, 2.0 * one);
}

struct BadRow {
  std::string name;
  std::string column;
  double value;
  data::ErrorCode code;
  std::string what;
};

class RoadEmissionBadRow : public ::testing::TestWithParam<BadRow> {};

TEST_P(RoadEmissionBadRow, IsRefusedNamingRowAndColumn) {
  const auto& c = GetParam();
  const auto f = parse_road_emission_factors(small_table(), "small");
  auto road = one_road("street", 100.0);
  set_traffic(road, "cat1", "day", 10.0, 40.0);
  road.doubles(c.column)[0] = c.value;
  try {
    road_emission(road, 0, f);
    FAIL() << "no error";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), c.code) << e.what();
    const std::string msg = e.what();
    EXPECT_NE(msg.find("row 0"), std::string::npos) << msg;
    EXPECT_NE(msg.find(c.what), std::string::npos) << msg;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, RoadEmissionBadRow,
                         ::testing::Values(BadRow{"negative_flow", "q_cat1_day", -1.0,
                                                  data::ErrorCode::invalid_value, "q_cat1_day"},
                                           BadRow{"nan_flow", "q_cat1_day", NAN,
                                                  data::ErrorCode::invalid_value, "finite"},
                                           BadRow{"zero_speed", "v_cat1_day", 0.0,
                                                  data::ErrorCode::invalid_value,
                                                  "speed must be > 0"}),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(RoadEmission, UnknownKindIsRefused) {
  const auto f = parse_road_emission_factors(small_table(), "small");
  auto road = one_road("towpath", 100.0);
  set_traffic(road, "cat1", "day", 10.0, 40.0);
  try {
    road_emission(road, 0, f);
    FAIL() << "no error";
  } catch (const data::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no emission class for road kind 'towpath'"),
              std::string::npos)
        << e.what();
  }
}

struct BadTable {
  std::string name;
  std::function<void(json&)> edit;
  data::ErrorCode code;
  std::string what;
};

class RoadEmissionBadTable : public ::testing::TestWithParam<BadTable> {};

TEST_P(RoadEmissionBadTable, IsRefused) {
  const auto& c = GetParam();
  json doc = small_table();
  c.edit(doc);
  try {
    parse_road_emission_factors(doc, "bad.json");
    FAIL() << "no error";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), c.code) << e.what();
    const std::string msg = e.what();
    EXPECT_NE(msg.find("bad.json: "), std::string::npos) << msg;
    EXPECT_NE(msg.find(c.what), std::string::npos) << msg;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RoadEmissionBadTable,
    ::testing::Values(
        BadTable{"not_object", [](json& d) { d = json::array(); }, data::ErrorCode::parse_error,
                 "top level"},
        BadTable{"no_classes", [](json& d) { d.erase("classes"); }, data::ErrorCode::parse_error,
                 "no 'classes'"},
        BadTable{"empty_classes", [](json& d) { d["classes"] = json::array(); },
                 data::ErrorCode::parse_error, "non-empty array"},
        BadTable{"missing_category", [](json& d) { d["classes"][0]["factors"].erase("cat4b"); },
                 data::ErrorCode::parse_error, "classes[0].factors has no 'cat4b'"},
        BadTable{"negative_nox", [](json& d) { d["classes"][1]["factors"]["cat3"]["nox"] = -1; },
                 data::ErrorCode::invalid_value, "classes[1].factors.cat3.nox = -1"},
        BadTable{"text_nh3", [](json& d) { d["classes"][0]["factors"]["cat1"]["nh3"] = "n/a"; },
                 data::ErrorCode::parse_error,
                 "classes[0].factors.cat1.nh3 is not a number or null"},
        BadTable{"null_nox", [](json& d) { d["classes"][0]["factors"]["cat1"]["nox"] = nullptr; },
                 data::ErrorCode::parse_error, "nox is not a number"},
        BadTable{"no_kinds", [](json& d) { d["classes"][0]["kinds"] = json::array(); },
                 data::ErrorCode::parse_error, "kinds must be"},
        BadTable{"inverted_range", [](json& d) { d["classes"][1]["min_speed_kmh"] = 40; },
                 data::ErrorCode::invalid_value, "is empty or negative"},
        BadTable{"overlap", [](json& d) { d["classes"][2]["min_speed_kmh"] = 20; },
                 data::ErrorCode::invalid_value, "neither overlap"},
        BadTable{"gap", [](json& d) { d["classes"][2]["min_speed_kmh"] = 35; },
                 data::ErrorCode::invalid_value, "starts at 35"},
        BadTable{"short", [](json& d) { d["classes"][2]["max_speed_kmh"] = 120; },
                 data::ErrorCode::invalid_value, "must reach 200"},
        BadTable{"duplicate", [](json& d) { d["classes"][2]["name"] = "slow"; },
                 data::ErrorCode::invalid_value, "used twice"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(RoadEmission, FilesThatAreMissingOrNotJsonAreRefused) {
  EXPECT_THROW(read_road_emission_factors("/nonexistent/factors.json"), data::Error);
  const auto dir = twin::test::scratch_dir("road_emission_not_json");
  const auto file = dir / "factors.json";
  std::ofstream(file) << "{ \"header\": ";
  try {
    read_road_emission_factors(file);
    FAIL() << "no error";
  } catch (const data::Error& e) {
    EXPECT_EQ(e.code(), data::ErrorCode::parse_error) << e.what();
  }
}

}  // namespace
}  // namespace twin::solvers::nitrogen
