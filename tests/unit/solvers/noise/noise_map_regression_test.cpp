// Map regression for the noise grid solver. Speed work on the kernel (blockwise order, cache
// packing, profile simplification) must not change a map; these tests compute a small town
// with every kernel branch (terrain, a hill, mixed ground, buildings, a barrier, a bent road
// with a gradient) and check every cell twice:
//  - against the per-receiver computation (receiver_energy(): one receiver, its paths one by
//    one in the documented order, no block), bit for bit;
//  - against a committed golden file (golden/*.json, levels to 0.001 dB), within 0.005 dB, so
//    a change of the model or of its numerics shows even when both kernels change together.
// The golden files change only with an intended change of results (a model fix, a new term);
// then regenerate them with scripts/noise_golden (it sets TWIN_NOISE_GOLDEN_WRITE) and say in
// the commit why the maps moved.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "noise_solver_detail.hpp"
#include "noise_test_scene.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/noise/emission.hpp"
#include "twin/solvers/noise/noise_solver.hpp"

namespace twin::solvers::noise {
namespace {

constexpr const char* kLayers[] = {"lday", "levening", "lnight", "lden"};

std::filesystem::path golden_path(const std::string& name) {
  return std::filesystem::path(TWIN_SOURCE_DIR) / "tests/unit/solvers/noise/golden" / (name + ".json");
}

const data::Raster<float>& layer(const LayerSet& r, const std::string& name) {
  return std::get<data::Raster<float>>(r.at(name).raster);
}

// The four levels of one receiver alone, written as the solver writes them.
std::array<float, 4> alone(const detail::Scene& scene, double x, double y, double z,
                           detail::Scratch& scratch) {
  const detail::ReceiverResult res = detail::receiver_energy(scene, x, y, z, scratch);
  const auto level = [](double e) { return e > 0 ? 10.0 * std::log10(e) : -1e9; };
  const double ld = level(res.energy[0]), le = level(res.energy[1]), ln = level(res.energy[2]);
  const auto floor0 = [](double l) { return static_cast<float>(std::max(0.0, l)); };
  return {floor0(ld), floor0(le), floor0(ln), floor0(lden(ld, le, ln))};
}

void check_map(const std::string& golden_name, const nlohmann::json& given) {
  const data::Scenario s = test::small_town();
  const NoiseSolver solver;
  const Params params = resolve(solver.params(), given);
  RunContext ctx({}, nullptr, 2);
  const LayerSet map = solver.solve(s, params, s.grid().full(), ctx);

  // 1. Every cell equals its receiver computed alone.
  const detail::NoiseSettings st = detail::read_settings(params);
  const auto& dtm = s.raster<float>(data::names::dtm);
  const auto& bh = s.raster<float>(data::names::building_height);
  const detail::Terrain terrain(dtm, bh, &s.raster<float>(data::names::ground_factor), st.default_g);
  const detail::Sources sources = detail::make_sources(s, st);
  const detail::Facades facades = detail::make_facades(s, st);
  Atmosphere atm;
  atm.temperature_c = st.temperature_c;
  atm.humidity_percent = st.humidity_pct;
  detail::Scratch scratch(atm);
  const data::GridSpec& g = s.grid();
  std::size_t receivers = 0;
  for (std::int64_t r = 0; r < g.ny; ++r) {
    for (std::int64_t c = 0; c < g.nx; ++c) {
      if (bh.at(c, r) > 0.0f) {
        for (const char* name : kLayers) EXPECT_TRUE(std::isnan(layer(map, name).at(c, r)));
        continue;
      }
      const auto want = alone({terrain, sources, facades, st}, g.col_centre_x(c), g.row_centre_y(r),
                              dtm.at(c, r) + st.receiver_height_m, scratch);
      for (std::size_t k = 0; k < 4; ++k) {
        ASSERT_EQ(layer(map, kLayers[k]).at(c, r), want[k]) << kLayers[k] << " at " << c << ", " << r;
      }
      ++receivers;
    }
  }
  EXPECT_GT(receivers, 800u);

  // 2. Every cell against the golden file.
  const std::filesystem::path file = golden_path(golden_name);
  if (std::getenv("TWIN_NOISE_GOLDEN_WRITE") != nullptr) {
    nlohmann::json j;
    j["scene"] = "tests/unit/solvers/noise/noise_test_scene.hpp small_town(), 30 x 30 cells of 10 m";
    j["parameters"] = given;
    j["note"] = "levels in dB(A) rounded to 0.001, null = no receiver; regenerate with scripts/noise_golden";
    for (const char* name : kLayers) {
      nlohmann::json values = nlohmann::json::array();
      for (float v : layer(map, name).values) {
        values.push_back(std::isnan(v) ? nlohmann::json(nullptr)
                                       : nlohmann::json(std::round(double{v} * 1000.0) / 1000.0));
      }
      j[name] = values;
    }
    std::ofstream(file) << j.dump(0) << "\n";
    GTEST_SKIP() << "wrote " << file;
  }
  std::ifstream in(file);
  ASSERT_TRUE(in) << "missing golden file " << file;
  const nlohmann::json j = nlohmann::json::parse(in);
  ASSERT_EQ(j.at("parameters"), given) << "the golden file was made with other parameters";
  for (const char* name : kLayers) {
    const auto& got = layer(map, name).values;
    const auto& want = j.at(name);
    ASSERT_EQ(want.size(), got.size()) << name;
    double worst = 0;
    for (std::size_t k = 0; k < got.size(); ++k) {
      if (want[k].is_null()) {
        EXPECT_TRUE(std::isnan(got[k])) << name << " cell " << k;
        continue;
      }
      const double d = std::abs(double{got[k]} - want[k].get<double>());
      worst = std::max(worst, d);
      EXPECT_LE(d, 0.005) << name << " cell " << k << ": " << got[k] << " against " << want[k];
    }
    std::cout << golden_name << " " << name << ": largest deviation from the golden map " << worst << " dB\n";
  }
}

TEST(NoiseMapRegression, DirectPathsEqualTheReceiverAloneAndTheGoldenMap) {
  check_map("small_town_direct", {{"max_distance_m", 400.0}});
}

TEST(NoiseMapRegression, WithReflectionsEqualTheReceiverAloneAndTheGoldenMap) {
  check_map("small_town_reflections", {{"max_distance_m", 400.0}, {"reflections", 1}});
}

}  // namespace
}  // namespace twin::solvers::noise
