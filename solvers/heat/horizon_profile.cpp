// Upper convex hulls along a line of cells: the horizon of every cell in O(log reach) each.
#include "horizon_profile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace twin::solvers::heat::detail {
namespace {

// Whether the slope from q to b exceeds the slope from q to a (q left of both), without
// dividing: (b.z − q.z)/(b.x − q.x) > (a.z − q.z)/(a.x − q.x).
bool steeper(const ProfilePoint& q, const ProfilePoint& a, const ProfilePoint& b) {
  return (b.z - q.z) * (a.x - q.x) > (a.z - q.z) * (b.x - q.x);
}

// The vertex of an upper convex hull lying wholly to the right of q that is steepest seen
// from q; the hull's vertices left to right are at(0) … at(n − 1), n > 0. Along the hull the
// slope from q rises, then falls (q lies above the lines of the first edges and below those of
// the last), so a binary search finds the top.
template <class At>
const ProfilePoint& steepest_vertex(const ProfilePoint& q, std::size_t n, const At& at) {
  std::size_t lo = 0, hi = n - 1;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (steeper(q, at(mid), at(mid + 1))) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return at(lo);
}

// Adds p left of every vertex of `hull` (stored right to left: back() is the leftmost),
// dropping the vertices that fall on or under the new first edge.
void push_left(std::vector<ProfilePoint>& hull, const ProfilePoint& p) {
  while (hull.size() >= 2) {
    const ProfilePoint& near = hull[hull.size() - 1];
    const ProfilePoint& far = hull[hull.size() - 2];
    if (steeper(p, far, near)) break;  // `near` sticks out above p–far: keep it
    hull.pop_back();
  }
  hull.push_back(p);
}

// Adds p right of every vertex of `hull` (stored left to right).
void push_right(std::vector<ProfilePoint>& hull, const ProfilePoint& p) {
  while (hull.size() >= 2) {
    const ProfilePoint& a = hull[hull.size() - 2];
    const ProfilePoint& b = hull[hull.size() - 1];
    if (steeper(a, p, b)) break;  // b sticks out above a–p: keep it
    hull.pop_back();
  }
  hull.push_back(p);
}

std::int64_t floor_mod(std::int64_t a, std::int64_t m) {
  const std::int64_t r = a % m;
  return r < 0 ? r + m : r;
}

}  // namespace

void horizon_slopes(std::span<const float> z, std::int64_t first_position, std::int64_t reach,
                    std::int64_t out_begin, std::int64_t out_end, std::span<double> slope,
                    ProfileWorkspace& work) {
  const auto n = static_cast<std::int64_t>(z.size());
  const auto at = [&](std::int64_t i) {
    return static_cast<double>(z[static_cast<std::size_t>(i)]);
  };
  const auto valid = [&](std::int64_t i) { return !std::isnan(z[static_cast<std::size_t>(i)]); };
  // The viewer stands at the centre of its cell; every other cell is seen at its near edge,
  // half a step closer, so the query point is moved half a step ahead instead.
  const auto viewer = [&](std::int64_t i) {
    return ProfilePoint{static_cast<double>(i) + 0.5, at(i)};
  };
  // Per output cell, the steepest point found so far that rises above the viewer; the slope
  // is divided out once at the end.
  std::vector<ProfilePoint>& best = work.best;
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  best.assign(static_cast<std::size_t>(out_end - out_begin), ProfilePoint{0.0, kNone});
  const auto consider = [&](std::int64_t i, const ProfilePoint& q, const ProfilePoint& p) {
    ProfilePoint& b = best[static_cast<std::size_t>(i - out_begin)];
    if (p.z > q.z && (b.z == kNone || steeper(q, b, p))) b = p;
  };

  std::vector<ProfilePoint>& behind = work.behind;
  std::vector<ProfilePoint>& ahead = work.ahead;
  for (std::int64_t begin = out_begin; reach > 0 && begin < out_end;) {
    // This chunk's end: the next global multiple of `reach` after `begin`.
    const std::int64_t end = begin + reach - floor_mod(first_position + begin, reach);
    const std::int64_t stop = std::min(end, out_end);

    // (i, end): hull built from the chunk's end backwards, queried before i joins it. Nothing
    // in it can rise above a viewer at least as high as its highest point.
    behind.clear();
    double behind_top = kNone;
    for (std::int64_t i = std::min(end, n) - 1; i >= begin; --i) {
      if (!valid(i)) continue;
      const ProfilePoint q = viewer(i);
      if (i < stop && behind_top > q.z) {
        consider(i, q, steepest_vertex(q, behind.size(), [&](std::size_t k) -> const ProfilePoint& {
                   return behind[behind.size() - 1 - k];
                 }));
      }
      push_left(behind, ProfilePoint{static_cast<double>(i), q.z});
      behind_top = std::max(behind_top, q.z);
    }

    // [end, i + reach]: hull of the next chunk's prefix, growing with i.
    ahead.clear();
    double ahead_top = kNone;
    std::int64_t next = end;
    for (std::int64_t i = begin; i < stop; ++i) {
      const std::int64_t last = std::min(i + reach, n - 1);
      for (; next <= last; ++next) {
        if (!valid(next)) continue;
        push_right(ahead, ProfilePoint{static_cast<double>(next), at(next)});
        ahead_top = std::max(ahead_top, at(next));
      }
      if (!valid(i)) continue;
      const ProfilePoint q = viewer(i);
      if (ahead_top > q.z) {
        consider(i, q, steepest_vertex(q, ahead.size(), [&](std::size_t k) -> const ProfilePoint& {
                   return ahead[k];
                 }));
      }
    }
    begin = end;
  }

  for (std::int64_t i = out_begin; i < out_end; ++i) {
    const ProfilePoint& b = best[static_cast<std::size_t>(i - out_begin)];
    const ProfilePoint q = viewer(i);
    slope[static_cast<std::size_t>(i)] = !valid(i)      ? std::numeric_limits<double>::quiet_NaN()
                                         : b.z == kNone ? 0.0
                                                        : (b.z - q.z) / (b.x - q.x);
  }
}

}  // namespace twin::solvers::heat::detail
