#include "twin/data/gdal_import.hpp"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::data {
namespace {

namespace fs = std::filesystem;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// GDAL's driver registry is process-wide; registering once is enough and thread-safe.
void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

// GDAL reports problems through CPLError, which by default prints to stderr. While one of
// our calls runs we silence that and turn the last message into an Error instead.
class QuietGdalErrors {
 public:
  QuietGdalErrors() {
    ensure_gdal_registered();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdalErrors() { CPLPopErrorHandler(); }
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

// " (GDAL: <last message>)" or "" when GDAL said nothing.
std::string gdal_detail() {
  const char* msg = CPLGetLastErrorMsg();
  if (msg == nullptr || *msg == '\0') return "";
  return std::string(" (GDAL: ") + msg + ")";
}

// Every message starts with the file, so a user with many inputs knows which one is bad.
[[noreturn]] void fail(ErrorCode code, const fs::path& file, const std::string& what) {
  throw Error(code, file.string() + ": " + what);
}

// Numbers in messages as a user typed them: 2.5, not 2.500000.
std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

void require_exists(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) fail(ErrorCode::file_not_found, file, "file not found");
}

// A CRS from an EPSG code, with x = easting/longitude as every grid and table here assumes.
OGRSpatialReference srs_from_epsg(int epsg, const fs::path& file) {
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (epsg <= 0 || srs.importFromEPSG(epsg) != OGRERR_NONE) {
    fail(ErrorCode::unknown_crs, file,
         "EPSG:" + std::to_string(epsg) + " is not a CRS PROJ knows" + gdal_detail());
  }
  return srs;
}

// A copy of a file's CRS with traditional axis order (the dataset keeps ownership of its own).
OGRSpatialReference traditional_copy(const OGRSpatialReference& source) {
  OGRSpatialReference srs(source);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

// The EPSG code of a CRS, or 0. Files often carry a CRS without its authority code (ESRI
// .prj, old GeoTIFF keys), so fall back to GDAL's identification.
int epsg_of(const OGRSpatialReference& source) {
  OGRSpatialReference srs = traditional_copy(source);
  auto code_of = [](const OGRSpatialReference& s) -> int {
    const char* name = s.GetAuthorityName(nullptr);
    const char* code = s.GetAuthorityCode(nullptr);
    if (name == nullptr || code == nullptr || !EQUAL(name, "EPSG")) return 0;
    return std::atoi(code);
  };
  if (int code = code_of(srs); code > 0) return code;
  if (srs.AutoIdentifyEPSG() == OGRERR_NONE) {
    if (int code = code_of(srs); code > 0) return code;
  }
  int count = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &count, &confidence);
  int code = 0;
  if (count > 0 && confidence[0] >= 90)
    code = code_of(*OGRSpatialReference::FromHandle(matches[0]));
  OSRFreeSRSArray(matches);
  CPLFree(confidence);
  return code;
}

GDALDatasetUniquePtr open_dataset(const fs::path& file, unsigned flags, const char* kind) {
  require_exists(file);
  GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), flags | GDAL_OF_READONLY));
  if (!ds)
    fail(ErrorCode::corrupt_file, file, std::string("not a readable ") + kind + gdal_detail());
  return ds;
}

GDALDatasetUniquePtr open_raster(const fs::path& file) {
  auto ds = open_dataset(file, GDAL_OF_RASTER, "raster");
  if (ds->GetRasterCount() < 1) fail(ErrorCode::corrupt_file, file, "raster has no bands");
  return ds;
}

// The named layer, or the first one when the name is empty.
OGRLayer* pick_layer(GDALDataset& ds, const std::string& name, const fs::path& file) {
  if (name.empty()) {
    if (ds.GetLayerCount() < 1) fail(ErrorCode::corrupt_file, file, "has no vector layer");
    return ds.GetLayer(0);
  }
  OGRLayer* layer = ds.GetLayerByName(name.c_str());
  if (layer == nullptr) fail(ErrorCode::missing_table, file, "has no layer '" + name + "'");
  return layer;
}

