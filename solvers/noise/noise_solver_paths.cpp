// The noise grid solver's per-receiver work: roads as line sources (emission per period),
// their spatial index, adaptive cutting of the roads into point sources, and the vertical
// cut profile from each source to the receiver sampled from the rasters.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "noise_solver_detail.hpp"
#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/noise/emission.hpp"
#include "twin/solvers/noise/surfaces.hpp"

namespace twin::solvers::noise::detail {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kIndexCellM = 250.0;

// Linear power of an A-weighted level per band.
Spectrum linear_a(const Spectrum& lw) {
  Spectrum w{};
  for (std::size_t b = 0; b < band_count; ++b) {
    w[b] = std::isfinite(lw[b]) ? std::pow(10.0, (lw[b] + a_weighting[b]) / 10.0) : 0.0;
  }
  return w;
}

const std::vector<double>* optional_doubles(const data::FeatureTable& t, const std::string& name) {
  return t.has_column(name) ? &t.doubles(name) : nullptr;
}

}  // namespace

void RoadLine::point_at(double at, double& px, double& py) const {
  const auto it = std::upper_bound(s.begin(), s.end(), at);
  std::size_t i = it == s.begin() ? 0 : static_cast<std::size_t>(it - s.begin()) - 1;
  if (i + 1 >= s.size()) i = s.size() - 2;
  const double len = s[i + 1] - s[i];
  const double f = len > 0 ? std::clamp((at - s[i]) / len, 0.0, 1.0) : 0.0;
  px = x[i] + f * (x[i + 1] - x[i]);
  py = y[i] + f * (y[i + 1] - y[i]);
}

