// ISO/TR 17534-4:2020 reference cases TC01 .. TC07 (direct path): L_H and L_F per band within
// the +-0.1 dB that ISO/TR 17534-4 asks. Also writes the noise section of docs/validation.md.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_paths.hpp"
#include "twin/solvers/noise/path.hpp"
#include "twin/solvers/noise/profile_json.hpp"
#include "validation_report.hpp"

namespace noise = twin::solvers::noise;

namespace {

constexpr double iso_tolerance = 0.1;  // dB, ISO/TR 17534-4
const char* const band_names[] = {"63 Hz", "125 Hz", "250 Hz", "500 Hz", "1 kHz", "2 kHz", "4 kHz", "8 kHz"};

std::filesystem::path reference_dir() { return twin::test::shared_dir() / "reference" / "noise" / "iso17534"; }

nlohmann::json expected() {
  std::ifstream in(reference_dir() / "expected.json");
  return nlohmann::json::parse(in);
}

// The common conditions of the cases: 10 degC, 70 % humidity, L_W = 93 dB per band, p = 0.5.
noise::PathResult run_case(const std::string& name) {
  const auto profile = noise::read_profile_json(reference_dir() / (name + "_Direct.json"));
  return noise::propagate(profile, noise::flat(93.0), {10.0, 70.0, 101.325}, 0.5);
}

class ReferenceCase : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceCase, DirectPathLevelsWithinIsoTolerance) {
  if (!std::filesystem::exists(reference_dir())) GTEST_SKIP() << "no " << reference_dir();
  const std::string name = GetParam();
  const auto ref = expected().at(name);
  const auto r = run_case(name);
  for (std::size_t i = 0; i < noise::band_count; ++i) {
    EXPECT_NEAR(r.lh[i], ref.at("Direct").at("LH")[i].get<double>(), iso_tolerance) << name << " L_H " << band_names[i];
    EXPECT_NEAR(r.lf[i], ref.at("Direct").at("LF")[i].get<double>(), iso_tolerance) << name << " L_F " << band_names[i];
  }
}

INSTANTIATE_TEST_SUITE_P(Iso17534, ReferenceCase,
                         ::testing::Values("TC01", "TC02", "TC03", "TC04", "TC05", "TC06", "TC07"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

// One row per case, quantity and band; the rows only report, the test above asserts.
TEST(ReferenceCases, WriteValidationSection) {
  if (!std::filesystem::exists(reference_dir())) GTEST_SKIP() << "no " << reference_dir();
  const auto all = expected();
  std::vector<twin::test::ValidationRow> rows;
  double worst = 0;
  std::string worst_where;
  for (const auto& [name, ref] : all.items()) {
    const auto r = run_case(name);
    const std::pair<const char*, const noise::Spectrum*> quantities[] = {{"L_H", &r.lh}, {"L_F", &r.lf}, {"L_A", &r.la}};
    for (const auto& [q, values] : quantities) {
      const std::string key = q == std::string("L_H") ? "LH" : q == std::string("L_F") ? "LF" : "LA";
      const auto& exp = key == "LA" ? ref.at("LA") : ref.at("Direct").at(key);
      for (std::size_t i = 0; i < noise::band_count; ++i) {
        const double e = exp[i].get<double>();
        rows.push_back({"ISO/TR 17534-4 " + name, std::string(q) + " " + band_names[i], "dB", e, (*values)[i], iso_tolerance});
        if (std::abs((*values)[i] - e) > worst) {
          worst = std::abs((*values)[i] - e);
          worst_where = name + " " + q + " " + band_names[i];
        }
      }
    }
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", worst);
  const std::string notes =
      "Direct path of the vertical cut profiles of ISO/TR 17534-4:2020 (files in "
      "`../shared/reference/noise/iso17534/`), at 10 degC, 70 % relative humidity, L_W = 93 dB in every band, "
      "p = 0.5. L_A is the A-weighted long-term level per band. Largest deviation: " +
      std::string(buf) + " dB (" + worst_where +
      "). Reflections and lateral paths are not part of these rows (see docs/models/noise.md).";
  twin::test::write_validation_section("noise", "Road traffic noise (CNOSSOS-EU)", rows, notes);
  SUCCEED();
}

}  // namespace
