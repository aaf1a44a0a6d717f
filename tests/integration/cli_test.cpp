// End-to-end tests of the `twinsolve` binary: the user paths of the data commands, and bad
// input table-driven — each must end with a clear message, the right exit status and no
// output file. Commands run under `timeout`, so a hang fails the test instead of CI.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>

#include "run_command.hpp"
#include "test_paths.hpp"

namespace twin::test {
namespace {

namespace fs = std::filesystem;

using Result = CommandResult;

Result twinsolve(const std::string& args) { return run_command(std::string(TWINSOLVE_BIN) + " " + args, 300, true); }

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

nlohmann::json info_json(const fs::path& file) {
  const Result r = twinsolve("info --json " + q(file));
  EXPECT_EQ(r.status, 0) << r.output;
  return nlohmann::json::parse(r.output, nullptr, false);
}

TEST(Cli, DemoScenarioInfoAndExport) {
  const auto dir = scratch_dir("Cli_Demo");
  const Result made = twinsolve("demo-scenario --out " + q(dir / "demo.h5") + " --size-km 2 --cell-m 10 --seed 3");
  ASSERT_EQ(made.status, 0) << made.output;
  const nlohmann::json info = info_json(dir / "demo.h5");
  EXPECT_EQ(info["grid"]["nx"], 200);
  EXPECT_EQ(info["grid"]["epsg"], 28992);
  for (const char* layer : {"dtm", "building_height", "vegetation_height", "land_use", "ground_factor", "dwellings",
                            "natura2000_kdw"}) {
    EXPECT_TRUE(info["layers"].contains(layer)) << layer;
  }
  EXPECT_TRUE(info["tables"].contains("roads"));
  EXPECT_TRUE(info["tables"].contains("nitrogen_sources"));
  EXPECT_EQ(info["provenance"]["process"], "demo-scenario");
  EXPECT_EQ(info["provenance"]["parameters"]["seed"], 3);

  for (const std::string format : {"tiff", "png", "json"}) {
    const fs::path out = dir / ("building_height." + format);
    const Result r = twinsolve("export " + q(dir / "demo.h5") + " building_height --format " + format + " --out " + q(out));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_TRUE(fs::exists(out)) << format;
  }
  EXPECT_TRUE(fs::exists(dir / "building_height.legend.svg"));

  const Result text = twinsolve("info " + q(dir / "demo.h5"));
  EXPECT_EQ(text.status, 0);
  EXPECT_NE(text.output.find("EPSG:28992"), std::string::npos) << text.output;
}

TEST(Cli, RunSolvesWithEditsAndReference) {
  const auto dir = scratch_dir("Cli_Run");
  ASSERT_EQ(twinsolve("-q demo-scenario --out " + q(dir / "demo.h5") + " --size-km 0.5 --cell-m 5").status, 0);
  {
    std::ofstream edits(dir / "edits.json");
    edits << R"([{"op": "plant_trees", "height": 10,
                  "polygon": [[150100, 440100], [150300, 440100], [150300, 440300], [150100, 440300]]}])";
  }
  const Result run = twinsolve("-q run --process heat --scenario " + q(dir / "demo.h5") + " --out " +
                               q(dir / "result.h5") + " --param air_temperature=32 --edits " + q(dir / "edits.json") +
                               " --reference " + q(dir / "demo.h5") + " --stats " + q(dir / "stats.json"));
  ASSERT_EQ(run.status, 0) << run.output;
  const auto info = info_json(dir / "result.h5");
  for (const char* layer : {"pet", "tmrt", "svf", "shadow_fraction", "pet_diff", "tmrt_diff"})
    EXPECT_TRUE(info["layers"].contains(layer)) << layer;
  EXPECT_EQ(info["provenance"]["process"], "heat");
  EXPECT_EQ(info["provenance"]["parameters"]["air_temperature"], 32);
  EXPECT_EQ(info["provenance"]["edits"].size(), 1u);
  std::ifstream stats(dir / "stats.json");
  EXPECT_TRUE(nlohmann::json::parse(stats).contains("area_m2_per_pet_class"));

  // Trees lower the PET under them: the difference layer says so.
  const Result diff = twinsolve("export " + q(dir / "result.h5") + " pet_diff --format json --out " +
                                q(dir / "pet_diff.json"));
  ASSERT_EQ(diff.status, 0) << diff.output;
  std::ifstream diff_json(dir / "pet_diff.json");
  EXPECT_LT(nlohmann::json::parse(diff_json)["min"].get<double>(), -2.0);

  const struct {
    std::string args;
    std::string message;
  } bad[] = {
      {"--process nope", "unknown process 'nope'"},
      {"--process heat --param air_temperature=99", "air_temperature"},
      {"--process heat --param colour=1", "colour"},
      {"--process heat --param nonsense", "name=value"},
  };
  for (const auto& b : bad) {
    const Result r = twinsolve("run " + b.args + " --scenario " + q(dir / "demo.h5") + " --out " + q(dir / "bad.h5"));
    EXPECT_NE(r.status, 0) << b.args;
    EXPECT_NE(r.output.find(b.message), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "bad.h5")) << b.args;
  }
}

