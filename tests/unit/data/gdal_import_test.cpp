// GDAL/OGR import on the real sample data (Lorient roads and buildings, Gothenburg rasters)
// and on small inline worlds. Expected numbers were read with gdalinfo -stats, ogrinfo,
// gdal_rasterize and gdaltransform (GDAL 3.6.2, PROJ 9.1) on the same files.
#include "twin/data/gdal_import.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

namespace fs = std::filesystem;

fs::path lorient(const std::string& name) { return twin::test::shared_data("lorient") / name; }
fs::path gothenburg(const std::string& name) {
  return twin::test::shared_data("gothenburg") / name;
}

#define SKIP_WITHOUT(dir)                                                                  \
  if (!fs::exists(twin::test::shared_data(dir))) {                                         \
    GTEST_SKIP() << "shared data " << twin::test::shared_data(dir) << " absent; skipping"; \
  }

void write_text(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

// Band 1 of a raster, read straight through GDAL (the reference for exact comparisons).
std::vector<float> read_band(const fs::path& file) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  EXPECT_TRUE(ds);
  if (!ds) return {};
  const int nx = ds->GetRasterXSize();
  const int ny = ds->GetRasterYSize();
  std::vector<float> v(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, nx, ny, v.data(), nx, ny, GDT_Float32, 0,
                                           0, nullptr),
            CE_None);
  return v;
}

// A float32 GeoTIFF with geotransform `gt`, EPSG code (0 = no CRS) and optional nodata.
void write_geotiff(const fs::path& file, int nx, int ny, std::array<double, 6> gt, int epsg,
                   const std::vector<float>& values, const float* nodata = nullptr) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDatasetUniquePtr ds(drv->Create(file.c_str(), nx, ny, 1, GDT_Float32, nullptr));
  ASSERT_TRUE(ds);
  ds->SetGeoTransform(gt.data());
  if (epsg != 0) {
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    ds->SetSpatialRef(&srs);
  }
  if (nodata != nullptr) ds->GetRasterBand(1)->SetNoDataValue(*nodata);
  ASSERT_EQ(
      ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, nx, ny, const_cast<float*>(values.data()), nx,
                                     ny, GDT_Float32, 0, 0, nullptr),
      CE_None);
}

// A GeoJSON FeatureCollection in EPSG:28992 from feature strings.
std::string geojson(const std::vector<std::string>& features) {
  std::string s =
      R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},)"
      R"("features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
  return s + "]}";
}

std::string square(double x0, double y0, double size, const std::string& props) {
  auto num = [](double v) { return std::to_string(v); };
  const std::string a = "[" + num(x0) + "," + num(y0) + "]";
  return R"({"type":"Feature","properties":)" + props +
         R"(,"geometry":{"type":"Polygon","coordinates":[[)" + a + ",[" + num(x0 + size) + "," +
         num(y0) + "],[" + num(x0 + size) + "," + num(y0 + size) + "],[" + num(x0) + "," +
         num(y0 + size) + "]," + a + "]]}}";
}

std::size_t row_of_id(const FeatureTable& t, const std::string& column, std::int64_t id) {
  const auto& ids = t.integers(column);
  auto it = std::find(ids.begin(), ids.end(), id);
  EXPECT_NE(it, ids.end()) << column << " " << id;
  return static_cast<std::size_t>(it - ids.begin());
}

std::int64_t count_nonzero(const Raster<float>& r) {
  return std::count_if(r.values.begin(), r.values.end(),
                       [](float v) { return v != 0.0f && !std::isnan(v); });
}

// ---- resampling names ------------------------------------------------------------------

TEST(GdalImportResampling, ParsesNamesAndRejectsOthers) {
  struct Case {
    const char* name;
    Resampling expected;
  };
  for (const Case& c : {Case{"nearest", Resampling::nearest}, Case{"near", Resampling::nearest},
                        Case{"Bilinear", Resampling::bilinear}, Case{"cubic", Resampling::cubic},
                        Case{"average", Resampling::average}, Case{"mode", Resampling::mode}}) {
    EXPECT_EQ(parse_resampling(c.name), c.expected) << c.name;
  }
  try {
    parse_resampling("lanczos");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("lanczos"), std::string::npos);
  }
}

// ---- Gothenburg rasters ----------------------------------------------------------------

// gdalinfo: 234 x 223, origin (147720, 6398780), pixel (1, -1), EPSG:3007; -stats values.
struct RasterFacts {
  const char* file;
  double min, max, mean;
};
constexpr RasterFacts kGothenburg[] = {
    {"DSM_KRbig.tif", -0.0, 58.070358276367, 11.569280964474},
    {"DEM_KRbig.tif", 0.0068001938052475, 23.205501556396, 4.1996743912436},
    {"CDSM_KRbig.tif", 0.0, 24.368299484253, 0.642074581388},
};
const GridSpec kGothenburgGrid{147720.0, 6398780.0, 1.0, 234, 223, 3007};

