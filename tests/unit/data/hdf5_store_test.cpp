// Round trips through the HDF5 store, and the same files read by GDAL's netCDF driver.
#include "twin/data/hdf5_store.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "test_paths.hpp"
#include "twin/data/error.hpp"
#include "twin/data/hdf5_cell.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

GridSpec small_grid() { return GridSpec{150000.0, 460000.0, 10.0, 300, 270, 28992}; }

// A scenario with one layer of every cell type and one table of every geometry type.
Scenario sample_scenario() {
  const GridSpec g = small_grid();
  Scenario s(g);
  s.info.name = "round-trip";
  s.info.description = "every layer type and table";
  s.info.year = 2030;
  s.info.meteorology = {{"climatology", "nl-default"}};
  s.provenance.stamp("test");
  s.provenance.parameters = {{"seed", 7}};
  s.provenance.input_sha256["dtm.tif"] = std::string(64, 'a');
  s.provenance.finish();

  Raster<float> dtm(g, 0.0f, std::numeric_limits<float>::quiet_NaN());
  for (std::int64_t r = 0; r < g.ny; ++r)
    for (std::int64_t c = 0; c < g.nx; ++c) dtm.at(c, r) = 0.01f * static_cast<float>(c) - 0.02f * static_cast<float>(r);
  dtm.at(5, 7) = dtm.nodata;
  s.set_layer("dtm", make_layer(std::move(dtm), "m", "terrain height"));

  Raster<double> dbl(g, 1.5, -9999.0);
  dbl.at(299, 269) = 1e300;
  s.set_layer("precise", make_layer(std::move(dbl), "1", "double layer"));

  Raster<std::int32_t> ids(g, -1, -1);
  ids.at(1, 2) = 123456789;
  s.set_layer("habitat_id", make_layer(std::move(ids), "1", "habitat id"));

  Raster<std::uint8_t> lu(g, 7, 0);
  lu.at(10, 10) = 6;
  s.set_layer("land_use", make_layer(std::move(lu), "1", "land use class"));

  FeatureTable roads(GeometryType::line, "roads");
  roads.geometries().push_back(Geometry{{{150010, 459990}, {150100, 459900}, {150200, 459950}}, {0}});
  roads.geometries().push_back(Geometry{{{150500, 459500}, {150600, 459400}}, {0}});
  roads.set_column(Column{"id", "", std::vector<std::int64_t>{1, 2}});
  roads.set_column(Column{"name", "", std::vector<std::string>{"Hoofdstraat", "Ümlaut-weg"}});
  roads.set_column(Column{"q_cat1_day", "h-1", std::vector<double>{1200.5, 0.0}});
  s.set_table("roads", std::move(roads));

  FeatureTable sources(GeometryType::point, "sources");
  sources.geometries().push_back(Geometry{{{151000, 459000}}, {0}});
  sources.set_column(Column{"nh3_kg_yr", "kg yr-1", std::vector<double>{5000}});
  s.set_table("nitrogen_sources", std::move(sources));

  FeatureTable areas(GeometryType::polygon, "polygon with a hole");
  areas.geometries().push_back(Geometry{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}, {2, 2}, {4, 2}, {4, 4}, {2, 2}}, {0, 5}});
  areas.set_column(Column{"label", "", std::vector<std::string>{""}});
  s.set_table("areas", std::move(areas));

  FeatureTable empty(GeometryType::point, "no rows");
  s.set_table("receptors", std::move(empty));
  return s;
}

template <class T>
void expect_same_raster(const Raster<T>& a, const Raster<T>& b) {
  EXPECT_TRUE(a.grid.matches(b.grid));
  ASSERT_EQ(a.values.size(), b.values.size());
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    if (a.is_nodata(a.values[i])) {
      EXPECT_TRUE(b.is_nodata(b.values[i])) << i;
    } else {
      ASSERT_EQ(a.values[i], b.values[i]) << i;
    }
  }
}