TEST(Cli, IngestGothenburgRasters) {
  const fs::path g = shared_data("gothenburg");
  if (!fs::exists(g)) GTEST_SKIP() << "../shared/data/gothenburg is absent";
  const auto dir = scratch_dir("Cli_Gothenburg");
  const Result r = twinsolve("ingest --out " + q(dir / "gbg.h5") + " --grid-from " + q(g / "DSM_KRbig.tif") +
                             " --raster dtm=" + q(g / "DEM_KRbig.tif") + ":nearest --dsm " + q(g / "DSM_KRbig.tif") +
                             " --raster vegetation_height=" + q(g / "CDSM_KRbig.tif") + ":nearest");
  ASSERT_EQ(r.status, 0) << r.output;
  const nlohmann::json info = info_json(dir / "gbg.h5");
  EXPECT_EQ(info["grid"]["nx"], 234);
  EXPECT_EQ(info["grid"]["ny"], 223);
  EXPECT_EQ(info["grid"]["epsg"], 3007);
  EXPECT_DOUBLE_EQ(info["grid"]["x_min"].get<double>(), 147720.0);
  EXPECT_DOUBLE_EQ(info["grid"]["y_max"].get<double>(), 6398780.0);
  EXPECT_GT(info["layers"]["building_height"]["max"].get<double>(), 10.0);
  EXPECT_EQ(info["provenance"]["input_sha256"].size(), 3u);
}

// The heat process end to end on real data: the Kronenhuset rasters ingested, then
// `twinsolve run --process heat` on the validation day with one and with two threads; the
// layers must match to the last bit (their statistics are compared) and be plausible.
TEST(Cli, HeatRunOnGothenburgIsTheSameForOneAndTwoThreads) {
  const fs::path g = shared_data("gothenburg");
  if (!fs::exists(g)) GTEST_SKIP() << "../shared/data/gothenburg is absent";
  const auto dir = scratch_dir("Cli_GothenburgHeat");
  ASSERT_EQ(twinsolve("-q ingest --out " + q(dir / "gbg.h5") + " --grid-from " + q(g / "DSM_KRbig.tif") +
                      " --raster dtm=" + q(g / "DEM_KRbig.tif") + ":nearest --dsm " + q(g / "DSM_KRbig.tif") +
                      " --raster vegetation_height=" + q(g / "CDSM_KRbig.tif") + ":nearest")
                .status,
            0);
  nlohmann::json layers[2];
  for (int threads : {1, 2}) {
    const fs::path out = dir / ("heat" + std::to_string(threads) + ".h5");
    const Result r = twinsolve("-q --threads " + std::to_string(threads) + " run --process heat --scenario " +
                               q(dir / "gbg.h5") + " --out " + q(out) +
                               " --param date=2005-10-07 --param hours=12,15 --param air_temperature=14"
                               " --param relative_humidity=70 --param wind_speed_10m=2");
    ASSERT_EQ(r.status, 0) << r.output;
    layers[threads - 1] = info_json(out)["layers"];
  }
  for (const char* layer : {"svf", "shadow_fraction_12", "tmrt_12", "pet_12", "pet_15", "pet_max"}) {
    ASSERT_TRUE(layers[0].contains(layer)) << layer;
    EXPECT_EQ(layers[0][layer], layers[1][layer]) << layer;
  }
  // A courtyard block of Gothenburg: much of the sky hidden, none of it below 0 or above 1.
  const nlohmann::json& svf = layers[0]["svf"];
  EXPECT_GT(svf["min"].get<double>(), 0.0);
  EXPECT_LE(svf["max"].get<double>(), 1.0);
  EXPECT_GT(svf["mean"].get<double>(), 0.55);  // [0.684 when written]
  EXPECT_LT(svf["mean"].get<double>(), 0.8);
  // Low October sun in Sweden: PET within a few degrees of the 14 degC air in the shade and
  // not far above it in the sun [10.4 .. 20.1 degC when written].
  EXPECT_GT(layers[0]["pet_max"]["min"].get<double>(), 5.0);
  EXPECT_LT(layers[0]["pet_max"]["max"].get<double>(), 30.0);
}

