// IMAER GML reading: the two shared AERIUS files (farm, road), small inline documents for
// polygons, vehicles and time units, malformed input (table-driven), and the tables.
#include "twin/data/imaer_gml.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

std::filesystem::path sample(const std::string& name) {
  return twin::test::shared_data("imaer") / name;
}

#define SKIP_WITHOUT(path) \
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "sample data absent: " << (path)

template <class F>
std::string error_of(F&& f, ErrorCode code) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception: " << e.what();
    return {};
  }
  ADD_FAILURE() << "no error thrown";
  return {};
}

// A collection around `members` (featureMember elements), prefixes as AERIUS writes them.
std::string collection(const std::string& members) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<imaer:FeatureCollectionCalculator xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:imaer="http://imaer.aerius.nl/6.0" gml:id="NL.IMAER.Collection">
)" + members +
         "\n</imaer:FeatureCollectionCalculator>\n";
}

std::string characteristics(const std::string& height = "5.0", const std::string& heat = "0.1") {
  return "<imaer:emissionSourceCharacteristics><imaer:EmissionSourceCharacteristics><imaer:"
         "heatContent>"
         "<imaer:SpecifiedHeatContent><imaer:value>" +
         heat +
         "</imaer:value></imaer:SpecifiedHeatContent></imaer:heatContent>"
         "<imaer:emissionHeight>" +
         height +
         "</imaer:emissionHeight></imaer:EmissionSourceCharacteristics></"
         "imaer:emissionSourceCharacteristics>\n";
}

std::string emission(const std::string& substance, const std::string& value) {
  return "<imaer:emission><imaer:Emission substance=\"" + substance + "\"><imaer:value>" + value +
         "</imaer:value></imaer:Emission></imaer:emission>\n";
}

std::string point_source(const std::string& id, const std::string& pos,
                         const std::string& extra = emission("NH3", "100.0"),
                         const std::string& chars = characteristics(),
                         const std::string& srs = "urn:ogc:def:crs:EPSG::28992") {
  return "<imaer:featureMember>\n<imaer:EmissionSource sectorId=\"4110\" gml:id=\"" + id + "\">\n" +
         chars +
         "<imaer:geometry><imaer:EmissionSourceGeometry><imaer:GM_Point><gml:Point srsName=\"" +
         srs +
         "\">"
         "<gml:pos>" +
         pos +
         "</gml:pos></gml:Point></imaer:GM_Point></imaer:EmissionSourceGeometry></"
         "imaer:geometry>\n" +
         extra + "</imaer:EmissionSource>\n</imaer:featureMember>";
}

std::string vehicles(const std::string& type, const std::string& count, const std::string& unit,
                     const std::string& speed = "80") {
  return "<imaer:vehicles><imaer:StandardVehicle vehicleType=\"" + type +
         "\"><imaer:vehiclesPerTimeUnit>" + count + "</imaer:vehiclesPerTimeUnit><imaer:timeUnit>" +
         unit + "</imaer:timeUnit><imaer:stagnationFactor>0.1</imaer:stagnationFactor>" +
         (speed.empty() ? std::string()
                        : "<imaer:maximumSpeed>" + speed + "</imaer:maximumSpeed>") +
         "</imaer:StandardVehicle></imaer:vehicles>\n";
}

std::string road(const std::string& id, const std::string& road_type, const std::string& traffic) {
  return "<imaer:featureMember>\n<imaer:SRM2Road roadAreaType=\"NL\" roadType=\"" + road_type +
         "\" sectorId=\"3100\" gml:id=\"" + id +
         "\">\n<imaer:geometry><imaer:EmissionSourceGeometry><imaer:GM_Curve><gml:LineString "
         "srsName=\"urn:ogc:def:crs:EPSG::28992\">"
         "<gml:posList>100000 400000 100300 "
         "400400</gml:posList></gml:LineString></imaer:GM_Curve></imaer:EmissionSourceGeometry></"
         "imaer:geometry>\n" +
         traffic + "</imaer:SRM2Road>\n</imaer:featureMember>";
}

