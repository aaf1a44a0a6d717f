#include "twin/data/hdf5_store.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <mutex>
#include <regex>
#include <sstream>

#include "chunk_compression.hpp"
#include "hdf5_handles.hpp"
#include "twin/data/atomic_output.hpp"
#include "twin/data/hdf5_cell.hpp"
#include "twin/data/crs.hpp"
#include "twin/data/error.hpp"

namespace twin::data {
namespace {

// Bumped when the layout changes incompatibly; readers refuse newer files.
constexpr std::int64_t format_version = 1;
constexpr const char* format_attribute = "twinsolve_format_version";
constexpr hsize_t chunk_side = 256;

// HDF5 is built without thread safety on Debian: every call into it goes through this lock.
std::mutex& hdf5_mutex() {
  static std::mutex m;
  return m;
}

void init_hdf5_once() {
  static std::once_flag once;
  std::call_once(once, [] { h5::silence_error_stack(); });
}

// Layer, table and column names become HDF5/netCDF variable names: keep them portable and
// keep them from colliding with the coordinate and bookkeeping variables.
void check_name(const std::string& name, const char* what) {
  static const std::regex valid("[A-Za-z][A-Za-z0-9_]{0,63}");
  static const std::array<std::string, 4> reserved = {"x", "y", "crs", "tables"};
  if (!std::regex_match(name, valid) || std::find(reserved.begin(), reserved.end(), name) != reserved.end() ||
      name.rfind("geometry_", 0) == 0) {
    throw Error(ErrorCode::invalid_argument,
                std::string(what) + " name '" + name +
                    "' must start with a letter, use only letters, digits and '_', be at most 64 characters, and not "
                    "be x, y, crs, tables or start with geometry_");
  }
}

std::string geotransform_text(const GridSpec& g) {
  std::ostringstream s;
  s.precision(17);
  const auto gt = g.geotransform();
  for (std::size_t i = 0; i < gt.size(); ++i) s << (i ? " " : "") << gt[i];
  return s.str();
}

// ---------- writing ----------

void write_coordinates(hid_t file, const GridSpec& g) {
  std::vector<double> xs(static_cast<std::size_t>(g.nx));
  std::vector<double> ys(static_cast<std::size_t>(g.ny));
  for (std::int64_t c = 0; c < g.nx; ++c) xs[static_cast<std::size_t>(c)] = g.col_centre_x(c);
  for (std::int64_t r = 0; r < g.ny; ++r) ys[static_cast<std::size_t>(r)] = g.row_centre_y(r);
  const std::array<std::pair<const char*, const std::vector<double>*>, 2> axes = {{{"x", &xs}, {"y", &ys}}};
  for (const auto& [name, values] : axes) {
    h5::Handle ds = h5::write_vector(file, name, *values, 0);
    h5::check_status(H5DSset_scale(ds.get(), name), "dimension scale");
    const bool is_x = name[0] == 'x';
    h5::write_string_attribute(ds.get(), "units", "m");
    h5::write_string_attribute(ds.get(), "standard_name", is_x ? "projection_x_coordinate" : "projection_y_coordinate");
    h5::write_string_attribute(ds.get(), "long_name", is_x ? "x coordinate of cell centre" : "y coordinate of cell centre");
    h5::write_string_attribute(ds.get(), "axis", is_x ? "X" : "Y");
  }
}

void write_crs(hid_t file, const GridSpec& g) {
  const CrsDescription crs = describe_epsg(g.epsg);
  h5::Handle space = h5::check(H5Screate(H5S_SCALAR), "crs space");
  h5::Handle ds = h5::check(H5Dcreate2(file, "crs", H5T_NATIVE_INT32, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "crs");
  const std::int32_t zero = 0;
  h5::check_status(H5Dwrite(ds.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, &zero), "crs");
  if (!crs.grid_mapping_name.empty()) h5::write_string_attribute(ds.get(), "grid_mapping_name", crs.grid_mapping_name);
  h5::write_string_attribute(ds.get(), "crs_wkt", crs.wkt);
  h5::write_string_attribute(ds.get(), "spatial_ref", crs.wkt1);
  h5::write_string_attribute(ds.get(), "long_name", crs.name);
  h5::write_int_attribute(ds.get(), "epsg_code", g.epsg);
  h5::write_string_attribute(ds.get(), "GeoTransform", geotransform_text(g));
  h5::write_scalar_attribute<double>(ds.get(), "cell_size", g.cell);
}

template <class T>
void write_raster(hid_t file, hid_t x_scale, hid_t y_scale, const std::string& name, const Layer& layer,
                  const Raster<T>& raster, const WriteOptions& options) {
  const GridSpec& g = raster.grid;
  const std::array<hsize_t, 2> dims = {static_cast<hsize_t>(g.ny), static_cast<hsize_t>(g.nx)};
  const std::array<hsize_t, 2> chunk = {std::min(chunk_side, dims[0]), std::min(chunk_side, dims[1])};
  h5::Handle space = h5::check(H5Screate_simple(2, dims.data(), nullptr), name.c_str());
  h5::Handle plist = h5::check(H5Pcreate(H5P_DATASET_CREATE), name.c_str());
  h5::check_status(H5Pset_chunk(plist.get(), 2, chunk.data()), "chunk");
  if (options.deflate_level > 0) {
    h5::check_status(H5Pset_shuffle(plist.get()), "shuffle");
    h5::check_status(H5Pset_deflate(plist.get(), static_cast<unsigned>(options.deflate_level)), "deflate");
  }
  h5::check_status(H5Pset_fill_value(plist.get(), h5::native_type<T>(), &raster.nodata), "fill value");
  h5::Handle ds = h5::check(
      H5Dcreate2(file, name.c_str(), h5::native_type<T>(), space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
      name.c_str());
  if (options.deflate_level > 0) {
    // Compress a row of chunks at a time on all cores, then hand the finished chunks to HDF5;
    // memory stays at one row of chunks, and the file is the same as HDF5's filters write.
    for (hsize_t row0 = 0; row0 < dims[0]; row0 += chunk[0]) {
      const auto chunks = h5::compress_chunk_row(raster.values.data(), dims[1], dims[0], row0, chunk[0], chunk[1],
                                                 raster.nodata, options.deflate_level);
      for (const auto& c : chunks) {
        const std::array<hsize_t, 2> offset = {c.row0, c.col0};
        h5::check_status(H5Dwrite_chunk(ds.get(), H5P_DEFAULT, 0, offset.data(), c.bytes.size(), c.bytes.data()),
                         name.c_str());
      }
    }
  } else {
    h5::check_status(H5Dwrite(ds.get(), h5::native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raster.values.data()),
                     name.c_str());
  }
  h5::check_status(H5DSattach_scale(ds.get(), y_scale, 0), "attach y");
  h5::check_status(H5DSattach_scale(ds.get(), x_scale, 1), "attach x");
  h5::write_string_attribute(ds.get(), "units", layer.units);
  h5::write_string_attribute(ds.get(), "long_name", layer.description.empty() ? name : layer.description);
  h5::write_string_attribute(ds.get(), "grid_mapping", "crs");
  h5::write_scalar_attribute<T>(ds.get(), "_FillValue", raster.nodata);
}

void write_table(hid_t tables_group, const std::string& name, const FeatureTable& table, const WriteOptions& options) {
  h5::Handle group = h5::check(H5Gcreate2(tables_group, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), name.c_str());
  h5::write_string_attribute(group.get(), "geometry_type", std::string(geometry_type_name(table.geometry_type())));
  h5::write_string_attribute(group.get(), "description", table.description());

  // Geometry as CF-1.8 simple geometries: vertices on a `node` dimension, counts per
  // feature and per part (ring) on their own dimensions.
  std::vector<std::int64_t> feature_index(table.size());
  std::vector<std::int64_t> node_count(table.size());
  std::vector<std::int64_t> part_node_count;
  std::vector<std::int64_t> parts_per_feature(table.size());
  std::vector<double> xs;
  std::vector<double> ys;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Geometry& geom = table.geometries()[i];
    feature_index[i] = static_cast<std::int64_t>(i);
    node_count[i] = static_cast<std::int64_t>(geom.vertices.size());
    parts_per_feature[i] = static_cast<std::int64_t>(geom.ring_starts.size());
    for (std::size_t p = 0; p < geom.ring_starts.size(); ++p) {
      const std::size_t end = p + 1 < geom.ring_starts.size() ? geom.ring_starts[p + 1] : geom.vertices.size();
      part_node_count.push_back(static_cast<std::int64_t>(end - geom.ring_starts[p]));
    }
    for (const Point2& v : geom.vertices) {
      xs.push_back(v.x);
      ys.push_back(v.y);
    }
  }
  const int level = options.deflate_level;
  h5::Handle feature = h5::write_vector(group.get(), "feature", feature_index, 0);
  h5::check_status(H5DSset_scale(feature.get(), "feature"), "feature scale");
  std::vector<std::int64_t> node_index(xs.size());
  for (std::size_t i = 0; i < node_index.size(); ++i) node_index[i] = static_cast<std::int64_t>(i);
  h5::Handle node = h5::write_vector(group.get(), "node", node_index, level);
  h5::check_status(H5DSset_scale(node.get(), "node"), "node scale");
  std::vector<std::int64_t> part_index(part_node_count.size());
  for (std::size_t i = 0; i < part_index.size(); ++i) part_index[i] = static_cast<std::int64_t>(i);
  h5::Handle part = h5::write_vector(group.get(), "part", part_index, level);
  h5::check_status(H5DSset_scale(part.get(), "part"), "part scale");

  auto on = [](hid_t ds, hid_t scale) { h5::check_status(H5DSattach_scale(ds, scale, 0), "attach"); };
  h5::Handle gx = h5::write_vector(group.get(), "geometry_x", xs, level);
  h5::Handle gy = h5::write_vector(group.get(), "geometry_y", ys, level);
  on(gx.get(), node.get());
  on(gy.get(), node.get());
  h5::write_string_attribute(gx.get(), "units", "m");
  h5::write_string_attribute(gy.get(), "units", "m");
  h5::Handle nc = h5::write_vector(group.get(), "geometry_node_count", node_count, level);
  h5::Handle pc = h5::write_vector(group.get(), "geometry_part_count", parts_per_feature, level);
  h5::Handle pnc = h5::write_vector(group.get(), "geometry_part_node_count", part_node_count, level);
  on(nc.get(), feature.get());
  on(pc.get(), feature.get());
  on(pnc.get(), part.get());

  std::string order;
  for (const Column& c : table.columns()) {
    check_name(c.name, "column");
    order += (order.empty() ? "" : " ") + c.name;
    h5::Handle ds = std::visit(
        [&](const auto& values) -> h5::Handle {
          using V = std::decay_t<decltype(values)>;
          if constexpr (std::is_same_v<V, std::vector<std::string>>) {
            return h5::write_string_vector(group.get(), c.name.c_str(), values);
          } else {
            return h5::write_vector(group.get(), c.name.c_str(), values, level);
          }
        },
        c.values);
    on(ds.get(), feature.get());
    h5::write_string_attribute(ds.get(), "units", c.units);
  }
  h5::write_string_attribute(group.get(), "column_order", order);
}

void write_root_attributes(hid_t file, const Scenario& s) {
  h5::write_int_attribute(file, format_attribute, format_version);
  h5::write_string_attribute(file, "Conventions", "CF-1.8");
  h5::write_string_attribute(file, "title", s.info.name);
  h5::write_string_attribute(file, "description", s.info.description);
  h5::write_int_attribute(file, "year", s.info.year);
  h5::write_string_attribute(file, "meteorology", s.info.meteorology.dump());
  h5::write_string_attribute(file, "provenance", s.provenance.to_json().dump());
  h5::write_string_attribute(file, "source", "twinsolve " + s.provenance.software_version + " (" + s.provenance.git_hash + ")");
  h5::write_string_attribute(file, "history", s.provenance.started_utc + " twinsolve " + s.provenance.process);
}

// ---------- reading ----------


herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

std::vector<std::string> link_names(hid_t group) {
  std::vector<std::string> names;
  hsize_t index = 0;
  h5::check_status(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, collect_link, &names), "list group");
  return names;
}

GridSpec read_grid(hid_t file) {
  h5::Handle crs = h5::check(H5Dopen2(file, "crs", H5P_DEFAULT), "the 'crs' variable is missing");
  GridSpec g;
  g.epsg = static_cast<int>(h5::read_int_attribute(crs.get(), "epsg_code"));
  std::istringstream gt(h5::read_string_attribute(crs.get(), "GeoTransform"));
  std::array<double, 6> t{};
  for (double& v : t) {
    if (!(gt >> v)) throw h5::Failure{"GeoTransform attribute is malformed"};
  }
  if (t[2] != 0.0 || t[4] != 0.0 || t[1] <= 0.0 || std::abs(t[1] + t[5]) > 1e-9 * t[1]) {
    throw h5::Failure{"grid is not north-up with square cells"};
  }
  g.x0 = t[0];
  g.cell = t[1];
  g.y0 = t[3];
  h5::Handle x = h5::check(H5Dopen2(file, "x", H5P_DEFAULT), "the 'x' coordinate is missing");
  h5::Handle y = h5::check(H5Dopen2(file, "y", H5P_DEFAULT), "the 'y' coordinate is missing");
  g.nx = static_cast<std::int64_t>(h5::vector_length(x.get()));
  g.ny = static_cast<std::int64_t>(h5::vector_length(y.get()));
  return g;
}

std::optional<CellType> cell_type_of(hid_t dataset) {
  h5::Handle type = h5::check(H5Dget_type(dataset), "type");
  const H5T_class_t cls = H5Tget_class(type.get());
  const std::size_t size = H5Tget_size(type.get());
  if (cls == H5T_FLOAT && size == 4) return CellType::float32;
  if (cls == H5T_FLOAT && size == 8) return CellType::float64;
  if (cls == H5T_INTEGER && size == 4 && H5Tget_sign(type.get()) == H5T_SGN_2) return CellType::int32;
  if (cls == H5T_INTEGER && size == 1 && H5Tget_sign(type.get()) == H5T_SGN_NONE) return CellType::uint8;
  return std::nullopt;
}

template <class T>
Layer read_raster(hid_t dataset, const std::string& name, const GridSpec& grid) {
  h5::Handle space = h5::check(H5Dget_space(dataset), name.c_str());
  std::array<hsize_t, 2> dims{};
  if (H5Sget_simple_extent_ndims(space.get()) != 2) throw h5::Failure{"layer '" + name + "' is not two-dimensional"};
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  if (dims[0] != static_cast<hsize_t>(grid.ny) || dims[1] != static_cast<hsize_t>(grid.nx)) {
    throw h5::Failure{"layer '" + name + "' does not have the grid's dimensions"};
  }
  Raster<T> raster;
  raster.grid = grid;
  raster.values.resize(static_cast<std::size_t>(grid.cells()));
  if (h5::has_attribute(dataset, "_FillValue")) {
    h5::Handle attr = h5::check(H5Aopen(dataset, "_FillValue", H5P_DEFAULT), "_FillValue");
    h5::check_status(H5Aread(attr.get(), h5::native_type<T>(), &raster.nodata), "_FillValue");
  }
  h5::check_status(H5Dread(dataset, h5::native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raster.values.data()),
                   ("layer '" + name + "' cannot be read").c_str());
  Layer layer;
  layer.units = h5::has_attribute(dataset, "units") ? h5::read_string_attribute(dataset, "units") : "";
  layer.description = h5::has_attribute(dataset, "long_name") ? h5::read_string_attribute(dataset, "long_name") : "";
  layer.raster = std::move(raster);
  return layer;
}

FeatureTable read_table(hid_t group) {
  FeatureTable table(parse_geometry_type(h5::read_string_attribute(group, "geometry_type")),
                     h5::read_string_attribute(group, "description"));
  auto open = [&](const std::string& n) { return h5::check(H5Dopen2(group, n.c_str(), H5P_DEFAULT), n.c_str()); };
  const auto node_count = h5::read_vector<std::int64_t>(open("geometry_node_count").get());
  const auto part_count = h5::read_vector<std::int64_t>(open("geometry_part_count").get());
  const auto part_node_count = h5::read_vector<std::int64_t>(open("geometry_part_node_count").get());
  const auto xs = h5::read_vector<double>(open("geometry_x").get());
  const auto ys = h5::read_vector<double>(open("geometry_y").get());
  if (part_count.size() != node_count.size() || xs.size() != ys.size()) throw h5::Failure{"geometry arrays disagree"};

  auto& geometries = table.geometries();
  geometries.resize(node_count.size());
  std::size_t vertex = 0;
  std::size_t part = 0;
  for (std::size_t i = 0; i < node_count.size(); ++i) {
    Geometry& g = geometries[i];
    if (node_count[i] < 0 || part_count[i] < 1 || vertex + static_cast<std::size_t>(node_count[i]) > xs.size() ||
        part + static_cast<std::size_t>(part_count[i]) > part_node_count.size()) {
      throw h5::Failure{"geometry counts are inconsistent"};
    }
    g.ring_starts.clear();
    std::int64_t offset = 0;
    for (std::int64_t p = 0; p < part_count[i]; ++p, ++part) {
      g.ring_starts.push_back(static_cast<std::uint32_t>(offset));
      offset += part_node_count[part];
    }
    if (offset != node_count[i]) throw h5::Failure{"geometry part counts do not add up"};
    for (std::int64_t v = 0; v < node_count[i]; ++v, ++vertex) g.vertices.push_back({xs[vertex], ys[vertex]});
  }

  std::istringstream order(h5::read_string_attribute(group, "column_order"));
  std::string name;
  while (order >> name) {
    h5::Handle ds = open(name);
    h5::Handle type = h5::check(H5Dget_type(ds.get()), "column type");
    Column c;
    c.name = name;
    c.units = h5::has_attribute(ds.get(), "units") ? h5::read_string_attribute(ds.get(), "units") : "";
    switch (H5Tget_class(type.get())) {
      case H5T_STRING: c.values = h5::read_string_vector(ds.get()); break;
      case H5T_INTEGER: c.values = h5::read_vector<std::int64_t>(ds.get()); break;
      case H5T_FLOAT: c.values = h5::read_vector<double>(ds.get()); break;
      default: throw h5::Failure{"column '" + name + "' has an unsupported type"};
    }
    table.set_column(std::move(c));
  }
  return table;
}

std::uint64_t layer_bytes(hid_t dataset) {
  h5::Handle space = h5::check(H5Dget_space(dataset), "space");
  h5::Handle type = h5::check(H5Dget_type(dataset), "type");
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  return static_cast<std::uint64_t>(std::max<hssize_t>(n, 0)) * H5Tget_size(type.get());
}

Scenario read_open_file(hid_t file, const ReadOptions& options, const std::string& file_name) {
  const GridSpec grid = read_grid(file);
  try {
    grid.validate();
  } catch (const Error& e) {
    throw Error(e.code(), file_name + ": " + e.what());
  }
  Scenario scenario(grid);
  scenario.info.name = h5::has_attribute(file, "title") ? h5::read_string_attribute(file, "title") : "";
  scenario.info.description = h5::has_attribute(file, "description") ? h5::read_string_attribute(file, "description") : "";
  scenario.info.year = h5::has_attribute(file, "year") ? static_cast<int>(h5::read_int_attribute(file, "year")) : 0;
  try {
    if (h5::has_attribute(file, "meteorology")) {
      scenario.info.meteorology = nlohmann::json::parse(h5::read_string_attribute(file, "meteorology"));
    }
    if (h5::has_attribute(file, "provenance")) {
      scenario.provenance = Provenance::from_json(nlohmann::json::parse(h5::read_string_attribute(file, "provenance")));
    }
  } catch (const nlohmann::json::exception&) {
    throw h5::Failure{"metadata attributes are not valid JSON"};
  }

  // Which root datasets are layers: those with a grid mapping.
  std::vector<std::pair<std::string, h5::Handle>> layers;
  std::uint64_t total = 0;
  for (const std::string& name : link_names(file)) {
    if (name == "x" || name == "y" || name == "crs" || name == "tables") continue;
    if (options.only_layers && !options.only_layers->count(name)) continue;
    h5::Handle ds = h5::check(H5Dopen2(file, name.c_str(), H5P_DEFAULT), name.c_str());
    if (!h5::has_attribute(ds.get(), "grid_mapping")) continue;
    total += layer_bytes(ds.get());
    layers.emplace_back(name, std::move(ds));
  }
  options.budget.require(total, "reading the layers of " + file_name);

  for (auto& [name, ds] : layers) {
    const auto type = cell_type_of(ds.get());
    if (!type) throw h5::Failure{"layer '" + name + "' has an unsupported cell type"};
    switch (*type) {
      case CellType::float32: scenario.set_layer(name, read_raster<float>(ds.get(), name, grid)); break;
      case CellType::float64: scenario.set_layer(name, read_raster<double>(ds.get(), name, grid)); break;
      case CellType::int32: scenario.set_layer(name, read_raster<std::int32_t>(ds.get(), name, grid)); break;
      case CellType::uint8: scenario.set_layer(name, read_raster<std::uint8_t>(ds.get(), name, grid)); break;
    }
  }
  if (H5Lexists(file, "tables", H5P_DEFAULT) > 0) {
    h5::Handle tables = h5::check(H5Gopen2(file, "tables", H5P_DEFAULT), "tables");
    for (const std::string& name : link_names(tables.get())) {
      h5::Handle group = h5::check(H5Gopen2(tables.get(), name.c_str(), H5P_DEFAULT), name.c_str());
      scenario.set_table(name, read_table(group.get()));
    }
  }
  return scenario;
}

}  // namespace

void write_scenario(const Scenario& scenario, const std::filesystem::path& path, const WriteOptions& options) {
  for (const auto& [name, layer] : scenario.layers()) check_name(name, "layer");
  for (const auto& [name, table] : scenario.tables()) check_name(name, "table");
  if (options.deflate_level < 0 || options.deflate_level > 9) {
    throw Error(ErrorCode::invalid_argument, "deflate level must be 0..9");
  }
  describe_epsg(scenario.grid().epsg);  // unknown CRS: refuse before creating any file
  require_output_directory(path);

  init_hdf5_once();
  std::lock_guard lock(hdf5_mutex());
  AtomicOutput output(path);
  try {
    {
      // Creation order tracked and indexed, as netCDF-4 itself writes files.
      h5::Handle fcpl = h5::check(H5Pcreate(H5P_FILE_CREATE), "file properties");
      h5::check_status(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "order");
      h5::check_status(H5Pset_attr_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "order");
      h5::Handle file = h5::check(H5Fcreate(output.temporary().c_str(), H5F_ACC_TRUNC, fcpl.get(), H5P_DEFAULT),
                                  "cannot create the file");
      write_root_attributes(file.get(), scenario);
      write_coordinates(file.get(), scenario.grid());
      write_crs(file.get(), scenario.grid());
      h5::Handle x = h5::check(H5Dopen2(file.get(), "x", H5P_DEFAULT), "x");
      h5::Handle y = h5::check(H5Dopen2(file.get(), "y", H5P_DEFAULT), "y");
      std::size_t written = 0;
      for (const auto& [name, layer] : scenario.layers()) {
        std::visit([&](const auto& r) { write_raster(file.get(), x.get(), y.get(), name, layer, r, options); },
                   layer.raster);
        if (options.progress) options.progress(static_cast<double>(++written) / static_cast<double>(scenario.layers().size()));
      }
      if (!scenario.tables().empty()) {
        h5::Handle tables = h5::check(H5Gcreate2(file.get(), "tables", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "tables");
        for (const auto& [name, table] : scenario.tables()) write_table(tables.get(), name, table, options);
      }
      h5::check_status(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush");
    }
    output.commit();
  } catch (const h5::Failure& f) {
    throw Error(ErrorCode::io_error, path.string() + ": writing failed (" + f.what + ")");
  } catch (const std::filesystem::filesystem_error& e) {
    throw Error(ErrorCode::io_error, path.string() + ": " + e.what());
  }
}

namespace {

// Opens a scenario or result file for reading, checked to be ours and not newer than this
// build; the caller holds hdf5_mutex().
h5::Handle open_for_reading(const std::filesystem::path& path) {
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 <= 0) throw Error(ErrorCode::not_a_scenario, path.string() + ": not an HDF5 file");
  h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file) {
    throw Error(ErrorCode::corrupt_file, path.string() + ": HDF5 file cannot be opened (truncated or damaged)");
  }
  if (!h5::has_attribute(file.get(), format_attribute)) {
    throw Error(ErrorCode::not_a_scenario, path.string() + ": HDF5 file is not a twinsolve scenario or result");
  }
  std::int64_t version = 0;
  try {
    version = h5::read_int_attribute(file.get(), format_attribute);
  } catch (const h5::Failure& f) {
    throw Error(ErrorCode::corrupt_file, path.string() + ": " + f.what + " (file truncated or damaged?)");
  }
  if (version > format_version) {
    throw Error(ErrorCode::not_a_scenario, path.string() + ": written by a newer twinsolve (format " +
                                               std::to_string(version) + "); upgrade to read it");
  }
  return file;
}

void require_regular_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error(ErrorCode::file_not_found, path.string() + ": no such file");
  }
}

