// The façades of the noise solver's first-order reflections, taken from the building_height
// raster: every edge between a building cell and an open cell is a piece of vertical wall
// facing the open cell; pieces along one grid line are joined into runs while the building
// height stays the same, so a street front of many cells is one wall. A uniform grid index
// finds the walls near a receiver.
#include <algorithm>
#include <cmath>
#include <limits>

#include "noise_solver_detail.hpp"
#include "twin/data/standard_names.hpp"

namespace twin::solvers::noise::detail {
namespace {

constexpr double kIndexCellM = 50.0;

// Collects runs of façade edges along one grid line. `edge(k)` is the building cell behind
// edge k (k along the line) or nothing; runs join while the building height is the same.
class RunBuilder {
 public:
  RunBuilder(std::vector<Facade>& out, int axis, double line, double side)
      : out_(out), axis_(axis), line_(line), side_(side) {}
  // Edge from a to b with the building of height h whose roof is at altitude top; h <= 0 ends
  // the current run.
  void edge(double a, double b, float h, double top) {
    if (open_ && (h != h_ || a != current_.a1)) close();
    if (!(h > 0.0f) || !std::isfinite(top)) return;
    if (!open_) {
      current_ = Facade{axis_, line_, side_, a, b, top};
      h_ = h;
      open_ = true;
      return;
    }
    current_.a1 = b;
    current_.top = std::min(current_.top, top);
  }
  void close() {
    if (open_) out_.push_back(current_);
    open_ = false;
  }

 private:
  std::vector<Facade>& out_;
  int axis_;
  double line_, side_;
  Facade current_;
  float h_ = 0;
  bool open_ = false;
};

}  // namespace

Facades make_facades(const data::Scenario& scenario, const NoiseSettings& s) {
  Facades f;
  if (s.reflections == 0) return f;
  const auto& bh = scenario.raster<float>(data::names::building_height);
  const auto& dtm = scenario.raster<float>(data::names::dtm);
  const data::GridSpec& g = bh.grid;
  const auto building = [&](std::int64_t c, std::int64_t r) {
    return c >= 0 && r >= 0 && c < g.nx && r < g.ny && bh.at(c, r) > 0.0f;
  };
  // A façade needs open, known ground in front of it; the grid's edge is not open.
  const auto open = [&](std::int64_t c, std::int64_t r) {
    return c >= 0 && r >= 0 && c < g.nx && r < g.ny && !(bh.at(c, r) > 0.0f);
  };
  const auto roof = [&](std::int64_t c, std::int64_t r) { return double{dtm.at(c, r)} + bh.at(c, r); };
  // East-west walls (axis 1) on the line between rows r - 1 and r: the north face of row r's
  // buildings (open row r - 1) and the south face of row r - 1's (open row r).
  for (std::int64_t r = 0; r <= g.ny; ++r) {
    const double y = g.y0 - static_cast<double>(r) * g.cell;
    RunBuilder north(f.walls, 1, y, +1.0), south(f.walls, 1, y, -1.0);
    for (std::int64_t c = 0; c < g.nx; ++c) {
      const double a = g.x0 + static_cast<double>(c) * g.cell, b = a + g.cell;
      const bool n_face = building(c, r) && open(c, r - 1);
      const bool s_face = building(c, r - 1) && open(c, r);
      north.edge(a, b, n_face ? bh.at(c, r) : 0.0f, n_face ? roof(c, r) : 0.0);
      south.edge(a, b, s_face ? bh.at(c, r - 1) : 0.0f, s_face ? roof(c, r - 1) : 0.0);
    }
    north.close();
    south.close();
  }
  // North-south walls (axis 0) on the line between columns c - 1 and c, run north to south
  // (a0 < a1 in y: the runs are built from south to north).
  for (std::int64_t c = 0; c <= g.nx; ++c) {
    const double x = g.x0 + static_cast<double>(c) * g.cell;
    RunBuilder west(f.walls, 0, x, -1.0), east(f.walls, 0, x, +1.0);
    for (std::int64_t r = g.ny - 1; r >= 0; --r) {
      const double a = g.y0 - static_cast<double>(r + 1) * g.cell, b = a + g.cell;
      const bool w_face = building(c, r) && open(c - 1, r);
      const bool e_face = building(c - 1, r) && open(c, r);
      west.edge(a, b, w_face ? bh.at(c, r) : 0.0f, w_face ? roof(c, r) : 0.0);
      east.edge(a, b, e_face ? bh.at(c - 1, r) : 0.0f, e_face ? roof(c - 1, r) : 0.0);
    }
    west.close();
    east.close();
  }

  if (f.walls.empty()) return f;
  f.cell = kIndexCellM;
  f.x0 = g.x0;
  f.y0 = g.y_min();
  f.nx = static_cast<std::int64_t>(std::floor(g.width_m() / f.cell)) + 1;
  f.ny = static_cast<std::int64_t>(std::floor(g.height_m() / f.cell)) + 1;
  f.cells.resize(static_cast<std::size_t>(f.nx * f.ny));
  const auto index = [&](double v, double origin, std::int64_t n) {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor((v - origin) / f.cell)), 0, n - 1);
  };
  for (std::size_t k = 0; k < f.walls.size(); ++k) {
    const Facade& w = f.walls[k];
    const double xa = w.axis == 0 ? w.line : w.a0, xb = w.axis == 0 ? w.line : w.a1;
    const double ya = w.axis == 0 ? w.a0 : w.line, yb = w.axis == 0 ? w.a1 : w.line;
    for (std::int64_t j = index(ya, f.y0, f.ny); j <= index(yb, f.y0, f.ny); ++j)
      for (std::int64_t i = index(xa, f.x0, f.nx); i <= index(xb, f.x0, f.nx); ++i)
        f.cells[static_cast<std::size_t>(j * f.nx + i)].push_back(static_cast<std::uint32_t>(k));
  }
  return f;
}

void facades_near(const Facades& f, double x, double y, double reach, double own,
                  std::vector<std::uint32_t>& out) {
  if (f.walls.empty()) return;
  const std::size_t first = out.size();
  const auto lo = [&](double v, double origin) {
    return std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor((v - reach - origin) / f.cell)));
  };
  const auto hi = [&](double v, double origin, std::int64_t n) {
    return std::min<std::int64_t>(n - 1, static_cast<std::int64_t>(std::floor((v + reach - origin) / f.cell)));
  };
  for (std::int64_t j = lo(y, f.y0); j <= hi(y, f.y0, f.ny); ++j) {
    for (std::int64_t i = lo(x, f.x0); i <= hi(x, f.x0, f.nx); ++i) {
      for (std::uint32_t k : f.cells[static_cast<std::size_t>(j * f.nx + i)]) {
        const Facade& w = f.walls[k];
        const double u = w.axis == 0 ? x : y, v = w.axis == 0 ? y : x;  // across, along the wall
        const double front = w.side * (u - w.line);                   // > 0: in front of it
        const double along = std::max({w.a0 - v, 0.0, v - w.a1});
        const double d = std::hypot(front, along);
        if (front > 0 && d <= reach && d >= own) out.push_back(k);
      }
    }
  }
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  out.erase(std::unique(out.begin() + static_cast<std::ptrdiff_t>(first), out.end()), out.end());
}

}  // namespace twin::solvers::noise::detail
