// Figures as in ../shared/reference/noise/README.md (read from the amended Annex and
// NoiseModelling's RoadCnossos_2020.json). The 2015 set differs only in A_R and A_P.
#include "emission_coefficients.hpp"

#include <array>

namespace twin::solvers::noise::detail {
namespace {

constexpr Spectrum zero{};

// B_R and B_P, shared by both sets.
constexpr std::array<Spectrum, 5> b_r = {{{30.0, 41.5, 38.9, 25.7, 32.5, 37.2, 39.0, 40.0},
                                           {30.0, 35.8, 32.6, 23.8, 30.1, 36.2, 38.3, 40.1},
                                           {30.0, 33.5, 31.3, 25.4, 31.8, 37.1, 38.6, 40.6},
                                           zero,
                                           zero}};
constexpr std::array<Spectrum, 5> b_p = {{{-1.3, 7.2, 7.7, 8.0, 8.0, 8.0, 8.0, 8.0},
                                           {-1.9, 4.7, 6.4, 6.5, 6.5, 6.5, 6.5, 6.5},
                                           {0.0, 3.0, 4.6, 5.0, 5.0, 5.0, 5.0, 5.0},
                                           {4.2, 7.4, 9.8, 11.6, 15.7, 18.9, 20.3, 20.6},
                                           {3.2, 5.9, 11.9, 11.6, 11.5, 12.6, 11.1, 12.0}}};

constexpr std::array<Spectrum, 5> a_r_2020 = {{{83.1, 89.2, 87.7, 93.1, 100.1, 96.7, 86.8, 76.2},
                                                {88.7, 93.2, 95.7, 100.9, 101.7, 95.1, 87.8, 83.6},
                                                {91.7, 96.2, 98.2, 104.9, 105.1, 98.5, 91.1, 85.6},
                                                zero,
                                                zero}};
constexpr std::array<Spectrum, 5> a_p_2020 = {{{97.9, 92.5, 90.7, 87.2, 84.7, 88.0, 84.4, 77.1},
                                                {105.5, 100.2, 100.5, 98.7, 101.0, 97.8, 91.2, 85.0},
                                                {108.8, 104.2, 103.5, 102.9, 102.6, 98.5, 93.8, 87.5},
                                                {93.0, 93.0, 93.5, 95.3, 97.2, 100.4, 95.8, 90.9},
                                                {99.9, 101.9, 96.7, 94.4, 95.2, 94.7, 92.1, 88.6}}};

constexpr std::array<Spectrum, 5> a_r_2015 = {{{79.7, 85.7, 84.5, 90.2, 97.3, 93.9, 84.1, 74.3},
                                                {84.0, 88.7, 91.5, 96.7, 97.4, 90.9, 83.8, 80.5},
                                                {87.0, 91.7, 94.1, 100.7, 100.8, 94.3, 87.1, 82.5},
                                                zero,
                                                zero}};
constexpr std::array<Spectrum, 5> a_p_2015 = {{{94.5, 89.2, 88.0, 85.9, 84.2, 86.9, 83.3, 76.1},
                                                {101.0, 96.5, 98.8, 96.8, 98.6, 95.2, 88.8, 82.7},
                                                {104.4, 100.6, 101.7, 101.0, 100.1, 95.9, 91.3, 85.3},
                                                {88.0, 87.5, 89.5, 93.7, 96.6, 98.8, 93.9, 88.7},
                                                {95.0, 97.2, 92.7, 92.9, 94.7, 93.2, 90.1, 86.5}}};

std::array<VehicleCoefficients, 5> make(const std::array<Spectrum, 5>& a_r, const std::array<Spectrum, 5>& a_p) {
  std::array<VehicleCoefficients, 5> out{};
  for (std::size_t m = 0; m < 5; ++m) out[m] = {a_r[m], b_r[m], a_p[m], b_p[m]};
  return out;
}

}  // namespace

const VehicleCoefficients& vehicle_coefficients(VehicleCategory category, CoefficientSet set) {
  static const auto set_2015 = make(a_r_2015, a_p_2015);
  static const auto set_2020 = make(a_r_2020, a_p_2020);
  const auto& table = set == CoefficientSet::cnossos_2015 ? set_2015 : set_2020;
  return table[static_cast<std::size_t>(category)];
}

}  // namespace twin::solvers::noise::detail