TEST(GdalImportGothenburg, GridOfRasterIsTheFilesGrid) {
  SKIP_WITHOUT("gothenburg");
  for (const auto& f : kGothenburg)
    EXPECT_EQ(grid_of_raster(gothenburg(f.file)), kGothenburgGrid) << f.file;
}

TEST(GdalImportGothenburg, NearestOnItsOwnGridReproducesValuesAndStatistics) {
  SKIP_WITHOUT("gothenburg");
  for (const auto& f : kGothenburg) {
    SCOPED_TRACE(f.file);
    auto r =
        import_raster(gothenburg(f.file), kGothenburgGrid, Resampling::nearest, MemoryBudget{});
    ASSERT_EQ(r.grid, kGothenburgGrid);
    EXPECT_EQ(r.values, read_band(gothenburg(f.file)));  // bit for bit
    EXPECT_TRUE(
        std::none_of(r.values.begin(), r.values.end(), [](float v) { return std::isnan(v); }));
    auto [lo, hi] = std::minmax_element(r.values.begin(), r.values.end());
    EXPECT_FLOAT_EQ(*lo, static_cast<float>(f.min));
    EXPECT_FLOAT_EQ(*hi, static_cast<float>(f.max));
    const double mean = std::accumulate(r.values.begin(), r.values.end(), 0.0) /
                        static_cast<double>(r.values.size());
    EXPECT_NEAR(mean, f.mean, 1e-6);
  }
}

TEST(GdalImportGothenburg, AverageOntoTwoMetreGridAveragesBlocksOfFour) {
  SKIP_WITHOUT("gothenburg");
  const auto file = gothenburg("DSM_KRbig.tif");
  auto fine = import_raster(file, kGothenburgGrid, Resampling::nearest, MemoryBudget{});
  const GridSpec coarse_grid{147720.0, 6398780.0, 2.0, 117, 111, 3007};
  auto coarse = import_raster(file, coarse_grid, Resampling::average, MemoryBudget{});
  double max_diff = 0.0;
  for (std::int64_t row = 0; row < coarse_grid.ny; ++row) {
    for (std::int64_t col = 0; col < coarse_grid.nx; ++col) {
      const double expected = (double(fine.at(2 * col, 2 * row)) + fine.at(2 * col + 1, 2 * row) +
                               fine.at(2 * col, 2 * row + 1) + fine.at(2 * col + 1, 2 * row + 1)) /
                              4.0;
      max_diff = std::max(max_diff, std::abs(coarse.at(col, row) - expected));
    }
  }
  EXPECT_LT(max_diff, 1e-4);
  auto [lo, hi] = std::minmax_element(coarse.values.begin(), coarse.values.end());
  EXPECT_LT(*hi, 58.07f);  // averaging never reaches the single highest cell...
  EXPECT_GE(*lo, -1e-6f);  // ...nor goes below the lowest
}

TEST(GdalImportGothenburg, CellsOutsideTheFileAreNaN) {
  SKIP_WITHOUT("gothenburg");
  // 10 columns west of the file plus its first 10 columns.
  const GridSpec grid{147710.0, 6398780.0, 1.0, 20, 5, 3007};
  auto r = import_raster(gothenburg("DEM_KRbig.tif"), grid, Resampling::nearest, MemoryBudget{});
  const auto source = read_band(gothenburg("DEM_KRbig.tif"));
  for (std::int64_t row = 0; row < 5; ++row) {
    for (std::int64_t col = 0; col < 10; ++col) EXPECT_TRUE(std::isnan(r.at(col, row)));
    for (std::int64_t col = 10; col < 20; ++col)
      EXPECT_EQ(r.at(col, row), source[row * 234 + (col - 10)]);
  }
  EXPECT_TRUE(r.is_nodata(r.at(0, 0)));
}

TEST(GdalImportRaster, SourceNodataBecomesNaN) {
  const auto dir = twin::test::scratch_dir("GdalImportRaster.SourceNodata");
  const float nodata = -9999.0f;
  const std::vector<float> values = {1,     2, -9999, 4,  //
                                     -9999, 6, 8,     10};
  write_geotiff(dir / "small.tif", 4, 2, {1000, 10, 0, 2000, 0, -10}, 28992, values, &nodata);
  const GridSpec grid{1000, 2000, 10, 4, 2, 28992};
  EXPECT_EQ(grid_of_raster(dir / "small.tif"), grid);
  auto r = import_raster(dir / "small.tif", grid, Resampling::nearest, MemoryBudget{});
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] == nodata)
      EXPECT_TRUE(std::isnan(r.values[i])) << i;
    else
      EXPECT_EQ(r.values[i], values[i]) << i;
  }
  // Averaging onto 20 m cells skips the nodata cells: (1 + 2 + 6) / 3 and (4 + 8 + 10) / 3.
  auto coarse = import_raster(dir / "small.tif", GridSpec{1000, 2000, 20, 2, 1, 28992},
                              Resampling::average, MemoryBudget{});
  EXPECT_FLOAT_EQ(coarse.values.at(0), 3.0f);
  EXPECT_FLOAT_EQ(coarse.values.at(1), 22.0f / 3.0f);
}

