// Mean ground plane (CNOSSOS-EU Annex II 2.5.3; least squares as in its Appendix on the
// mean plane): minimise the integral of (z(x) - a x - b)^2 along the piecewise-linear
// ground, whose normal equations are a 2 x 2 system solved with Eigen.
#include "twin/solvers/noise/mean_plane.hpp"

#include <Eigen/Dense>
#include <cmath>

namespace twin::solvers::noise {

Line mean_plane(std::span<const Point2> ground) {
  if (ground.empty()) return {};
  Eigen::Matrix2d m = Eigen::Matrix2d::Zero();
  Eigen::Vector2d rhs = Eigen::Vector2d::Zero();
  for (std::size_t i = 1; i < ground.size(); ++i) {
    const auto [x1, z1] = ground[i - 1];
    const auto [x2, z2] = ground[i];
    const double dx = x2 - x1;
    if (dx <= 0) continue;  // a vertical step (wall) has no length along the ground
    // Exact integrals of 1, x, x^2, z, x z over a segment where z is linear in x.
    const double i1 = dx;
    const double ix = (x2 * x2 - x1 * x1) / 2.0;
    const double ixx = (x2 * x2 * x2 - x1 * x1 * x1) / 3.0;
    const double iz = dx * (z1 + z2) / 2.0;
    const double ixz = dx / 6.0 * (x1 * (2.0 * z1 + z2) + x2 * (z1 + 2.0 * z2));
    m(0, 0) += ixx;
    m(0, 1) += ix;
    m(1, 0) += ix;
    m(1, 1) += i1;
    rhs(0) += ixz;
    rhs(1) += iz;
  }
  if (m(1, 1) <= 0) return {0.0, ground.front().z};  // no extent: a flat plane through the point
  const Eigen::Vector2d ab = m.ldlt().solve(rhs);
  return {ab(0), ab(1)};
}

namespace {

struct Projection {
  Point2 foot;
  double signed_height;  // > 0 above the plane
};

Projection project(Point2 p, Line plane) {
  const double norm = std::sqrt(1.0 + plane.a * plane.a);
  const double h = (p.z - (plane.a * p.x + plane.b)) / norm;
  // Foot of the perpendicular: move back along the unit normal (-a, 1) / norm.
  return {{p.x + h * plane.a / norm, p.z - h / norm}, h};
}

}  // namespace

PlaneGeometry plane_geometry(Point2 source, Point2 receiver, Line plane) {
  const Projection s = project(source, plane);
  const Projection r = project(receiver, plane);
  PlaneGeometry g;
  // Distances, not signed heights: what a point under the plane means depends on the leg
  // (see path.cpp), so the flags say where it lies.
  g.source_below = s.signed_height < 0;
  g.receiver_below = r.signed_height < 0;
  g.zs = std::abs(s.signed_height);
  g.zr = std::abs(r.signed_height);
  g.dp = std::hypot(r.foot.x - s.foot.x, r.foot.z - s.foot.z);
  g.source_image = {2.0 * s.foot.x - source.x, 2.0 * s.foot.z - source.z};
  g.receiver_image = {2.0 * r.foot.x - receiver.x, 2.0 * r.foot.z - receiver.z};
  return g;
}

}  // namespace twin::solvers::noise
