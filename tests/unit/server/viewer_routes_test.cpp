// The viewer's routes without sockets: static files under /viewer/ (media types, caching,
// no way out of the web root), the browser redirect from /, and the scenario's own layers
// as map images (GET /scenarios/{id}/layers/{layer}?f=png).
#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "support/api_fixture.hpp"
#include "test_paths.hpp"
#include "twin/data/demo_scenario.hpp"

namespace twin::test {
namespace {

namespace fs = std::filesystem;
using server::HttpResponse;

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A web root like vite's output, and a secret beside it that no request may reach.
fs::path make_web_root(const std::string& name) {
  const auto root = scratch_dir(name);
  write_file(root / "dist" / "index.html", "<!doctype html><title>viewer</title>");
  write_file(root / "dist" / "assets" / "index-abc123.js", "console.log(1);");
  write_file(root / "dist" / "assets" / "index-abc123.css", "body{}");
  write_file(root / "dist" / ".hidden", "hidden");
  write_file(root / "secret.txt", "secret");
  fs::create_symlink(root / "secret.txt", root / "dist" / "link-out.txt");
  return root / "dist";
}

ApiFixtureOptions with_viewer(const fs::path& web_root) {
  ApiFixtureOptions options;
  options.web_root = web_root;
  return options;
}

void expect_not_found(const HttpResponse& response, const std::string& target) {
  EXPECT_EQ(response.status, 404) << target << ": " << response.body;
  EXPECT_EQ(response.header("Content-Type").value_or(""), "application/problem+json") << target;
  EXPECT_FALSE(response.file) << target << " would stream " << response.file->string();
}

TEST(ViewerRoutes, ServesFilesWithTheirMediaTypes) {
  const auto web_root = make_web_root("viewer_files");
  ApiFixture api("viewer_files_api", with_viewer(web_root));
  struct Case {
    std::string target, type, cache;
    fs::path file;
  };
  const std::vector<Case> cases{
      {"/viewer/", "text/html; charset=utf-8", "no-cache", "index.html"},
      {"/viewer/index.html", "text/html; charset=utf-8", "no-cache", "index.html"},
      {"/viewer/assets/index-abc123.js", "text/javascript; charset=utf-8",
       "public, max-age=31536000, immutable", "assets/index-abc123.js"},
      {"/viewer/assets/index-abc123.css?v=1", "text/css; charset=utf-8",
       "public, max-age=31536000, immutable", "assets/index-abc123.css"},
  };
  for (const auto& c : cases) {
    for (const auto* method : {"GET", "HEAD"}) {
      const auto response = api.request(method, c.target);
      EXPECT_EQ(response.status, 200) << c.target << ": " << response.body;
      EXPECT_EQ(response.header("Content-Type").value_or(""), c.type) << c.target;
      EXPECT_EQ(response.header("Cache-Control").value_or(""), c.cache) << c.target;
      EXPECT_EQ(response.header("X-Content-Type-Options").value_or(""), "nosniff") << c.target;
      ASSERT_TRUE(response.file) << c.target;
      EXPECT_EQ(*response.file, fs::canonical(web_root / c.file)) << c.target;
    }
  }
  // Without the slash, relative asset links would resolve against "/".
  const auto bare = api.request("GET", "/viewer");
  EXPECT_EQ(bare.status, 301);
  EXPECT_EQ(bare.header("Location").value_or(""), "/viewer/");
  const auto post = api.request("POST", "/viewer/index.html", "{}");
  EXPECT_EQ(post.status, 405) << post.body;
}

TEST(ViewerRoutes, NoPathLeavesTheWebRoot) {
  const auto web_root = make_web_root("viewer_traversal");
  ApiFixture api("viewer_traversal_api", with_viewer(web_root));
  for (const std::string target : {
           "/viewer/../secret.txt",
           "/viewer/assets/../../secret.txt",
           "/viewer/%2e%2e/secret.txt",
           "/viewer/..%2fsecret.txt",
           "/viewer/assets%2f..%2f..%2fsecret.txt",
           "/viewer/%2Fetc%2Fpasswd",
           "/viewer/..%5csecret.txt",
           "/viewer/.hidden",
           "/viewer/link-out.txt",
           "/viewer/assets",
           "/viewer/missing.js",
           "/viewer/index.html%00.js",
       }) {
    expect_not_found(api.request("GET", target), target);
  }
}

TEST(ViewerRoutes, BrowsersAreSentToTheViewerApiClientsGetJson) {
  const auto web_root = make_web_root("viewer_redirect");
  ApiFixture api("viewer_redirect_api", with_viewer(web_root));
  const auto browser =
      api.request("GET", "/", {}, {}, {{"accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  EXPECT_EQ(browser.status, 303);
  EXPECT_EQ(browser.header("Location").value_or(""), "/viewer/");
  EXPECT_EQ(api.request("GET", "/?f=html").status, 303);
  for (const auto& accept : {"application/json", "*/*", ""}) {
    const auto client = api.request("GET", "/", {}, {}, {{"accept", accept}});
    EXPECT_EQ(client.status, 200) << accept;
    EXPECT_EQ(api.json(client).value("title", ""), "twinsolve") << accept;
  }
  // The landing page links the viewer for clients that follow links.
  const auto landing = api.json(api.request("GET", "/"));
  EXPECT_TRUE(std::any_of(landing["links"].begin(), landing["links"].end(), [](const auto& link) {
    return link["href"] == "/viewer/" && link["type"] == "text/html";
  })) << landing.dump();
  const auto forced = api.request("GET", "/?f=json", {}, {}, {{"accept", "text/html"}});
  EXPECT_EQ(forced.status, 200);
  // One URL, two answers by Accept: caches must know.
  EXPECT_EQ(forced.header("Vary").value_or(""), "Accept");
  EXPECT_EQ(browser.header("Vary").value_or(""), "Accept");
}

TEST(ViewerRoutes, WithoutAViewerTheApiIsUnchanged) {
  ApiFixture api("viewer_none");
  const auto landing = api.request("GET", "/", {}, {}, {{"accept", "text/html"}});
  EXPECT_EQ(landing.status, 200);
  EXPECT_EQ(landing.body.find("/viewer/"), std::string::npos) << landing.body;
  EXPECT_FALSE(landing.header("Vary"));
  const auto missing = api.request("GET", "/viewer/");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(api.json(missing).value("detail", "").find("npm run build"), std::string::npos)
      << missing.body;
}

TEST(ViewerRoutes, FilesNeedNoKeyTheApiStillDoes) {
  const auto web_root = make_web_root("viewer_keys");
  ApiFixtureOptions options = with_viewer(web_root);
  options.keys_json = R"({"keys": [{"name": "utrecht", "token": "utrecht-token-0123456789"}]})";
  ApiFixture api("viewer_keys_api", options);
  EXPECT_EQ(api.request("GET", "/viewer/").status, 200);
  EXPECT_EQ(api.request("GET", "/scenarios").status, 401);
}

// Alpha of each pixel of a PNG the handler answered with.
std::vector<unsigned char> png_alpha(const fs::path& png, int& nx, int& ny) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> dataset(
      GDALDataset::Open(png.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!dataset) return {};
  nx = dataset->GetRasterXSize();
  ny = dataset->GetRasterYSize();
  std::vector<unsigned char> alpha(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  if (dataset->GetRasterCount() != 4 ||
      dataset->GetRasterBand(4)->RasterIO(GF_Read, 0, 0, nx, ny, alpha.data(), nx, ny, GDT_Byte, 0,
                                          0) != CE_None)
    return {};
  return alpha;
}

TEST(ScenarioLayers, PngOfEachLayerWithLegend) {
  ApiFixture api("scenario_layers");
  const auto scenario = api.add_scenario("", 20, 10);
  const auto dtm = api.request("GET", "/scenarios/" + scenario + "/layers/dtm?f=png");
  ASSERT_EQ(dtm.status, 200) << dtm.body;
  EXPECT_EQ(dtm.header("Content-Type").value_or(""), "image/png");
  ASSERT_TRUE(dtm.file);
  int nx = 0, ny = 0;
  auto alpha = png_alpha(*dtm.file, nx, ny);
  ASSERT_EQ(alpha.size(), 200u);
  EXPECT_EQ(nx, 20);
  EXPECT_EQ(ny, 10);
  EXPECT_TRUE(std::all_of(alpha.begin(), alpha.end(), [](unsigned char a) { return a == 255; }));

  // Heights: ground level (0) is transparent on a base map, so only the building shows.
  const auto buildings = api.request("GET", "/scenarios/" + scenario + "/layers/building_height");
  ASSERT_EQ(buildings.status, 200) << buildings.body;
  alpha = png_alpha(*buildings.file, nx, ny);
  ASSERT_EQ(alpha.size(), 200u);
  for (int row = 0; row < ny; ++row)
    for (int col = 0; col < nx; ++col)
      EXPECT_EQ(alpha[static_cast<std::size_t>(row * nx + col)], col == 10 && row == 5 ? 255 : 0)
          << col << "," << row;

  const auto legend =
      api.request("GET", "/scenarios/" + scenario + "/layers/building_height/legend");
  ASSERT_EQ(legend.status, 200) << legend.body;
  EXPECT_EQ(legend.header("Content-Type").value_or(""), "image/svg+xml");
  ASSERT_TRUE(legend.file && fs::is_regular_file(*legend.file));

  const auto tiff = api.request("GET", "/scenarios/" + scenario + "/layers/dtm?f=tiff");
  ASSERT_EQ(tiff.status, 200) << tiff.body;
  EXPECT_NE(tiff.header("Content-Type").value_or("").find("image/tiff"), std::string::npos);

  // Deleting the scenario removes its images too.
  const auto exports = api.dir->root() / "exports" / scenario;
  EXPECT_TRUE(fs::exists(exports));
  EXPECT_EQ(api.request("DELETE", "/scenarios/" + scenario).status, 204);
  EXPECT_FALSE(fs::exists(exports));
}

// The terrain shading base layer: GDAL's hillshade of the dtm as black with alpha 255 - shade.
// small_scenario()'s dtm is the plane z = col + row (1 m per 10 m cell), rising to the east
// and the south, so with the default 5x exaggeration its normal is (-0.5, 0.5, 1)/|.| (x east,
// y north). The sun at azimuth 315°, altitude 45° lies along (-0.5, 0.5, 0.707): the shade is
// 1 + 254 cos(angle) = 1 + 254 * 0.9856 = 251.3, so alpha 255 - 251 = 4 on every cell, the
// edge cells too (GDAL's -compute_edges fills their missing neighbours from the plane), except
// the four corners, where GDAL's fill is not exact (alpha 14 measured): they are only bounded.
TEST(ScenarioLayers, HillshadeOfTheTerrain) {
  ApiFixture api("scenario_hillshade");
  const auto scenario = api.add_scenario("", 20, 10);
  const auto shade = api.request("GET", "/scenarios/" + scenario + "/layers/dtm?f=png&style=hillshade");
  ASSERT_EQ(shade.status, 200) << shade.body;
  EXPECT_EQ(shade.header("Content-Type").value_or(""), "image/png");
  ASSERT_TRUE(shade.file);
  EXPECT_EQ(shade.file->filename(), "dtm.hillshade.png");
  int nx = 0, ny = 0;
  const auto alpha = png_alpha(*shade.file, nx, ny);
  ASSERT_EQ(alpha.size(), 200u);
  const double normal_dot_sun = (0.25 + 0.25 + std::sin(M_PI / 4)) / std::sqrt(1.5);
  const int expected_alpha = 255 - static_cast<int>(1 + 254 * normal_dot_sun);
  for (int row = 0; row < ny; ++row) {
    for (int col = 0; col < nx; ++col) {
      const auto a = alpha[static_cast<std::size_t>(row * nx + col)];
      const bool corner = (row == 0 || row == ny - 1) && (col == 0 || col == nx - 1);
      if (corner) {
        EXPECT_LT(a, 40) << col << "," << row << ": a corner darker than a slope facing the sun can be";
      } else {
        EXPECT_NEAR(a, expected_alpha, 1) << col << "," << row;
      }
    }
  }

  // The colour-ramp PNG of the same layer is a different file, not overwritten.
  const auto ramp = api.request("GET", "/scenarios/" + scenario + "/layers/dtm?f=png");
  ASSERT_EQ(ramp.status, 200) << ramp.body;
  EXPECT_NE(*ramp.file, *shade.file);
  const auto ramp_alpha = png_alpha(*ramp.file, nx, ny);
  EXPECT_TRUE(std::all_of(ramp_alpha.begin(), ramp_alpha.end(), [](unsigned char a) { return a == 255; }));
}

// Clicking the map on a scenario layer: the value of the cell holding the point, read from
// the scenario file one cell at a time. small_scenario(): dtm = col + row on 10 m cells from
// (150000, 450000) at the top left; one building of 12 m in the middle, 0 elsewhere.
TEST(ScenarioLayers, ValueAtAPoint) {
  ApiFixture api("scenario_layer_value");
  const auto scenario = api.add_scenario("", 20, 10);
  struct Case {
    std::string layer;
    double x, y;
    int col, row;
    double value;
  };
  const std::vector<Case> cases{
      {"dtm", 150000.0, 450000.0, 0, 0, 0.0},      // the top-left corner belongs to the first cell
      {"dtm", 150005.0, 449995.0, 0, 0, 0.0},
      {"dtm", 150199.9, 449900.1, 19, 9, 28.0},    // the last cell, near its far corner
      {"dtm", 150073.0, 449951.0, 7, 4, 11.0},
      {"building_height", 150105.0, 449945.0, 10, 5, 12.0},
      {"building_height", 150095.0, 449945.0, 9, 5, 0.0},
  };
  for (const auto& c : cases) {
    const auto target = "/scenarios/" + scenario + "/layers/" + c.layer + "/value?x=" + std::to_string(c.x) +
                        "&y=" + std::to_string(c.y);
    const auto response = api.request("GET", target);
    ASSERT_EQ(response.status, 200) << target << ": " << response.body;
    const auto body = api.json(response);
    EXPECT_EQ(body["layer"], c.layer) << target;
    EXPECT_EQ(body["col"], c.col) << target;
    EXPECT_EQ(body["row"], c.row) << target;
    EXPECT_EQ(body["value"], c.value) << target;
    EXPECT_EQ(body["units"], "m") << target;
  }
}

TEST(ScenarioLayers, BadRequests) {
  ApiFixture api("scenario_layers_bad");
  const auto scenario = api.add_scenario();
  struct Case {
    std::string method, target;
    int status;
    std::string detail;
  };
  const std::vector<Case> cases{
      {"GET", "/scenarios/" + scenario + "/layers/no_such_layer?f=png", 404, "no layer"},
      {"GET", "/scenarios/" + scenario + "/layers/..%2fscenarios?f=png", 404, "no layer"},
      {"GET", "/scenarios/" + scenario + "/layers/dtm?f=gif", 400, "unknown format"},
      {"GET", "/scenarios/" + scenario + "/layers/dtm?f=png&style=relief", 400, "unknown style"},
      {"GET", "/scenarios/" + scenario + "/layers/dtm?f=tiff&style=hillshade", 400, "f=png"},
      {"GET", "/scenarios/" + scenario + "/layers/building_height?style=hillshade", 400, "shades the terrain"},
      {"POST", "/scenarios/" + scenario + "/layers/dtm", 405, "use GET"},
      {"GET", "/scenarios/AAAAAAAAAAAAAAAAAAAAAAAAAA/layers/dtm", 404, "no scenario"},
      {"GET", "/scenarios/" + scenario + "/layers", 404, "no resource"},
      {"GET", "/scenarios/" + scenario + "/tables/roads", 404, "no table"},
      {"GET", "/scenarios/" + scenario + "/tables/roads/x", 404, "no resource"},
      {"GET", "/scenarios/" + scenario + "/layers/dtm/value", 400, "'x' (metres in the grid's CRS) is required"},
      {"GET", "/scenarios/" + scenario + "/layers/dtm/value?x=150005&y=north", 400, "'y' must be a number"},
      {"GET", "/scenarios/" + scenario + "/layers/dtm/value?x=149999&y=449995", 400, "outside the grid"},
      {"GET", "/scenarios/" + scenario + "/layers/no_such_layer/value?x=150005&y=449995", 404, "no layer"},
      {"POST", "/scenarios/" + scenario + "/layers/dtm/value?x=150005&y=449995", 405, "use GET"},
      {"GET", "/scenarios/" + scenario + "/layers/dtm/values", 404, "no resource"},
  };
  for (const auto& c : cases) {
    const auto response = api.request(c.method, c.target, c.method == "POST" ? "{}" : "");
    EXPECT_EQ(response.status, c.status) << c.target << ": " << response.body;
    EXPECT_NE(api.json(response).value("detail", "").find(c.detail), std::string::npos)
        << c.target << ": " << response.body;
  }
}

TEST(ScenarioTables, RoadsAndSourcesAsGeoJson) {
  ApiFixture api("scenario_tables");
  data::DemoOptions demo;
  demo.size_km = 0.3;
  demo.cell_m = 10;
  const auto scenario = data::make_demo_scenario(demo);
  const auto record = api.catalog->add(scenario, "", "demo");
  for (const auto& [table, type] :
       {std::pair{"roads", "LineString"}, std::pair{"nitrogen_sources", "Point"}}) {
    const auto response = api.request("GET", "/scenarios/" + record.id + "/tables/" + table);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.header("Content-Type").value_or(""), "application/geo+json");
    const auto body = api.json(response);
    EXPECT_EQ(body["type"], "FeatureCollection");
    EXPECT_EQ(body["twinsolve:epsg"], 28992);
    const auto& expected = scenario.table(table);
    ASSERT_EQ(body["features"].size(), expected.size()) << table;
    for (std::size_t row = 0; row < expected.size(); ++row) {
      const auto& feature = body["features"][row];
      EXPECT_EQ(feature["geometry"]["type"], type);
      const auto& first = expected.geometries()[row].vertices.front();
      const auto& coordinates = feature["geometry"]["coordinates"];
      const auto& position = std::string(type) == "Point" ? coordinates : coordinates[0];
      EXPECT_DOUBLE_EQ(position[0].get<double>(), first.x);
      EXPECT_DOUBLE_EQ(position[1].get<double>(), first.y);
      EXPECT_EQ(feature["properties"]["id"], expected.integers("id")[row]) << table;
    }
  }
  expect_not_found(api.request("GET", "/scenarios/" + record.id + "/tables/receptors"),
                   "receptors");
  EXPECT_EQ(api.request("GET", "/scenarios/" + record.id + "/tables/roads?f=shp").status, 400);
}

}  // namespace
}  // namespace twin::test
