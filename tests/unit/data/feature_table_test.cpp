#include "twin/data/feature_table.hpp"

#include <gtest/gtest.h>

#include "twin/data/error.hpp"

namespace twin::data {
namespace {

FeatureTable two_points() {
  FeatureTable t(GeometryType::point, "two points");
  t.geometries().push_back(Geometry{{{1, 2}}, {0}});
  t.geometries().push_back(Geometry{{{3, 4}}, {0}});
  return t;
}

TEST(FeatureTable, TypedColumnsByName) {
  FeatureTable t = two_points();
  t.set_column(Column{"q", "kg yr-1", std::vector<double>{1.5, 2.5}});
  t.set_column(Column{"id", "", std::vector<std::int64_t>{7, 8}});
  t.set_column(Column{"label", "", std::vector<std::string>{"a", "b"}});
  EXPECT_EQ(t.doubles("q")[1], 2.5);
  EXPECT_EQ(t.integers("id")[0], 7);
  EXPECT_EQ(t.strings("label")[1], "b");
  t.set_column(Column{"q", "kg yr-1", std::vector<double>{9, 9}});  // replaces, keeps order
  EXPECT_EQ(t.columns().size(), 3u);
  EXPECT_EQ(t.columns()[0].name, "q");
  EXPECT_EQ(t.doubles("q")[0], 9);
}

TEST(FeatureTable, ErrorsNameTheColumn) {
  FeatureTable t = two_points();
  t.set_column(Column{"q", "", std::vector<double>{1, 2}});
  try {
    t.doubles("nox");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::missing_column);
    EXPECT_NE(std::string(e.what()).find("nox"), std::string::npos);
  }
  EXPECT_THROW(t.strings("q"), Error);
  EXPECT_THROW(t.set_column(Column{"short", "", std::vector<double>{1}}), Error);
}

TEST(FeatureTable, GeometryTypeNames) {
  for (auto type : {GeometryType::point, GeometryType::line, GeometryType::polygon}) {
    EXPECT_EQ(parse_geometry_type(geometry_type_name(type)), type);
  }
  EXPECT_THROW(parse_geometry_type("multicurve"), Error);
}

}  // namespace
}  // namespace twin::data