Sources make_sources(const data::Scenario& scenario, const NoiseSettings& st) {
  const data::FeatureTable& table = scenario.table(data::names::roads);
  if (table.geometry_type() != data::GeometryType::line) {
    throw data::Error(data::ErrorCode::invalid_value, "noise: table 'roads' must hold lines");
  }
  const std::vector<std::string>* surfaces = table.has_column(data::names::road_surface)
                                                 ? &table.strings(data::names::road_surface)
                                                 : nullptr;
  const std::vector<double>* slopes = optional_doubles(table, std::string(data::names::road_slope));
  std::array<std::array<const std::vector<double>*, 5>, kPeriods> q{}, v{};
  for (std::size_t p = 0; p < kPeriods; ++p) {
    for (std::size_t c = 0; c < 5; ++c) {
      const auto cat = data::names::vehicle_categories[c];
      const auto period = data::names::periods[p];
      q[p][c] = optional_doubles(table, data::names::flow_column(cat, period));
      v[p][c] = optional_doubles(table, data::names::speed_column(cat, period));
    }
  }

  Sources out;
  for (std::size_t row = 0; row < table.size(); ++row) {
    const data::Geometry& g = table.geometries()[row];
    RoadLine line;
    for (const data::Point2& pt : g.vertices) {
      if (!line.x.empty() && pt.x == line.x.back() && pt.y == line.y.back()) continue;
      line.s.push_back(line.x.empty() ? 0.0
                                      : line.s.back() +
                                            std::hypot(pt.x - line.x.back(), pt.y - line.y.back()));
      line.x.push_back(pt.x);
      line.y.push_back(pt.y);
    }
    if (line.x.size() < 2) continue;
    const std::string where = "noise: table 'roads' row " + std::to_string(row) + ": ";
    try {
      RoadConditions road;
      road.surface =
          surfaces != nullptr && !(*surfaces)[row].empty() ? (*surfaces)[row] : st.default_surface;
      (void)road_surface(road.surface);  // unknown ids throw here, naming the row
      road.temperature_c = st.temperature_c;
      const double slope = slopes != nullptr && std::isfinite((*slopes)[row]) ? (*slopes)[row] : 0;
      bool any = false;
      for (std::size_t p = 0; p < kPeriods; ++p) {
        std::vector<VehicleFlow> flows;
        for (std::size_t c = 0; c < 5; ++c) {
          const double qv = q[p][c] != nullptr ? (*q[p][c])[row] : 0.0;
          if (!(qv > 0)) continue;
          const double sp = v[p][c] != nullptr ? (*v[p][c])[row] : kNan;
          flows.push_back({static_cast<VehicleCategory>(c), qv, sp});
        }
        if (flows.empty()) continue;
        any = true;
        if (slope == 0) {
          line.power_per_m[p] = linear_a(line_power_per_metre(flows, road));
        } else {
          // Traffic in both directions, half each way: uphill one way, downhill the other.
          for (VehicleFlow& f : flows) f.flow_per_hour /= 2;
          road.gradient_percent = slope;
          const Spectrum up = linear_a(line_power_per_metre(flows, road));
          road.gradient_percent = -slope;
          const Spectrum down = linear_a(line_power_per_metre(flows, road));
          for (std::size_t b = 0; b < band_count; ++b) line.power_per_m[p][b] = up[b] + down[b];
        }
      }
      if (!any) continue;
    } catch (const data::Error& e) {
      throw data::Error(e.code(), where + e.what());
    }
    const auto id = static_cast<std::uint32_t>(out.roads.size());
    const double length = line.s.back();
    const auto n = static_cast<std::size_t>(std::max(1.0, std::ceil(length / st.max_piece_m)));
    for (std::size_t k = 0; k < n; ++k) {
      Chunk c;
      c.road = id;
      c.s0 = length * static_cast<double>(k) / static_cast<double>(n);
      c.s1 = length * static_cast<double>(k + 1) / static_cast<double>(n);
      double px, py;
      line.point_at(c.s0, px, py);
      c.xmin = c.xmax = px;
      c.ymin = c.ymax = py;
      const auto grow = [&c](double gx, double gy) {
        c.xmin = std::min(c.xmin, gx), c.xmax = std::max(c.xmax, gx);
        c.ymin = std::min(c.ymin, gy), c.ymax = std::max(c.ymax, gy);
      };
      for (std::size_t i = 0; i < line.s.size(); ++i) {
        if (line.s[i] > c.s0 && line.s[i] < c.s1) grow(line.x[i], line.y[i]);
      }
      line.point_at(c.s1, px, py);
      grow(px, py);
      out.chunks.push_back(c);
    }
    out.roads.push_back(std::move(line));
  }

  if (out.chunks.empty()) return out;
  double xmin = out.chunks[0].xmin, xmax = out.chunks[0].xmax;
  double ymin = out.chunks[0].ymin, ymax = out.chunks[0].ymax;
  for (const Chunk& c : out.chunks) {
    xmin = std::min(xmin, c.xmin), xmax = std::max(xmax, c.xmax);
    ymin = std::min(ymin, c.ymin), ymax = std::max(ymax, c.ymax);
  }
  out.cell = kIndexCellM;
  out.x0 = xmin;
  out.y0 = ymin;
  out.nx = static_cast<std::int64_t>(std::floor((xmax - xmin) / out.cell)) + 1;
  out.ny = static_cast<std::int64_t>(std::floor((ymax - ymin) / out.cell)) + 1;
  out.cells.resize(static_cast<std::size_t>(out.nx * out.ny));
  for (std::size_t k = 0; k < out.chunks.size(); ++k) {
    const Chunk& c = out.chunks[k];
    const auto i0 = static_cast<std::int64_t>(std::floor((c.xmin - out.x0) / out.cell));
    const auto i1 = static_cast<std::int64_t>(std::floor((c.xmax - out.x0) / out.cell));
    const auto j0 = static_cast<std::int64_t>(std::floor((c.ymin - out.y0) / out.cell));
    const auto j1 = static_cast<std::int64_t>(std::floor((c.ymax - out.y0) / out.cell));
    for (std::int64_t j = j0; j <= j1; ++j) {
      for (std::int64_t i = i0; i <= i1; ++i) {
        out.cells[static_cast<std::size_t>(j * out.nx + i)].push_back(
            static_cast<std::uint32_t>(k));
      }
    }
  }
  return out;
}

Terrain::Terrain(const data::Raster<float>& dtm, const data::Raster<float>& building,
                 const data::Raster<float>* ground, double default_g)
    : grid_(dtm.grid), default_g_(default_g) {
  cells_.resize(dtm.values.size());
  for (std::size_t k = 0; k < cells_.size(); ++k) {
    const float b = building.values[k];
    cells_[k] = {dtm.values[k], b > 0.0f ? b : 0.0f,
                 ground != nullptr ? ground->values[k] : std::numeric_limits<float>::quiet_NaN()};
  }
}

Terrain make_terrain(const data::Scenario& scenario, const NoiseSettings& s) {
  return Terrain(scenario.raster<float>(data::names::dtm),
                 scenario.raster<float>(data::names::building_height),
                 scenario.has_layer(data::names::ground_factor)
                     ? &scenario.raster<float>(data::names::ground_factor)
                     : nullptr,
                 s.default_g);
}