// ---- Lorient vector layers (EPSG:2154) ---------------------------------------------------

// 5 m grid over the buildings' extent (223470.99, 6757142.99) - (225100.62, 6758681.30).
const GridSpec kLorientGrid{223470.0, 6758685.0, 5.0, 327, 309, 2154};

TEST(GdalImportLorient, BuildingsAreFootprintsWithHeights) {
  SKIP_WITHOUT("lorient");
  auto t = import_features(lorient("buildings.shp"), {});
  EXPECT_EQ(t.geometry_type(), GeometryType::polygon);
  ASSERT_EQ(t.size(), 1701u);  // ogrinfo: Feature Count 1701, all single polygons
  const auto& h = t.doubles("HEIGHT");
  auto [lo, hi] = std::minmax_element(h.begin(), h.end());
  EXPECT_DOUBLE_EQ(*lo, 3.0);  // ogrinfo MIN(HEIGHT) 3, MAX(HEIGHT) 49.2
  EXPECT_DOUBLE_EQ(*hi, 49.2);
  EXPECT_EQ(t.integers("ID_WAY").size(), 1701u);
  for (const auto& g : t.geometries()) {
    ASSERT_FALSE(g.ring_starts.empty());
    EXPECT_EQ(g.ring_starts.front(), 0u);
    EXPECT_GE(g.vertices.size(), 4u);
    EXPECT_EQ(g.vertices.front(),
              g.vertices[g.ring_starts.size() > 1 ? g.ring_starts[1] - 1 : g.vertices.size() - 1]);
  }
}