// The raster's CRS, which must exist: without it the cells cannot be placed on a grid.
OGRSpatialReference raster_srs(GDALDataset& ds, const fs::path& file) {
  const OGRSpatialReference* srs = ds.GetSpatialRef();
  if (srs == nullptr || srs->IsEmpty())
    fail(ErrorCode::unknown_crs, file, "raster has no coordinate reference system");
  return traditional_copy(*srs);
}

std::array<double, 6> raster_geotransform(GDALDataset& ds, const fs::path& file) {
  std::array<double, 6> gt{};
  if (ds.GetGeoTransform(gt.data()) != CE_None)
    fail(ErrorCode::invalid_value, file, "raster is not georeferenced");
  return gt;
}

// GDAL's dataset API takes int sizes; our grids use int64.
void require_gdal_size(const GridSpec& grid, const fs::path& file) {
  grid.validate();
  constexpr auto kMax = static_cast<std::int64_t>(std::numeric_limits<int>::max());
  if (grid.nx > kMax || grid.ny > kMax)
    fail(ErrorCode::invalid_value, file, "target grid too large for GDAL");
}

// An in-memory single-band float raster on `grid`, filled with `fill`: the destination of
// warping and rasterising, which GDAL then does for us.
GDALDatasetUniquePtr make_mem_grid(const GridSpec& grid, const OGRSpatialReference& srs, float fill,
                                   const fs::path& file) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDatasetUniquePtr ds(mem == nullptr
                              ? nullptr
                              : mem->Create("", static_cast<int>(grid.nx),
                                            static_cast<int>(grid.ny), 1, GDT_Float32, nullptr));
  if (!ds) fail(ErrorCode::io_error, file, "cannot create an in-memory grid" + gdal_detail());
  auto gt = grid.geotransform();
  ds->SetGeoTransform(gt.data());
  ds->SetSpatialRef(&srs);
  GDALRasterBand* band = ds->GetRasterBand(1);
  if (std::isnan(fill)) band->SetNoDataValue(fill);
  band->Fill(fill);
  return ds;
}

// Copies band 1 of a MEM grid into a Raster; `nodata` is what the Raster calls nodata.
Raster<float> read_mem_grid(GDALDataset& ds, const GridSpec& grid, float nodata,
                            const fs::path& file) {
  Raster<float> out(grid, nodata, nodata);
  CPLErr err = ds.GetRasterBand(1)->RasterIO(
      GF_Read, 0, 0, static_cast<int>(grid.nx), static_cast<int>(grid.ny), out.values.data(),
      static_cast<int>(grid.nx), static_cast<int>(grid.ny), GDT_Float32, 0, 0, nullptr);
  if (err != CE_None)
    fail(ErrorCode::io_error, file, "cannot read the in-memory grid" + gdal_detail());
  return out;
}

// Destination MEM grid plus the returned Raster, both float32.
std::uint64_t grid_bytes(const GridSpec& grid) {
  return 2 * static_cast<std::uint64_t>(grid.cells()) * sizeof(float);
}

GDALResampleAlg gdal_resampling(Resampling r) {
  switch (r) {
    case Resampling::nearest:
      return GRA_NearestNeighbour;
    case Resampling::bilinear:
      return GRA_Bilinear;
    case Resampling::cubic:
      return GRA_Cubic;
    case Resampling::average:
      return GRA_Average;
    case Resampling::mode:
      return GRA_Mode;
  }
  return GRA_NearestNeighbour;
}

// Owns the warp options and the transformer they point to.
struct WarpSetup {
  GDALWarpOptions* options = nullptr;
  ~WarpSetup() {
    if (options == nullptr) return;
    if (options->pTransformerArg != nullptr)
      GDALDestroyGenImgProjTransformer(options->pTransformerArg);
    GDALDestroyWarpOptions(options);
  }
};