double Terrain::elevation(double x, double y) const {
  return elevation_at(grid_.col_of(x), grid_.row_of(y));
}

double Terrain::elevation_at(double col, double row) const {
  const data::GridSpec& g = grid_;
  const double fc = col - 0.5, fr = row - 0.5;
  if (!(fc > -0.5 && fr > -0.5 && fc < static_cast<double>(g.nx) - 0.5 &&
        fr < static_cast<double>(g.ny) - 0.5)) {
    return kNan;
  }
  const double cc = std::clamp(fc, 0.0, static_cast<double>(g.nx - 1));
  const double rr = std::clamp(fr, 0.0, static_cast<double>(g.ny - 1));
  // cc, rr >= 0: truncation is floor, without a library call.
  const auto c0 = static_cast<std::int64_t>(cc);
  const auto r0 = static_cast<std::int64_t>(rr);
  const std::int64_t c1 = std::min(c0 + 1, g.nx - 1), r1 = std::min(r0 + 1, g.ny - 1);
  const double u = cc - static_cast<double>(c0), w = rr - static_cast<double>(r0);
  const double z00 = cell(c0, r0).z, z10 = cell(c1, r0).z, z01 = cell(c0, r1).z,
               z11 = cell(c1, r1).z;
  return (1 - w) * ((1 - u) * z00 + u * z10) + w * ((1 - u) * z01 + u * z11);  // NaN spreads
}

void Terrain::prefetch(double col, double row) const {
#if defined(__GNUC__)
  if (!(col >= 0.5 && row >= 0.5)) return;
  const auto c = static_cast<std::int64_t>(col - 0.5), r = static_cast<std::int64_t>(row - 0.5);
  if (c + 1 >= grid_.nx || r + 1 >= grid_.ny) return;
  __builtin_prefetch(&cell(c, r));
  __builtin_prefetch(&cell(c, r + 1));
#else
  (void)col, (void)row;
#endif
}

