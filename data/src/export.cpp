// Layer export: Cloud Optimized GeoTIFF and PNG through GDAL, an SVG legend, JSON statistics.
// Every file is written under a temporary name and renamed, so readers never see a partial one.
#include "twin/data/export.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <sstream>

#include "twin/data/atomic_output.hpp"
#include "twin/data/error.hpp"
#include "gdal_dataset.hpp"

namespace twin::data {
namespace {

namespace fs = std::filesystem;

using namespace gdal;

// ---------------------------------------------------------------- colours

struct Rgba {
  unsigned char r, g, b, a;
};

unsigned char mix(unsigned char a, unsigned char b, double t) {
  return static_cast<unsigned char>(std::lround(a + t * (static_cast<double>(b) - a)));
}

Rgba colour_at(const ColourRamp& ramp, double v) {
  const auto& s = ramp.stops;
  if (s.empty()) return {128, 128, 128, 255};
  // The first stop whose value exceeds v; the class or segment lies just before it.
  auto it = std::upper_bound(s.begin(), s.end(), v, [](double x, const ColourStop& st) { return x < st.value; });
  if (it == s.begin()) return {s.front().r, s.front().g, s.front().b, 255};
  const auto& lo = *(it - 1);
  if (ramp.classed || it == s.end()) return {lo.r, lo.g, lo.b, 255};
  const double t = (v - lo.value) / (it->value - lo.value);
  return {mix(lo.r, it->r, t), mix(lo.g, it->g, t), mix(lo.b, it->b, t), 255};
}

// Four planes (R, G, B, A) of the grid, nodata transparent.
std::vector<unsigned char> rgba_planes(const Layer& layer, const ColourRamp& ramp) {
  const auto f = layer.to_float();
  const std::size_t n = f.values.size();
  std::vector<unsigned char> planes(4 * n, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1 << 16), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i < r.end(); ++i) {
      if (std::isnan(f.values[i])) continue;  // stays (0, 0, 0, 0)
      const auto c = colour_at(ramp, f.values[i]);
      planes[i] = c.r;
      planes[n + i] = c.g;
      planes[2 * n + i] = c.b;
      planes[3 * n + i] = c.a;
    }
  });
  return planes;
}

// ---------------------------------------------------------------- legend (SVG)

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control bytes are not allowed in XML 1.0 at all.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string hex(const ColourStop& s) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", s.r, s.g, s.b);
  return buf;
}

const char* land_use_name(double v) {
  static const char* const names[] = {"grass", "arable", "permanent crops", "coniferous forest", "deciduous forest",
                                      "water", "urban", "other nature", "bare soil"};
  const auto i = static_cast<int>(std::lround(v));
  return (i >= 1 && i <= 9) ? names[i - 1] : "?";
}

std::string class_label(const ColourRamp& ramp, std::size_t i) {
  const auto& s = ramp.stops;
  if (ramp.name == "land_use") return number(s[i].value) + " " + land_use_name(s[i].value);
  if (std::isinf(s[i].value)) return "< " + number(s[i + 1].value);
  if (i + 1 == s.size()) return "\xE2\x89\xA5 " + number(s[i].value);  // "≥"
  return number(s[i].value) + " \xE2\x80\x93 " + number(s[i + 1].value);  // en dash
}

std::string legend_title(const std::string& name, const Layer& layer) {
  return layer.units.empty() ? name : name + " (" + layer.units + ")";
}

