// Planners' statistics of a heat result: PET classes by area and dwellings, shaded paved
// space, and the distance from dwellings to the nearest cool place (exact Euclidean distance
// transform of Felzenszwalb & Huttenlocher 2012, Theory of Computing 8:415–428).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "twin/data/error.hpp"
#include "twin/data/standard_names.hpp"
#include "twin/solvers/heat/heat_solver.hpp"

namespace twin::solvers::heat {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDwellingReachM = 10.0;  // a dwelling's street: nearest outdoor cell within
constexpr double kCoolReachesM[] = {100.0, 200.0, 300.0};

const data::Raster<float>& result_layer(const LayerSet& result, std::string_view name,
                                        const data::GridSpec& grid) {
  const auto it = result.find(name);
  if (it == result.end()) {
    throw data::Error(data::ErrorCode::missing_layer,
                      "heat statistics: no result layer '" + std::string(name) + "'");
  }
  const auto* r = std::get_if<data::Raster<float>>(&it->second.raster);
  if (r == nullptr || !r->grid.matches(grid)) {
    throw data::Error(data::ErrorCode::grid_mismatch,
                      "heat statistics: layer '" + std::string(name) +
                          "' is not a float layer on the window's grid");
  }
  return *r;
}

int pet_class(double pet) {
  int k = 0;
  for (double limit : kPetClassLimits) k += pet >= limit ? 1 : 0;
  return k;
}

// Squared distance (in cells²) of every cell to the nearest cell with f = 0 (others +inf):
// 1-D lower envelope of parabolas along each column, then each row.
void distance_1d(std::vector<double>& f, std::size_t n, std::size_t stride, std::size_t start,
                 std::vector<double>& d, std::vector<std::size_t>& v, std::vector<double>& z) {
  std::size_t k = 0;
  bool any = false;
  for (std::size_t q = 0; q < n; ++q) {
    const double fq = f[start + q * stride];
    if (fq == kInf) continue;
    if (!any) {
      v[0] = q;
      z[0] = -kInf;
      z[1] = kInf;
      any = true;
      continue;
    }
    double s;
    while (true) {
      const std::size_t p = v[k];
      const double fp = f[start + p * stride];
      const auto qd = static_cast<double>(q), pd = static_cast<double>(p);
      s = ((fq + qd * qd) - (fp + pd * pd)) / (2.0 * qd - 2.0 * pd);
      if (s <= z[k] && k > 0) {
        --k;
      } else {
        break;
      }
    }
    ++k;
    v[k] = q;
    z[k] = s;
    z[k + 1] = kInf;
  }
  if (!any) return;  // all infinite: stays infinite
  k = 0;
  for (std::size_t q = 0; q < n; ++q) {
    while (z[k + 1] < static_cast<double>(q)) ++k;
    const double dq = static_cast<double>(q) - static_cast<double>(v[k]);
    d[q] = dq * dq + f[start + v[k] * stride];
  }
  for (std::size_t q = 0; q < n; ++q) f[start + q * stride] = d[q];
}

std::vector<double> squared_distance(std::vector<double> f, std::size_t nx, std::size_t ny) {
  const std::size_t n = std::max(nx, ny);
  std::vector<double> d(n), z(n + 1);
  std::vector<std::size_t> v(n);
  for (std::size_t c = 0; c < nx; ++c) distance_1d(f, ny, nx, c, d, v, z);
  for (std::size_t r = 0; r < ny; ++r) distance_1d(f, nx, 1, r * nx, d, v, z);
  return f;
}

}  // namespace