template <class T>
std::optional<double> read_one(hid_t dataset, const CellIndex& cell) {
  h5::Handle space = h5::check(H5Dget_space(dataset), "space");
  const std::array<hsize_t, 2> start{static_cast<hsize_t>(cell.row), static_cast<hsize_t>(cell.col)};
  const std::array<hsize_t, 2> count{1, 1};
  h5::check_status(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
                   "select the cell");
  h5::Handle one = h5::check(H5Screate_simple(2, count.data(), nullptr), "cell space");
  T value{};
  h5::check_status(H5Dread(dataset, h5::native_type<T>(), one.get(), space.get(), H5P_DEFAULT, &value),
                   "the cell cannot be read");
  // The same nodata rule as read_raster() + Raster::is_nodata(), so a cell reads the same
  // whether the layer is read whole or one cell at a time.
  Raster<T> probe;
  if (h5::has_attribute(dataset, "_FillValue")) {
    h5::Handle attr = h5::check(H5Aopen(dataset, "_FillValue", H5P_DEFAULT), "_FillValue");
    h5::check_status(H5Aread(attr.get(), h5::native_type<T>(), &probe.nodata), "_FillValue");
  }
  if (probe.is_nodata(value)) return std::nullopt;
  return static_cast<double>(value);
}

}  // namespace

