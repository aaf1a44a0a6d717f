#pragma once
// A scenario: one grid, named raster layers, named feature tables and metadata. Results of
// a solver run use the same type (result layers, no tables), so one store serves both.
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "twin/data/feature_table.hpp"
#include "twin/data/layer.hpp"
#include "twin/data/provenance.hpp"

namespace twin::data {

struct ScenarioInfo {
  std::string name;
  std::string description;
  int year = 2025;
  // Free-form meteorology metadata (station, climatology id, hot-day forcing, ...).
  nlohmann::json meteorology = nlohmann::json::object();
};

class Scenario {
 public:
  Scenario() = default;
  explicit Scenario(const GridSpec& grid);

  const GridSpec& grid() const { return grid_; }
  ScenarioInfo info;
  Provenance provenance;

  // Adds or replaces a layer; throws Error(grid_mismatch) when its grid differs.
  void set_layer(const std::string& name, Layer layer);
  bool has_layer(std::string_view name) const;
  const Layer& layer(std::string_view name) const;  // throws Error(missing_layer)
  Layer& layer(std::string_view name);
  void remove_layer(std::string_view name);
  const std::map<std::string, Layer, std::less<>>& layers() const { return layers_; }

  // Typed access: throws Error(missing_layer), or Error(invalid_value) on another cell type.
  template <class T>
  const Raster<T>& raster(std::string_view name) const;
  template <class T>
  Raster<T>& raster(std::string_view name);

  void set_table(const std::string& name, FeatureTable table);
  bool has_table(std::string_view name) const;
  const FeatureTable& table(std::string_view name) const;  // throws Error(missing_table)
  FeatureTable& table(std::string_view name);
  const std::map<std::string, FeatureTable, std::less<>>& tables() const { return tables_; }

  // SHA-256 of each layer's and table's content, keyed "layer:NAME" / "table:NAME".
  std::map<std::string, std::string> content_digests() const;

 private:
  GridSpec grid_;
  std::map<std::string, Layer, std::less<>> layers_;
  std::map<std::string, FeatureTable, std::less<>> tables_;
};

}  // namespace twin::data
