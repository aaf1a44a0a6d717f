// The ISO/TR 17534-4 profile reader: a real case, and clear errors for bad input.
#include <gtest/gtest.h>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/solvers/noise/profile_json.hpp"

namespace noise = twin::solvers::noise;
using twin::data::ErrorCode;

namespace {

ErrorCode code_of(const std::string& text) {
  try {
    noise::parse_profile_json(text, "test.json");
  } catch (const twin::data::Error& e) {
    EXPECT_NE(std::string(e.what()).find("test.json"), std::string::npos) << e.what();
    return e.code();
  }
  ADD_FAILURE() << "no error for " << text;
  return ErrorCode::io_error;
}

const std::string source = R"({"type":"Source","coordinate":{"x":0,"y":0,"z":1},"zGround":0,"groundCoefficient":0})";
const std::string receiver = R"({"type":"Receiver","coordinate":{"x":10,"y":0,"z":4},"zGround":0,"groundCoefficient":0})";

TEST(ProfileJson, ReadsTc07WithItsWall) {
  const auto file = twin::test::shared_dir() / "reference" / "noise" / "iso17534" / "TC07_Direct.json";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no " << file;
  const auto p = noise::read_profile_json(file);
  ASSERT_EQ(p.points.size(), 5u);
  EXPECT_EQ(p.points[0].type, noise::CutPointType::source);
  EXPECT_EQ(p.points[3].type, noise::CutPointType::wall);
  EXPECT_DOUBLE_EQ(p.points[3].z, 6.0);
  ASSERT_TRUE(p.points[3].wall_alpha.has_value());
  EXPECT_NEAR((*p.points[3].wall_alpha)[0], 0.004918, 1e-6);
  EXPECT_DOUBLE_EQ(p.points[2].g, 0.2);
  EXPECT_FALSE(p.curved_path);
}

TEST(ProfileJson, MinimalProfile) {
  const auto p = noise::parse_profile_json(R"({"cutPoints":[)" + source + "," + receiver + "]}", "test.json");
  EXPECT_EQ(p.points.size(), 2u);
}

TEST(ProfileJson, BadInputGivesClearErrors) {
  EXPECT_EQ(code_of("{not json"), ErrorCode::parse_error);
  EXPECT_EQ(code_of("[1,2]"), ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(R"({"cut":[]})"), ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(R"({"cutPoints":[)" + receiver + "," + source + "]}"), ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(R"({"cutPoints":[)" + source + "]}"), ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(R"({"cutPoints":[{"type":"Source","coordinate":{"x":0,"y":0},"zGround":0,"groundCoefficient":0},)" +
                    receiver + "]}"),
            ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(R"({"cutPoints":[{"type":"Tree","coordinate":{"x":0,"y":0,"z":0},"zGround":0,"groundCoefficient":0},)" +
                    receiver + "]}"),
            ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(R"({"cutPoints":[{"type":"Source","coordinate":{"x":0,"y":0,"z":1},"zGround":"0","groundCoefficient":0},)" +
                    receiver + "]}"),
            ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(R"({"cutPoints":[{"type":"Source","coordinate":{"x":0,"y":0,"z":1},"zGround":0,"groundCoefficient":2},)" +
                    receiver + "]}"),
            ErrorCode::invalid_argument);
  try {
    noise::read_profile_json("/nonexistent/profile.json");
    ADD_FAILURE();
  } catch (const twin::data::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::file_not_found);
  }
}

}  // namespace
