#include "twin/jobs/difference.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "twin/data/error.hpp"

namespace twin::jobs {
namespace {

const data::GridSpec grid{0.0, 30.0, 10.0, 3, 2, 28992};
const float nan = std::nanf("");

data::Scenario with_layers(std::vector<float> noise, std::vector<std::uint8_t> classes) {
  data::Scenario s(grid);
  data::Raster<float> lden(grid, 0.0f, nan);
  lden.values = std::move(noise);
  s.set_layer("lden", data::make_layer(std::move(lden), "dB", "day-evening-night level"));
  data::Raster<std::uint8_t> land_use(grid, 0, 0);  // 0 = nodata
  land_use.values = std::move(classes);
  s.set_layer("land_use", data::make_layer(std::move(land_use), "1", "land use"));
  return s;
}

// Compares with NaN equal to NaN.
void expect_values(const data::Layer& layer, const std::vector<float>& want,
                   const std::string& name) {
  const auto& got = std::get<data::Raster<float>>(layer.raster).values;
  ASSERT_EQ(got.size(), want.size()) << name;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << name << " cell " << i << " = " << got[i];
    } else {
      EXPECT_FLOAT_EQ(got[i], want[i]) << name << " cell " << i;
    }
  }
}

TEST(Difference, ResultMinusReferenceWithNodata) {
  data::Scenario result = with_layers({60, 55.5f, nan, 40, 70, 50}, {7, 7, 1, 0, 3, 3});
  const data::Scenario reference = with_layers({58, 60, 45, nan, 70, 49.25f}, {1, 7, 1, 2, 0, 1});
  result.set_layer("only_in_result",
                   data::make_layer(data::Raster<float>(grid, 1.0f, nan), "1", ""));

  const auto diff = difference_layers(result, reference);
  ASSERT_EQ(diff.size(), 2u);
  ASSERT_EQ(diff.count("lden_diff"), 1u);
  ASSERT_EQ(diff.count("land_use_diff"), 1u);
  expect_values(diff.at("lden_diff"), {2, -4.5f, nan, nan, 0, 0.75f}, "lden_diff");
  expect_values(diff.at("land_use_diff"), {6, 0, 0, nan, nan, 2}, "land_use_diff");
  EXPECT_EQ(diff.at("lden_diff").units, "dB");
  EXPECT_EQ(diff.at("lden_diff").cell_type(), data::CellType::float32);
  EXPECT_TRUE(diff.at("lden_diff").grid().matches(grid));
  EXPECT_EQ(diff.at("land_use_diff").units, "1");
}

TEST(Difference, GridsMustMatch) {
  const data::Scenario result = with_layers({1, 2, 3, 4, 5, 6}, {1, 1, 1, 1, 1, 1});
  struct Case {
    std::string name;
    data::GridSpec other;
  };
  const Case cases[] = {
      {"shifted", {5.0, 30.0, 10.0, 3, 2, 28992}},
      {"other cell size", {0.0, 30.0, 5.0, 3, 2, 28992}},
      {"other shape", {0.0, 30.0, 10.0, 2, 3, 28992}},
      {"other CRS", {0.0, 30.0, 10.0, 3, 2, 3035}},
  };
  for (const Case& c : cases) {
    try {
      difference_layers(result, data::Scenario(c.other));
      ADD_FAILURE() << c.name;
    } catch (const data::Error& e) {
      EXPECT_EQ(e.code(), data::ErrorCode::grid_mismatch) << c.name;
      EXPECT_NE(std::string(e.what()).find("reference on"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace twin::jobs
