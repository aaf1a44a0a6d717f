// Export of layers: COG validity and contents, PNG colours and transparency, the SVG legend,
// ramp choice per quantity, statistics, and clean failures (unknown CRS, unwritable paths).
#include "twin/data/export.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/data/hillshade.hpp"

namespace twin::data {
namespace {

namespace fs = std::filesystem;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

GridSpec grid_300x200() { return GridSpec{150000.0, 460000.0, 10.0, 300, 200, 28992}; }

// Values that differ in every cell, a nodata block in the corner.
Layer float_layer(const std::string& units = "m") {
  Raster<float> r(grid_300x200(), 0.0f, kNaN);
  for (std::int64_t row = 0; row < r.grid.ny; ++row)
    for (std::int64_t col = 0; col < r.grid.nx; ++col)
      r.at(col, row) = static_cast<float>(col) * 0.5f + static_cast<float>(row) * 0.25f;
  for (std::int64_t row = 0; row < 10; ++row)
    for (std::int64_t col = 0; col < 10; ++col) r.at(col, row) = kNaN;
  return make_layer(std::move(r), units, "test values");
}

struct CloseDs {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using Ds = std::unique_ptr<GDALDataset, CloseDs>;

Ds open(const fs::path& p) {
  GDALAllRegister();
  return Ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
}

template <class F>
void expect_error(F&& f, ErrorCode code) {
  try {
    f();
    ADD_FAILURE() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
  }
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool only(const fs::path& dir, std::size_t n) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator())) == n;
}

// ---------------------------------------------------------------- COG

TEST(ExportCog, IsCogWithGeoreferenceAndTheLayersValues) {
  const auto dir = twin::test::scratch_dir("ExportCog_valid");
  const auto out = dir / "values.tif";
  const auto layer = float_layer();
  export_cog(layer, "values", out);
  EXPECT_TRUE(only(dir, 1)) << "temporary file left behind";
  auto ds = open(out);
  ASSERT_TRUE(ds);
  const char* layout = ds->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE");
  ASSERT_NE(layout, nullptr);
  EXPECT_STREQ(layout, "COG");
  EXPECT_STREQ(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
  ASSERT_EQ(ds->GetRasterXSize(), 300);
  ASSERT_EQ(ds->GetRasterYSize(), 200);
  std::array<double, 6> gt{};
  ASSERT_EQ(ds->GetGeoTransform(gt.data()), CE_None);
  EXPECT_EQ(gt, grid_300x200().geotransform());
  const auto* srs = ds->GetSpatialRef();
  ASSERT_NE(srs, nullptr);
  EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "28992");
  auto* band = ds->GetRasterBand(1);
  int has_nodata = 0;
  EXPECT_TRUE(std::isnan(band->GetNoDataValue(&has_nodata)));
  EXPECT_TRUE(has_nodata);
  std::vector<float> v(300 * 200);
  ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, 300, 200, v.data(), 300, 200, GDT_Float32, 0, 0, nullptr), CE_None);
  const auto& src = std::get<Raster<float>>(layer.raster).values;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(src[i])) ASSERT_TRUE(std::isnan(v[i])) << i;
    else ASSERT_EQ(v[i], src[i]) << i;
  }
}

