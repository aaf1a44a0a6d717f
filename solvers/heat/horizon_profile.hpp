#pragma once
// The horizon along one straight line of cells, for every cell of the line at once, in
// O(n log reach) instead of O(n · reach): the private kernel of the sky view factor sweep
// (sky_view_factor.cpp). Not installed.
#include <cstdint>
#include <span>
#include <vector>

namespace twin::solvers::heat::detail {

struct ProfilePoint {
  double x, z;  // position along the line (steps) and surface height (m)
};

// Reusable buffers of one thread, so a sweep allocates once per task, not per line.
struct ProfileWorkspace {
  std::vector<ProfilePoint> behind;  // hull of the rest of the cell's own chunk
  std::vector<ProfilePoint> ahead;   // hull of a prefix of the next chunk
  std::vector<ProfilePoint> best;    // per output cell, the steepest point found so far
};

// For each i in [out_begin, out_end): the steepest rise seen from cell i looking towards
// increasing index, max(0, max over j in (i, i + reach], z[j] not NaN, of
// (z[j] − z[i]) / (j − i − ½)), in metres per step; NaN where z[i] is NaN (nodata, which
// also blocks nothing). Each cell is a flat-topped prism seen at its near edge, half a step
// before its centre, as in the ray walk it replaces.
//
// Method: the maximum slope from a point to a set of points lying all on one side is reached
// at a vertex of the set's upper convex hull (Stewart 1998; Cabral, Max & Springmeyer 1987).
// The window (i, i + reach] is split at the chunk boundaries, every multiple of `reach` in the
// line's global position `first_position + index`: the part in cell i's own chunk is the hull
// built backwards from the chunk's end (one insertion per cell), the part in the next chunk a
// hull built forwards from its start. Each query is a binary search on a hull, so a cell costs
// O(log reach). Chunks are anchored on global positions, so a cell's value does not depend on
// where the line was cut: any window of a grid gives the same bits as the whole grid.
// Requires z.size() ≥ out_end; cells beyond out_end are read up to out_end − 1 + reach.
void horizon_slopes(std::span<const float> z, std::int64_t first_position, std::int64_t reach,
                    std::int64_t out_begin, std::int64_t out_end, std::span<double> slope,
                    ProfileWorkspace& work);

}  // namespace twin::solvers::heat::detail