// Warps band 1 of `src` into band 1 of `dst`; the source nodata (if any) is not data, and
// destination cells that receive nothing keep NaN.
void warp_band(GDALDataset& src, GDALDataset& dst, Resampling resampling, const fs::path& file) {
  WarpSetup setup;
  setup.options = GDALCreateWarpOptions();
  GDALWarpOptions& o = *setup.options;
  o.hSrcDS = GDALDataset::ToHandle(&src);
  o.hDstDS = GDALDataset::ToHandle(&dst);
  o.eResampleAlg = gdal_resampling(resampling);
  o.nBandCount = 1;
  o.panSrcBands = static_cast<int*>(CPLMalloc(sizeof(int)));
  o.panDstBands = static_cast<int*>(CPLMalloc(sizeof(int)));
  o.panSrcBands[0] = o.panDstBands[0] = 1;
  int has_nodata = FALSE;
  double src_nodata = src.GetRasterBand(1)->GetNoDataValue(&has_nodata);
  if (has_nodata) {
    o.padfSrcNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double)));
    o.padfSrcNoDataReal[0] = src_nodata;
  }
  o.padfDstNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double)));
  o.padfDstNoDataReal[0] = std::numeric_limits<double>::quiet_NaN();
  o.papszWarpOptions = CSLSetNameValue(o.papszWarpOptions, "INIT_DEST", "NO_DATA");
  o.pTransformerArg = GDALCreateGenImgProjTransformer2(o.hSrcDS, o.hDstDS, nullptr);
  if (o.pTransformerArg == nullptr) {
    fail(ErrorCode::unknown_crs, file,
         "cannot transform the raster's CRS to the target grid's" + gdal_detail());
  }
  o.pfnTransformer = GDALGenImgProjTransform;

  GDALWarpOperation op;
  if (op.Initialize(&o) != CE_None)
    fail(ErrorCode::invalid_value, file, "cannot set up warping" + gdal_detail());
  CPLErrorReset();
  CPLErr err = op.ChunkAndWarpImage(0, 0, dst.GetRasterXSize(), dst.GetRasterYSize());
  // A truncated file fails while reading its strips; do not trust partial output.
  if (err != CE_None || CPLGetLastErrorType() >= CE_Failure) {
    fail(ErrorCode::corrupt_file, file, "cannot read the raster's cells" + gdal_detail());
  }
}

// ---- vector features -------------------------------------------------------------------

// One single-part geometry of a feature, already flattened to x/y.
struct Part {
  GeometryType type;
  Geometry geometry;
};

void append_curve(const OGRSimpleCurve& curve, Geometry& g) {
  for (int i = 0; i < curve.getNumPoints(); ++i)
    g.vertices.push_back({curve.getX(i), curve.getY(i)});
}

// Polygon rings in order, exterior first; ring_starts records where each begins.
Geometry polygon_geometry(const OGRPolygon& polygon) {
  Geometry g;
  g.ring_starts.clear();
  auto add_ring = [&g](const OGRLinearRing* ring) {
    if (ring == nullptr || ring->IsEmpty()) return;
    g.ring_starts.push_back(static_cast<std::uint32_t>(g.vertices.size()));
    append_curve(*ring, g);
  };
  add_ring(polygon.getExteriorRing());
  for (int i = 0; i < polygon.getNumInteriorRings(); ++i) add_ring(polygon.getInteriorRing(i));
  if (g.ring_starts.empty()) g.ring_starts.push_back(0);
  return g;
}

// Splits `geom` into single parts (multi-geometries and collections recursively); Z and M
// are dropped. Returns false for a geometry type we cannot represent.
bool collect_parts(const OGRGeometry& geom, std::vector<Part>& out) {
  if (geom.IsEmpty()) return true;
  switch (wkbFlatten(geom.getGeometryType())) {
    case wkbPoint: {
      const auto& p = *geom.toPoint();
      out.push_back({GeometryType::point, Geometry{{{p.getX(), p.getY()}}, {0}}});
      return true;
    }
    case wkbLineString: {
      Geometry g;
      append_curve(*geom.toLineString(), g);
      out.push_back({GeometryType::line, std::move(g)});
      return true;
    }
    case wkbPolygon:
      out.push_back({GeometryType::polygon, polygon_geometry(*geom.toPolygon())});
      return true;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *geom.toGeometryCollection()) {
        if (!collect_parts(*part, out)) return false;
      }
      return true;
    default:
      return false;
  }
}