namespace {

// One straight leg of a cut profile.
struct CutLeg {
  double xa, ya, xb, yb;
  double t0;         // distance along the unfolded cut at its start
  bool from_source;  // its first sample is the source (else that point is sampled already)
  bool to_receiver;  // its last sample is the receiver
};

// Appends the samples of one leg, every cell or less (n = ceil(length / cell) steps): terrain
// bilinear, building height and G of the cell holding the sample.
void sample_leg(const Terrain& terrain, const CutLeg& leg, double zg_s, double zg_r,
                const std::optional<data::CellIndex>& source_cell, double& last_zg,
                Scratch& scratch) {
  const data::GridSpec& g = terrain.grid();
  const double xs = leg.xa, ys = leg.ya, xr = leg.xb, yr = leg.yb;
  const double dist = std::hypot(xr - xs, yr - ys);
  const auto n = static_cast<std::size_t>(std::max(1.0, std::ceil(dist / g.cell)));
  auto& samples = scratch.samples;
  const auto nx = g.nx, ny = g.ny;
  // The samples' grid coordinates advance by a fixed step: the cells a few samples ahead are
  // requested early (the step here only aims the prefetch; the samples use the exact t).
  constexpr std::size_t kAhead = 4;
  const double dcol = (xr - xs) / g.cell / static_cast<double>(n);
  const double drow = -(yr - ys) / g.cell / static_cast<double>(n);
  const double col_s = g.col_of(xs), row_s = g.row_of(ys);
  for (std::size_t i = leg.from_source ? 0 : 1; i <= n; ++i) {
    const double ahead = static_cast<double>(i + kAhead);
    if (i + kAhead < n) terrain.prefetch(col_s + ahead * dcol, row_s + ahead * drow);
    const double t = static_cast<double>(i) / static_cast<double>(n);
    const double x = xs + t * (xr - xs), y = ys + t * (yr - ys);
    const bool source = leg.from_source && i == 0, receiver = leg.to_receiver && i == n;
    // Continuous grid coordinates once per sample, for the terrain and the cell lookups
    // (the same arithmetic as GridSpec::cell_at and Terrain::elevation).
    const double col = g.col_of(x), row = g.row_of(y);
    double zg = source ? zg_s : receiver ? zg_r : terrain.elevation_at(col, row);
    if (!std::isfinite(zg)) zg = last_zg;  // unknown terrain: carry the last known
    last_zg = zg;
    double b = 0, gf = 0;
    // The cell holding the sample; col, row >= 0, so truncation is floor (as in cell_at).
    const bool inside = col >= 0 && row >= 0 && static_cast<std::int64_t>(col) < nx &&
                        static_cast<std::int64_t>(row) < ny;
    if (inside) {
      const data::CellIndex cell{static_cast<std::int64_t>(col), static_cast<std::int64_t>(row)};
      if (!source && !receiver && !(source_cell && cell == *source_cell)) {
        b = terrain.building(cell.col, cell.row);
      }
      gf = terrain.ground(cell.col, cell.row);
    } else {
      gf = terrain.default_ground();
    }
    if (source) gf = 0.0;  // the road platform is hard (CNOSSOS-EU: G_s = 0 for roads)
    samples.push_back({leg.t0 + t * dist, zg, zg + b, gf, i == 0 || i == n});
  }
}

// The sampled cut as the scratch's Profile: ends, changes of G and of building height kept,
// the points between them simplified.
void finish_profile(double zs, double zr, Scratch& scratch) {
  auto& samples = scratch.samples;
  // Fixed points: ends, where G changes, and both sides of a change in building height.
  for (std::size_t i = 1; i + 1 < samples.size(); ++i) {
    const double b = samples[i].top - samples[i].zg;
    const double bp = samples[i - 1].top - samples[i - 1].zg;
    const double bn = samples[i + 1].top - samples[i + 1].zg;
    if (samples[i].g != samples[i - 1].g || b != bp || b != bn) samples[i].fixed = true;
  }
  // Douglas-Peucker between fixed points on ground and top together.
  auto& stack = scratch.spans;
  std::size_t prev = 0;
  const auto simplify = [&](std::size_t a, std::size_t b) {
    stack.clear();
    stack.emplace_back(a, b);
    while (!stack.empty()) {
      const auto [i0, i1] = stack.back();
      stack.pop_back();
      double worst = kProfileToleranceM;
      std::size_t at = 0;
      const Scratch::Sample &p0 = samples[i0], &p1 = samples[i1];
      for (std::size_t k = i0 + 1; k < i1; ++k) {
        const double f = (samples[k].t - p0.t) / (p1.t - p0.t);
        const double dz = std::abs(samples[k].zg - (p0.zg + f * (p1.zg - p0.zg)));
        const double dt = std::abs(samples[k].top - (p0.top + f * (p1.top - p0.top)));
        if (std::max(dz, dt) > worst) worst = std::max(dz, dt), at = k;
      }
      if (at != 0) {
        samples[at].fixed = true;
        stack.emplace_back(i0, at);
        stack.emplace_back(at, i1);
      }
    }
  };
  for (std::size_t i = 1; i < samples.size(); ++i) {
    if (!samples[i].fixed) continue;
    if (i - prev > 1) simplify(prev, i);
    prev = i;
  }
  auto& pts = scratch.profile.points;
  pts.clear();
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const Scratch::Sample& sm = samples[i];
    if (!sm.fixed) continue;
    CutPoint c;
    c.type = i == 0                    ? CutPointType::source
             : i + 1 == samples.size() ? CutPointType::receiver
             : sm.top > sm.zg          ? CutPointType::wall
                                       : CutPointType::topography;
    c.x = sm.t;
    c.y = 0;
    c.z = i == 0 ? zs : i + 1 == samples.size() ? zr : sm.top;
    c.z_ground = sm.zg;
    c.g = sm.g;
    pts.push_back(c);
  }
}

}  // namespace

void cut_profile(const Terrain& terrain, double xs, double ys, double zs, double xr, double yr,
                 double zr, Scratch& scratch) {
  scratch.samples.clear();
  const double zg_s = zs - kSourceHeightM;
  const double zg_r = terrain.elevation(xr, yr);
  double last_zg = zg_s;
  sample_leg(terrain, {xs, ys, xr, yr, 0.0, true, true}, zg_s, zg_r,
             terrain.grid().cell_at(xs, ys), last_zg, scratch);
  finish_profile(zs, zr, scratch);
}

void cut_profile_reflected(const Terrain& terrain, double xs, double ys, double zs, double px,
                           double py, double xr, double yr, double zr, Scratch& scratch) {
  scratch.samples.clear();
  const double zg_s = zs - kSourceHeightM;
  const double zg_r = terrain.elevation(xr, yr);
  double last_zg = zg_s;
  const auto source_cell = terrain.grid().cell_at(xs, ys);
  sample_leg(terrain, {xs, ys, px, py, 0.0, true, false}, zg_s, zg_r, source_cell, last_zg, scratch);
  sample_leg(terrain, {px, py, xr, yr, std::hypot(px - xs, py - ys), false, true}, zg_s, zg_r,
             source_cell, last_zg, scratch);
  finish_profile(zs, zr, scratch);
}


