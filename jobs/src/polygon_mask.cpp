#include "twin/jobs/polygon_mask.hpp"

#include <algorithm>
#include <cmath>

namespace twin::jobs {

using data::Point2;

Box bounding_box(const std::vector<Point2>& points) {
  Box box{points.front().x, points.front().y, points.front().x, points.front().y};
  for (const Point2& p : points) {
    box.x_min = std::min(box.x_min, p.x);
    box.x_max = std::max(box.x_max, p.x);
    box.y_min = std::min(box.y_min, p.y);
    box.y_max = std::max(box.y_max, p.y);
  }
  return box;
}

double ring_area(const Ring& ring) {
  double twice = 0.0;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    twice += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y);
  }
  return std::abs(twice) / 2.0;
}

namespace {

// Whether the edge a-b crosses the horizontal line at y, counting an endpoint on the line
// only when the other end is below it, so a vertex on the line is counted once (or twice
// at a peak) and horizontal edges never.
bool crosses(Point2 a, Point2 b, double y) { return (a.y > y) != (b.y > y); }

// The x where the edge a-b crosses the horizontal line at y. The one formula both the
// point test and the scanline use, so they agree to the last bit.
// With t in [0, 1] first, finite coordinates (below 1e307) cannot overflow to inf or NaN.
double crossing_x(Point2 a, Point2 b, double y) {
  const double t = (y - a.y) / (b.y - a.y);
  return a.x + t * (b.x - a.x);
}

// Sign of the turn a -> b -> c: > 0 left, < 0 right, 0 collinear.
double orientation(Point2 a, Point2 b, Point2 c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

// For c collinear with a-b: whether c lies within the segment's bounding box.
bool within_segment_box(Point2 a, Point2 b, Point2 c) {
  return std::min(a.x, b.x) <= c.x && c.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= c.y &&
         c.y <= std::max(a.y, b.y);
}

int sign(double v) { return (v > 0.0) - (v < 0.0); }

// The first column whose centre x is >= x, in [0, nx]. Starts from the closed form and
// then corrects by comparing with col_centre_x itself, so rounding cannot make a cell
// disagree with point_in_ring on its centre.
std::int64_t first_column_at_or_after(const data::GridSpec& grid, double x) {
  const double estimate = std::ceil(grid.col_of(x) - 0.5);
  const double clamped = std::clamp(estimate, 0.0, static_cast<double>(grid.nx));
  auto col = static_cast<std::int64_t>(clamped);
  while (col > 0 && grid.col_centre_x(col - 1) >= x) --col;
  while (col < grid.nx && grid.col_centre_x(col) < x) ++col;
  return col;
}

}  // namespace

// Even-odd with the same convention as cell_runs: inside when an odd number of edge
// crossings lie at or left of the point.
bool point_in_ring(const Ring& ring, Point2 p) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    if (crosses(ring[j], ring[i], p.y) && crossing_x(ring[j], ring[i], p.y) <= p.x) {
      inside = !inside;
    }
  }
  return inside;
}

bool segments_intersect(Point2 a, Point2 b, Point2 c, Point2 d) {
  const double abc = orientation(a, b, c);
  const double abd = orientation(a, b, d);
  const double cda = orientation(c, d, a);
  const double cdb = orientation(c, d, b);
  if (sign(abc) * sign(abd) < 0 && sign(cda) * sign(cdb) < 0) return true;  // proper crossing
  // Touching or collinear overlap: an endpoint of one lies on the other.
  if (abc == 0.0 && within_segment_box(a, b, c)) return true;
  if (abd == 0.0 && within_segment_box(a, b, d)) return true;
  if (cda == 0.0 && within_segment_box(c, d, a)) return true;
  if (cdb == 0.0 && within_segment_box(c, d, b)) return true;
  return false;
}