TEST(ExportCog, LargeLayerHasOverviewsAndPassesGdalsValidator) {
  // Bigger than one 512 block, so the COG gets overviews.
  Raster<float> r(GridSpec{0, 20000, 5, 1500, 1100, 28992}, 1.0f, kNaN);
  for (std::size_t i = 0; i < r.values.size(); ++i) r.values[i] = static_cast<float>(i % 977);
  const auto dir = twin::test::scratch_dir("ExportCog_validator");
  const auto out = dir / "big.tif";
  export_cog(make_layer(std::move(r), "m", "big"), "big", out);
  {
    auto ds = open(out);
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), "COG");
    EXPECT_GE(ds->GetRasterBand(1)->GetOverviewCount(), 1);
  }
  if (std::system("/usr/bin/python3 -c 'from osgeo_utils.samples import validate_cloud_optimized_geotiff' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-gdal's validate_cloud_optimized_geotiff is not installed; validator check skipped";
  }
  const std::string cmd = "/usr/bin/python3 -m osgeo_utils.samples.validate_cloud_optimized_geotiff -q '" + out.string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

TEST(ExportCog, Uint8ClassesKeepTheirNodata) {
  Raster<std::uint8_t> r(GridSpec{0, 2000, 1, 40, 30, 28992}, 6, 0);
  r.at(3, 4) = 0;
  const auto dir = twin::test::scratch_dir("ExportCog_uint8");
  export_cog(make_layer(std::move(r), "1", "land use"), "land_use", dir / "lu.tif");
  auto ds = open(dir / "lu.tif");
  ASSERT_TRUE(ds);
  auto* band = ds->GetRasterBand(1);
  EXPECT_EQ(band->GetRasterDataType(), GDT_Byte);
  int has = 0;
  EXPECT_EQ(band->GetNoDataValue(&has), 0.0);
  EXPECT_TRUE(has);
  std::uint8_t v = 99;
  ASSERT_EQ(band->RasterIO(GF_Read, 3, 4, 1, 1, &v, 1, 1, GDT_Byte, 0, 0, nullptr), CE_None);
  EXPECT_EQ(v, 0);
  ASSERT_EQ(band->RasterIO(GF_Read, 5, 5, 1, 1, &v, 1, 1, GDT_Byte, 0, 0, nullptr), CE_None);
  EXPECT_EQ(v, 6);
}

TEST(ExportCog, UnknownEpsgIsUnknownCrsAndWritesNothing) {
  Raster<float> r(GridSpec{0, 100, 1, 10, 10, 999999}, 1.0f, kNaN);
  const auto dir = twin::test::scratch_dir("ExportCog_crs");
  expect_error([&] { export_cog(make_layer(std::move(r), "m", ""), "x", dir / "x.tif"); }, ErrorCode::unknown_crs);
  EXPECT_TRUE(only(dir, 0));
}

TEST(ExportCog, UnwritableOutputIsIoErrorAndLeavesNoFile) {
  const auto dir = twin::test::scratch_dir("ExportCog_io");
  std::ofstream(dir / "plain_file") << "x";  // a file where a directory should be: fails even as root
  expect_error([&] { export_cog(float_layer(), "v", dir / "plain_file" / "v.tif"); }, ErrorCode::io_error);
  expect_error([&] { export_cog(float_layer(), "v", dir / "missing_dir" / "v.tif"); }, ErrorCode::io_error);
  EXPECT_TRUE(only(dir, 1));
}

// ---------------------------------------------------------------- PNG and legend

std::array<unsigned char, 4> pixel(GDALDataset& ds, int col, int row) {
  std::array<unsigned char, 4> px{};
  int bands[] = {1, 2, 3, 4};
  EXPECT_EQ(ds.RasterIO(GF_Read, col, row, 1, 1, px.data(), 1, 1, GDT_Byte, 4, bands, 0, 0, 0, nullptr), CE_None);
  return px;
}

TEST(ExportPng, RgbaOfGridSizeNodataTransparentNoiseClassColour) {
  auto layer = float_layer("dB");
  auto& r = std::get<Raster<float>>(layer.raster);
  r.at(100, 50) = 62.0f;  // class 60-65 dB: NF S 31-130 colour #E87E4D
  r.at(101, 50) = 80.5f;  // >= 80 dB: #430A4A
  r.at(102, 50) = 20.0f;  // < 35 dB: #82A6AD
  const auto dir = twin::test::scratch_dir("ExportPng_noise");
  const auto legend = export_png(layer, "lden", dir / "lden.png");
  EXPECT_EQ(legend, dir / "lden.legend.svg");
  EXPECT_TRUE(only(dir, 2));
  auto ds = open(dir / "lden.png");
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetRasterXSize(), 300);
  EXPECT_EQ(ds->GetRasterYSize(), 200);
  ASSERT_EQ(ds->GetRasterCount(), 4);
  EXPECT_EQ(pixel(*ds, 0, 0)[3], 0);  // nodata corner
  EXPECT_EQ(pixel(*ds, 9, 9)[3], 0);
  EXPECT_EQ(pixel(*ds, 10, 10)[3], 255);
  EXPECT_EQ(pixel(*ds, 100, 50), (std::array<unsigned char, 4>{0xE8, 0x7E, 0x4D, 255}));
  EXPECT_EQ(pixel(*ds, 101, 50), (std::array<unsigned char, 4>{0x43, 0x0A, 0x4A, 255}));
  EXPECT_EQ(pixel(*ds, 102, 50), (std::array<unsigned char, 4>{0x82, 0xA6, 0xAD, 255}));
  const auto svg = read_text(legend);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("lden (dB)"), std::string::npos);
  EXPECT_NE(svg.find("60 \xE2\x80\x93 65"), std::string::npos);
  EXPECT_NE(svg.find("#e87e4d"), std::string::npos);
}

