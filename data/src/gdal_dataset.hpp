#pragma once
// GDAL plumbing shared by the layer exports and the hill shading: in-memory datasets made
// from layers, drivers, and errors turned into twin::data::Error. Internal to twin_data.
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "twin/data/grid_spec.hpp"
#include "twin/data/layer.hpp"

namespace twin::data::gdal {

// GDAL reports problems both through return values and its error handler; we turn the
// former into Error and keep the latter off stderr (a server log is no place for it).
class QuietGdal {
 public:
  QuietGdal();
  ~QuietGdal();
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
};

// Sidecar .aux.xml files would be left behind under the temporary name; switch them off.
class NoPamFiles {
 public:
  NoPamFiles();
  ~NoPamFiles();
  NoPamFiles(const NoPamFiles&) = delete;
  NoPamFiles& operator=(const NoPamFiles&) = delete;
};

struct CloseDataset {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, CloseDataset>;

// ": <GDAL's last message>", or "" when it has none.
std::string last_gdal_message();
// A registered driver; throws Error(io_error) when GDAL lacks it.
GDALDriver* driver(const char* name);
// Throws Error(unknown_crs) when PROJ does not know the code.
OGRSpatialReference srs_for(int epsg);
GDALDataType gdal_type(CellType t);
DatasetPtr mem_dataset(int nx, int ny, int bands, GDALDataType type);
void georeference(GDALDataset& ds, const GridSpec& grid, const OGRSpatialReference& srs);
// A MEM copy of the layer with georeference, nodata and descriptive metadata.
DatasetPtr layer_dataset(const Layer& layer, const std::string& layer_name, const OGRSpatialReference& srs);
// Throws Error(invalid_argument) for an empty grid or one too large for GDAL's int sizes.
void check_size(const GridSpec& g);
// CreateCopy, then close and check: some drivers only fail when the file is flushed.
void copy_to(GDALDriver* drv, GDALDataset& src, const std::filesystem::path& path, const char* const* options);
// Writes band-sequential RGBA planes (4 * nx * ny bytes: R, G, B, then alpha) as a PNG at
// `path` (the caller's temporary name).
void write_rgba_png(const std::vector<unsigned char>& planes, int nx, int ny, const std::filesystem::path& path);

}  // namespace twin::data::gdal
