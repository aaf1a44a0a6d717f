#pragma once
// Plane geometry for what-if edits: which grid cells, points and road lines a polygon
// selects. A polygon is one ring of vertices (no holes, closing point optional); "inside"
// follows the even-odd rule, so a self-crossing ring has well-defined cells too.
// Coordinates must be finite (validate_edits also bounds them to +-1e9 m).
#include <cstdint>
#include <vector>

#include "twin/data/feature_table.hpp"
#include "twin/data/grid_spec.hpp"

namespace twin::jobs {

using Ring = std::vector<data::Point2>;

struct Box {
  double x_min = 0.0;
  double y_min = 0.0;
  double x_max = 0.0;
  double y_max = 0.0;
  bool overlaps(const Box& other) const {
    return x_min <= other.x_max && other.x_min <= x_max && y_min <= other.y_max &&
           other.y_min <= y_max;
  }
};

Box bounding_box(const std::vector<data::Point2>& points);  // points must not be empty

// Absolute area enclosed by the ring (shoelace formula), m².
double ring_area(const Ring& ring);

// Even-odd point-in-polygon test. A point exactly on an edge may fall either side, but the
// same way as cell_runs decides for a cell centre at that point.
bool point_in_ring(const Ring& ring, data::Point2 p);

// True when the closed segments a-b and c-d share at least one point (touching counts).
bool segments_intersect(data::Point2 a, data::Point2 b, data::Point2 c, data::Point2 d);

// True when the polyline crosses, touches or lies within the polygon.
bool polyline_meets_ring(const std::vector<data::Point2>& line, const Ring& ring);

// A run of cells in one row: columns [col_begin, col_end).
struct CellRun {
  std::int64_t row = 0;
  std::int64_t col_begin = 0;
  std::int64_t col_end = 0;
  bool operator==(const CellRun&) const = default;
};

// The cells of `grid` whose centre lies inside the ring, as runs ordered by row, then column.
// A scanline over the rows of the ring's bounding box only, so a small polygon on a big grid
// costs little, and runs (not cells) keep a polygon over a whole province small in memory.
std::vector<CellRun> cell_runs(const data::GridSpec& grid, const Ring& ring);
std::int64_t cell_count(const std::vector<CellRun>& runs);

}  // namespace twin::jobs