TEST(ImaerGml, FarmSample) {
  const auto path = sample("farm.gml");
  SKIP_WITHOUT(path);
  const auto c = read_imaer_gml(path);
  EXPECT_EQ(c.year, 2013);
  EXPECT_EQ(c.situation_type, "PROPOSED");
  ASSERT_EQ(c.sources.size(), 1u);
  const auto& s = c.sources[0];
  EXPECT_EQ(s.gml_id, "ES.1");
  EXPECT_EQ(s.element, "FarmAnimalHousingSource");
  EXPECT_EQ(s.label, "SomeSource");
  EXPECT_EQ(s.sector, 4110);
  EXPECT_EQ(s.line, 28);
  EXPECT_EQ(s.geometry, GeometryType::point);
  EXPECT_EQ(s.shape.vertices[0], (Point2{136558.0, 455251.0}));
  EXPECT_DOUBLE_EQ(s.height_m, 11.12);
  EXPECT_DOUBLE_EQ(s.heat_mw, 564.584);
  EXPECT_DOUBLE_EQ(s.emission_kg_yr.at("NH3"), 1816452.3);
  EXPECT_DOUBLE_EQ(s.emission_kg_yr.at("NOX"), 0.0);
  EXPECT_EQ(s.emission_kg_yr.size(), 4u);  // NH3, NOX, PM10, NO2

  const auto t = imaer_sources_to_table(c);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_DOUBLE_EQ(t.doubles(names::source_nh3)[0], 1816452.3);
  EXPECT_DOUBLE_EQ(t.doubles(names::source_nox)[0], 0.0);
  EXPECT_DOUBLE_EQ(t.doubles(names::source_area_diameter)[0], 0.0);
  EXPECT_EQ(t.integers(names::source_sector)[0], 4110);
  EXPECT_EQ(t.strings(names::source_label)[0], "SomeSource");
  EXPECT_EQ(imaer_roads_to_table(c).size(), 0u);
}

TEST(ImaerGml, RoadSample) {
  const auto path = sample("road.gml");
  SKIP_WITHOUT(path);
  const auto c = read_imaer_gml(path);
  ASSERT_EQ(c.sources.size(), 1u);
  const auto& s = c.sources[0];
  EXPECT_EQ(s.element, "SRM2Road");
  EXPECT_EQ(s.road_type, "FREEWAY");
  EXPECT_EQ(s.elevation, "STEEP_DYKE");
  EXPECT_DOUBLE_EQ(s.elevation_height_m, 2.0);
  ASSERT_EQ(s.shape.vertices.size(), 2u);
  EXPECT_EQ(s.shape.vertices[1], (Point2{208413.0, 474162.0}));
  ASSERT_EQ(s.vehicles.size(), 2u);
  EXPECT_EQ(s.vehicles[0].vehicle_type, "LIGHT_TRAFFIC");
  EXPECT_DOUBLE_EQ(s.vehicles[0].per_time_unit, 980.0);
  EXPECT_DOUBLE_EQ(s.vehicles[0].stagnation, 0.2);
  EXPECT_DOUBLE_EQ(s.vehicles[1].max_speed_kmh, 80.0);

  const auto roads = imaer_roads_to_table(c);
  ASSERT_EQ(roads.size(), 1u);
  EXPECT_EQ(roads.strings(names::road_kind)[0], "motorway");
  EXPECT_EQ(roads.strings("emission_class")[0], "motorway");
  // 980 per day = 40.833 per hour in every period; heavy freight 200 per day -> cat3.
  EXPECT_DOUBLE_EQ(roads.doubles("q_cat1_day")[0], 980.0 / 24.0);
  EXPECT_DOUBLE_EQ(roads.doubles("q_cat1_night")[0], 980.0 / 24.0);
  EXPECT_DOUBLE_EQ(roads.doubles("q_cat3_evening")[0], 200.0 / 24.0);
  EXPECT_DOUBLE_EQ(roads.doubles("q_cat2_day")[0], 0.0);
  EXPECT_DOUBLE_EQ(roads.doubles("v_cat1_day")[0], 100.0);
  EXPECT_DOUBLE_EQ(roads.doubles("v_cat3_day")[0], 80.0);
  EXPECT_DOUBLE_EQ(roads.doubles("stagnation_cat1")[0], 0.2);
  EXPECT_DOUBLE_EQ(roads.doubles("nox_kg_yr")[0], 32843.505487667666);
  EXPECT_DOUBLE_EQ(roads.doubles("nh3_kg_yr")[0], 1042.1482509823302);
  EXPECT_DOUBLE_EQ(roads.doubles("height_m")[0], 22.0);
  EXPECT_EQ(imaer_sources_to_table(c).size(), 0u);
}

