// One direct path of a vertical cut, CNOSSOS-EU Annex II 2.5.5 - 2.5.7 as amended by
// (EU) 2021/1226, in the reading of ISO/TR 17534-4:2020 (which fixes the open choices:
// c = 340 m/s, nominal band centres for ground and diffraction, exact ones for air).
#include "twin/solvers/noise/path.hpp"

#include <cmath>
#include <optional>
#include <span>

#include "twin/data/error.hpp"
#include "twin/solvers/noise/air_absorption.hpp"
#include "twin/solvers/noise/diffraction.hpp"
#include "twin/solvers/noise/ground_effect.hpp"
#include "twin/solvers/noise/mean_plane.hpp"

namespace twin::solvers::noise {
namespace {

using Cut = PathCalculator::Cut;

// Fills `cut` (its buffers are reused from the previous path).
void unfold(const Profile& profile, Cut& cut) {
  const auto& pts = profile.points;
  if (pts.size() < 2 || pts.front().type != CutPointType::source || pts.back().type != CutPointType::receiver) {
    throw data::Error(data::ErrorCode::invalid_argument, "a cut profile must start with its source and end with its receiver");
  }
  cut.top.clear();
  cut.ground.clear();
  cut.g.clear();
  double x = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (i > 0) x += std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
    cut.top.push_back({x, pts[i].z});
    cut.ground.push_back({x, pts[i].z_ground});
    cut.g.push_back(pts[i].g);
  }
}

double distance(Point2 a, Point2 b) { return std::hypot(b.x - a.x, b.z - a.z); }

// Is p above the straight line through a and b (at p's distance along the cut)?
bool above(Point2 p, Point2 a, Point2 b) {
  if (b.x == a.x) return p.z > std::max(a.z, b.z);
  return p.z > a.z + (b.z - a.z) * (p.x - a.x) / (b.x - a.x);
}

// G_path between points i0 and i1: ground factors weighted by horizontal length (2.5.13).
double g_path(const Cut& cut, std::size_t i0, std::size_t i1) {
  double sum = 0, length = 0;
  for (std::size_t k = i0; k < i1; ++k) {
    const double dx = cut.ground[k + 1].x - cut.ground[k].x;
    sum += cut.g[k] * dx;
    length += dx;
  }
  return length > 0 ? sum / length : cut.g[i0];
}

// A leg from a to b over the mean plane of the ground between points i0 and i1.
struct Leg {
  PlaneGeometry plane;
  GroundLeg ground;
};

Leg make_leg(const Cut& cut, std::size_t i0, std::size_t i1, Point2 a, Point2 b, bool source_side) {
  const std::span<const Point2> ground(cut.ground.data() + i0, i1 - i0 + 1);
  Leg leg;
  leg.plane = plane_geometry(a, b, mean_plane(ground));
  leg.ground = {leg.plane.zs, leg.plane.zr, leg.plane.dp, g_path(cut, i0, i1), cut.g[i0], source_side};
  return leg;
}

// Indices of the points of the upper convex hull between source and receiver; the inner ones
// are the diffraction edges of the path (2.5.7, "rubber band").
void upper_hull(const std::vector<Point2>& pts, std::vector<std::size_t>& hull) {
  hull.clear();
  for (std::size_t i = 0; i < pts.size(); ++i) {
    while (hull.size() >= 2) {
      const Point2 a = pts[hull[hull.size() - 2]], b = pts[hull.back()], p = pts[i];
      const double cross = (b.x - a.x) * (p.z - a.z) - (b.z - a.z) * (p.x - a.x);
      if (cross < -1e-9) break;  // b stays above the chord a-p
      hull.pop_back();
    }
    hull.push_back(i);
  }
}

// Path differences of a diffracted path for one condition: via the real source and receiver,
// via the source image S' and via the receiver image R' (2.5.23 - 2.5.25, 2.5.27 - 2.5.33).
struct Deltas {
  double sr = 0, s_image_r = 0, s_r_image = 0;
};

// Straight rays (homogeneous): signed, negative when the edge is below the direct line.
double straight_delta(Point2 s, Point2 first, double e, Point2 last, Point2 r) {
  const double d = distance(s, first) + e + distance(last, r) - distance(s, r);
  return first.x == last.x && !above(first, s, r) ? -d : d;
}

// Curved rays (favourable, arcs of radius max(1000, 8 d)); an edge under the curved direct
// ray gives a negative difference through the point A of the direct line above it (2.5.25).
double curved_delta(Point2 s, Point2 first, double e, Point2 last, Point2 r) {
  const double d = distance(s, r);
  auto c = [d](double chord) { return curved_length(chord, d); };
  if (first.x != last.x || above(first, s, r)) return c(distance(s, first)) + c(e) + c(distance(last, r)) - c(d);
  const double t = (first.x - s.x) / (r.x - s.x);
  const Point2 a{s.x + t * (r.x - s.x), s.z + t * (r.z - s.z)};
  return 2.0 * c(distance(s, a)) + 2.0 * c(distance(a, r)) - c(distance(s, first)) - c(distance(first, r)) - c(d);
}

// Differences to the image points use curved rays without the sign rule (NoiseModelling's
// reading, which the ISO/TR 17534-4 results follow).
double curved_sum(Point2 s, Point2 first, double e, Point2 last, Point2 r) {
  const double d = distance(s, r);
  return curved_length(distance(s, first), d) + curved_length(e, d) + curved_length(distance(last, r), d) - curved_length(d, d);
}

Deltas deltas(bool favourable, Point2 s, Point2 first, double e, Point2 last, Point2 r, Point2 s_img, Point2 r_img) {
  if (!favourable) {
    return {straight_delta(s, first, e, last, r), straight_delta(s_img, first, e, last, r),
            straight_delta(s, first, e, last, r_img)};
  }
  return {curved_delta(s, first, e, last, r), curved_sum(s_img, first, e, last, r), curved_sum(s, first, e, last, r_img)};
}

// A_dif = Delta_dif(S,R) + Delta_ground(S,O) + Delta_ground(O,R) for one band (2.5.26 - 2.5.33).
double diffraction_with_ground(double dif_sr, double dif_s_img, double dif_r_img, double a_ground_so, double a_ground_or,
                               bool source_below, bool receiver_below) {
  auto delta_ground = [](double a_ground, double dif_img, double dif) {
    return -20.0 * std::log10(1.0 + (std::pow(10.0, -a_ground / 20.0) - 1.0) * std::pow(10.0, -(dif_img - dif) / 20.0));
  };
  double dif = dif_sr;
  double dg_so = 0, dg_or = 0;
  // A source under its mean plane: its image coincides with it, the ground term is A_ground itself.
  if (!source_below) {
    dg_so = delta_ground(a_ground_so, dif_s_img, dif);
  }
  if (source_below || std::isnan(dg_so)) {
    dg_so = a_ground_so;
    dif = dif_s_img;
  }
  if (!receiver_below) {
    dg_or = delta_ground(a_ground_or, dif_r_img, dif);
  }
  if (receiver_below || std::isnan(dg_or)) {
    dg_or = a_ground_or;
    dif = dif_r_img;
  }
  return std::min(25.0, std::max(0.0, dif)) + dg_so + dg_or;  // Delta_dif capped at 25 dB
}

// The two legs of a diffracted path: source to the first edge over the mean plane of the
// ground up to point i_first, last edge to receiver over the plane from point i_last on. They
// are the same in both conditions, so they are made once.
struct Legs {
  Leg so, orr;
};

Legs make_legs(const Cut& cut, std::size_t i_first, std::size_t i_last, Point2 first, Point2 last) {
  return {make_leg(cut, 0, i_first, cut.source(), first, true),
          make_leg(cut, i_last, cut.top.size() - 1, last, cut.receiver(), false)};
}

// A diffracted path over edges first..last with legs `legs`, for one condition.
Spectrum diffracted(const Cut& cut, const Legs& legs, Point2 first, Point2 last, double e, bool favourable) {
  const Point2 s = cut.source(), r = cut.receiver();
  const Leg& so = legs.so;
  const Leg& orr = legs.orr;
  const Deltas d = deltas(favourable, s, first, e, last, r, so.plane.source_image, orr.plane.receiver_image);
  const Spectrum dif_sr = diffraction_attenuation(d.sr, e);
  const Spectrum dif_s_img = diffraction_attenuation(d.s_image_r, e);
  const Spectrum dif_r_img = diffraction_attenuation(d.s_r_image, e);
  const Spectrum g_so = favourable ? ground_favourable(so.ground) : ground_homogeneous(so.ground);
  const Spectrum g_or = favourable ? ground_favourable(orr.ground) : ground_homogeneous(orr.ground);
  Spectrum a{};
  for (std::size_t i = 0; i < band_count; ++i) {
    a[i] = diffraction_with_ground(dif_sr[i], dif_s_img[i], dif_r_img[i], g_so[i], g_or[i], so.plane.source_below,
                                   orr.plane.receiver_below);
  }
  return a;
}

// A terrain point O near an unobstructed ray that may diffract (Rayleigh criterion of the
// 2021 amendment, 2.5.7): delta > -lambda/20 and delta > lambda/4 - delta', with delta' the
// path difference between the image source and image receiver of the two legs.
std::optional<std::size_t> rayleigh_edge(const Cut& cut) {
  const Point2 s = cut.source(), r = cut.receiver();
  static const Spectrum f = exact_frequencies();
  std::optional<std::size_t> found;
  for (std::size_t i = 1; i + 1 < cut.top.size(); ++i) {
    const Point2 o = cut.ground[i];
    const double delta = straight_delta(s, o, 0, o, r);
    bool near = false;
    for (double fi : f) near = near || delta > -(340.0 / fi) / 20.0;
    if (!near) continue;
    const Point2 s_img = make_leg(cut, 0, i, s, o, true).plane.source_image;
    const Point2 r_img = make_leg(cut, i, cut.top.size() - 1, o, r, false).plane.receiver_image;
    const double delta_img = straight_delta(s_img, o, 0, o, r_img);
    bool applies = false;
    for (double fi : f) applies = applies || delta > (340.0 / fi) / 4.0 - delta_img;
    if (applies) found = i;  // the last qualifying point along the cut
  }
  return found;
}

// Per band: does the Rayleigh edge at point i, with legs `legs`, diffract for this condition's
// path differences?
std::array<bool, band_count> rayleigh_bands(const Cut& cut, std::size_t i, const Legs& legs, bool favourable) {
  const Point2 s = cut.source(), r = cut.receiver(), o = cut.ground[i];
  const Point2 s_img = legs.so.plane.source_image;
  const Point2 r_img = legs.orr.plane.receiver_image;
  const double delta = favourable ? curved_delta(s, o, 0, o, r) : straight_delta(s, o, 0, o, r);
  const double delta_img = favourable ? curved_delta(s_img, o, 0, o, r_img) : straight_delta(s_img, o, 0, o, r_img);
  std::array<bool, band_count> use{};
  for (std::size_t b = 0; b < band_count; ++b) {
    const double lambda = 340.0 / nominal_frequencies[b];
    use[b] = delta >= 0 || (delta > -lambda / 20.0 && delta > lambda / 4.0 - delta_img);
  }
  return use;
}

Spectrum level(const Spectrum& lw, const Spectrum& a_div, const Spectrum& a_atm, const Spectrum& a_ground, const Spectrum& a_dif) {
  Spectrum l{};
  for (std::size_t i = 0; i < band_count; ++i) l[i] = lw[i] - a_div[i] - a_atm[i] - a_ground[i] - a_dif[i];
  return l;
}

}  // namespace

