// End to end: `twinsolve noise-profile` on ISO/TR 17534-4 TC01 prints the levels of the
// reference, and bad input ends with a clear one-line error and the documented exit status.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_command.hpp"
#include "test_paths.hpp"

namespace {

using Result = twin::test::CommandResult;

// stdout only: the JSON the command prints.
Result twinsolve(const std::string& args) {
  return twin::test::run_command(std::string(TWINSOLVE_BIN) + " " + args, 60, false);
}

std::filesystem::path reference_dir() { return twin::test::shared_dir() / "reference" / "noise" / "iso17534"; }

TEST(NoiseProfileCli, Tc01MatchesTheReference) {
  if (!std::filesystem::exists(reference_dir())) GTEST_SKIP() << "no " << reference_dir();
  const Result r = twinsolve("noise-profile '" + (reference_dir() / "TC01_Direct.json").string() +
                             "' --temperature 10 --humidity 70 --p 0.5 --lw 93,93,93,93,93,93,93,93");
  ASSERT_EQ(r.status, 0);
  const auto j = nlohmann::json::parse(r.output);
  std::ifstream in(reference_dir() / "expected.json");
  const auto ref = nlohmann::json::parse(in).at("TC01");
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_NEAR(j.at("LH")[i].get<double>(), ref.at("Direct").at("LH")[i].get<double>(), 0.1);
    EXPECT_NEAR(j.at("LF")[i].get<double>(), ref.at("Direct").at("LF")[i].get<double>(), 0.1);
    EXPECT_NEAR(j.at("LA")[i].get<double>(), ref.at("LA")[i].get<double>(), 0.1);
  }
  for (const char* key : {"A_div", "A_atm", "L"}) EXPECT_EQ(j.at(key).size(), 8u) << key;
  EXPECT_EQ(j.at("A_ground").at("H")[0].get<double>(), -3.0);  // G = 0 everywhere
  EXPECT_EQ(j.at("A_dif").at("F").size(), 8u);
}

TEST(NoiseProfileCli, BadInputExitStatus) {
  const auto dir = twin::test::scratch_dir("NoiseProfileCli_BadInput");
  {
    std::ofstream(dir / "bad.json") << "{not json";
    std::ofstream(dir / "empty.json") << R"({"cutPoints": []})";
  }
  EXPECT_EQ(twinsolve("noise-profile '" + (dir / "missing.json").string() + "'").status, 66);
  EXPECT_EQ(twinsolve("noise-profile '" + (dir / "bad.json").string() + "'").status, 65);
  EXPECT_EQ(twinsolve("noise-profile '" + (dir / "empty.json").string() + "'").status, 64);
  if (std::filesystem::exists(reference_dir())) {
    EXPECT_EQ(twinsolve("noise-profile '" + (reference_dir() / "TC01_Direct.json").string() + "' --lw 1,2").status, 64);
    EXPECT_EQ(twinsolve("noise-profile '" + (reference_dir() / "TC01_Direct.json").string() + "' --p 2").status, 64);
  }
}

}  // namespace