TEST(ExportPng, LandUseWaterHasItsClassColourAndLegendNames) {
  Raster<std::uint8_t> r(GridSpec{0, 2000, 1, 30, 20, 28992}, 6, 0);
  r.at(0, 0) = 0;
  r.at(1, 0) = 7;
  const auto dir = twin::test::scratch_dir("ExportPng_lu");
  const auto legend = export_png(make_layer(std::move(r), "1", "land use"), "land_use", dir / "lu.png");
  auto ds = open(dir / "lu.png");
  ASSERT_TRUE(ds);
  EXPECT_EQ(pixel(*ds, 0, 0)[3], 0);
  EXPECT_EQ(pixel(*ds, 5, 5), (std::array<unsigned char, 4>{70, 130, 220, 255}));  // water
  EXPECT_EQ(pixel(*ds, 1, 0), (std::array<unsigned char, 4>{200, 80, 80, 255}));   // urban
  const auto svg = read_text(legend);
  EXPECT_NE(svg.find("water"), std::string::npos);
  EXPECT_NE(svg.find("bare soil"), std::string::npos);
}

TEST(ExportPng, LegendEscapesTextAndShowsNumbers) {
  auto layer = float_layer("mol ha-1 yr-1 <total>");
  const auto dir = twin::test::scratch_dir("ExportPng_escape");
  const auto legend = export_png(layer, "deposition_a&b", dir / "dep.png");
  const auto svg = read_text(legend);
  EXPECT_NE(svg.find("deposition_a&amp;b (mol ha-1 yr-1 &lt;total&gt;)"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("a&b"), std::string::npos);
  EXPECT_NE(svg.find("linearGradient"), std::string::npos);
  EXPECT_NE(svg.find("<text"), std::string::npos);
}

TEST(ExportPng, UnwritableOutputIsIoErrorAndLeavesNoFile) {
  const auto dir = twin::test::scratch_dir("ExportPng_io");
  std::ofstream(dir / "plain_file") << "x";
  expect_error([&] { export_png(float_layer(), "v", dir / "plain_file" / "v.png"); }, ErrorCode::io_error);
  EXPECT_TRUE(only(dir, 1));
}

// ---------------------------------------------------------------- ramps

// ---------------------------------------------------------------- hill shading

// A ridge running north-south on 10 m cells: heights rise 1 m per cell towards column 10 and
// fall after it; one cell of nodata. With the sun in the north-west, the west flank (facing
// west) is lit more than flat ground and the east flank less.
TEST(Hillshade, FlanksFacingAndAwayFromTheSunNodataStaysNodata) {
  const GridSpec g{150000.0, 460000.0, 10.0, 21, 9, 28992};
  Raster<float> r(g, 0.0f, kNaN);
  for (std::int64_t row = 0; row < g.ny; ++row)
    for (std::int64_t col = 0; col < g.nx; ++col) r.at(col, row) = static_cast<float>(10 - std::abs(col - 10));
  r.at(15, 4) = kNaN;
  const auto shade = hillshade(make_layer(std::move(r), "m", "ridge"));
  const auto& s = std::get<Raster<std::uint8_t>>(shade.raster);
  const int flat = static_cast<int>(1 + 254 * std::sin(M_PI / 4));  // 180: flat ground under a 45° sun
  EXPECT_GT(s.at(5, 4), flat + 20) << "west flank";
  EXPECT_LT(s.at(13, 2), flat - 20) << "east flank";
  EXPECT_EQ(s.at(15, 4), 0) << "nodata in, nodata out";
  EXPECT_TRUE(s.is_nodata(s.at(15, 4)));

  const auto dir = test::scratch_dir("Hillshade_png");
  export_shade_png(shade, dir / "shade.png");
  auto ds = open(dir / "shade.png");
  ASSERT_TRUE(ds);
  ASSERT_EQ(ds->GetRasterCount(), 4);
  std::vector<unsigned char> alpha(static_cast<std::size_t>(g.cells()));
  ASSERT_EQ(ds->GetRasterBand(4)->RasterIO(GF_Read, 0, 0, 21, 9, alpha.data(), 21, 9, GDT_Byte, 0, 0), CE_None);
  EXPECT_EQ(alpha[4 * 21 + 15], 0) << "nodata is transparent";
  EXPECT_EQ(alpha[4 * 21 + 5], 255 - s.at(5, 4));
  EXPECT_EQ(alpha[2 * 21 + 13], 255 - s.at(13, 2));
}

TEST(Hillshade, RefusesClassesAndBadSunPositions) {
  Raster<std::uint8_t> classes(grid_300x200(), 1, 0);
  expect_error([&] { hillshade(make_layer(std::move(classes), "1", "classes")); }, ErrorCode::invalid_argument);
  for (const auto& options : {HillshadeOptions{315, 0, 5}, HillshadeOptions{400, 45, 5}, HillshadeOptions{315, 45, 0},
                              HillshadeOptions{315, std::nan(""), 5}})
    expect_error([&] { hillshade(float_layer(), options); }, ErrorCode::invalid_argument);
  expect_error([&] { export_shade_png(float_layer(), test::scratch_dir("Hillshade_bad") / "x.png"); },
               ErrorCode::invalid_argument);
}

TEST(ExportRamps, ChosenByQuantity) {
  const auto m = float_layer("m");
  const auto db = float_layer("dB");
  const auto dba = float_layer("dB(A)");
  EXPECT_EQ(ramp_for("dtm", m).name, "terrain");
  EXPECT_EQ(ramp_for("building_height", m).name, "height");
  EXPECT_EQ(ramp_for("vegetation_height", m).name, "height");
  EXPECT_EQ(ramp_for("lden", db).name, "noise");
  EXPECT_EQ(ramp_for("lnight", dba).name, "noise");
  EXPECT_TRUE(ramp_for("lnight", dba).classed);
  EXPECT_EQ(ramp_for("lden", m).name, "sequential");  // not in dB: no noise classes
  EXPECT_EQ(ramp_for("deposition_total", float_layer("mol ha-1 yr-1")).name, "deposition");
  EXPECT_EQ(ramp_for("land_use", m).name, "land_use");
  EXPECT_EQ(ramp_for("land_use", m).stops.size(), 9u);
  EXPECT_EQ(ramp_for("anything", m).name, "sequential");
  const auto pet = ramp_for("pet_15h", float_layer("degC"));
  EXPECT_EQ(pet.name, "pet");
  ASSERT_EQ(pet.stops.size(), 5u);
  EXPECT_EQ(pet.stops[1].value, 23);
  EXPECT_EQ(pet.stops[2].value, 29);
  EXPECT_EQ(pet.stops[3].value, 35);
  EXPECT_EQ(pet.stops[4].value, 41);
  const auto noise = ramp_for("lden", db);
  for (std::size_t i = 2; i < noise.stops.size(); ++i) EXPECT_EQ(noise.stops[i].value - noise.stops[i - 1].value, 5);
}

TEST(ExportRamps, DifferenceIsSymmetricAroundZero) {
  Raster<float> r(GridSpec{0, 100, 1, 100, 1, 28992}, 0.0f, kNaN);
  for (int i = 0; i < 100; ++i) r.values[static_cast<std::size_t>(i)] = static_cast<float>(i - 20);  // -20 .. 79
  const auto ramp = ramp_for("lden_diff", make_layer(std::move(r), "dB", "difference"));
  EXPECT_EQ(ramp.name, "diverging");
  EXPECT_DOUBLE_EQ(ramp.stops.front().value, -ramp.stops.back().value);
  EXPECT_NEAR(ramp.stops.back().value, 77.02, 1e-9);  // p98 of -20..79, linear: -20 + 0.98 * 99
  EXPECT_DOUBLE_EQ(ramp.stops[ramp.stops.size() / 2].value, 0.0);
}

TEST(ExportRamps, DefaultScalesToP2P98) {
  Raster<float> r(GridSpec{0, 100, 1, 101, 1, 28992}, 0.0f, kNaN);
  for (int i = 0; i <= 100; ++i) r.values[static_cast<std::size_t>(i)] = static_cast<float>(i);
  r.values[100] = 1.0e6f;  // one outlier must not stretch the ramp
  const auto ramp = ramp_for("something", make_layer(std::move(r), "1", ""));
  EXPECT_NEAR(ramp.stops.front().value, 2.0, 1e-9);
  EXPECT_NEAR(ramp.stops.back().value, 98.0, 1e-9);
}

// ---------------------------------------------------------------- statistics

TEST(ExportStats, HandComputableValues) {
  // 1..100 on a 10 x 11 grid of 2 m cells; the last row is nodata.
  Raster<float> r(GridSpec{0, 100, 2, 10, 11, 28992}, kNaN, kNaN);
  for (int i = 0; i < 100; ++i) r.values[static_cast<std::size_t>(i)] = static_cast<float>(i + 1);
  const auto s = layer_statistics(make_layer(std::move(r), "m", "one to hundred"));
  EXPECT_EQ(s["count"], 100);
  EXPECT_EQ(s["nodata_count"], 10);
  EXPECT_EQ(s["min"], 1.0);
  EXPECT_EQ(s["max"], 100.0);
  EXPECT_DOUBLE_EQ(s["mean"].get<double>(), 50.5);
  EXPECT_NEAR(s["std"].get<double>(), std::sqrt((100.0 * 100.0 - 1.0) / 12.0), 1e-12);  // population std
  // Linear between ranks: p -> 1 + p * 99.
  EXPECT_NEAR(s["percentiles"]["p5"].get<double>(), 5.95, 1e-12);
  EXPECT_NEAR(s["percentiles"]["p25"].get<double>(), 25.75, 1e-12);
  EXPECT_NEAR(s["percentiles"]["p50"].get<double>(), 50.5, 1e-12);
  EXPECT_NEAR(s["percentiles"]["p75"].get<double>(), 75.25, 1e-12);
  EXPECT_NEAR(s["percentiles"]["p95"].get<double>(), 95.05, 1e-12);
  EXPECT_DOUBLE_EQ(s["area_m2"].get<double>(), 400.0);
  EXPECT_EQ(s["units"], "m");
  EXPECT_EQ(s["description"], "one to hundred");
  EXPECT_EQ(s["cell_type"], "float32");
}

TEST(ExportStats, IntegerNodataValueIsExcluded) {
  Raster<std::int32_t> r(GridSpec{0, 10, 1, 4, 1, 28992}, 0, -1);
  r.values = {-1, 2, 4, -1};
  const auto s = layer_statistics(make_layer(std::move(r), "1", "counts"));
  EXPECT_EQ(s["count"], 2);
  EXPECT_EQ(s["nodata_count"], 2);
  EXPECT_DOUBLE_EQ(s["mean"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(s["std"].get<double>(), 1.0);
  EXPECT_EQ(s["cell_type"], "int32");
}

TEST(ExportStats, AllNodataGivesNullsNotNaN) {
  Raster<float> r(GridSpec{0, 10, 1, 5, 5, 28992}, kNaN, kNaN);
  const auto s = layer_statistics(make_layer(std::move(r), "m", ""));
  EXPECT_EQ(s["count"], 0);
  EXPECT_EQ(s["nodata_count"], 25);
  for (const char* k : {"min", "max", "mean", "std"}) EXPECT_TRUE(s[k].is_null()) << k;
  for (const char* k : {"p5", "p25", "p50", "p75", "p95"}) EXPECT_TRUE(s["percentiles"][k].is_null()) << k;
  const auto text = s.dump();
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(text), s);
}

}  // namespace
}  // namespace twin::data