namespace {

// Appends the source pieces within reach of the receiver at (x, y), tagged with `receiver`, in
// a fixed order: chunk by chunk, and along each chunk.
void receiver_pieces(const Sources& src, const NoiseSettings& s, double x, double y,
                     std::uint32_t receiver, Scratch& scratch) {
  const double reach = s.max_distance_m;
  // Candidate chunks from the index, in chunk order.
  auto& cand = scratch.candidates;
  cand.clear();
  const auto i0 = std::max<std::int64_t>(
      0, static_cast<std::int64_t>(std::floor((x - reach - src.x0) / src.cell)));
  const auto i1 = std::min<std::int64_t>(
      src.nx - 1, static_cast<std::int64_t>(std::floor((x + reach - src.x0) / src.cell)));
  const auto j0 = std::max<std::int64_t>(
      0, static_cast<std::int64_t>(std::floor((y - reach - src.y0) / src.cell)));
  const auto j1 = std::min<std::int64_t>(
      src.ny - 1, static_cast<std::int64_t>(std::floor((y + reach - src.y0) / src.cell)));
  for (std::int64_t j = j0; j <= j1; ++j) {
    for (std::int64_t i = i0; i <= i1; ++i) {
      const auto& list = src.cells[static_cast<std::size_t>(j * src.nx + i)];
      cand.insert(cand.end(), list.begin(), list.end());
    }
  }
  std::sort(cand.begin(), cand.end());
  cand.erase(std::unique(cand.begin(), cand.end()), cand.end());

  // Cut each chunk adaptively: a piece of length L at distance d is one point source when
  // L <= ratio * d (or L <= the shortest piece); else it is halved.
  auto& pieces = scratch.pieces;
  using Range = Scratch::Range;
  auto& stack = scratch.ranges;
  for (std::uint32_t k : cand) {
    const Chunk& c = src.chunks[k];
    const double dx = std::max({c.xmin - x, 0.0, x - c.xmax});
    const double dy = std::max({c.ymin - y, 0.0, y - c.ymax});
    if (std::hypot(dx, dy) > reach) continue;
    const RoadLine& road = src.roads[c.road];
    stack.clear();
    stack.push_back({c.s0, c.s1});
    while (!stack.empty()) {
      const Range r = stack.back();
      stack.pop_back();
      const double len = r.b - r.a;
      double px, py;
      road.point_at(0.5 * (r.a + r.b), px, py);
      const double d = std::hypot(px - x, py - y);
      if (d - 0.5 * len > reach) continue;
      if (len <= s.length_ratio * d || len <= s.min_piece_m) {
        if (d <= reach) pieces.push_back({px, py, len, c.road, k, receiver});
        continue;
      }
      const double m = 0.5 * (r.a + r.b);
      stack.push_back({m, r.b});  // the first half is taken first
      stack.push_back({r.a, m});
    }
  }
}

// Adds one path of a unit source to the receiver: per period, the road's A-weighted power
// per band times `weight` (piece length, less the façade's absorption for a reflection) times
// the long-term mix p*F + (1 - p)*H of the path.
void add_path(const PathResult& path, const RoadLine& road, const NoiseSettings& s, double weight,
              ReceiverResult& out) {
  ++out.paths;
  // The unit source's H and F energies per band, shared by the three periods.
  Spectrum h{}, f{};
  for (std::size_t b = 0; b < band_count; ++b) {
    h[b] = std::pow(10.0, path.lh[b] / 10.0);
    f[b] = std::pow(10.0, path.lf[b] / 10.0);
  }
  for (std::size_t p = 0; p < kPeriods; ++p) {
    double e = 0;
    for (std::size_t b = 0; b < band_count; ++b) {
      const double w = road.power_per_m[p][b];
      if (w == 0) continue;
      e += w * (s.p[p] * f[b] + (1.0 - s.p[p]) * h[b]);
    }
    out.energy[p] += e * weight;
  }
}

// A small step off the façade towards the open side, so that the reflection point's samples
// fall in the open cell in front of the wall and not in the building's.
constexpr double kOffFacadeM = 0.01;

// The reflection point (px, py) of the path from the source at (xs, ys, zs) to the receiver on
// the façade, by the image source: both must stand in front of the wall, the point must lie
// on it, the ray from the image to the receiver must pass below the wall's top there, and the
// reflected path must be within the maximum distance.
bool reflection_point(const Facade& w, double xs, double ys, double zs, const Receiver& r,
                      double reach, double& px, double& py) {
  const bool north_south = w.axis == 0;
  const double us = north_south ? xs : ys, vs = north_south ? ys : xs;  // across, along
  const double ur = north_south ? r.x : r.y, vr = north_south ? r.y : r.x;
  const double ds = w.side * (us - w.line), dr = w.side * (ur - w.line);
  if (!(ds > 0 && dr > 0)) return false;
  const double f = ds / (ds + dr);  // where the image-receiver line crosses the wall
  const double v = vs + f * (vr - vs);
  if (v < w.a0 || v >= w.a1) return false;
  if (std::hypot(ds + dr, vr - vs) > reach) return false;
  if (zs + f * (r.z - zs) > w.top) return false;
  const double u = w.line + w.side * kOffFacadeM;
  px = north_south ? u : v;
  py = north_south ? v : u;
  return true;
}

}  // namespace

