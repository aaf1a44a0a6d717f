#include "twin/data/crs.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <map>
#include <memory>
#include <mutex>

#include "twin/data/error.hpp"

namespace twin::data {
namespace {

// CF grid_mapping_name for the projection methods of the CRSs our users have (RD New,
// Lambert-93, SWEREF99, UTM, ...). Other methods still get crs_wkt/spatial_ref, which GDAL
// and xarray read; only the CF name is then left out.
std::string cf_grid_mapping_name(const OGRSpatialReference& srs) {
  if (srs.IsGeographic()) return "latitude_longitude";
  const char* method = srs.GetAttrValue("PROJECTION");
  if (method == nullptr) return "";
  static const std::map<std::string, std::string> names = {
      {SRS_PT_OBLIQUE_STEREOGRAPHIC, "oblique_stereographic"},
      {SRS_PT_TRANSVERSE_MERCATOR, "transverse_mercator"},
      {SRS_PT_LAMBERT_CONFORMAL_CONIC_2SP, "lambert_conformal_conic"},
      {SRS_PT_LAMBERT_CONFORMAL_CONIC_1SP, "lambert_conformal_conic"},
      {SRS_PT_MERCATOR_1SP, "mercator"},
      {SRS_PT_MERCATOR_2SP, "mercator"},
      {SRS_PT_POLAR_STEREOGRAPHIC, "polar_stereographic"},
      {SRS_PT_LAMBERT_AZIMUTHAL_EQUAL_AREA, "lambert_azimuthal_equal_area"},
      {SRS_PT_ALBERS_CONIC_EQUAL_AREA, "albers_conical_equal_area"},
  };
  auto it = names.find(method);
  return it == names.end() ? "" : it->second;
}

std::string export_wkt(const OGRSpatialReference& srs, const char* format) {
  char* text = nullptr;
  const char* options[] = {format, nullptr};
  srs.exportToWkt(&text, options);
  std::string out = text ? text : "";
  CPLFree(text);
  return out;
}

}  // namespace

CrsDescription describe_epsg(int epsg) {
  // PROJ look-ups are slow (database); every file write needs one, so cache per process.
  static std::mutex mutex;
  static std::map<int, CrsDescription> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(epsg); it != cache.end()) return it->second;

  OGRSpatialReference srs;
  CPLPushErrorHandler(CPLQuietErrorHandler);
  const OGRErr err = epsg > 0 ? srs.importFromEPSG(epsg) : OGRERR_FAILURE;
  CPLPopErrorHandler();
  if (err != OGRERR_NONE) {
    throw Error(ErrorCode::unknown_crs, "EPSG:" + std::to_string(epsg) + " is not a coordinate reference system PROJ knows");
  }
  CrsDescription d;
  d.epsg = epsg;
  d.name = srs.GetName() ? srs.GetName() : "";
  d.wkt = export_wkt(srs, "FORMAT=WKT2_2019");
  d.wkt1 = export_wkt(srs, "FORMAT=WKT1_GDAL");
  d.grid_mapping_name = cf_grid_mapping_name(srs);
  d.projected = srs.IsProjected() != 0;
  cache.emplace(epsg, d);
  return d;
}

LonLat to_wgs84(int epsg, double x, double y) {
  OGRSpatialReference source;
  OGRSpatialReference target;
  CPLPushErrorHandler(CPLQuietErrorHandler);
  const bool ok = source.importFromEPSG(epsg) == OGRERR_NONE && target.importFromEPSG(4326) == OGRERR_NONE;
  CPLPopErrorHandler();
  if (!ok) throw Error(ErrorCode::unknown_crs, "EPSG:" + std::to_string(epsg) + " is unknown");
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> transform(OGRCreateCoordinateTransformation(&source, &target));
  if (!transform || !transform->Transform(1, &x, &y)) {
    throw Error(ErrorCode::unknown_crs, "cannot transform from EPSG:" + std::to_string(epsg) + " to WGS 84");
  }
  return LonLat{x, y};
}

}  // namespace twin::data
