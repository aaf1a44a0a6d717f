#pragma once
// The mean ground plane of a vertical cut (CNOSSOS-EU, Annex II, 2.5.3 and Appendix VI of
// the 2021 amendment): the straight line z = a x + b that fits the ground polyline in the
// least-squares sense, integrated along the polyline; and the heights of points above it.
#include <span>

namespace twin::solvers::noise {

// A point of a vertical cut: x = horizontal distance along the cut (m), z = altitude (m).
struct Point2 {
  double x = 0;
  double z = 0;
};

struct Line {
  double a = 0;  // slope
  double b = 0;  // altitude at x = 0
};

// Least-squares line through the ground polyline (at least one point; zero-width
// steps such as thin walls carry no weight). A single point gives a flat line through it.
Line mean_plane(std::span<const Point2> ground);

// Geometry of a source-receiver pair relative to a mean plane.
struct PlaneGeometry {
  double zs = 0;          // perpendicular distance of the source from the plane (m, >= 0)
  double zr = 0;          // same for the receiver
  double dp = 0;          // distance between the two projections on the plane (m)
  bool source_below = false;    // the source lies under the plane
  bool receiver_below = false;
  Point2 source_image;    // mirror image of the source in the plane
  Point2 receiver_image;
};

PlaneGeometry plane_geometry(Point2 source, Point2 receiver, Line plane);

}  // namespace twin::solvers::noise