TEST(Cli, IngestLorientBuildingsRoadsGround) {
  const fs::path l = shared_data("lorient");
  if (!fs::exists(l)) GTEST_SKIP() << "../shared/data/lorient is absent";
  const auto dir = scratch_dir("Cli_Lorient");
  const Result r = twinsolve("ingest --out " + q(dir / "lorient.h5") +
                             " --epsg 2154 --bounds 222500 6756900 224530 6758970 --cell 5 --buildings " +
                             q(l / "buildings.shp") + ":HEIGHT --roads " + q(l / "ROADS2.shp") +
                             " --roads-preset lorient --ground " + q(l / "ground_type.shp") + ":G");
  ASSERT_EQ(r.status, 0) << r.output;
  const nlohmann::json info = info_json(dir / "lorient.h5");
  EXPECT_EQ(info["grid"]["epsg"], 2154);
  EXPECT_EQ(info["tables"]["roads"]["rows"], 549);
  EXPECT_GT(info["layers"]["building_height"]["max"].get<double>(), 5.0);
  EXPECT_LE(info["layers"]["ground_factor"]["max"].get<double>(), 1.0);
}

TEST(Cli, IngestOpsFiles) {
  const fs::path o = shared_data("ops");
  if (!fs::exists(o)) GTEST_SKIP() << "../shared/data/ops is absent";
  const auto dir = scratch_dir("Cli_Ops");
  const Result r = twinsolve("ingest --out " + q(dir / "ops.h5") + " --epsg 28992 --bounds 90000 380000 160000 490000 --cell 500 --brn " +
                             q(o / "brn1_v4.brn") + " --substance nh3 --rcp " + q(o / "B9_spokes_DeZilk.rcp"));
  ASSERT_EQ(r.status, 0) << r.output;
  const nlohmann::json info = info_json(dir / "ops.h5");
  EXPECT_EQ(info["tables"]["nitrogen_sources"]["rows"], 11);
  EXPECT_EQ(info["tables"]["receptors"]["rows"], 540);
}

TEST(Cli, IngestImaerGml) {
  const fs::path m = shared_data("imaer");
  if (!fs::exists(m)) GTEST_SKIP() << "../shared/data/imaer is absent";
  const auto dir = scratch_dir("Cli_Imaer");
  const std::string grid = " --epsg 28992 --bounds 130000 450000 210000 480000 --cell 1000";
  Result r = twinsolve("-q ingest --out " + q(dir / "farm.h5") + grid + " --imaer " + q(m / "farm.gml"));
  ASSERT_EQ(r.status, 0) << r.output;
  nlohmann::json info = info_json(dir / "farm.h5");
  EXPECT_EQ(info["tables"]["nitrogen_sources"]["rows"], 1);
  EXPECT_FALSE(info["tables"].contains("roads"));
  r = twinsolve("-q ingest --out " + q(dir / "road.h5") + grid + " --imaer " + q(m / "road.gml"));
  ASSERT_EQ(r.status, 0) << r.output;
  info = info_json(dir / "road.h5");
  EXPECT_EQ(info["tables"]["roads"]["rows"], 1);
  EXPECT_FALSE(info["tables"].contains("nitrogen_sources"));
  EXPECT_TRUE(info["provenance"]["input_sha256"].contains("imaer:road.gml")) << info["provenance"].dump();
}

struct BadCase {
  std::string name;
  std::function<std::string(const fs::path& dir)> args;  // the command line; output goes to dir/out.*
  int status;
  std::string message;  // a piece the message must contain
  bool needs_shared_data = false;  // reads ../shared/data/ops; skipped when it is absent
};