// The geometry type of an empty layer, from its declared type.
GeometryType declared_type(OGRLayer& layer) {
  switch (wkbFlatten(OGR_GT_GetLinear(layer.GetGeomType()))) {
    case wkbLineString:
    case wkbMultiLineString:
      return GeometryType::line;
    case wkbPolygon:
    case wkbMultiPolygon:
      return GeometryType::polygon;
    default:
      return GeometryType::point;
  }
}

// The transformation from the layer's CRS to EPSG:target_epsg, or null when nothing is to be
// done (no reprojection asked, or the CRS are the same).
std::unique_ptr<OGRCoordinateTransformation> make_reprojection(OGRLayer& layer, int target_epsg,
                                                               const fs::path& file) {
  if (target_epsg == 0) return nullptr;
  OGRSpatialReference target = srs_from_epsg(target_epsg, file);
  const OGRSpatialReference* layer_srs = layer.GetSpatialRef();
  if (layer_srs == nullptr || layer_srs->IsEmpty()) {
    fail(ErrorCode::unknown_crs, file,
         "layer has no coordinate reference system, so it cannot be reprojected");
  }
  OGRSpatialReference source = traditional_copy(*layer_srs);
  if (source.IsSame(&target)) return nullptr;
  std::unique_ptr<OGRCoordinateTransformation> ct(
      OGRCreateCoordinateTransformation(&source, &target));
  if (!ct)
    fail(ErrorCode::unknown_crs, file,
         "cannot reproject to EPSG:" + std::to_string(target_epsg) + gdal_detail());
  return ct;
}

// The feature's geometry, reprojected and with curves approximated by line segments.
std::unique_ptr<OGRGeometry> feature_geometry(OGRFeature& feature, OGRCoordinateTransformation* ct,
                                              const fs::path& file) {
  std::unique_ptr<OGRGeometry> geom(feature.StealGeometry());
  const std::string which = "feature " + std::to_string(feature.GetFID());
  if (!geom || geom->IsEmpty()) fail(ErrorCode::invalid_value, file, which + " has no geometry");
  if (geom->hasCurveGeometry()) geom.reset(geom->getLinearGeometry());
  if (ct != nullptr && geom->transform(ct) != OGRERR_NONE) {
    fail(ErrorCode::invalid_value, file, which + " cannot be reprojected" + gdal_detail());
  }
  return geom;
}

// Collects one OGR field into a column, one value per output row.
struct FieldSink {
  int index;
  Column column;

  void push(const OGRFeature& f) {
    std::visit(
        [&](auto& values) {
          using V = typename std::decay_t<decltype(values)>::value_type;
          const bool set = f.IsFieldSetAndNotNull(index);
          if constexpr (std::is_same_v<V, double>) {
            values.push_back(set ? f.GetFieldAsDouble(index)
                                 : std::numeric_limits<double>::quiet_NaN());
          } else if constexpr (std::is_same_v<V, std::int64_t>) {
            values.push_back(set ? f.GetFieldAsInteger64(index)
                                 : 0);  // int64 has no NaN; null reads 0
          } else {
            values.push_back(set ? f.GetFieldAsString(index) : "");
          }
        },
        column.values);
  }
};

std::vector<FieldSink> field_sinks(OGRLayer& layer, const VectorImportOptions& options) {
  std::vector<FieldSink> sinks;
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const OGRFieldDefn* fd = defn->GetFieldDefn(i);
    std::string name = fd->GetNameRef();
    if (auto it = options.rename.find(name); it != options.rename.end()) name = it->second;
    ColumnValues values;
    switch (fd->GetType()) {
      case OFTInteger:
      case OFTInteger64:
        values = std::vector<std::int64_t>{};
        break;
      case OFTReal:
        values = std::vector<double>{};
        break;
      default:
        values = std::vector<std::string>{};
        break;
    }
    sinks.push_back({i, Column{std::move(name), "", std::move(values)}});
  }
  return sinks;
}