nlohmann::json heat_statistics(const data::Scenario& scenario, const LayerSet& result,
                               data::Window out, std::string_view pet_layer,
                               std::string_view shade_layer) {
  const data::GridSpec grid = scenario.grid().sub_grid(out);
  const data::Raster<float>& pet = result_layer(result, pet_layer, grid);
  const data::Raster<float>& shade = result_layer(result, shade_layer, grid);
  const data::Raster<float>& bh = scenario.raster<float>(data::names::building_height);
  const auto scen = [&](std::int64_t c, std::int64_t r) {
    return scenario.grid().nx * (r + out.row0) + c + out.col0;
  };
  const auto nx = static_cast<std::size_t>(grid.nx), ny = static_cast<std::size_t>(grid.ny);

  std::array<double, 5> area{}, dwellings{};
  double dwellings_unknown = 0;
  for (float p : pet.values) {
    if (!std::isnan(p)) area[static_cast<std::size_t>(pet_class(p))] += grid.cell_area_m2();
  }
  std::vector<double> cool(nx * ny, kInf);
  for (std::size_t k = 0; k < cool.size(); ++k) {
    if (!std::isnan(pet.values[k]) && shade.values[k] >= 0.5f && pet.values[k] < kCoolPetLimit) {
      cool[k] = 0.0;
    }
  }

  nlohmann::json j;
  j["pet_layer"] = pet_layer;
  j["pet_class_limits_degC"] = kPetClassLimits;
  j["area_m2_per_pet_class"] = area;

  if (scenario.has_layer(data::names::land_use)) {
    const auto& lu = scenario.raster<std::uint8_t>(data::names::land_use);
    double paved = 0, shaded = 0;
    for (std::int64_t r = 0; r < grid.ny; ++r) {
      for (std::int64_t c = 0; c < grid.nx; ++c) {
        const auto k = static_cast<std::size_t>(scen(c, r));
        if (lu.values[k] != static_cast<std::uint8_t>(data::names::LandUse::urban)) continue;
        if (bh.values[k] > 0.0f || std::isnan(pet.at(c, r))) continue;
        paved += 1;
        shaded += shade.at(c, r) >= 0.5f ? 1 : 0;
      }
    }
    j["paved_outdoor_cells"] = paved;
    j["paved_shaded_share"] = paved > 0 ? nlohmann::json(shaded / paved) : nlohmann::json(nullptr);
  }

  if (scenario.has_layer(data::names::dwellings)) {
    const auto& dw = scenario.raster<float>(data::names::dwellings);
    const std::vector<double> d2 = squared_distance(cool, nx, ny);
    const auto reach = static_cast<std::int64_t>(std::floor(kDwellingReachM / grid.cell));
    double total = 0, distance_sum = 0, without = 0;
    std::array<double, 3> within{};
    for (std::int64_t r = 0; r < grid.ny; ++r) {
      for (std::int64_t c = 0; c < grid.nx; ++c) {
        const float n = dw.values[static_cast<std::size_t>(scen(c, r))];
        if (!(n > 0.0f)) continue;
        total += n;
        // PET at the dwelling: the nearest outdoor cell (ties: the first in row order).
        double best_d = kInf, best_pet = std::nan("");
        for (std::int64_t dr = -reach; dr <= reach; ++dr) {
          for (std::int64_t dc = -reach; dc <= reach; ++dc) {
            const std::int64_t cc = c + dc, rr = r + dr;
            if (cc < 0 || rr < 0 || cc >= grid.nx || rr >= grid.ny) continue;
            const double dd = std::hypot(dc, dr) * grid.cell;
            if (dd > kDwellingReachM || dd >= best_d || std::isnan(pet.at(cc, rr))) continue;
            best_d = dd;
            best_pet = pet.at(cc, rr);
          }
        }
        if (std::isnan(best_pet)) {
          dwellings_unknown += n;
        } else {
          dwellings[static_cast<std::size_t>(pet_class(best_pet))] += n;
        }
        const double dist =
            std::sqrt(d2[static_cast<std::size_t>(r) * nx + static_cast<std::size_t>(c)]) *
            grid.cell;
        if (!std::isfinite(dist)) {
          without += n;
          continue;
        }
        distance_sum += n * dist;
        for (std::size_t q = 0; q < within.size(); ++q)
          within[q] += dist <= kCoolReachesM[q] ? n : 0;
      }
    }
    j["dwellings_per_pet_class"] = dwellings;
    j["dwellings_pet_unknown"] = dwellings_unknown;
    nlohmann::json cool_j;
    cool_j["dwellings"] = total;
    cool_j["mean_distance_m"] = total - without > 0
                                    ? nlohmann::json(distance_sum / (total - without))
                                    : nlohmann::json(nullptr);
    cool_j["dwellings_without_cool_place_in_window"] = without;
    for (std::size_t q = 0; q < within.size(); ++q) {
      cool_j["share_within_" + std::to_string(static_cast<int>(kCoolReachesM[q])) + "m"] =
          total > 0 ? nlohmann::json(within[q] / total) : nlohmann::json(nullptr);
    }
    j["nearest_cool_place"] = cool_j;
  }
  return j;
}

}  // namespace twin::solvers::heat

namespace twin::solvers::heat {

nlohmann::json HeatSolver::statistics(const data::Scenario& scenario, const LayerSet& result,
                                      const Params& /*params*/) const {
  const data::Window whole = scenario.grid().full();
  if (result.count("pet")) return heat_statistics(scenario, result, whole);
  nlohmann::json per_hour = nlohmann::json::object();
  for (const auto& [name, layer] : result) {
    if (name.rfind("pet_", 0) != 0 || name == "pet_max") continue;
    const std::string hour = name.substr(4);
    const std::string shade = "shadow_fraction_" + hour;
    if (result.count(shade)) per_hour[hour] = heat_statistics(scenario, result, whole, name, shade);
  }
  return per_hour;
}

}  // namespace twin::solvers::heat