TEST(Cli, BadInputGivesAClearMessageAndNoOutput) {
  const fs::path shared = shared_data("");
  const auto setup_dir = scratch_dir("Cli_Bad_setup");
  ASSERT_EQ(twinsolve("-q demo-scenario --out " + q(setup_dir / "ok.h5") + " --size-km 1 --cell-m 20").status, 0);
  {
    std::ofstream(setup_dir / "text.h5") << "not an HDF5 file\n";
    std::ifstream in(setup_dir / "ok.h5", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(setup_dir / "truncated.h5", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    std::ofstream(setup_dir / "negative.geojson")
        << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},)"
        << R"("features":[{"type":"Feature","properties":{"HEIGHT":-3},"geometry":{"type":"Polygon",)"
        << R"("coordinates":[[[100,100],[150,100],[150,150],[100,150],[100,100]]]}}]})";
  }
  const fs::path s = setup_dir;
  const std::vector<BadCase> cases = {
      {"missing_file", [&](auto& d) { return "export " + q(s / "nope.h5") + " dtm --format png --out " + q(d / "out.png"); }, 66, "no such file"},
      {"not_hdf5", [&](auto& d) { return "export " + q(s / "text.h5") + " dtm --format png --out " + q(d / "out.png"); }, 65, "not an HDF5 file"},
      {"truncated", [&](auto& d) { return "export " + q(s / "truncated.h5") + " dtm --format tiff --out " + q(d / "out.tif"); }, 65, "truncated"},
      {"missing_layer", [&](auto& d) { return "export " + q(s / "ok.h5") + " lden --format json --out " + q(d / "out.json"); }, 65, "lden"},
      {"bad_format", [&](auto& d) { return "export " + q(s / "ok.h5") + " dtm --format bmp --out " + q(d / "out.bmp"); }, 64, "bmp"},
      {"over_budget", [&](auto& d) { return "--memory-budget 64MiB demo-scenario --size-km 50 --cell-m 10 --out " + q(d / "out.h5"); }, 69, "memory budget"},
      {"unknown_crs", [&](auto& d) { return "ingest --out " + q(d / "out.h5") + " --epsg 999999 --bounds 0 0 100 100 --cell 10 --buildings " + q(s / "negative.geojson"); }, 65, "999999"},
      {"negative_height", [&](auto& d) { return "ingest --out " + q(d / "out.h5") + " --epsg 28992 --bounds 0 0 200 200 --cell 10 --buildings " + q(s / "negative.geojson"); }, 65, "HEIGHT"},
      {"missing_attribute", [&](auto& d) { return "ingest --out " + q(d / "out.h5") + " --epsg 28992 --bounds 0 0 200 200 --cell 10 --buildings " + q(s / "negative.geojson") + ":HOOGTE"; }, 65, "HOOGTE"},
      {"brn_error", [&](auto& d) { return "ingest --out " + q(d / "out.h5") + " --epsg 28992 --bounds 150000 380000 160000 390000 --cell 100 --brn " + q(shared / "ops" / "brn_error5.brn"); }, 65, "brn_error5.brn:", true},
      {"brn_not_rd", [&](auto& d) { return "ingest --out " + q(d / "out.h5") + " --epsg 2154 --bounds 0 0 100 100 --cell 10 --brn " + q(shared / "ops" / "brn1_v4.brn"); }, 65, "EPSG:28992", true},
      {"truncated_tiff", [&](auto& d) { return "ingest --out " + q(d / "out.h5") + " --grid-from " + q(s / "truncated.h5"); }, 65, "truncated.h5"},
      {"imaer_not_xml", [&](auto& d) { return "ingest --out " + q(d / "out.h5") + " --epsg 28992 --bounds 0 0 100 100 --cell 10 --imaer " + q(s / "text.h5"); }, 65, "text.h5: not XML"},
      {"imaer_not_rd", [&](auto& d) { return "ingest --out " + q(d / "out.h5") + " --epsg 2154 --bounds 0 0 100 100 --cell 10 --imaer " + q(shared / "imaer" / "farm.gml"); }, 65, "EPSG:28992", true},
      {"no_grid", [&](auto& d) { return "ingest --out " + q(d / "out.h5") + " --brn x.brn"; }, 64, "--grid-from"},
      {"unknown_option", [&](auto& d) { return "demo-scenario --out " + q(d / "out.h5") + " --colour red"; }, 64, "colour"},
      {"no_output_dir", [&](auto&) { return "demo-scenario --size-km 1 --cell-m 50 --out /nonexistent/dir/out.h5"; }, 74, "does not exist"},
  };
  const bool have_shared = fs::exists(shared / "ops");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    if (c.needs_shared_data && !have_shared) {
      std::printf("skipping %s: %s is absent\n", c.name.c_str(), (shared / "ops").c_str());
      continue;
    }
    const auto dir = scratch_dir("Cli_Bad_" + c.name);
    const Result r = twinsolve(c.args(dir));
    EXPECT_EQ(r.status, c.status) << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("internal error"), std::string::npos) << r.output;
    EXPECT_TRUE(fs::is_empty(dir)) << "output left behind in " << dir;
  }
}

}  // namespace
}  // namespace twin::test

namespace twin::test {
namespace {

TEST(Cli, ComfortPrintsPetAndUtci) {
  // A reference row of ../shared/reference/heat/README.md: 30, 30, 50 %, 0.15 m/s, 1.37 met,
  // 0.5 clo -> PET 30.59 degC.
  const Result r = twinsolve("comfort --ta 30 --tmrt 30 --rh 50 --v 0.15 --met 1.37 --clo 0.5");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.output;
  EXPECT_NEAR(j["pet"].get<double>(), 30.59, 0.1);
  EXPECT_TRUE(j.contains("utci"));

  const Result bad = twinsolve("comfort --ta 30 --tmrt 30 --rh 150 --v 0.15");
  EXPECT_EQ(bad.status, 65) << bad.output;
  EXPECT_NE(bad.output.find("relative humidity"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace twin::test