TEST(ImaerGml, PolygonBecomesSquareAreaSourceAtCentroid) {
  // 200 m x 100 m rectangle with a 20 m x 20 m hole in its west half.
  const std::string poly =
      "<imaer:featureMember>\n<imaer:EmissionSource sectorId=\"1800\" gml:id=\"A.1\">\n" +
      characteristics() +
      "<imaer:geometry><imaer:EmissionSourceGeometry><imaer:GM_Surface><gml:Polygon "
      "srsName=\"EPSG:28992\">"
      "<gml:exterior><gml:LinearRing><gml:posList>150000 400000 150200 400000 150200 400100 150000 "
      "400100 150000 400000"
      "</gml:posList></gml:LinearRing></gml:exterior><gml:interior><gml:LinearRing><gml:posList>"
      "150040 400040 150060 400040 150060 400060 150040 400060 150040 "
      "400040</gml:posList></gml:LinearRing></gml:interior>"
      "</gml:Polygon></imaer:GM_Surface></imaer:EmissionSourceGeometry></imaer:geometry>\n" +
      emission("NOX", "50") + "</imaer:EmissionSource>\n</imaer:featureMember>";
  const auto c = parse_imaer_gml(collection(poly), "poly.gml");
  const auto t = imaer_sources_to_table(c);
  ASSERT_EQ(t.size(), 1u);
  const double area = 200.0 * 100.0 - 400.0;
  // Centroid x: (20000 * 150100 - 400 * 150050) / 19600.
  EXPECT_NEAR(t.geometries()[0].vertices[0].x, (20000.0 * 150100.0 - 400.0 * 150050.0) / area,
              1e-6);
  EXPECT_NEAR(t.geometries()[0].vertices[0].y, 400050.0, 1e-6);
  EXPECT_NEAR(t.doubles(names::source_area_diameter)[0], std::sqrt(area), 1e-9);
  EXPECT_DOUBLE_EQ(t.doubles(names::source_nox)[0], 50.0);
  EXPECT_DOUBLE_EQ(t.doubles(names::source_nh3)[0], 0.0);
}

TEST(ImaerGml, TimeUnitsAndCategories) {
  const std::string traffic = vehicles("LIGHT_TRAFFIC", "2", "HOUR", "50") +
                              vehicles("NORMAL_FREIGHT", "8766", "YEAR", "50") +
                              vehicles("AUTO_BUS", "730.5", "MONTH", "40") +
                              vehicles("HEAVY_FREIGHT", "24", "DAY", "80");
  const auto c = parse_imaer_gml(collection(road("R.1", "URBAN_ROAD_NORMAL", traffic)), "r.gml");
  const auto t = imaer_roads_to_table(c);
  EXPECT_EQ(t.strings(names::road_kind)[0], "street");
  EXPECT_EQ(t.strings("emission_class")[0], "urban_normal");
  EXPECT_DOUBLE_EQ(t.doubles("q_cat1_day")[0], 2.0);
  EXPECT_DOUBLE_EQ(t.doubles("q_cat2_day")[0], 1.0);  // 8766 per 8766-hour year
  // Buses (730.5/month = 1 per hour) and heavy freight (1 per hour) share cat3; speed weighted.
  EXPECT_DOUBLE_EQ(t.doubles("q_cat3_day")[0], 2.0);
  EXPECT_DOUBLE_EQ(t.doubles("v_cat3_day")[0], 60.0);
  EXPECT_TRUE(std::isnan(t.doubles("nox_kg_yr")[0]));  // the file states no emission
}

