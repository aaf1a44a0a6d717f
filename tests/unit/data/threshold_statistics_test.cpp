#include "twin/data/threshold_statistics.hpp"

#include <gtest/gtest.h>

#include "twin/data/error.hpp"

namespace twin::data {
namespace {

Layer float_layer(const GridSpec& grid, std::vector<float> values, std::string units) {
  Raster<float> raster(grid, 0.0f, -9999.0f);
  raster.values = std::move(values);
  return make_layer(std::move(raster), std::move(units), "");
}

TEST(ThresholdStatistics, ThresholdsByQuantity) {
  const struct {
    const char* name;
    std::vector<double> expected;
  } table[] = {
      {"lden", {50, 55, 60, 65, 70, 75}}, {"lnight", {50, 55, 60, 65, 70, 75}}, {"pet", {23, 29, 35, 41}},
      {"pet_15", {23, 29, 35, 41}},       {"pet_max", {23, 29, 35, 41}},        {"utci", {26, 32, 38, 46}},
      {"pet_diff", {}},                   {"svf", {}},                          {"tmrt", {}},
  };
  for (const auto& row : table) EXPECT_EQ(thresholds_for(row.name), row.expected) << row.name;
}

TEST(ThresholdStatistics, CountsCellsAreaAndDwellingsAtOrAboveEachThreshold) {
  const GridSpec grid{0, 40, 10, 4, 1, 28992};
  // 22 below all, 29 at the second class edge, 36 and nodata.
  const auto pet = float_layer(grid, {22.0f, 29.0f, 36.0f, -9999.0f}, "degC");
  const auto homes = float_layer(grid, {5.0f, 2.0f, 3.0f, 7.0f}, "1");
  const auto stats = threshold_statistics("pet", pet, &homes);
  ASSERT_EQ(stats["thresholds"].size(), 4u);
  const double expected_cells[] = {2, 2, 1, 0};
  const double expected_homes[] = {5, 5, 3, 0};
  for (int t = 0; t < 4; ++t) {
    EXPECT_EQ(stats["thresholds"][t]["cells"].get<double>(), expected_cells[t]) << t;
    EXPECT_EQ(stats["thresholds"][t]["area_m2"].get<double>(), expected_cells[t] * 100.0) << t;
    EXPECT_EQ(stats["thresholds"][t]["dwellings"].get<double>(), expected_homes[t]) << t;
  }
  EXPECT_EQ(stats["units"], "degC");
  EXPECT_FALSE(threshold_statistics("pet", pet, nullptr)["thresholds"][0].contains("dwellings"));
  EXPECT_TRUE(threshold_statistics("svf", pet, nullptr).empty());
}

TEST(ThresholdStatistics, DwellingsOnAnotherGridAreRefused) {
  const auto pet = float_layer(GridSpec{0, 40, 10, 4, 1, 28992}, {1, 2, 3, 4}, "degC");
  const auto homes = float_layer(GridSpec{0, 40, 10, 2, 2, 28992}, {1, 2, 3, 4}, "1");
  EXPECT_THROW(threshold_statistics("pet", pet, &homes), Error);
}

}  // namespace
}  // namespace twin::data