TEST(Hdf5Store, RoundTripKeepsEveryLayerTableAndAttribute) {
  const auto dir = test::scratch_dir("Hdf5Store_RoundTrip");
  const Scenario original = sample_scenario();
  write_scenario(original, dir / "s.h5");
  const Scenario back = read_scenario(dir / "s.h5");

  EXPECT_EQ(back.grid(), original.grid());
  EXPECT_EQ(back.info.name, "round-trip");
  EXPECT_EQ(back.info.description, original.info.description);
  EXPECT_EQ(back.info.year, 2030);
  EXPECT_EQ(back.info.meteorology, original.info.meteorology);
  EXPECT_EQ(back.provenance.to_json(), original.provenance.to_json());
  EXPECT_FALSE(back.provenance.git_hash.empty());

  ASSERT_EQ(back.layers().size(), original.layers().size());
  for (const auto& [name, layer] : original.layers()) {
    const Layer& other = back.layer(name);
    EXPECT_EQ(other.units, layer.units) << name;
    EXPECT_EQ(other.description, layer.description) << name;
    ASSERT_EQ(other.cell_type(), layer.cell_type()) << name;
    std::visit([&](const auto& r) { expect_same_raster(r, std::get<std::decay_t<decltype(r)>>(other.raster)); },
               layer.raster);
  }
  ASSERT_EQ(back.tables().size(), original.tables().size());
  for (const auto& [name, table] : original.tables()) {
    const FeatureTable& other = back.table(name);
    EXPECT_EQ(other.geometry_type(), table.geometry_type()) << name;
    EXPECT_EQ(other.description(), table.description()) << name;
    EXPECT_EQ(other.geometries(), table.geometries()) << name;
    ASSERT_EQ(other.columns().size(), table.columns().size()) << name;
    for (std::size_t i = 0; i < table.columns().size(); ++i) {
      EXPECT_EQ(other.columns()[i].name, table.columns()[i].name);
      EXPECT_EQ(other.columns()[i].units, table.columns()[i].units);
      EXPECT_EQ(other.columns()[i].values, table.columns()[i].values);
    }
  }
  // Content digests are what provenance records: they survive the round trip.
  EXPECT_EQ(back.content_digests(), original.content_digests());
}

TEST(Hdf5Store, OnlyLayersReadsASubset) {
  const auto dir = test::scratch_dir("Hdf5Store_OnlyLayers");
  write_scenario(sample_scenario(), dir / "s.h5");
  ReadOptions options;
  options.only_layers = std::set<std::string>{"dtm"};
  const Scenario back = read_scenario(dir / "s.h5", options);
  EXPECT_EQ(back.layers().size(), 1u);
  EXPECT_TRUE(back.has_layer("dtm"));
}

// One cell at a time (the viewer's clicks) reads what the whole layer read holds, for every
// cell type, nodata (NaN and fill values) included, on both sides of a chunk boundary.
TEST(Hdf5Store, ReadCellMatchesTheWholeLayer) {
  const auto path = test::scratch_dir("Hdf5Store_ReadCell") / "s.h5";
  write_scenario(sample_scenario(), path);
  const auto whole = read_scenario(path);
  const auto& g = whole.grid();
  const std::vector<CellIndex> cells{{0, 0}, {5, 7}, {1, 2}, {10, 10}, {255, 255}, {256, 256}, {299, 269}, {42, 200}};
  for (const auto& [name, layer] : whole.layers()) {
    for (const auto& cell : cells) {
      const double x = g.x0 + (static_cast<double>(cell.col) + 0.5) * g.cell;
      const double y = g.y0 - (static_cast<double>(cell.row) + 0.5) * g.cell;
      const auto sample = read_cell(path, name, x, y);
      ASSERT_TRUE(sample.cell) << name;
      EXPECT_EQ(*sample.cell, cell) << name;
      EXPECT_EQ(sample.units, layer.units) << name;
      std::visit(
          [&](const auto& raster) {
            const auto v = raster.at(cell.col, cell.row);
            if (raster.is_nodata(v)) {
              EXPECT_FALSE(sample.value) << name << " at " << cell.col << "," << cell.row;
            } else {
              ASSERT_TRUE(sample.value) << name << " at " << cell.col << "," << cell.row;
              EXPECT_EQ(*sample.value, static_cast<double>(v)) << name << " at " << cell.col << "," << cell.row;
            }
          },
          layer.raster);
    }
  }
  const auto outside = read_cell(path, "dtm", g.x0 - 1, g.y0 - 1);
  EXPECT_FALSE(outside.cell);
  EXPECT_FALSE(outside.value);
  try {
    read_cell(path, "no_such_layer", g.x0 + 1, g.y0 - 1);
    ADD_FAILURE() << "a missing layer was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::missing_layer);
  }
  EXPECT_THROW(read_cell(path.parent_path() / "missing.h5", "dtm", g.x0 + 1, g.y0 - 1), Error);
}

