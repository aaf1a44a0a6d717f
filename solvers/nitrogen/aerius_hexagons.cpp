// AERIUS hexagon centres: row r, column c -> id r * kPerRow + c + 1, centre
// (kMinX + 3 r_hex c + (r odd ? 1.5 r_hex : 0), kMinY + r h / 2).
#include "twin/solvers/nitrogen/aerius_hexagons.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace twin::solvers::nitrogen::hexagons {
namespace {

double row_y(std::int64_t row) { return kMinY + static_cast<double>(row) * height() / 2.0; }
double row_x0(std::int64_t row) { return kMinX + (row % 2 != 0 ? 1.5 * radius() : 0.0); }

Hexagon at(std::int64_t row, std::int64_t col) {
  return {row * kPerRow + col + 1, row_x0(row) + static_cast<double>(col) * 3.0 * radius(), row_y(row)};
}

}  // namespace

double radius() {
  static const double r = std::sqrt(kArea / (3.0 * std::sqrt(3.0) / 2.0));
  return r;
}

double height() { return std::sqrt(3.0) * radius(); }

std::int64_t rows() {
  static const std::int64_t n = static_cast<std::int64_t>(std::floor((kMaxY - kMinY) / (height() / 2.0))) + 1;
  return n;
}

std::optional<Hexagon> centre(std::int64_t id) {
  if (id < 1 || id > rows() * kPerRow) return std::nullopt;
  return at((id - 1) / kPerRow, (id - 1) % kPerRow);
}

std::optional<Hexagon> containing(double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
  // The nearest centre lies in the row nearest to y or in one of its two neighbours.
  const auto mid = static_cast<std::int64_t>(std::floor((y - kMinY) / (height() / 2.0) + 0.5));
  std::int64_t best_row = 0, best_col = 0;
  double best_d2 = std::numeric_limits<double>::infinity();
  for (std::int64_t row = mid - 1; row <= mid + 1; ++row) {
    const auto col = static_cast<std::int64_t>(std::floor((x - row_x0(row)) / (3.0 * radius()) + 0.5));
    const Hexagon h = at(row, col);
    const double d2 = (h.x - x) * (h.x - x) + (h.y - y) * (h.y - y);
    if (d2 < best_d2) best_d2 = d2, best_row = row, best_col = col;
  }
  if (best_row < 0 || best_row >= rows() || best_col < 0 || best_col >= kPerRow) return std::nullopt;
  return at(best_row, best_col);
}

std::vector<Hexagon> centres_in(double x0, double y0, double x1, double y1) {
  std::vector<Hexagon> out;
  if (!(x0 <= x1 && y0 <= y1)) return out;
  const double half = height() / 2.0, step = 3.0 * radius();
  const auto r0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil((y0 - kMinY) / half)));
  const auto r1 = std::min<std::int64_t>(rows() - 1, static_cast<std::int64_t>(std::floor((y1 - kMinY) / half)));
  for (std::int64_t row = r0; row <= r1; ++row) {
    const auto c0 = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil((x0 - row_x0(row)) / step)));
    const auto c1 = std::min<std::int64_t>(kPerRow - 1, static_cast<std::int64_t>(std::floor((x1 - row_x0(row)) / step)));
    for (std::int64_t col = c0; col <= c1; ++col) {
      const Hexagon h = at(row, col);
      if (h.x >= x0 && h.x <= x1 && h.y >= y0 && h.y <= y1) out.push_back(h);
    }
  }
  return out;
}

}  // namespace twin::solvers::nitrogen::hexagons
