// Hill shading through GDALDEMProcessing (the library behind gdaldem), so the slope kernel,
// edge handling and shading are GDAL's well-tested ones rather than a copy of them.
#include "twin/data/hillshade.hpp"

#include <gdal_utils.h>

#include <cmath>
#include <string>
#include <vector>

#include "gdal_dataset.hpp"
#include "twin/data/atomic_output.hpp"
#include "twin/data/error.hpp"

namespace twin::data {
namespace {

struct FreeDemOptions {
  void operator()(GDALDEMProcessingOptions* o) const { GDALDEMProcessingOptionsFree(o); }
};

void check_options(const HillshadeOptions& o) {
  if (!std::isfinite(o.azimuth_deg) || o.azimuth_deg < 0 || o.azimuth_deg > 360)
    throw Error(ErrorCode::invalid_argument, "hillshade azimuth must be in [0, 360] degrees");
  if (!std::isfinite(o.altitude_deg) || o.altitude_deg <= 0 || o.altitude_deg > 90)
    throw Error(ErrorCode::invalid_argument, "hillshade altitude must be in (0, 90] degrees");
  if (!std::isfinite(o.z_factor) || o.z_factor <= 0 || o.z_factor > 1000)
    throw Error(ErrorCode::invalid_argument, "hillshade z factor must be in (0, 1000]");
}

}  // namespace

Layer hillshade(const Layer& heights, const HillshadeOptions& options) {
  check_options(options);
  if (heights.cell_type() != CellType::float32 && heights.cell_type() != CellType::float64)
    throw Error(ErrorCode::invalid_argument, "hill shading needs a floating-point height layer");
  const auto& g = heights.grid();
  gdal::check_size(g);
  gdal::QuietGdal quiet;
  gdal::NoPamFiles no_pam;
  auto src = gdal::layer_dataset(heights, "heights", gdal::srs_for(g.epsg));

  const std::string az = std::to_string(options.azimuth_deg), alt = std::to_string(options.altitude_deg),
                    z = std::to_string(options.z_factor);
  std::vector<const char*> args{"-of", "MEM", "-compute_edges", "-az", az.c_str(), "-alt", alt.c_str(),
                                "-z", z.c_str(), nullptr};
  std::unique_ptr<GDALDEMProcessingOptions, FreeDemOptions> dem_options(
      GDALDEMProcessingOptionsNew(const_cast<char**>(args.data()), nullptr));
  if (!dem_options) throw Error(ErrorCode::io_error, "cannot set up GDAL hill shading" + gdal::last_gdal_message());
  int usage_error = 0;
  gdal::DatasetPtr shaded(GDALDataset::FromHandle(GDALDEMProcessing(
      "", GDALDataset::ToHandle(src.get()), "hillshade", nullptr, dem_options.get(), &usage_error)));
  if (!shaded || usage_error)
    throw Error(ErrorCode::io_error, "GDAL hill shading failed" + gdal::last_gdal_message());

  Raster<std::uint8_t> shade(g, 0, 0);
  const int nx = static_cast<int>(g.nx), ny = static_cast<int>(g.ny);
  if (shaded->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, nx, ny, shade.values.data(), nx, ny, GDT_Byte, 0, 0,
                                         nullptr) != CE_None)
    throw Error(ErrorCode::io_error, "cannot read the hill shading" + gdal::last_gdal_message());
  return make_layer(std::move(shade), "1",
                    "hill shading (1 dark .. 255 lit, 0 = nodata), sun at azimuth " + az + "°, altitude " + alt +
                        "°, vertical exaggeration " + z);
}

void export_shade_png(const Layer& shade, const std::filesystem::path& out) {
  const auto* raster = std::get_if<Raster<std::uint8_t>>(&shade.raster);
  if (!raster) throw Error(ErrorCode::invalid_argument, "a shade layer is uint8 (made by hillshade())");
  const auto& g = raster->grid;
  gdal::check_size(g);
  gdal::QuietGdal quiet;
  gdal::NoPamFiles no_pam;
  const auto n = static_cast<std::size_t>(g.cells());
  // Band-sequential RGBA: three black planes, then the alpha plane.
  std::vector<unsigned char> planes(4 * n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto s = raster->values[i];
    planes[3 * n + i] = raster->is_nodata(s) ? 0 : static_cast<unsigned char>(255 - s);
  }
  AtomicOutput tmp(out);
  gdal::write_rgba_png(planes, static_cast<int>(g.nx), static_cast<int>(g.ny), tmp.temporary());
  tmp.commit();
}

}  // namespace twin::data
