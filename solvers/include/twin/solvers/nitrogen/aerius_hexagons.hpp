#pragma once
// AERIUS's receptor grid: regular hexagons of 1 ha (zoom level 1) in RD New (EPSG:28992),
// numbered row by row from the south-west corner of its bounding box. AERIUS reports
// deposition at the hexagon centres; docs/models/nitrogen.md, "AERIUS hexagons".
#include <cstdint>
#include <optional>
#include <vector>

namespace twin::solvers::nitrogen::hexagons {

// The grid (AERIUS IMAER-java: HexagonZoomLevel, ReceptorUtil, ReceptorGridSettings): a
// hexagon of area A = 10 000 m2 has circumradius r = sqrt(A / (3 sqrt 3 / 2)) = 62.04 m (also
// its side) and height h = sqrt 3 r = 107.46 m; corners point east and west. Centres lie in
// rows h/2 apart, 3r apart within a row, every second row shifted east by 1.5 r.
inline constexpr double kArea = 10000.0;  // [m2]
inline constexpr double kMinX = 3604.0;   // centre of receptor 1 [m, RD New]
inline constexpr double kMinY = 296800.0;
inline constexpr double kMaxX = 287959.0;  // the bounding box's other corner
inline constexpr double kMaxY = 629300.0;
inline constexpr std::int64_t kPerRow = 1529;  // hexagons in one row

double radius();  // [m]
double height();  // [m]
std::int64_t rows();  // rows whose centres lie inside the bounding box

struct Hexagon {
  std::int64_t id = 0;  // AERIUS receptor id, from 1
  double x = 0, y = 0;  // centre [m]
};

// The centre of receptor `id`; nullopt outside 1 .. rows() * kPerRow.
std::optional<Hexagon> centre(std::int64_t id);
// The hexagon containing (x, y): the nearest centre (hexagons are the Voronoi cells of their
// centres). nullopt when that centre is not in the grid (outside the bounding box).
std::optional<Hexagon> containing(double x, double y);
// Every centre inside the closed rectangle [x0, x1] x [y0, y1], by increasing id.
std::vector<Hexagon> centres_in(double x0, double y0, double x1, double y1);

}  // namespace twin::solvers::nitrogen::hexagons