TEST(GdalImportLorient, BuildingsRasteriseLikeGdalRasterize) {
  SKIP_WITHOUT("lorient");
  RasterizeOptions opt;
  opt.attribute = "HEIGHT";
  opt.non_negative = true;
  auto r = rasterize_polygons(lorient("buildings.shp"), kLorientGrid, opt, MemoryBudget{});
  ASSERT_EQ(r.grid, kLorientGrid);
  // gdal_rasterize -a HEIGHT -te 223470 6757140 225105 6758685 -tr 5 5: 16,277 cells.
  const auto burnt = count_nonzero(r);
  EXPECT_EQ(burnt, 16277);
  // 16,277 x 25 m2 = 406,925 m2 against 406,610 m2 of footprints (ogrinfo SUM(OGR_GEOM_AREA)).
  EXPECT_NEAR(static_cast<double>(burnt) * 25.0, 406610.46, 0.01 * 406610.46);
  float lo = 1e9f, hi = -1e9f;
  for (float v : r.values) {
    if (v == 0.0f) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_GE(lo, 3.0f);
  EXPECT_FLOAT_EQ(hi, 49.2f);
}

TEST(GdalImportLorient, RasterisingOntoWebMercatorReprojectsOnTheFly) {
  SKIP_WITHOUT("lorient");
  // gdaltransform EPSG:2154 -> 3857 of the grid corners: x -374825 .. -372220, y 6063989 ..
  // 6066479.
  const GridSpec grid{-374830.0, 6066480.0, 5.0, 523, 499, 3857};
  RasterizeOptions opt;
  opt.attribute = "HEIGHT";
  auto r = rasterize_polygons(lorient("buildings.shp"), grid, opt, MemoryBudget{});
  const auto burnt = count_nonzero(r);
  // ogr2ogr -t_srs EPSG:3857 then gdal_rasterize on this grid: 36,034 cells.
  EXPECT_NEAR(static_cast<double>(burnt), 36034.0, 10.0);
  // Web Mercator scales areas by 1/cos^2(47.75 deg) = 2.212 at Lorient.
  EXPECT_NEAR(static_cast<double>(burnt) * 25.0 / 2.2120, 406610.46, 0.01 * 406610.46);
}

TEST(GdalImportLorient, GroundTypeHasGBetweenZeroAndOne) {
  SKIP_WITHOUT("lorient");
  auto t = import_features(lorient("ground_type.shp"), {});
  EXPECT_EQ(t.geometry_type(), GeometryType::polygon);
  ASSERT_EQ(t.size(), 27u);  // ogrinfo: 27 3D polygons (grass 23, park 2, village_green 2)
  for (double g : t.doubles("G")) {
    EXPECT_GE(g, 0.0);
    EXPECT_LE(g, 1.0);
  }
  const auto& cat = t.strings("SURF_CAT");
  EXPECT_EQ(std::count(cat.begin(), cat.end(), "grass"), 23);
  RasterizeOptions opt;
  opt.attribute = "G";
  opt.non_negative = true;
  auto r = rasterize_polygons(lorient("ground_type.shp"), kLorientGrid, opt, MemoryBudget{});
  EXPECT_EQ(count_nonzero(r), 1874);  // gdal_rasterize -burn 1 on the same grid
}

TEST(GdalImportLorient, RoadsCarryTheNoiseModellingColumns) {
  SKIP_WITHOUT("lorient");
  auto t = import_features(lorient("ROADS2.shp"), {});
  EXPECT_EQ(t.geometry_type(), GeometryType::line);
  ASSERT_EQ(t.size(), 549u);
  for (const char* c : {"PK", "OSM_ID", "TV_D", "TV_E", "TV_N", "HV_D", "HV_E", "HV_N", "LV_SPD_D",
                        "LV_SPD_E", "LV_SPD_N", "HV_SPD_D", "HV_SPD_E", "HV_SPD_N", "PVMT"}) {
    EXPECT_TRUE(t.has_column(c)) << c;
  }
  // ogrinfo -where PK=69: 16 vertices (3-D, z = 0.05 dropped), first at 223464.667523513
  // 6758078.12843814.
  const auto row = row_of_id(t, "PK", 69);
  const auto& g = t.geometries()[row];
  ASSERT_EQ(g.vertices.size(), 16u);
  EXPECT_NEAR(g.vertices[0].x, 223464.667523513, 1e-6);
  EXPECT_NEAR(g.vertices[0].y, 6758078.12843814, 1e-6);
  EXPECT_DOUBLE_EQ(t.doubles("TV_D")[row], 4857.6);
  EXPECT_EQ(t.strings("OSM_ID")[row], "23627656");
}

TEST(GdalImportLorient, LorientPresetGivesVehicleCategoriesPerPeriod) {
  SKIP_WITHOUT("lorient");
  auto roads = roads_from_lorient_table(import_features(lorient("ROADS2.shp"), {}));
  ASSERT_EQ(roads.size(), 549u);
  EXPECT_EQ(roads.geometry_type(), GeometryType::line);
  const auto row = row_of_id(roads, std::string(names::road_id), 69);
  // PK 69: TV_D 4857.6, TV_E 1214.4, TV_N 0, HV_D 39.5833, HV_E 50, HV_N 0, all speeds 50, NL05.
  struct Expect {
    const char* cat;
    const char* period;
    double flow;
  };
  for (const Expect& e :
       {Expect{"cat1", "day", 4857.6 - 39.58333333333330017},
        Expect{"cat3", "day", 39.5833333333333}, Expect{"cat1", "evening", 1164.4},
        Expect{"cat3", "evening", 50.0}, Expect{"cat1", "night", 0.0}, Expect{"cat3", "night", 0.0},
        Expect{"cat2", "day", 0.0}, Expect{"cat4a", "evening", 0.0},
        Expect{"cat4b", "night", 0.0}}) {
    EXPECT_NEAR(roads.doubles(names::flow_column(e.cat, e.period))[row], e.flow, 1e-9)
        << e.cat << " " << e.period;
  }
  EXPECT_NEAR(roads.doubles(names::flow_column("cat1", "day"))[row], 4818.0167, 1e-4);
  for (auto cat : names::vehicle_categories) {
    for (auto period : names::periods) {
      EXPECT_EQ(roads.column(names::flow_column(cat, period)).units, "h-1");
      EXPECT_EQ(roads.column(names::speed_column(cat, period)).units, "km h-1");
      EXPECT_DOUBLE_EQ(roads.doubles(names::speed_column(cat, period))[row], 50.0);
    }
  }
  EXPECT_EQ(roads.strings(names::road_surface)[row], "NL05");
  EXPECT_EQ(roads.strings(names::road_name)[row], "23627656");
  EXPECT_EQ(roads.strings(names::road_kind)[row], "street");
  EXPECT_DOUBLE_EQ(roads.doubles(names::road_slope)[row], 0.0);
  // ogrinfo GROUP BY PVMT: NL05 520, NL08 15, NL10 14.
  const auto& surface = roads.strings(names::road_surface);
  EXPECT_EQ(std::count(surface.begin(), surface.end(), "NL08"), 15);
  EXPECT_EQ(roads.columns().size(), 5u * 3u * 2u + 5u);
}

TEST(GdalImportLorient, LorientPresetSpeedsFollowVehicleClass) {
  // cat1/cat4a/cat4b drive at light-vehicle speeds, cat2/cat3 at heavy-vehicle speeds.
  FeatureTable raw(GeometryType::line, "inline");
  raw.geometries().push_back(Geometry{{{0, 0}, {10, 0}}, {0}});
  raw.set_column({"PK", "", std::vector<std::int64_t>{7}});
  raw.set_column({"OSM_ID", "", std::vector<std::string>{"42"}});
  raw.set_column({"PVMT", "", std::vector<std::string>{"NL08"}});
  const char* periods[] = {"D", "E", "N"};
  for (int p = 0; p < 3; ++p) {
    const std::string s = periods[p];
    raw.set_column({"TV_" + s, "", std::vector<double>{100.0 + p}});
    raw.set_column({"HV_" + s, "", std::vector<double>{10.0}});
    raw.set_column({"LV_SPD_" + s, "", std::vector<double>{50.0 + p}});
    raw.set_column({"HV_SPD_" + s, "", std::vector<double>{30.0 + p}});
  }
  auto roads = roads_from_lorient_table(raw);
  EXPECT_DOUBLE_EQ(roads.doubles("v_cat1_evening")[0], 51.0);
  EXPECT_DOUBLE_EQ(roads.doubles("v_cat2_evening")[0], 31.0);
  EXPECT_DOUBLE_EQ(roads.doubles("v_cat3_night")[0], 32.0);
  EXPECT_DOUBLE_EQ(roads.doubles("v_cat4a_day")[0], 50.0);
  EXPECT_DOUBLE_EQ(roads.doubles("v_cat4b_night")[0], 52.0);
  EXPECT_DOUBLE_EQ(roads.doubles("q_cat1_night")[0], 92.0);
  EXPECT_EQ(roads.integers("id")[0], 7);
  EXPECT_EQ(roads.strings("surface")[0], "NL08");
}

TEST(GdalImportLorient, ReprojectionMovesCoordinatesLikeGdaltransform) {
  SKIP_WITHOUT("lorient");
  VectorImportOptions opt;
  opt.target_epsg = 3857;
  opt.rename = {{"PK", "road_pk"}};
  auto t = import_features(lorient("ROADS2.shp"), opt);
  EXPECT_FALSE(t.has_column("PK"));
  const auto row = row_of_id(t, "road_pk", 69);
  // echo "223464.667523513 6758078.12843814" | gdaltransform -s_srs EPSG:2154 -t_srs EPSG:3857
  //   -> -374760.51665977 6065381.31334501 (cs2cs agrees to 1e-6).
  EXPECT_NEAR(t.geometries()[row].vertices[0].x, -374760.51665977, 1e-3);
  EXPECT_NEAR(t.geometries()[row].vertices[0].y, 6065381.31334501, 1e-3);
  // To lon/lat, x stays longitude: -3.366531, 47.7501042.
  opt.target_epsg = 4326;
  auto ll = import_features(lorient("ROADS2.shp"), opt);
  EXPECT_NEAR(ll.geometries()[row].vertices[0].x, -3.366531, 1e-6);
  EXPECT_NEAR(ll.geometries()[row].vertices[0].y, 47.7501042, 1e-6);
  // Its own CRS leaves coordinates in place.
  opt.target_epsg = 2154;
  auto same = import_features(lorient("ROADS2.shp"), opt);
  EXPECT_NEAR(same.geometries()[row].vertices[0].x, 223464.667523513, 1e-6);
  EXPECT_NEAR(same.geometries()[row].vertices[0].y, 6758078.12843814, 1e-6);
}

TEST(GdalImportLorient, ReceiversArePointsWithoutZ) {
  SKIP_WITHOUT("lorient");
  auto t = import_features(lorient("receivers.shp"), {});
  EXPECT_EQ(t.geometry_type(), GeometryType::point);
  // The .shx holds 830 records (ogrinfo's Feature Count), but the first is flagged deleted in
  // the .dbf; OGR, like ogrinfo -al, returns the 829 live ones. Extent x 223495.99 .. 225095.99.
  ASSERT_EQ(t.size(), 829u);
  for (const auto& g : t.geometries()) {
    ASSERT_EQ(g.vertices.size(), 1u);
    EXPECT_GE(g.vertices[0].x, 223495.98);
    EXPECT_LE(g.vertices[0].x, 225095.99);
  }
}

// ---- inline vector worlds ------------------------------------------------------------------

TEST(GdalImportFeatures, MultiPartsSplitAndHolesFollowTheExterior) {
  const auto dir = twin::test::scratch_dir("GdalImportFeatures.MultiParts");
  write_text(
      dir / "parts.geojson",
      geojson(
          {R"({"type":"Feature","properties":{"h":5.5,"n":3,"s":"a"},"geometry":{"type":"MultiPolygon",)"
           R"("coordinates":[[[[0,0],[40,0],[40,40],[0,40],[0,0]],[[10,10],[20,10],[20,20],[10,10]]],)"
           R"([[[100,0],[110,0],[110,10],[100,0]]]]}})",
           R"({"type":"Feature","properties":{"h":7.0,"n":4,"s":null},"geometry":{"type":"Polygon",)"
           R"("coordinates":[[[200,0,1],[210,0,1],[210,10,1],[200,0,1]]]}})"}));
  auto t = import_features(dir / "parts.geojson", {});
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.geometry_type(), GeometryType::polygon);
  EXPECT_EQ(t.geometries()[0].ring_starts, (std::vector<std::uint32_t>{0, 5}));
  EXPECT_EQ(t.geometries()[0].vertices.size(), 9u);
  EXPECT_EQ(t.geometries()[0].vertices[5], (Point2{10, 10}));
  EXPECT_EQ(t.geometries()[1].ring_starts, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(t.geometries()[2].vertices[1], (Point2{210, 0}));  // z dropped
  EXPECT_EQ(t.doubles("h"), (std::vector<double>{5.5, 5.5, 7.0}));
  EXPECT_EQ(t.integers("n"), (std::vector<std::int64_t>{3, 3, 4}));
  EXPECT_EQ(t.strings("s"), (std::vector<std::string>{"a", "a", ""}));
}

TEST(GdalImportFeatures, RasterisesCellCentresInside) {
  const auto dir = twin::test::scratch_dir("GdalImportFeatures.CellCentres");
  // Two squares on a 5 x 5 grid of 10 m cells (x 0..50, y 0..50): 0..30 holds the centres
  // 5, 15, 25 each way (9 cells), 32..48 the centres 35, 45 (4 cells).
  write_text(dir / "blocks.geojson", geojson({square(0, 0, 30, R"({"height":12.5})"),
                                              square(32, 32, 16, R"({"height":3})")}));
  const GridSpec grid{0, 50, 10, 5, 5, 28992};
  RasterizeOptions opt;
  opt.attribute = "height";
  opt.background = -1.0f;
  auto r = rasterize_polygons(dir / "blocks.geojson", grid, opt, MemoryBudget{});
  // Square 32..48 holds the centres with x, y in {35, 45}.
  const std::vector<float> expected = {
      -1,   -1,   -1,   3,  3,   // y 45
      -1,   -1,   -1,   3,  3,   // y 35
      12.5, 12.5, 12.5, -1, -1,  // y 25
      12.5, 12.5, 12.5, -1, -1,  // y 15
      12.5, 12.5, 12.5, -1, -1,  // y 5
  };
  EXPECT_EQ(r.values, expected);
  opt.attribute.clear();
  opt.constant = 1.0;
  opt.background = 0.0f;
  EXPECT_EQ(count_nonzero(rasterize_polygons(dir / "blocks.geojson", grid, opt, MemoryBudget{})),
            13);
}

// ---- bad input -------------------------------------------------------------------------------

// A one-point shapefile with no .prj.
void write_shapefile_without_crs(const fs::path& file) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GetGDALDriverManager()
                              ->GetDriverByName("ESRI Shapefile")
                              ->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->CreateLayer("bare", nullptr, wkbPoint, nullptr);
  ASSERT_NE(layer, nullptr);
  OGRFeature feature(layer->GetLayerDefn());
  OGRPoint point(1.0, 2.0);
  feature.SetGeometry(&point);
  ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
}

