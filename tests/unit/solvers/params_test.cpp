#include "twin/solvers/params.hpp"

#include <gtest/gtest.h>

#include "twin/data/error.hpp"

namespace twin::solvers {
namespace {

const ParamSpec spec = {
    {"receptor_height_m", ParamType::number, "m", 4.0, 0.0, 100.0, {}, "receiver height above ground"},
    {"max_distance_m", ParamType::integer, "m", 1000, 10.0, 5000.0, {}, "propagation cut-off"},
    {"favourable", ParamType::boolean, "", true, {}, {}, {}, "include favourable conditions"},
    {"mode", ParamType::choice, "", "exact", {}, {}, {"exact", "fast"}, "summation"},
    {"label", ParamType::text, "", nullptr, {}, {}, {}, "required text"},
};

TEST(Params, DefaultsAreFilledIn) {
  const Params p = resolve(spec, {{"label", "x"}});
  EXPECT_EQ(p.number("receptor_height_m"), 4.0);
  EXPECT_EQ(p.integer("max_distance_m"), 1000);
  EXPECT_TRUE(p.boolean("favourable"));
  EXPECT_EQ(p.text("mode"), "exact");
  EXPECT_EQ(p.text("label"), "x");
}

TEST(Params, BadValuesNameTheParameter) {
  const std::vector<std::pair<nlohmann::json, std::string>> cases = {
      {{{"label", "x"}, {"receptor_height_m", -1}}, "receptor_height_m"},
      {{{"label", "x"}, {"receptor_height_m", "high"}}, "receptor_height_m"},
      {{{"label", "x"}, {"max_distance_m", 12.5}}, "max_distance_m"},
      {{{"label", "x"}, {"favourable", 1}}, "favourable"},
      {{{"label", "x"}, {"mode", "approximate"}}, "mode"},
      {{{"label", "x"}, {"colour", "red"}}, "colour"},
      {nlohmann::json::object(), "label"},
      {nlohmann::json::array(), "JSON object"},
  };
  for (const auto& [given, needle] : cases) {
    try {
      resolve(spec, given);
      ADD_FAILURE() << "accepted " << given.dump();
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::invalid_argument);
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  }
}

TEST(Params, DescribeListsTypesUnitsRanges) {
  const nlohmann::json d = describe(spec);
  ASSERT_EQ(d.size(), spec.size());
  EXPECT_EQ(d[0]["unit"], "m");
  EXPECT_EQ(d[0]["minimum"], 0.0);
  EXPECT_EQ(d[1]["type"], "integer");
  EXPECT_EQ(d[3]["enum"], nlohmann::json({"exact", "fast"}));
  EXPECT_FALSE(d[4].contains("default"));
}

}  // namespace
}  // namespace twin::solvers