TEST(ImaerGml, RoadWithoutSpeedOrWithUnknownVehicleIsRefused) {
  const auto no_speed = parse_imaer_gml(
      collection(road("R.2", "FREEWAY", vehicles("LIGHT_TRAFFIC", "5", "DAY", ""))), "r.gml");
  auto msg = error_of([&] { imaer_roads_to_table(no_speed); }, ErrorCode::invalid_value);
  EXPECT_NE(msg.find("R.2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("maximumSpeed"), std::string::npos) << msg;
  const auto odd =
      parse_imaer_gml(collection(road("R.3", "FREEWAY", vehicles("TRACTOR", "5", "DAY"))), "r.gml");
  msg = error_of([&] { imaer_roads_to_table(odd); }, ErrorCode::invalid_value);
  EXPECT_NE(msg.find("TRACTOR"), std::string::npos) << msg;
}

TEST(ImaerGml, NonSourceFeaturesAreSkipped) {
  const std::string point =
      "<imaer:featureMember><imaer:CalculationPoint gml:id=\"CP.1\"><imaer:GM_Point><gml:Point>"
      "<gml:pos>1 "
      "2</gml:pos></gml:Point></imaer:GM_Point></imaer:CalculationPoint></imaer:featureMember>";
  const auto c =
      parse_imaer_gml(collection(point + point_source("ES.9", "150000 400000")), "x.gml");
  ASSERT_EQ(c.sources.size(), 1u);
  EXPECT_EQ(c.sources[0].gml_id, "ES.9");
}

struct BadCase {
  std::string name;
  std::string text;
  std::string where;  // expected location in the message
  std::string what;   // expected explanation
};

class ImaerGmlBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(ImaerGmlBad, IsRefusedWithLocation) {
  const auto& c = GetParam();
  const auto msg = error_of([&] { parse_imaer_gml(c.text, "bad.gml"); }, ErrorCode::parse_error);
  EXPECT_NE(msg.find(c.where), std::string::npos) << msg;
  EXPECT_NE(msg.find(c.what), std::string::npos) << msg;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ImaerGmlBad,
    ::testing::Values(
        BadCase{"not_xml", "this is not XML at all", "bad.gml: ", "not XML: no element"},
        BadCase{"truncated", collection(point_source("ES.1", "1 2")).substr(0, 300),
                "bad.gml: ", "not well-formed XML"},
        BadCase{"other_xml", "<?xml version=\"1.0\"?><kml><Document/></kml>",
                "bad.gml: ", "no FeatureCollectionCalculator"},
        BadCase{"no_coordinates", collection(point_source("ES.1", "")),
                "bad.gml:4: ES.1 (EmissionSource)", "no coordinates"},
        BadCase{"bad_coordinate", collection(point_source("ES.1", "150000 4x0000")),
                "bad.gml:4:", "coordinate is not a number: '4x0000'"},
        BadCase{"odd_coordinates", collection(point_source("ES.1", "150000 400000 7")),
                "bad.gml:4:", "odd number of coordinate"},
        BadCase{"two_positions", collection(point_source("ES.1", "150000 400000 150001 400001")),
                "bad.gml:4:", "exactly one position"},
        BadCase{"bad_emission", collection(point_source("ES.1", "1 2", emission("NH3", "lots"))),
                "bad.gml:4:", "NH3 emission is not a number: 'lots'"},
        BadCase{"negative_emission", collection(point_source("ES.1", "1 2", emission("NOX", "-3"))),
                "bad.gml:4:", "NOX emission is negative"},
        BadCase{"no_emission", collection(point_source("ES.1", "1 2", "")),
                "bad.gml:4:", "states no <emission> totals"},
        BadCase{
            "bad_height",
            collection(point_source("ES.1", "1 2", emission("NH3", "1"), characteristics("high"))),
            "bad.gml:4:", "emissionHeight is not a number"},
        BadCase{"negative_heat",
                collection(point_source("ES.1", "1 2", emission("NH3", "1"),
                                        characteristics("5", "-1"))),
                "bad.gml:4:", "heatContent is negative"},
        BadCase{"second_source_line",
                collection(point_source("ES.1", "1 2") + "\n" +
                           point_source("ES.2", "1 2", emission("NH3", "x"))),
                "bad.gml:11: ES.2", "is not a number"},
        BadCase{"wgs84",
                collection(point_source("ES.1", "52.1 5.1", emission("NH3", "1"), characteristics(),
                                        "urn:ogc:def:crs:EPSG::4326")),
                "bad.gml:4:", "only RD New (EPSG:28992)"},
        BadCase{"unknown_time_unit",
                collection(road("R.1", "FREEWAY", vehicles("LIGHT_TRAFFIC", "5", "WEEK"))),
                "bad.gml:4: R.1 (SRM2Road)", "unknown timeUnit 'WEEK'"},
        BadCase{
            "stagnation_above_one",
            collection(road("R.1", "FREEWAY",
                            "<imaer:vehicles><imaer:StandardVehicle "
                            "vehicleType=\"LIGHT_TRAFFIC\"><imaer:vehiclesPerTimeUnit>1"
                            "</imaer:vehiclesPerTimeUnit><imaer:timeUnit>DAY</"
                            "imaer:timeUnit><imaer:stagnationFactor>1.5"
                            "</imaer:stagnationFactor></imaer:StandardVehicle></imaer:vehicles>")),
            "bad.gml:4:", "stagnationFactor above 1"},
        BadCase{"negative_vehicles",
                collection(road("R.1", "FREEWAY", vehicles("LIGHT_TRAFFIC", "-5", "DAY"))),
                "bad.gml:4:", "vehiclesPerTimeUnit is negative"},
        BadCase{"road_without_traffic", collection(road("R.1", "FREEWAY", "")),
                "bad.gml:4:", "neither vehicles nor emissions"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(ImaerGml, MissingFileIsFileNotFound) {
  error_of([] { read_imaer_gml("/nonexistent/dir/x.gml"); }, ErrorCode::file_not_found);
}

}  // namespace
}  // namespace twin::data