bool polyline_meets_ring(const std::vector<Point2>& line, const Ring& ring) {
  if (line.empty() || ring.empty()) return false;
  if (!bounding_box(line).overlaps(bounding_box(ring))) return false;
  // A line within the polygon has its vertices inside; one that merely crosses it meets
  // an edge. Together these cover every way of meeting.
  for (const Point2& p : line) {
    if (point_in_ring(ring, p)) return true;
  }
  const std::size_t segments = line.size() == 1 ? 1 : line.size() - 1;
  for (std::size_t s = 0; s < segments; ++s) {
    const Point2 a = line[s];
    const Point2 b = line[std::min(s + 1, line.size() - 1)];
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      if (segments_intersect(a, b, ring[j], ring[i])) return true;
    }
  }
  return false;
}

std::vector<CellRun> cell_runs(const data::GridSpec& grid, const Ring& ring) {
  std::vector<CellRun> runs;
  if (ring.size() < 3 || grid.nx <= 0 || grid.ny <= 0) return runs;
  // Rows (clamped to the grid) whose centre may lie in [y_low, y_high]; one row of margin
  // each side, because only the exact crosses() test below decides.
  const auto rows_between = [&](double y_low, double y_high) {
    const double ny = static_cast<double>(grid.ny);
    const double first = std::clamp(std::floor(grid.row_of(y_high) - 0.5) - 1.0, 0.0, ny);
    const double last = std::clamp(std::ceil(grid.row_of(y_low) - 0.5) + 1.0, -1.0, ny - 1.0);
    return std::pair{static_cast<std::int64_t>(first), static_cast<std::int64_t>(last)};
  };
  const Box box = bounding_box(ring);
  const auto [row_begin, row_last] = rows_between(box.y_min, box.y_max);

  // Each edge is visited only on the rows it can cross (an active-edge list), so a ring of
  // 10 000 points over thousands of rows costs about one edge test per edge and row crossed.
  struct EdgeRows {
    std::int64_t first, last;
    std::size_t from, to;
  };
  std::vector<EdgeRows> edges;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    if (ring[j].y == ring[i].y) continue;  // horizontal: never crosses a row centre line
    const auto [first, last] =
        rows_between(std::min(ring[j].y, ring[i].y), std::max(ring[j].y, ring[i].y));
    if (first <= last) edges.push_back({first, last, j, i});
  }
  std::sort(edges.begin(), edges.end(),
            [](const EdgeRows& a, const EdgeRows& b) { return a.first < b.first; });

  std::vector<const EdgeRows*> active;
  std::size_t next_edge = 0;
  std::vector<double> xs;
  for (std::int64_t row = row_begin; row <= row_last; ++row) {
    while (next_edge < edges.size() && edges[next_edge].first <= row) {
      active.push_back(&edges[next_edge++]);
    }
    std::erase_if(active, [&](const EdgeRows* e) { return e->last < row; });
    const double y = grid.row_centre_y(row);
    xs.clear();
    for (const EdgeRows* e : active) {
      const Point2 a = ring[e->from], b = ring[e->to];
      if (crosses(a, b, y)) xs.push_back(crossing_x(a, b, y));
    }
    std::sort(xs.begin(), xs.end());
    // Centres in [xs[0], xs[1]), [xs[2], xs[3]), ... have an odd count of crossings <= x.
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      const std::int64_t begin = first_column_at_or_after(grid, xs[k]);
      const std::int64_t end = first_column_at_or_after(grid, xs[k + 1]);
      if (begin >= end) continue;
      if (!runs.empty() && runs.back().row == row && runs.back().col_end == begin) {
        runs.back().col_end = end;  // touching intervals (a vertex on the scanline)
      } else {
        runs.push_back(CellRun{row, begin, end});
      }
    }
  }
  return runs;
}

std::int64_t cell_count(const std::vector<CellRun>& runs) {
  std::int64_t n = 0;
  for (const CellRun& r : runs) n += r.col_end - r.col_begin;
  return n;
}

}  // namespace twin::jobs
