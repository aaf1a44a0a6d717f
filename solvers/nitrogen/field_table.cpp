#include "twin/solvers/nitrogen/field_table.hpp"

#include <algorithm>
#include <cmath>

namespace twin::solvers::nitrogen {

FieldTable tabulate_field(const PreparedSource& source, double max_distance) {
  FieldTable t;
  t.max_distance = std::max(max_distance, 1.0);
  t.min_distance = source.options.min_distance;
  t.interpolate_sectors = source.options.sectors == SectorWeighting::interpolate;
  // Enough nodes that the last interval reaches max_distance, at least two.
  t.nodes = std::max(2, static_cast<int>(std::ceil(std::log(t.max_distance) / field_table_step)) + 1);
  t.values.assign(static_cast<std::size_t>(wind_sectors) * t.nodes * land_use_classes * 4, 0.0f);
  for (int i = 0; i < t.nodes; ++i) {
    const double x = std::exp(i * field_table_step);
    const double x2 = x * x;
    // Below min_distance the pair is taken at min_distance; the table does the same, so that
    // the interpolation between the nodes around it stays consistent.
    const std::array<SectorField, wind_sectors> fields =
        sector_fields(source, std::max(x, t.min_distance));
    for (int k = 0; k < wind_sectors; ++k) {
      const SectorField& f = fields[static_cast<std::size_t>(k)];
      for (int lu = 0; lu < land_use_classes; ++lu) {
        float* v = t.values.data() +
                   ((static_cast<std::size_t>(lu) * wind_sectors + k) * t.nodes + i) * 4;
        const auto l = static_cast<std::size_t>(lu);
        v[0] = static_cast<float>(f.concentration[l] * x2);
        v[1] = static_cast<float>(f.dry_deposition[l] * x2);
        v[2] = static_cast<float>(f.wet_deposition * x2);
      }
    }
  }
  return t;
}

}  // namespace twin::solvers::nitrogen