void block_energy(const Scene& scene, std::span<const Receiver> receivers,
                  std::span<ReceiverResult> results, Scratch& scratch) {
  const Terrain& terrain = scene.terrain;
  const Sources& src = scene.sources;
  const NoiseSettings& s = scene.settings;
  for (ReceiverResult& r : results) r = ReceiverResult{};
  if (src.chunks.empty()) return;
  auto& pieces = scratch.pieces;
  pieces.clear();
  for (std::size_t k = 0; k < receivers.size(); ++k) {
    receiver_pieces(src, s, receivers[k].x, receivers[k].y, static_cast<std::uint32_t>(k), scratch);
  }
  // Chunk-major over the block: the paths from one road chunk to the neighbouring receivers
  // cross nearly the same cells, which then stay in the cache. The sort is stable and each
  // receiver's pieces were made in chunk order, so every receiver still adds up its own paths
  // in the order above, and the result does not depend on the block.
  std::stable_sort(pieces.begin(), pieces.end(),
                   [](const Scratch::Piece& a, const Scratch::Piece& b) { return a.chunk < b.chunk; });

  // The façades each receiver may hear a reflection from.
  auto& walls = scratch.block_walls;
  auto& wall_begin = scratch.block_wall_begin;
  walls.clear();
  wall_begin.assign(1, 0);
  if (s.reflections > 0) {
    for (const Receiver& r : receivers) {
      facades_near(scene.facades, r.x, r.y, s.reflection_distance_m, r.own_facade_m, walls);
      wall_begin.push_back(walls.size());
    }
  }
  const double reflected_share = 1.0 - s.facade_absorption;

  const Spectrum zero{};
  for (const Scratch::Piece& pc : pieces) {
    const double zg = terrain.elevation(pc.x, pc.y);
    if (!std::isfinite(zg)) continue;  // a source where the terrain is unknown
    const double zs = zg + kSourceHeightM;
    const Receiver& rc = receivers[pc.receiver];
    ReceiverResult& out = results[pc.receiver];
    const RoadLine& road = src.roads[pc.road];
    cut_profile(terrain, pc.x, pc.y, zs, rc.x, rc.y, rc.z, scratch);
    add_path(scratch.path.run(scratch.profile, zero, 0.0, false), road, s, pc.length, out);
    if (s.reflections == 0) continue;
    // First-order reflections: the image of the piece in each façade near the receiver
    // (CNOSSOS-EU 2.5.8), propagated over the unfolded cut source - façade - receiver; the
    // image source has (1 - alpha) of the power.
    for (std::size_t k = wall_begin[pc.receiver]; k < wall_begin[pc.receiver + 1]; ++k) {
      double px, py;
      if (!reflection_point(scene.facades.walls[walls[k]], pc.x, pc.y, zs, rc, s.max_distance_m, px, py)) {
        continue;
      }
      cut_profile_reflected(terrain, pc.x, pc.y, zs, px, py, rc.x, rc.y, rc.z, scratch);
      add_path(scratch.path.run(scratch.profile, zero, 0.0, false), road, s,
               pc.length * reflected_share, out);
    }
  }
}

ReceiverResult receiver_energy(const Scene& scene, double x, double y, double z, Scratch& scratch,
                               double own_facade_m) {
  const Receiver receiver{x, y, z, own_facade_m};
  ReceiverResult out;
  block_energy(scene, {&receiver, 1}, {&out, 1}, scratch);
  return out;
}

}  // namespace twin::solvers::noise::detail