// Appends one feature's parts as rows; all rows of a table share one geometry type.
void add_feature_rows(OGRFeature& feature, OGRCoordinateTransformation* ct,
                      std::optional<GeometryType>& type, std::vector<Geometry>& geometries,
                      std::vector<FieldSink>& sinks, const fs::path& file) {
  auto geom = feature_geometry(feature, ct, file);
  std::vector<Part> parts;
  const std::string which = "feature " + std::to_string(feature.GetFID());
  if (!collect_parts(*geom, parts)) {
    fail(ErrorCode::invalid_value, file,
         which + " has an unsupported geometry type " + geom->getGeometryName());
  }
  for (auto& part : parts) {
    if (!type) type = part.type;
    if (*type != part.type) {
      fail(ErrorCode::invalid_value, file,
           "layer mixes geometry types: " + which + " is a " +
               std::string(geometry_type_name(part.type)) + " after " +
               std::string(geometry_type_name(*type)) + "s");
    }
    geometries.push_back(std::move(part.geometry));
    for (auto& sink : sinks) sink.push(feature);
  }
}

// ---- rasterising -----------------------------------------------------------------------

// The value a feature burns: its attribute (validated) or the constant.
double burn_value(const OGRFeature& feature, int field, const RasterizeOptions& options,
                  const fs::path& file) {
  if (field < 0) return options.constant;
  const std::string which = "feature " + std::to_string(feature.GetFID());
  double v = feature.IsFieldSetAndNotNull(field) ? feature.GetFieldAsDouble(field)
                                                 : std::numeric_limits<double>::quiet_NaN();
  if (std::isnan(v))
    fail(ErrorCode::invalid_value, file, which + " has no value for '" + options.attribute + "'");
  if (options.non_negative && v < 0) {
    fail(ErrorCode::invalid_value, file,
         which + " has a negative '" + options.attribute + "' (" + number(v) + ")");
  }
  return v;
}

bool is_polygonal(const OGRGeometry& geom) {
  auto t = wkbFlatten(geom.getGeometryType());
  return t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon || t == wkbMultiSurface;
}

}  // namespace

Resampling parse_resampling(std::string_view name) {
  std::string n(name);
  for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n == "nearest" || n == "near") return Resampling::nearest;
  if (n == "bilinear") return Resampling::bilinear;
  if (n == "cubic") return Resampling::cubic;
  if (n == "average") return Resampling::average;
  if (n == "mode") return Resampling::mode;
  throw Error(ErrorCode::invalid_argument, "unknown resampling '" + std::string(name) +
                                               "' (use nearest, bilinear, cubic, average or mode)");
}

GridSpec grid_of_raster(const fs::path& file) {
  QuietGdalErrors quiet;
  auto ds = open_raster(file);
  auto gt = raster_geotransform(*ds, file);
  if (gt[2] != 0.0 || gt[4] != 0.0 || gt[1] <= 0.0 || gt[5] >= 0.0) {
    fail(ErrorCode::invalid_value, file,
         "raster is not north-up (rotated or flipped geotransform)");
  }
  if (std::abs(gt[1] + gt[5]) > 1e-9 * gt[1]) {
    fail(ErrorCode::invalid_value, file,
         "raster cells are not square (" + number(gt[1]) + " x " + number(-gt[5]) + ")");
  }
  int epsg = epsg_of(raster_srs(*ds, file));
  if (epsg == 0) fail(ErrorCode::unknown_crs, file, "raster CRS has no EPSG code" + gdal_detail());
  GridSpec grid{gt[0], gt[3], gt[1], ds->GetRasterXSize(), ds->GetRasterYSize(), epsg};
  grid.validate();
  return grid;
}

Raster<float> import_raster(const fs::path& file, const GridSpec& target, Resampling resampling,
                            const MemoryBudget& budget) {
  QuietGdalErrors quiet;
  require_gdal_size(target, file);
  OGRSpatialReference target_srs = srs_from_epsg(target.epsg, file);
  auto src = open_raster(file);
  raster_srs(*src, file);  // throws unknown_crs when the file cannot be placed
  raster_geotransform(*src, file);
  budget.require(grid_bytes(target), "importing " + file.string() + " onto a " +
                                         std::to_string(target.nx) + " x " +
                                         std::to_string(target.ny) + " grid");
  auto dst = make_mem_grid(target, target_srs, kNaN, file);
  warp_band(*src, *dst, resampling, file);
  return read_mem_grid(*dst, target, kNaN, file);
}

