// GDAL plumbing shared by the layer exports and the hill shading (gdal_dataset.hpp).
#include "gdal_dataset.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>

#include <limits>
#include <mutex>

#include "twin/data/error.hpp"

namespace twin::data::gdal {

QuietGdal::QuietGdal() {
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
}
QuietGdal::~QuietGdal() { CPLPopErrorHandler(); }

NoPamFiles::NoPamFiles() { CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO"); }
NoPamFiles::~NoPamFiles() { CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr); }

std::string last_gdal_message() {
  const char* m = CPLGetLastErrorMsg();
  return (m && *m) ? std::string(": ") + m : std::string();
}

GDALDriver* driver(const char* name) {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
  auto* d = GetGDALDriverManager()->GetDriverByName(name);
  if (!d) throw Error(ErrorCode::io_error, std::string("GDAL has no ") + name + " driver");
  return d;
}

OGRSpatialReference srs_for(int epsg) {
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (srs.importFromEPSG(epsg) != OGRERR_NONE) {
    throw Error(ErrorCode::unknown_crs, "EPSG:" + std::to_string(epsg) + " is not known to PROJ");
  }
  return srs;
}

GDALDataType gdal_type(CellType t) {
  switch (t) {
    case CellType::float32: return GDT_Float32;
    case CellType::float64: return GDT_Float64;
    case CellType::int32: return GDT_Int32;
    case CellType::uint8: return GDT_Byte;
  }
  return GDT_Unknown;
}

DatasetPtr mem_dataset(int nx, int ny, int bands, GDALDataType type) {
  DatasetPtr ds(driver("MEM")->Create("", nx, ny, bands, type, nullptr));
  if (!ds) throw Error(ErrorCode::io_error, "cannot create an in-memory raster" + last_gdal_message());
  return ds;
}

void georeference(GDALDataset& ds, const GridSpec& grid, const OGRSpatialReference& srs) {
  auto gt = grid.geotransform();
  ds.SetGeoTransform(gt.data());
  ds.SetSpatialRef(&srs);
}

DatasetPtr layer_dataset(const Layer& layer, const std::string& layer_name, const OGRSpatialReference& srs) {
  const auto& g = layer.grid();
  auto ds = mem_dataset(static_cast<int>(g.nx), static_cast<int>(g.ny), 1, gdal_type(layer.cell_type()));
  georeference(*ds, g, srs);
  auto* band = ds->GetRasterBand(1);
  std::visit(
      [&](const auto& r) {
        band->SetNoDataValue(static_cast<double>(r.nodata));
        const auto err = band->RasterIO(GF_Write, 0, 0, static_cast<int>(g.nx), static_cast<int>(g.ny),
                                        const_cast<void*>(static_cast<const void*>(r.values.data())),
                                        static_cast<int>(g.nx), static_cast<int>(g.ny), gdal_type(layer.cell_type()), 0, 0,
                                        nullptr);
        if (err != CE_None) throw Error(ErrorCode::io_error, "cannot fill in-memory raster" + last_gdal_message());
      },
      layer.raster);
  band->SetDescription(layer_name.c_str());
  band->SetUnitType(layer.units.c_str());
  ds->SetMetadataItem("name", layer_name.c_str());
  ds->SetMetadataItem("units", layer.units.c_str());
  ds->SetMetadataItem("description", layer.description.c_str());
  return ds;
}

void check_size(const GridSpec& g) {
  if (g.nx <= 0 || g.ny <= 0 || g.nx > std::numeric_limits<int>::max() || g.ny > std::numeric_limits<int>::max()) {
    throw Error(ErrorCode::invalid_argument, "cannot export an empty or oversized grid");
  }
}

void copy_to(GDALDriver* drv, GDALDataset& src, const std::filesystem::path& path, const char* const* options) {
  CPLErrorReset();
  DatasetPtr out(drv->CreateCopy(path.string().c_str(), &src, FALSE, const_cast<char**>(options), nullptr, nullptr));
  if (!out) throw Error(ErrorCode::io_error, "cannot write " + path.string() + last_gdal_message());
  out.reset();
  if (CPLGetLastErrorType() >= CE_Failure) {
    throw Error(ErrorCode::io_error, "cannot write " + path.string() + last_gdal_message());
  }
}

void write_rgba_png(const std::vector<unsigned char>& planes, int nx, int ny, const std::filesystem::path& path) {
  auto src = mem_dataset(nx, ny, 4, GDT_Byte);
  int bands[] = {1, 2, 3, 4};
  if (src->RasterIO(GF_Write, 0, 0, nx, ny, const_cast<unsigned char*>(planes.data()), nx, ny, GDT_Byte, 4, bands, 0,
                    0, 0, nullptr) != CE_None) {
    throw Error(ErrorCode::io_error, "cannot fill in-memory image" + last_gdal_message());
  }
  src->GetRasterBand(4)->SetColorInterpretation(GCI_AlphaBand);
  const char* const options[] = {"ZLEVEL=6", nullptr};
  copy_to(driver("PNG"), *src, path, options);
}

}  // namespace twin::data::gdal