std::string classed_legend(const ColourRamp& ramp, const std::string& title) {
  const int rows = static_cast<int>(ramp.stops.size());
  const int h = 34 + rows * 20;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"" << h << "\" viewBox=\"0 0 240 " << h
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<title>" << xml_escape(title) << "</title>\n<rect width=\"240\" height=\"" << h << "\" fill=\"white\"/>\n"
      << "<text x=\"8\" y=\"18\" font-weight=\"bold\">" << xml_escape(title) << "</text>\n";
  // Highest class on top, as map legends usually read.
  for (int k = 0; k < rows; ++k) {
    const auto i = static_cast<std::size_t>(rows - 1 - k);
    const int y = 28 + k * 20;
    svg << "<rect x=\"8\" y=\"" << y << "\" width=\"24\" height=\"16\" fill=\"" << hex(ramp.stops[i])
        << "\" stroke=\"#444\" stroke-width=\"0.5\"/>\n"
        << "<text x=\"40\" y=\"" << y + 12 << "\">" << xml_escape(class_label(ramp, i)) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

std::string continuous_legend(const ColourRamp& ramp, const std::string& title) {
  const double lo = ramp.stops.front().value, hi = ramp.stops.back().value;
  const double span = hi > lo ? hi - lo : 1.0;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"70\" viewBox=\"0 0 300 70\" "
         "font-family=\"sans-serif\" font-size=\"11\">\n"
      << "<title>" << xml_escape(title) << "</title>\n<defs><linearGradient id=\"ramp\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">\n";
  for (const auto& s : ramp.stops) {
    svg << "<stop offset=\"" << number((s.value - lo) / span) << "\" stop-color=\"" << hex(s) << "\"/>\n";
  }
  svg << "</linearGradient></defs>\n<rect width=\"300\" height=\"70\" fill=\"white\"/>\n"
      << "<text x=\"10\" y=\"16\" font-weight=\"bold\">" << xml_escape(title) << "</text>\n"
      << "<rect x=\"10\" y=\"24\" width=\"280\" height=\"16\" fill=\"url(#ramp)\" stroke=\"#444\" stroke-width=\"0.5\"/>\n";
  for (int k = 0; k <= 4; ++k) {
    const double x = 10 + 70.0 * k;
    svg << "<line x1=\"" << x << "\" y1=\"40\" x2=\"" << x << "\" y2=\"45\" stroke=\"#444\"/>\n"
        << "<text x=\"" << x << "\" y=\"58\" text-anchor=\"middle\">" << number(lo + span * k / 4.0) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

void write_text_file(const fs::path& path, const std::string& text) {
  AtomicOutput tmp(path);
  {
    std::ofstream out(tmp.temporary(), std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw Error(ErrorCode::io_error, "cannot write " + tmp.temporary().string());
  }
  tmp.commit();
}

fs::path legend_path(const fs::path& out) { return out.parent_path() / (out.stem().string() + ".legend.svg"); }

// ---------------------------------------------------------------- statistics

std::vector<double> valid_values(const Layer& layer) {
  return std::visit(
      [](const auto& r) {
        std::vector<double> v;
        v.reserve(r.values.size());
        for (auto x : r.values) if (!r.is_nodata(x)) v.push_back(static_cast<double>(x));
        return v;
      },
      layer.raster);
}

// Linear interpolation between closest ranks (Hyndman & Fan type 7, numpy's default).
double percentile(std::vector<double>& v, double p) {
  const double h = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::ptrdiff_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + lo, v.end());
  const double a = v[static_cast<std::size_t>(lo)];
  if (lo + 1 >= static_cast<std::ptrdiff_t>(v.size())) return a;
  const double b = *std::min_element(v.begin() + lo + 1, v.end());
  return a + (h - static_cast<double>(lo)) * (b - a);
}

}  // namespace

void export_cog(const Layer& layer, const std::string& layer_name, const fs::path& out) {
  check_size(layer.grid());
  QuietGdal quiet;
  NoPamFiles no_pam;
  const auto srs = srs_for(layer.grid().epsg);
  auto src = layer_dataset(layer, layer_name, srs);
  // Classes and counts must not be averaged into values that never occur.
  const bool categorical = layer.cell_type() == CellType::uint8 || layer.cell_type() == CellType::int32;
  const char* const options[] = {"COMPRESS=DEFLATE", "PREDICTOR=YES", "OVERVIEWS=AUTO", "BIGTIFF=IF_SAFER",
                                 categorical ? "RESAMPLING=NEAREST" : "RESAMPLING=AVERAGE", nullptr};
  AtomicOutput tmp(out);
  copy_to(driver("COG"), *src, tmp.temporary(), options);
  tmp.commit();
}

fs::path export_png(const Layer& layer, const std::string& layer_name, const fs::path& out) {
  check_size(layer.grid());
  QuietGdal quiet;
  NoPamFiles no_pam;
  const auto& g = layer.grid();
  const auto ramp = ramp_for(layer_name, layer);
  const auto planes = rgba_planes(layer, ramp);
  const auto legend = legend_path(out);
  AtomicOutput tmp(out);
  write_rgba_png(planes, static_cast<int>(g.nx), static_cast<int>(g.ny), tmp.temporary());
  const auto title = legend_title(layer_name, layer);
  write_text_file(legend, ramp.classed ? classed_legend(ramp, title) : continuous_legend(ramp, title));
  tmp.commit();
  return legend;
}

nlohmann::json layer_statistics(const Layer& layer) {
  const auto& g = layer.grid();
  auto v = valid_values(layer);
  nlohmann::json j;
  j["count"] = v.size();
  j["nodata_count"] = static_cast<std::uint64_t>(g.cells()) - v.size();
  j["area_m2"] = static_cast<double>(v.size()) * g.cell_area_m2();
  j["units"] = layer.units;
  j["description"] = layer.description;
  j["cell_type"] = std::string(cell_type_name(layer.cell_type()));
  j["percentile_method"] = "linear interpolation between closest ranks (Hyndman-Fan type 7)";
  const char* const keys[] = {"p5", "p25", "p50", "p75", "p95"};
  const double ps[] = {0.05, 0.25, 0.50, 0.75, 0.95};
  if (v.empty()) {
    for (const char* k : {"min", "max", "mean", "std"}) j[k] = nullptr;
    for (const char* k : keys) j["percentiles"][k] = nullptr;
    return j;
  }
  const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  j["min"] = *mn;
  j["max"] = *mx;
  // Two passes in a fixed order: the same layer always gives the same digits.
  double sum = 0;
  for (double x : v) sum += x;
  const double mean = sum / static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  j["mean"] = mean;
  j["std"] = std::sqrt(ss / static_cast<double>(v.size()));  // population standard deviation
  for (std::size_t i = 0; i < 5; ++i) j["percentiles"][keys[i]] = percentile(v, ps[i]);
  return j;
}

}  // namespace twin::data