struct BadInput {
  const char* name;
  ErrorCode code;
  const char* file_name;  // must appear in the message
  std::function<void(const fs::path& dir)> run;
};

const GridSpec kSmallGrid{147720.0, 6398780.0, 1.0, 10, 10, 3007};

std::vector<BadInput> bad_inputs() {
  RasterizeOptions height;
  height.attribute = "height";
  height.non_negative = true;
  return {
      {"missing raster", ErrorCode::file_not_found, "nothing.tif",
       [](const fs::path& d) {
         import_raster(d / "nothing.tif", kSmallGrid, Resampling::nearest, {});
       }},
      {"missing raster grid", ErrorCode::file_not_found, "nothing.tif",
       [](const fs::path& d) { grid_of_raster(d / "nothing.tif"); }},
      {"missing vector", ErrorCode::file_not_found, "nothing.shp",
       [](const fs::path& d) { import_features(d / "nothing.shp", {}); }},
      {"text renamed .tif", ErrorCode::corrupt_file, "text.tif",
       [](const fs::path& d) {
         write_text(d / "text.tif", "this is a note, not a raster\n");
         import_raster(d / "text.tif", kSmallGrid, Resampling::nearest, {});
       }},
      {"truncated DSM (directory lost)", ErrorCode::corrupt_file, "cut.tif",
       [](const fs::path& d) {
         fs::copy_file(gothenburg("DSM_KRbig.tif"), d / "cut.tif");
         fs::resize_file(d / "cut.tif", 100000);  // its TIFF directory sits at byte 209,390
         import_raster(d / "cut.tif", kGothenburgGrid, Resampling::nearest, {});
       }},
      {"truncated DSM (strips cut)", ErrorCode::corrupt_file, "strips.tif",
       [](const fs::path& d) {
         // A GDAL copy puts the directory first, so the header opens and only the strips are cut.
         GDALAllRegister();
         GDALDatasetUniquePtr src(
             GDALDataset::Open(gothenburg("DSM_KRbig.tif").c_str(), GDAL_OF_RASTER));
         GDALDatasetUniquePtr copy(GetGDALDriverManager()->GetDriverByName("GTiff")->CreateCopy(
             (d / "strips.tif").c_str(), src.get(), FALSE, nullptr, nullptr, nullptr));
         copy.reset();
         fs::resize_file(d / "strips.tif", 100000);
         EXPECT_EQ(grid_of_raster(d / "strips.tif"), kGothenburgGrid);  // the header still reads
         import_raster(d / "strips.tif", kGothenburgGrid, Resampling::nearest, {});
       }},
      {"GeoTIFF without CRS", ErrorCode::unknown_crs, "nocrs.tif",
       [](const fs::path& d) {
         write_geotiff(d / "nocrs.tif", 2, 2, {0, 1, 0, 2, 0, -1}, 0, {1, 2, 3, 4});
         import_raster(d / "nocrs.tif", kSmallGrid, Resampling::nearest, {});
       }},
      {"GeoTIFF without CRS, grid", ErrorCode::unknown_crs, "nocrs.tif",
       [](const fs::path& d) {
         write_geotiff(d / "nocrs.tif", 2, 2, {0, 1, 0, 2, 0, -1}, 0, {1, 2, 3, 4});
         grid_of_raster(d / "nocrs.tif");
       }},
      {"non-square cells", ErrorCode::invalid_value, "oblong.tif",
       [](const fs::path& d) {
         write_geotiff(d / "oblong.tif", 2, 2, {0, 1, 0, 2, 0, -2}, 28992, {1, 2, 3, 4});
         grid_of_raster(d / "oblong.tif");
       }},
      {"target EPSG 999999", ErrorCode::unknown_crs, "DSM_KRbig.tif",
       [](const fs::path&) {
         GridSpec g = kSmallGrid;
         g.epsg = 999999;
         import_raster(gothenburg("DSM_KRbig.tif"), g, Resampling::nearest, {});
       }},
      {"target EPSG 999999, features", ErrorCode::unknown_crs, "ROADS2.shp",
       [](const fs::path&) {
         VectorImportOptions o;
         o.target_epsg = 999999;
         import_features(lorient("ROADS2.shp"), o);
       }},
      {"negative height", ErrorCode::invalid_value, "negative.geojson",
       [height](const fs::path& d) {
         write_text(d / "negative.geojson", geojson({square(0, 0, 10, R"({"height":4})"),
                                                     square(20, 0, 10, R"({"height":-2.5})")}));
         rasterize_polygons(d / "negative.geojson", GridSpec{0, 50, 10, 5, 5, 28992}, height, {});
       }},
      {"null height", ErrorCode::invalid_value, "null.geojson",
       [height](const fs::path& d) {
         write_text(d / "null.geojson", geojson({square(0, 0, 10, R"({"height":null})")}));
         rasterize_polygons(d / "null.geojson", GridSpec{0, 50, 10, 5, 5, 28992}, height, {});
       }},
      {"missing attribute", ErrorCode::missing_column, "buildings.shp",
       [](const fs::path&) {
         RasterizeOptions o;
         o.attribute = "ROOF_COLOUR";
         rasterize_polygons(lorient("buildings.shp"), kLorientGrid, o, {});
       }},
      {"mixed geometry types", ErrorCode::invalid_value, "mixed.geojson",
       [](const fs::path& d) {
         write_text(
             d / "mixed.geojson",
             geojson(
                 {square(0, 0, 10, "{}"),
                  R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}})"}));
         import_features(d / "mixed.geojson", {});
       }},
      {"no such layer", ErrorCode::missing_table, "ROADS2.shp",
       [](const fs::path&) {
         VectorImportOptions o;
         o.layer = "ROADS3";
         import_features(lorient("ROADS2.shp"), o);
       }},
      {"reprojecting a layer without CRS", ErrorCode::unknown_crs, "bare.shp",
       [](const fs::path& d) {
         write_shapefile_without_crs(d / "bare.shp");
         EXPECT_EQ(import_features(d / "bare.shp", {}).size(), 1u);  // fine without reprojection
         VectorImportOptions o;
         o.target_epsg = 28992;
         import_features(d / "bare.shp", o);
       }},
      {"over budget", ErrorCode::over_memory_budget, "DSM_KRbig.tif",
       [](const fs::path&) {
         import_raster(gothenburg("DSM_KRbig.tif"), kGothenburgGrid, Resampling::nearest,
                       MemoryBudget{1000});
       }},
      {"over budget, rasterise", ErrorCode::over_memory_budget, "buildings.shp",
       [](const fs::path&) {
         rasterize_polygons(lorient("buildings.shp"), kLorientGrid, {}, MemoryBudget{1000});
       }},
  };
}