CellSample read_cell(const std::filesystem::path& path, const std::string& layer, double x, double y) {
  require_regular_file(path);
  init_hdf5_once();
  std::lock_guard lock(hdf5_mutex());
  auto file = open_for_reading(path);
  try {
    CellSample sample;
    sample.grid = read_grid(file.get());
    sample.grid.validate();
    if (H5Lexists(file.get(), layer.c_str(), H5P_DEFAULT) <= 0)
      throw Error(ErrorCode::missing_layer, path.string() + ": no layer '" + layer + "'");
    h5::Handle ds = h5::check(H5Dopen2(file.get(), layer.c_str(), H5P_DEFAULT), layer.c_str());
    if (!h5::has_attribute(ds.get(), "grid_mapping"))
      throw Error(ErrorCode::missing_layer, path.string() + ": '" + layer + "' is not a layer");
    h5::Handle space = h5::check(H5Dget_space(ds.get()), layer.c_str());
    std::array<hsize_t, 2> dims{};
    if (H5Sget_simple_extent_ndims(space.get()) != 2) throw h5::Failure{"layer '" + layer + "' is not two-dimensional"};
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    if (dims[0] != static_cast<hsize_t>(sample.grid.ny) || dims[1] != static_cast<hsize_t>(sample.grid.nx))
      throw h5::Failure{"layer '" + layer + "' does not have the grid's dimensions"};
    sample.units = h5::has_attribute(ds.get(), "units") ? h5::read_string_attribute(ds.get(), "units") : "";
    sample.cell = sample.grid.cell_at(x, y);
    if (!sample.cell) return sample;
    const auto type = cell_type_of(ds.get());
    if (!type) throw h5::Failure{"layer '" + layer + "' has an unsupported cell type"};
    switch (*type) {
      case CellType::float32: sample.value = read_one<float>(ds.get(), *sample.cell); break;
      case CellType::float64: sample.value = read_one<double>(ds.get(), *sample.cell); break;
      case CellType::int32: sample.value = read_one<std::int32_t>(ds.get(), *sample.cell); break;
      case CellType::uint8: sample.value = read_one<std::uint8_t>(ds.get(), *sample.cell); break;
    }
    return sample;
  } catch (const h5::Failure& f) {
    throw Error(ErrorCode::corrupt_file, path.string() + ": " + f.what + " (file truncated or damaged?)");
  }
}

Scenario read_scenario(const std::filesystem::path& path, const ReadOptions& options) {
  require_regular_file(path);
  init_hdf5_once();
  std::lock_guard lock(hdf5_mutex());
  auto file = open_for_reading(path);
  try {
    return read_open_file(file.get(), options, path.string());
  } catch (const h5::Failure& f) {
    throw Error(ErrorCode::corrupt_file, path.string() + ": " + f.what + " (file truncated or damaged?)");
  } catch (const Error& e) {
    if (std::string_view(e.what()).find(path.string()) != std::string_view::npos) throw;
    throw Error(e.code(), path.string() + ": " + e.what());
  }
}

}  // namespace twin::data
