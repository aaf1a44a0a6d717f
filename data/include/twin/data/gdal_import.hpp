#pragma once
// Import through GDAL/OGR: rasters of any CRS warped onto a scenario grid, vector layers
// into feature tables (reprojected to the grid's CRS), and polygons rasterised into layers.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "twin/data/feature_table.hpp"
#include "twin/data/grid_spec.hpp"
#include "twin/data/memory_budget.hpp"
#include "twin/data/raster.hpp"

namespace twin::data {

// The grid of a north-up raster file with square cells (its own CRS must have an EPSG
// code). Throws Error(file_not_found | corrupt_file | unknown_crs | invalid_value).
GridSpec grid_of_raster(const std::filesystem::path& file);

enum class Resampling { nearest, bilinear, cubic, average, mode };
Resampling parse_resampling(std::string_view name);  // throws Error(invalid_argument)

// Band 1 of `file` warped onto `target`; cells without data get NaN. The file's nodata is
// honoured. Checks the budget before allocating.
Raster<float> import_raster(const std::filesystem::path& file, const GridSpec& target,
                            Resampling resampling, const MemoryBudget& budget);

struct VectorImportOptions {
  std::string layer;  // OGR layer name; empty = the first layer
  int target_epsg = 0;  // reproject to this CRS; 0 = keep the source CRS
  // Source field -> column name; fields not named are imported under their own name.
  std::map<std::string, std::string> rename;
};

// All features of one vector layer (shapefile, GeoPackage, GeoJSON, ...). Multi-part
// geometries become one row per part. Integer fields become int64 columns, real fields
// double columns, everything else strings. Throws Error(file_not_found | corrupt_file |
// unknown_crs | invalid_value) for missing files, unreadable layers, a source without CRS
// when reprojection is asked, or a layer with mixed geometry types.
FeatureTable import_features(const std::filesystem::path& file, const VectorImportOptions& options);

// Burns a polygon layer into a raster on `target`: each cell whose centre lies inside a
// polygon takes the value of `attribute` (or `constant` when attribute is empty); other
// cells keep `background`. Reprojects on the fly. Throws Error(missing_column) when the
// attribute does not exist, Error(invalid_value) when a value is NaN or (with
// `non_negative`) negative, naming the feature.
struct RasterizeOptions {
  std::string layer;
  std::string attribute;
  double constant = 1.0;
  float background = 0.0f;
  bool non_negative = false;
};
Raster<float> rasterize_polygons(const std::filesystem::path& file, const GridSpec& target,
                                 const RasterizeOptions& options, const MemoryBudget& budget);

// The Lorient road preset (NoiseModelling's road table: TV_D/E/N total and HV_D/E/N heavy
// vehicles per hour, LV_SPD_*/HV_SPD_* speeds, PVMT surface): light = total - heavy goes
// to cat1, heavy to cat3, cat2/cat4a/cat4b get 0; PVMT becomes `surface`; PK becomes `id`.
// Throws Error(missing_column) for a missing source column.
FeatureTable roads_from_lorient_table(const FeatureTable& raw);

}  // namespace twin::data