FeatureTable import_features(const fs::path& file, const VectorImportOptions& options) {
  QuietGdalErrors quiet;
  auto ds = open_dataset(file, GDAL_OF_VECTOR, "vector file");
  OGRLayer* layer = pick_layer(*ds, options.layer, file);
  auto ct = make_reprojection(*layer, options.target_epsg, file);
  auto sinks = field_sinks(*layer, options);

  std::optional<GeometryType> type;
  std::vector<Geometry> geometries;
  layer->ResetReading();
  CPLErrorReset();  // judge only errors raised while reading features
  for (auto& feature : *layer) add_feature_rows(*feature, ct.get(), type, geometries, sinks, file);
  if (CPLGetLastErrorType() >= CE_Failure) {
    fail(ErrorCode::corrupt_file, file, "error while reading features" + gdal_detail());
  }

  FeatureTable table(type.value_or(declared_type(*layer)),
                     std::string(layer->GetName()) + " from " + file.filename().string());
  table.geometries() = std::move(geometries);
  for (auto& sink : sinks) table.set_column(std::move(sink.column));
  return table;
}

Raster<float> rasterize_polygons(const fs::path& file, const GridSpec& target,
                                 const RasterizeOptions& options, const MemoryBudget& budget) {
  QuietGdalErrors quiet;
  require_gdal_size(target, file);
  auto ds = open_dataset(file, GDAL_OF_VECTOR, "vector file");
  OGRLayer* layer = pick_layer(*ds, options.layer, file);
  int field = -1;
  if (!options.attribute.empty()) {
    field = layer->GetLayerDefn()->GetFieldIndex(options.attribute.c_str());
    if (field < 0)
      fail(ErrorCode::missing_column, file, "layer has no attribute '" + options.attribute + "'");
  }
  auto ct = make_reprojection(*layer, target.epsg, file);

  // Validate every value before burning anything, so a bad file never yields a partial layer.
  std::vector<std::unique_ptr<OGRGeometry>> geoms;
  std::vector<double> values;
  layer->ResetReading();
  CPLErrorReset();  // judge only errors raised while reading features
  for (auto& feature : *layer) {
    if (feature->GetGeometryRef() == nullptr || feature->GetGeometryRef()->IsEmpty())
      continue;  // burns nothing
    double v = burn_value(*feature, field, options, file);
    auto geom = feature_geometry(*feature, ct.get(), file);
    if (!is_polygonal(*geom)) {
      fail(ErrorCode::invalid_value, file,
           "feature " + std::to_string(feature->GetFID()) + " is a " + geom->getGeometryName() +
               ", not a polygon");
    }
    geoms.push_back(std::move(geom));
    values.push_back(v);
  }
  if (CPLGetLastErrorType() >= CE_Failure) {
    fail(ErrorCode::corrupt_file, file, "error while reading features" + gdal_detail());
  }

  budget.require(grid_bytes(target), "rasterising " + file.string() + " onto a " +
                                         std::to_string(target.nx) + " x " +
                                         std::to_string(target.ny) + " grid");
  auto mem = make_mem_grid(target, srs_from_epsg(target.epsg, file), options.background, file);
  std::vector<OGRGeometryH> handles;
  for (auto& g : geoms) handles.push_back(OGRGeometry::ToHandle(g.get()));
  int band = 1;
  // No transformer: GDAL maps world to cells with the MEM grid's geotransform, and burns the
  // cells whose centres are inside (ALL_TOUCHED off).
  CPLErr err = GDALRasterizeGeometries(GDALDataset::ToHandle(mem.get()), 1, &band,
                                       static_cast<int>(handles.size()), handles.data(), nullptr,
                                       nullptr, values.data(), nullptr, nullptr, nullptr);
  if (err != CE_None) fail(ErrorCode::invalid_value, file, "rasterising failed" + gdal_detail());
  return read_mem_grid(*mem, target, kNaN, file);
}

}  // namespace twin::data