TEST(GdalImportBadInput, EachGivesAnErrorCodeNamingTheFile) {
  SKIP_WITHOUT("gothenburg");
  SKIP_WITHOUT("lorient");
  for (const auto& c : bad_inputs()) {
    SCOPED_TRACE(c.name);
    const auto dir = twin::test::scratch_dir(std::string("GdalImportBadInput/") + c.file_name);
    try {
      c.run(dir);
      ADD_FAILURE() << c.name << ": no exception";
    } catch (const Error& e) {
      EXPECT_EQ(error_code_name(e.code()), error_code_name(c.code)) << e.what();
      EXPECT_NE(std::string(e.what()).find(c.file_name), std::string::npos) << e.what();
    }
  }
}

TEST(GdalImportBadInput, LorientPresetRejectsBadTraffic) {
  auto table = [](double tv_d, double hv_e, bool drop_tv_n) {
    FeatureTable raw(GeometryType::line, "inline");
    raw.geometries().assign(2, Geometry{{{0, 0}, {10, 0}}, {0}});
    raw.set_column({"PK", "", std::vector<std::int64_t>{11, 12}});
    raw.set_column({"OSM_ID", "", std::vector<std::string>{"1", "2"}});
    raw.set_column({"PVMT", "", std::vector<std::string>{"NL05", "NL05"}});
    for (const std::string s : {"D", "E", "N"}) {
      if (s == "N" && drop_tv_n) continue;
      raw.set_column({"TV_" + s, "", std::vector<double>{100.0, s == "D" ? tv_d : 100.0}});
      raw.set_column({"HV_" + s, "", std::vector<double>{10.0, s == "E" ? hv_e : 10.0}});
      raw.set_column({"LV_SPD_" + s, "", std::vector<double>{50.0, 50.0}});
      raw.set_column({"HV_SPD_" + s, "", std::vector<double>{50.0, 50.0}});
    }
    return raw;
  };
  struct Case {
    const char* name;
    FeatureTable raw;
    ErrorCode code;
    const char* mention;
  };
  const Case cases[] = {
      {"negative TV_D", table(-5.0, 10.0, false), ErrorCode::invalid_value, "PK 12"},
      {"NaN HV_E", table(100.0, NAN, false), ErrorCode::invalid_value, "HV_E"},
      {"heavy above total", table(5.0, 10.0, false), ErrorCode::invalid_value, "row 1"},
      {"missing TV_N", table(100.0, 10.0, true), ErrorCode::missing_column, "TV_N"},
  };
  for (const auto& c : cases) {
    try {
      roads_from_lorient_table(c.raw);
      ADD_FAILURE() << c.name << ": no exception";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), c.code) << c.name << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(c.mention), std::string::npos)
          << c.name << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace twin::data

