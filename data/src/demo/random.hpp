#pragma once
// Counter-based random numbers for the demo scenario. Every value is a pure function of
// (seed, a salt naming its purpose, integer coordinates or a feature index), never drawn
// from a shared generator, so the scenario is identical whatever order threads visit cells in.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace twin::data::demo {

// splitmix64 finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): a bijective mix with good avalanche, enough for synthetic data.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// What a random number is for; keeps the streams of different features independent.
enum class Salt : std::uint64_t {
  layout = 1, terrain_a, terrain_b, terrain_c, forest_a, forest_b, forest_kind, heath_edge, heath_wet,
  parcel, pond, town, town_block, town_line, garden_tree, park_tree, lattice, farm, farm_layout,
  road, site, link, stack,
};

constexpr std::uint64_t hash(std::uint64_t seed, Salt salt, std::int64_t a = 0, std::int64_t b = 0,
                             std::int64_t c = 0) {
  std::uint64_t h = splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(salt)));
  h = splitmix64(h ^ static_cast<std::uint64_t>(a));
  h = splitmix64(h ^ static_cast<std::uint64_t>(b));
  return splitmix64(h ^ static_cast<std::uint64_t>(c));
}

// Uniform in [0, 1) from the top 53 bits.
constexpr double unit(std::uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }
inline double unit(std::uint64_t seed, Salt salt, std::int64_t a = 0, std::int64_t b = 0, std::int64_t c = 0) {
  return unit(hash(seed, salt, a, b, c));
}

// A sequence of numbers for one feature (serial planning only): draw k is hash(seed, salt, index, k).
class Stream {
 public:
  Stream(std::uint64_t seed, Salt salt, std::int64_t index) : seed_(seed), salt_(salt), index_(index) {}
  double next() { return unit(seed_, salt_, index_, counter_++); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * next(); }
  // Log-uniform: emissions and sizes spread over an order of magnitude.
  double log_uniform(double lo, double hi) { return lo * std::pow(hi / lo, next()); }
  bool chance(double p) { return next() < p; }

 private:
  std::uint64_t seed_;
  Salt salt_;
  std::int64_t index_;
  std::int64_t counter_ = 0;
};

// Smooth value noise in [-1, 1] with a given wavelength over a square domain: a lattice of
// hashed values, interpolated with smoothstep. The lattice is precomputed (small: one value per
// wavelength), so an evaluation is four loads and a few multiplies.
class ValueNoise {
 public:
  ValueNoise() = default;
  ValueNoise(std::uint64_t seed, Salt salt, double wavelength, double domain)
      : inv_wave_(1.0 / wavelength), n_(static_cast<std::int64_t>(std::ceil(domain / wavelength)) + 3) {
    lattice_.resize(static_cast<std::size_t>(n_ * n_));
    for (std::int64_t j = 0; j < n_; ++j) {
      for (std::int64_t i = 0; i < n_; ++i) {
        lattice_[static_cast<std::size_t>(j * n_ + i)] = static_cast<float>(2.0 * unit(seed, salt, i, j) - 1.0);
      }
    }
  }

  double operator()(double u, double v) const {
    // Shifted by one lattice cell so slightly negative coordinates (road ends) stay inside.
    const double fu = std::clamp(u * inv_wave_ + 1.0, 0.0, static_cast<double>(n_ - 2));
    const double fv = std::clamp(v * inv_wave_ + 1.0, 0.0, static_cast<double>(n_ - 2));
    const auto i = std::min(static_cast<std::int64_t>(fu), n_ - 2);
    const auto j = std::min(static_cast<std::int64_t>(fv), n_ - 2);
    const double su = smooth(fu - static_cast<double>(i));
    const double sv = smooth(fv - static_cast<double>(j));
    const float* row0 = &lattice_[static_cast<std::size_t>(j * n_ + i)];
    const float* row1 = row0 + n_;
    const double a = row0[0] + su * (row0[1] - row0[0]);
    const double b = row1[0] + su * (row1[1] - row1[0]);
    return a + sv * (b - a);
  }

 private:
  static double smooth(double t) { return t * t * (3.0 - 2.0 * t); }
  double inv_wave_ = 1.0;
  std::int64_t n_ = 0;
  std::vector<float> lattice_;
};

}  // namespace twin::data::demo
