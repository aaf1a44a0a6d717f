#pragma once
// Coordinate reference systems by EPSG code, through GDAL/PROJ.
#include <string>

namespace twin::data {

struct CrsDescription {
  int epsg = 0;
  std::string name;               // "Amersfoort / RD New"
  std::string wkt;                // WKT2, for crs_wkt
  std::string wkt1;               // WKT1 (GDAL), for spatial_ref
  std::string grid_mapping_name;  // CF name, e.g. "oblique_stereographic"; "" when CF has none
  bool projected = false;
};

// Throws Error(unknown_crs) for a code PROJ does not know.
CrsDescription describe_epsg(int epsg);

// Geographic longitude/latitude (degrees, WGS 84) of a point given in `epsg`.
struct LonLat {
  double lon = 0;
  double lat = 0;
};
LonLat to_wgs84(int epsg, double x, double y);

}  // namespace twin::data