TEST(Hdf5Store, NoTemporaryFileIsLeftBehind) {
  const auto dir = test::scratch_dir("Hdf5Store_NoTemporary");
  write_scenario(sample_scenario(), dir / "s.h5");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
}

TEST(Hdf5Store, GdalNetcdfDriverSeesTheGeoreference) {
  const auto dir = test::scratch_dir("Hdf5Store_Gdal");
  const Scenario s = sample_scenario();
  write_scenario(s, dir / "s.h5");
  GDALAllRegister();
  for (const std::string layer : {"dtm", "land_use", "habitat_id", "precise"}) {
    const std::string name = "NETCDF:\"" + (dir / "s.h5").string() + "\":" + layer;
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(name.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_NE(ds, nullptr) << name << ": " << CPLGetLastErrorMsg();
    EXPECT_EQ(ds->GetRasterXSize(), 300);
    EXPECT_EQ(ds->GetRasterYSize(), 270);
    double gt[6];
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
    EXPECT_NEAR(gt[0], 150000.0, 1e-6);
    EXPECT_NEAR(gt[1], 10.0, 1e-9);
    EXPECT_NEAR(gt[3], 460000.0, 1e-6);
    EXPECT_NEAR(gt[5], -10.0, 1e-9);
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    ASSERT_NE(srs, nullptr);
    OGRSpatialReference rd;
    rd.importFromEPSG(28992);
    EXPECT_TRUE(srs->IsSame(&rd)) << layer;
    const char* code = srs->GetAuthorityCode(nullptr);
    if (code != nullptr) {
      EXPECT_STREQ(code, "28992");
    }

    // A value read through GDAL equals ours (row 7, column 1 avoids the nodata cell).
    double value = 0;
    ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Read, 1, 2, 1, 1, &value, 1, 1, GDT_Float64, 0, 0), CE_None);
    const double expected = s.layer(layer).to_float().at(1, 2);
    EXPECT_NEAR(value, expected, 1e-3 * std::max(1.0, std::abs(expected))) << layer;
  }
}

TEST(Hdf5Store, WritesChunkedCompressedLayers) {
  const auto dir = test::scratch_dir("Hdf5Store_Chunks");
  GridSpec g{0, 2000, 1, 1000, 600, 28992};
  Scenario s(g);
  s.set_layer("zeros", make_layer(Raster<float>(g, 0.0f, -1.0f), "m", "zeros"));
  write_scenario(s, dir / "z.h5");
  // 600k float zeros compress to a small fraction of 2.4 MB with shuffle + deflate.
  EXPECT_LT(std::filesystem::file_size(dir / "z.h5"), 200'000u);
  const std::string cmd = "h5dump -p -H -d zeros " + (dir / "z.h5").string() + " > " + (dir / "dump.txt").string();
  if (std::system(cmd.c_str()) == 0) {
    std::ifstream in(dir / "dump.txt");
    const std::string dump((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(dump.find("CHUNKED ( 256, 256 )"), std::string::npos) << dump;
    EXPECT_NE(dump.find("SHUFFLE"), std::string::npos);
    EXPECT_NE(dump.find("DEFLATE"), std::string::npos);
  }
}

}  // namespace
}  // namespace twin::data
