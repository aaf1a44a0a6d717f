// The web viewer's files over a real socket: `twinsolve serve --web-root DIR` on loopback
// serves them with their media types and full bodies, sends browsers from / to /viewer/,
// refuses paths out of the web root, and draws a demo scenario's layers as PNG.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "integration/serve_process.hpp"
#include "test_paths.hpp"

namespace twin::test {
namespace {

namespace fs = std::filesystem;

TEST(ServeViewer, StaticFilesRedirectAndScenarioLayers) {
  const auto root = scratch_dir("Serve_Viewer");
  const auto web_root = root / "web";
  fs::create_directories(web_root / "assets");
  const std::string script(100'000, 'x');  // larger than one write: the whole body arrives
  std::ofstream(web_root / "index.html") << "<!doctype html><title>twinsolve viewer</title>";
  std::ofstream(web_root / "assets" / "app-1.js") << script;
  const std::string secret = "contents of a file outside the web root";
  std::ofstream(root / "secret.txt") << secret;
  ServeProcess server(TWINSOLVE_BIN, root / "data", root / "serve.log",
                      {"--web-root", web_root.string()});

  const auto redirect = server.get("/", {{"Accept", "text/html"}});
  EXPECT_EQ(redirect.status, 303) << redirect.body;
  EXPECT_EQ(redirect.header("location"), "/viewer/");
  EXPECT_EQ(server.get("/", {{"Accept", "application/json"}}).status, 200);

  const auto page = server.get("/viewer/");
  EXPECT_EQ(page.status, 200) << server.log();
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("twinsolve viewer"), std::string::npos);
  const auto asset = server.get("/viewer/assets/app-1.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(asset.body, script);

  for (const std::string target : {"/viewer/../secret.txt", "/viewer/%2e%2e/secret.txt",
                                   "/viewer/..%2Fsecret.txt", "/viewer/nothing.js"}) {
    const auto refused = server.get(target);
    EXPECT_EQ(refused.status, 404) << target;
    EXPECT_EQ(refused.header("content-type"), "application/problem+json") << target;
    EXPECT_EQ(refused.body.find(secret), std::string::npos) << target;
  }

  const auto created =
      server.post_json("/scenarios", {{"demo", {{"size_km", 0.2}, {"cell_m", 10}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json().value("id", "");
  const auto png = server.get("/scenarios/" + id + "/layers/land_use?f=png");
  EXPECT_EQ(png.status, 200) << png.body;
  EXPECT_EQ(png.header("content-type"), "image/png");
  EXPECT_EQ(png.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_TRUE(server.running());
}

}  // namespace
}  // namespace twin::test
