#include "twin/data/scenario.hpp"

#include <cstdint>
#include <utility>

#include "twin/data/error.hpp"
#include "twin/data/sha256.hpp"

namespace twin::data {

Scenario::Scenario(const GridSpec& grid) : grid_(grid) {}

void Scenario::set_layer(const std::string& name, Layer layer) {
  if (!layer.grid().matches(grid_)) {
    const GridSpec& g = layer.grid();
    throw Error(ErrorCode::grid_mismatch,
                "layer '" + name + "' is on a " + std::to_string(g.nx) + " x " + std::to_string(g.ny) +
                    " grid (EPSG:" + std::to_string(g.epsg) + ") that differs from the scenario's " +
                    std::to_string(grid_.nx) + " x " + std::to_string(grid_.ny) + " grid (EPSG:" +
                    std::to_string(grid_.epsg) + ")");
  }
  layers_.insert_or_assign(name, std::move(layer));
}

bool Scenario::has_layer(std::string_view name) const { return layers_.find(name) != layers_.end(); }

const Layer& Scenario::layer(std::string_view name) const {
  auto it = layers_.find(name);
  if (it == layers_.end()) {
    throw Error(ErrorCode::missing_layer, "scenario has no layer '" + std::string(name) + "'");
  }
  return it->second;
}

Layer& Scenario::layer(std::string_view name) { return const_cast<Layer&>(std::as_const(*this).layer(name)); }

void Scenario::remove_layer(std::string_view name) {
  auto it = layers_.find(name);
  if (it != layers_.end()) layers_.erase(it);
}

template <class T>
const Raster<T>& Scenario::raster(std::string_view name) const {
  const Layer& l = layer(name);
  if (const auto* r = std::get_if<Raster<T>>(&l.raster)) return *r;
  throw Error(ErrorCode::invalid_value, "layer '" + std::string(name) + "' has cell type " +
                                            std::string(cell_type_name(l.cell_type())) + ", not the type expected");
}

template <class T>
Raster<T>& Scenario::raster(std::string_view name) {
  return const_cast<Raster<T>&>(std::as_const(*this).raster<T>(name));
}

template const Raster<float>& Scenario::raster(std::string_view) const;
template const Raster<double>& Scenario::raster(std::string_view) const;
template const Raster<std::int32_t>& Scenario::raster(std::string_view) const;
template const Raster<std::uint8_t>& Scenario::raster(std::string_view) const;
template Raster<float>& Scenario::raster(std::string_view);
template Raster<double>& Scenario::raster(std::string_view);
template Raster<std::int32_t>& Scenario::raster(std::string_view);
template Raster<std::uint8_t>& Scenario::raster(std::string_view);

void Scenario::set_table(const std::string& name, FeatureTable table) { tables_.insert_or_assign(name, std::move(table)); }

bool Scenario::has_table(std::string_view name) const { return tables_.find(name) != tables_.end(); }

const FeatureTable& Scenario::table(std::string_view name) const {
  auto it = tables_.find(name);
  if (it == tables_.end()) {
    throw Error(ErrorCode::missing_table, "scenario has no feature table '" + std::string(name) + "'");
  }
  return it->second;
}

FeatureTable& Scenario::table(std::string_view name) {
  return const_cast<FeatureTable&>(std::as_const(*this).table(name));
}

namespace {
std::string digest_layer(const Layer& layer) {
  Sha256 sha;
  std::visit(
      [&](const auto& r) {
        const std::int64_t dims[2] = {r.grid.nx, r.grid.ny};
        sha.update(dims, sizeof dims);
        sha.update(&r.nodata, sizeof r.nodata);
        sha.update(r.values.data(), r.values.size() * sizeof(r.values[0]));
      },
      layer.raster);
  return sha.hex_digest();
}

std::string digest_table(const FeatureTable& table) {
  Sha256 sha;
  for (const Geometry& g : table.geometries()) {
    sha.update(g.vertices.data(), g.vertices.size() * sizeof(Point2));
    sha.update(g.ring_starts.data(), g.ring_starts.size() * sizeof(std::uint32_t));
  }
  for (const Column& c : table.columns()) {
    sha.update(c.name.data(), c.name.size());
    std::visit(
        [&](const auto& values) {
          for (const auto& v : values) {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
              sha.update(v.data(), v.size() + 1);  // with the terminator, so "ab","c" != "a","bc"
            } else {
              sha.update(&v, sizeof v);
            }
          }
        },
        c.values);
  }
  return sha.hex_digest();
}
}  // namespace

std::map<std::string, std::string> Scenario::content_digests() const {
  std::map<std::string, std::string> out;
  for (const auto& [name, l] : layers_) out["layer:" + name] = digest_layer(l);
  for (const auto& [name, t] : tables_) out["table:" + name] = digest_table(t);
  return out;
}

}  // namespace twin::data