namespace twin::data {
namespace {

// The formats users bring besides GeoTIFF and shapefiles: an ESRI ASCII grid (with a .prj)
// and a GeoPackage, each made here from the real data with GDAL's own tools.
TEST(GdalImportFormats, AsciiGridImportsLikeItsGeoTiff) {
  SKIP_WITHOUT("gothenburg");
  const auto dir = twin::test::scratch_dir("GdalImportFormats_Ascii");
  const fs::path asc = dir / "dem.asc";
  {
    GDALAllRegister();
    GDALDatasetUniquePtr src(GDALDataset::Open(gothenburg("DEM_KRbig.tif").c_str(), GDAL_OF_RASTER));
    ASSERT_TRUE(src);
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("AAIGrid");
    GDALDatasetUniquePtr out(drv->CreateCopy(asc.c_str(), src.get(), FALSE, nullptr, nullptr, nullptr));
    ASSERT_TRUE(out);
  }
  ASSERT_TRUE(fs::exists(dir / "dem.prj"));
  const GridSpec grid = grid_of_raster(asc);
  EXPECT_EQ(grid, kGothenburgGrid);
  const Raster<float> from_asc = import_raster(asc, grid, Resampling::nearest, MemoryBudget{});
  const Raster<float> from_tif = import_raster(gothenburg("DEM_KRbig.tif"), grid, Resampling::nearest, MemoryBudget{});
  ASSERT_EQ(from_asc.values.size(), from_tif.values.size());
  for (std::size_t i = 0; i < from_asc.values.size(); ++i) {
    // AAIGrid writes decimal text: equal to float precision.
    ASSERT_NEAR(from_asc.values[i], from_tif.values[i], 1e-4f) << i;
  }
}

TEST(GdalImportFormats, GeoPackageImportsLikeTheShapefile) {
  SKIP_WITHOUT("lorient");
  const auto dir = twin::test::scratch_dir("GdalImportFormats_Gpkg");
  const fs::path gpkg = dir / "buildings.gpkg";
  {
    GDALAllRegister();
    GDALDatasetUniquePtr src(GDALDataset::Open(lorient("buildings.shp").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(src);
    const char* args[] = {"-f", "GPKG", "-nln", "buildings", nullptr};
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr);
    GDALDatasetH handle = GDALDataset::ToHandle(src.get());
    GDALDatasetH out = GDALVectorTranslate(gpkg.c_str(), nullptr, 1, &handle, options, nullptr);
    GDALVectorTranslateOptionsFree(options);
    ASSERT_NE(out, nullptr);
    GDALClose(out);
  }
  VectorImportOptions options;
  options.layer = "buildings";
  const FeatureTable from_gpkg = import_features(gpkg, options);
  const FeatureTable from_shp = import_features(lorient("buildings.shp"), {});
  EXPECT_EQ(from_gpkg.size(), 1701u);
  EXPECT_EQ(from_gpkg.size(), from_shp.size());
  EXPECT_EQ(from_gpkg.doubles("HEIGHT"), from_shp.doubles("HEIGHT"));
  RasterizeOptions burn;
  burn.layer = "buildings";
  burn.attribute = "HEIGHT";
  burn.non_negative = true;
  const Raster<float> raster = rasterize_polygons(gpkg, kLorientGrid, burn, MemoryBudget{});
  EXPECT_EQ(count_nonzero(raster), 16277);  // as the shapefile and gdal_rasterize give
}

}  // namespace
}  // namespace twin::data