PathCalculator::PathCalculator(const Atmosphere& atmosphere)
    : alpha_db_per_km_(air_absorption_spectrum(atmosphere.temperature_c, atmosphere.humidity_percent,
                                               atmosphere.pressure_kpa)) {}

const PathResult& PathCalculator::run(const Profile& profile, const Spectrum& lw, double p, bool long_term) {
  if (!(p >= 0 && p <= 1)) {
    throw data::Error(data::ErrorCode::invalid_argument, "the occurrence of favourable conditions p must lie in 0..1");
  }
  Cut& cut = cut_;
  unfold(profile, cut);
  const Point2 s = cut.source(), r = cut.receiver();
  PathResult& out = result_;
  out = PathResult{};
  out.distance_m = distance(s, r);
  if (!(out.distance_m > 0)) throw data::Error(data::ErrorCode::invalid_argument, "source and receiver coincide");

  // Geometric divergence of a point source (2.5.11) and air absorption (2.5.12).
  const double a_div = 20.0 * std::log10(out.distance_m) + 11.0;
  for (std::size_t i = 0; i < band_count; ++i) {
    out.a_div[i] = a_div;
    out.a_atm[i] = alpha_db_per_km_[i] * out.distance_m / 1000.0;
  }

  // Ground effect over the mean plane of the whole cut (2.5.6). A source or receiver under
  // the plane is taken at height 0 (2.5.3). Only needed when no edge diffracts in every band.
  const auto whole_path_ground = [&](Spectrum& ground_h, Spectrum& ground_f) {
    Leg sr = make_leg(cut, 0, cut.top.size() - 1, s, r, true);
    if (sr.plane.source_below) sr.ground.zs = 0;
    if (sr.plane.receiver_below) sr.ground.zr = 0;
    ground_h = ground_homogeneous(sr.ground);
    ground_f = ground_favourable(sr.ground);
  };

  std::vector<std::size_t>& hull = hull_;
  upper_hull(cut.top, hull);
  if (hull.size() > 2) {
    // Obstructed: diffraction over the hull's edges replaces the ground term (2.5.7).
    out.diffracted = true;
    const std::size_t i_first = hull[1], i_last = hull[hull.size() - 2];
    double e = 0;
    for (std::size_t k = 1; k + 2 < hull.size(); ++k) e += distance(cut.top[hull[k]], cut.top[hull[k + 1]]);
    const Point2 first = cut.top[i_first], last = cut.top[i_last];
    const Legs legs = make_legs(cut, i_first, i_last, first, last);
    out.a_dif_h = diffracted(cut, legs, first, last, e, false);
    out.a_dif_f = diffracted(cut, legs, first, last, e, true);
  } else if (const auto edge = rayleigh_edge(cut)) {
    // Unobstructed but grazing terrain: diffraction in the bands the Rayleigh criterion selects.
    const Point2 o = cut.ground[*edge];
    const Legs legs = make_legs(cut, *edge, *edge, o, o);
    const Spectrum dif_h = diffracted(cut, legs, o, o, 0, false);
    const Spectrum dif_f = diffracted(cut, legs, o, o, 0, true);
    const auto use_h = rayleigh_bands(cut, *edge, legs, false);
    const auto use_f = rayleigh_bands(cut, *edge, legs, true);
    Spectrum ground_h, ground_f;
    whole_path_ground(ground_h, ground_f);
    for (std::size_t i = 0; i < band_count; ++i) {
      if (use_h[i]) out.a_dif_h[i] = dif_h[i]; else out.a_ground_h[i] = ground_h[i];
      if (use_f[i]) out.a_dif_f[i] = dif_f[i]; else out.a_ground_f[i] = ground_f[i];
      out.diffracted = out.diffracted || use_h[i] || use_f[i];
    }
  } else {
    whole_path_ground(out.a_ground_h, out.a_ground_f);
  }

  out.lh = level(lw, out.a_div, out.a_atm, out.a_ground_h, out.a_dif_h);
  out.lf = level(lw, out.a_div, out.a_atm, out.a_ground_f, out.a_dif_f);
  if (!long_term) return out;
  for (std::size_t i = 0; i < band_count; ++i) {
    // Long-term level (2.5.35): favourable conditions occur a share p of the time.
    out.l[i] = 10.0 * std::log10(p * std::pow(10.0, out.lf[i] / 10.0) + (1.0 - p) * std::pow(10.0, out.lh[i] / 10.0));
    out.la[i] = out.l[i] + a_weighting[i];
  }
  return out;
}

PathResult propagate(const Profile& profile, const Spectrum& lw, const Atmosphere& atmosphere, double p) {
  PathCalculator calculator(atmosphere);
  return calculator.run(profile, lw, p);
}

}  // namespace twin::solvers::noise
