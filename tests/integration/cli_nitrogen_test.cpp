// The nitrogen process end to end: a small demo scenario through `twinsolve run --process
// nitrogen`, the result opened through GDAL's netCDF driver, the statistics file, and bad
// parameters refused with a clear message and no output file.
#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "run_command.hpp"
#include "test_paths.hpp"

namespace twin::test {
namespace {

namespace fs = std::filesystem;

CommandResult twinsolve(const std::string& args) {
  return run_command(std::string(TWINSOLVE_BIN) + " " + args, 300, true);
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

TEST(CliNitrogen, DemoScenarioThroughRunOpensInGdal) {
  const auto dir = scratch_dir("CliNitrogen_Run");
  ASSERT_EQ(twinsolve("-q demo-scenario --out " + q(dir / "demo.h5") + " --size-km 2 --cell-m 25").status, 0);
  const CommandResult run = twinsolve("-q run --process nitrogen --scenario " + q(dir / "demo.h5") + " --out " +
                                      q(dir / "result.h5") + " --param max_distance_m=20000 --param substances=nh3+nox" +
                                      " --stats " + q(dir / "stats.json"));
  ASSERT_EQ(run.status, 0) << run.output;

  GDALAllRegister();
  double max_total = 0;
  for (const std::string layer : {"dep_total_n", "conc_nh3", "dep_dry_nhx", "dep_wet_noy"}) {
    const std::string name = "NETCDF:\"" + (dir / "result.h5").string() + "\":" + layer;
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(name.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_NE(ds, nullptr) << name << ": " << CPLGetLastErrorMsg();
    EXPECT_EQ(ds->GetRasterXSize(), 80);
    EXPECT_EQ(ds->GetRasterYSize(), 80);
    std::vector<float> v(80 * 80);
    ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, 80, 80, v.data(), 80, 80, GDT_Float32, 0, 0), CE_None);
    double mx = 0;
    for (float x : v) {
      EXPECT_TRUE(std::isfinite(x)) << layer;
      EXPECT_GE(x, 0.0f) << layer;
      mx = std::max(mx, static_cast<double>(x));
    }
    EXPECT_GT(mx, 0.0) << layer;  // the demo has farms (NH3) and a stack (NOx)
    if (layer == "dep_total_n") max_total = mx;
    const char* units = ds->GetRasterBand(1)->GetMetadataItem("units");
    ASSERT_NE(units, nullptr) << layer;
    EXPECT_STREQ(units, layer.rfind("conc", 0) == 0 ? "ug m-3" : "mol ha-1 yr-1") << layer;
  }
  std::ifstream in(dir / "stats.json");
  const nlohmann::json stats = nlohmann::json::parse(in);
  EXPECT_GT(stats["emitted_mol_n_per_yr"].get<double>(), 0.0);
  EXPECT_GT(stats["window"]["deposited_mol_n_per_yr"].get<double>(), 0.0);
  EXPECT_LT(stats["window"]["deposited_mol_n_per_yr"].get<double>(), stats["emitted_mol_n_per_yr"].get<double>());
  EXPECT_NEAR(stats["window"]["max_deposition"].get<double>(), max_total, 1e-3 * max_total);

  const struct {
    std::string args;
    std::string message;
  } bad[] = {
      {"--param substances=so2", "substances"},
      {"--param max_distance_m=5", "max_distance_m"},
      {"--param climatology_json=notjson", "climatology_json"},
      {"--param mode=turbo", "mode"},
  };
  for (const auto& b : bad) {
    const CommandResult r = twinsolve("run --process nitrogen " + b.args + " --scenario " + q(dir / "demo.h5") +
                                      " --out " + q(dir / "bad.h5"));
    EXPECT_NE(r.status, 0) << b.args;
    EXPECT_NE(r.output.find(b.message), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "bad.h5")) << b.args;
  }
}

}  // namespace
}  // namespace twin::test
