// Colour ramps chosen by quantity, so every map of the same quantity reads the same way.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "twin/data/export.hpp"

namespace twin::data {
namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The data's p-th percentile (linear between ranks); nothing for an all-nodata layer.
// With `positive_only`, cells <= 0 are left out (for heights, where 0 means "none").
std::vector<double> percentiles(const Layer& layer, std::initializer_list<double> ps, bool positive_only = false) {
  const auto f = layer.to_float();
  std::vector<float> v;
  v.reserve(f.values.size());
  for (float x : f.values) {
    if (!std::isnan(x) && (!positive_only || x > 0.0f)) v.push_back(x);
  }
  std::vector<double> out;
  if (v.empty()) return out;
  for (double p : ps) {
    const double h = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::ptrdiff_t>(std::floor(h));
    std::nth_element(v.begin(), v.begin() + lo, v.end());
    const double a = v[static_cast<std::size_t>(lo)];
    const double b = lo + 1 < static_cast<std::ptrdiff_t>(v.size()) ? *std::min_element(v.begin() + lo + 1, v.end()) : a;
    out.push_back(a + (h - static_cast<double>(lo)) * (b - a));
  }
  return out;
}

// Spreads a ramp's colours evenly over [lo, hi]; a flat range still gets a usable span.
ColourRamp scaled(std::string name, const std::vector<std::array<unsigned char, 3>>& colours, double lo, double hi) {
  if (!(hi > lo)) hi = lo + 1.0;
  ColourRamp ramp{std::move(name), {}, false};
  const auto n = colours.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(n - 1);
    ramp.stops.push_back({lo + t * (hi - lo), colours[i][0], colours[i][1], colours[i][2]});
  }
  return ramp;
}

// [p2, p98] of the data, so a few extreme cells do not wash out the map.
std::pair<double, double> data_range(const Layer& layer) {
  const auto p = percentiles(layer, {0.02, 0.98});
  if (p.empty()) return {0.0, 1.0};
  return {p[0], p[1]};
}

ColourRamp terrain(const Layer& layer) {
  // Low-lying polders blue-green, through green and sand to brown and white on the heights.
  const auto [lo, hi] = data_range(layer);
  return scaled("terrain", {{51, 102, 153}, {0, 153, 102}, {102, 204, 102}, {230, 220, 140}, {170, 130, 80}, {255, 255, 255}},
                lo, hi);
}

ColourRamp height(const Layer& layer) {
  // Heights start at ground level (0), so only the top follows the data: the 98th
  // percentile of the cells that have a building or tree, not of the whole (mostly empty) map.
  const auto p = percentiles(layer, {0.98}, true);
  const double hi = p.empty() ? 1.0 : p[0];
  return scaled("height", {{255, 255, 204}, {254, 217, 118}, {253, 141, 60}, {227, 26, 28}, {128, 0, 38}}, 0.0,
                std::max(hi, 1.0));
}

// Conventional 5 dB noise-map classes: the palette of NF S 31-130 (derived from the former
// ISO 1996-2:1987 / DIN 18005 scheme) as published in NoiseModelling's "Noise Map Color
// Scheme" documentation and used in many END strategic noise maps.
ColourRamp noise() {
  ColourRamp r{"noise", {}, true};
  r.stops = {{kMinusInf, 130, 166, 173}, {35, 160, 186, 191}, {40, 184, 214, 209}, {45, 206, 228, 204},
             {50, 226, 242, 191},        {55, 243, 198, 131}, {60, 232, 126, 77},  {65, 205, 70, 62},
             {70, 161, 26, 77},          {75, 117, 8, 92},    {80, 67, 10, 74}};
  return r;
}

// PET classes of the Dutch heat-stress maps (Klimaateffectatlas; thresholds of Matzarakis &
// Mayer's physiological stress grades): <23 none, 23-29 slight, 29-35 moderate,
// 35-41 strong, >41 extreme heat stress. Colours from ColorBrewer RdYlBu.
ColourRamp pet() {
  ColourRamp r{"pet", {}, true};
  r.stops = {{kMinusInf, 171, 217, 233}, {23, 255, 255, 191}, {29, 253, 174, 97}, {35, 244, 109, 67}, {41, 165, 0, 38}};
  return r;
}

ColourRamp deposition(const Layer& layer) {
  // Yellow-green-blue-purple (ColorBrewer YlGnBu + purple), low to high deposition.
  const auto [lo, hi] = data_range(layer);
  return scaled("deposition", {{255, 255, 204}, {161, 218, 180}, {65, 182, 196}, {34, 94, 168}, {37, 52, 148}, {84, 39, 143}},
                std::max(lo, 0.0), hi);
}

ColourRamp difference(const Layer& layer) {
  // Symmetric around 0, so white means "no change" and equal shades mean equal magnitudes.
  const auto p = percentiles(layer, {0.02, 0.98});
  const double m = p.empty() ? 1.0 : std::max({std::abs(p[0]), std::abs(p[1]), 1e-9});
  return scaled("diverging", {{33, 102, 172}, {103, 169, 207}, {247, 247, 247}, {239, 138, 98}, {178, 24, 43}}, -m, m);
}

// One colour per LandUse class (1..9, standard_names.hpp), classed so no colours blend.
ColourRamp land_use() {
  ColourRamp r{"land_use", {}, true};
  r.stops = {{1, 170, 220, 120},  // grass
             {2, 240, 225, 120},  // arable
             {3, 230, 160, 80},   // permanent crops
             {4, 30, 100, 50},    // coniferous forest
             {5, 80, 160, 70},    // deciduous forest
             {6, 70, 130, 220},   // water
             {7, 200, 80, 80},    // urban
             {8, 170, 110, 180},  // other nature (heath, dunes, bog)
             {9, 200, 180, 150}}; // bare soil
  return r;
}

ColourRamp sequential(const Layer& layer) {
  // Viridis: perceptually uniform and readable by colour-blind viewers.
  const auto [lo, hi] = data_range(layer);
  return scaled("sequential", {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}, lo, hi);
}

}  // namespace

ColourRamp ramp_for(const std::string& layer_name, const Layer& layer) {
  const auto name = lower(layer_name);
  if (name == "dtm") return terrain(layer);
  if (name == "building_height" || name == "vegetation_height") return height(layer);
  if (name == "land_use") return land_use();
  if (ends_with(name, "_diff")) return difference(layer);
  if (!name.empty() && name[0] == 'l' && (layer.units == "dB" || layer.units == "dB(A)")) return noise();
  if (name.find("deposition") != std::string::npos) return deposition(layer);
  if (name.find("pet") != std::string::npos) return pet();
  return sequential(layer);
}

}  // namespace twin::data
