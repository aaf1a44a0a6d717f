#include "hdf5_handles.hpp"

#include <algorithm>
#include <cstring>

namespace twin::data::h5 {

void Handle::reset() {
  if (id_ < 0) return;
  switch (H5Iget_type(id_)) {
    case H5I_FILE: H5Fclose(id_); break;
    case H5I_GROUP: H5Gclose(id_); break;
    case H5I_DATASET: H5Dclose(id_); break;
    case H5I_DATASPACE: H5Sclose(id_); break;
    case H5I_DATATYPE: H5Tclose(id_); break;
    case H5I_ATTR: H5Aclose(id_); break;
    case H5I_GENPROP_LST: H5Pclose(id_); break;
    default: break;
  }
  id_ = H5I_INVALID_HID;
}

Handle check(hid_t id, const char* what) {
  if (id < 0) throw Failure{what};
  return Handle(id);
}

void check_status(herr_t status, const char* what) {
  if (status < 0) throw Failure{what};
}

void silence_error_stack() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

template <> hid_t native_type<float>() { return H5T_NATIVE_FLOAT; }
template <> hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <> hid_t native_type<std::int32_t>() { return H5T_NATIVE_INT32; }
template <> hid_t native_type<std::int64_t>() { return H5T_NATIVE_INT64; }
template <> hid_t native_type<std::uint8_t>() { return H5T_NATIVE_UINT8; }

namespace {
Handle string_type() {
  Handle type = check(H5Tcopy(H5T_C_S1), "string type");
  check_status(H5Tset_size(type.get(), H5T_VARIABLE), "string size");
  check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "string charset");
  return type;
}
}  // namespace

void write_string_attribute(hid_t object, const char* name, const std::string& value) {
  // Fixed-length, NUL-padded strings: the form netCDF-4 reads as a text attribute.
  Handle type = check(H5Tcopy(H5T_C_S1), "attribute type");
  check_status(H5Tset_size(type.get(), std::max<std::size_t>(value.size(), 1)), "attribute size");
  check_status(H5Tset_strpad(type.get(), H5T_STR_NULLTERM), "attribute padding");
  check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "attribute charset");
  Handle space = check(H5Screate(H5S_SCALAR), "attribute space");
  if (H5Aexists(object, name) > 0) H5Adelete(object, name);
  Handle attr = check(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), name);
  std::string padded = value;
  padded.resize(std::max<std::size_t>(value.size(), 1), '\0');
  check_status(H5Awrite(attr.get(), type.get(), padded.data()), name);
}

void write_int_attribute(hid_t object, const char* name, std::int64_t value) {
  write_scalar_attribute<std::int64_t>(object, name, value);
}

template <class T>
void write_scalar_attribute(hid_t object, const char* name, T value) {
  Handle space = check(H5Screate(H5S_SCALAR), "attribute space");
  if (H5Aexists(object, name) > 0) H5Adelete(object, name);
  Handle attr = check(H5Acreate2(object, name, native_type<T>(), space.get(), H5P_DEFAULT, H5P_DEFAULT), name);
  check_status(H5Awrite(attr.get(), native_type<T>(), &value), name);
}
template void write_scalar_attribute<float>(hid_t, const char*, float);
template void write_scalar_attribute<double>(hid_t, const char*, double);
template void write_scalar_attribute<std::int32_t>(hid_t, const char*, std::int32_t);
template void write_scalar_attribute<std::int64_t>(hid_t, const char*, std::int64_t);
template void write_scalar_attribute<std::uint8_t>(hid_t, const char*, std::uint8_t);

bool has_attribute(hid_t object, const char* name) { return H5Aexists(object, name) > 0; }

std::string read_string_attribute(hid_t object, const char* name) {
  if (!has_attribute(object, name)) throw Failure{std::string("attribute '") + name + "' is missing"};
  Handle attr = check(H5Aopen(object, name, H5P_DEFAULT), name);
  Handle type = check(H5Aget_type(attr.get()), name);
  if (H5Tget_class(type.get()) != H5T_STRING) throw Failure{std::string("attribute '") + name + "' is not text"};
  if (H5Tis_variable_str(type.get()) > 0) {
    char* text = nullptr;
    Handle mem = string_type();
    check_status(H5Aread(attr.get(), mem.get(), &text), name);
    std::string out = text ? text : "";
    H5free_memory(text);
    return out;
  }
  const std::size_t size = H5Tget_size(type.get());
  std::string out(size, '\0');
  check_status(H5Aread(attr.get(), type.get(), out.data()), name);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::int64_t read_int_attribute(hid_t object, const char* name) {
  if (!has_attribute(object, name)) throw Failure{std::string("attribute '") + name + "' is missing"};
  Handle attr = check(H5Aopen(object, name, H5P_DEFAULT), name);
  std::int64_t value = 0;
  check_status(H5Aread(attr.get(), H5T_NATIVE_INT64, &value), name);
  return value;
}

template <class T>
Handle write_vector(hid_t parent, const char* name, const std::vector<T>& values, int deflate_level) {
  const hsize_t n = values.size();
  Handle space = check(H5Screate_simple(1, &n, nullptr), name);
  Handle plist = check(H5Pcreate(H5P_DATASET_CREATE), name);
  // Small columns stay contiguous: chunking overhead is larger than the data.
  if (n >= 4096 && deflate_level > 0) {
    const hsize_t chunk = std::min<hsize_t>(n, 65536);
    check_status(H5Pset_chunk(plist.get(), 1, &chunk), name);
    check_status(H5Pset_shuffle(plist.get()), name);
    check_status(H5Pset_deflate(plist.get(), static_cast<unsigned>(deflate_level)), name);
  }
  Handle ds = check(H5Dcreate2(parent, name, native_type<T>(), space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT), name);
  if (n > 0) check_status(H5Dwrite(ds.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
  return ds;
}
template Handle write_vector<double>(hid_t, const char*, const std::vector<double>&, int);
template Handle write_vector<std::int64_t>(hid_t, const char*, const std::vector<std::int64_t>&, int);
template Handle write_vector<std::int32_t>(hid_t, const char*, const std::vector<std::int32_t>&, int);

Handle write_string_vector(hid_t parent, const char* name, const std::vector<std::string>& values) {
  const hsize_t n = values.size();
  Handle space = check(H5Screate_simple(1, &n, nullptr), name);
  Handle type = string_type();
  Handle ds = check(H5Dcreate2(parent, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), name);
  std::vector<const char*> pointers(values.size());
  std::transform(values.begin(), values.end(), pointers.begin(), [](const std::string& s) { return s.c_str(); });
  if (n > 0) check_status(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), name);
  return ds;
}

std::uint64_t vector_length(hid_t dataset) {
  Handle space = check(H5Dget_space(dataset), "dataspace");
  if (H5Sget_simple_extent_ndims(space.get()) != 1) throw Failure{"a column is not one-dimensional"};
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space.get(), &n, nullptr);
  return n;
}

template <class T>
std::vector<T> read_vector(hid_t dataset) {
  std::vector<T> out(vector_length(dataset));
  if (!out.empty()) check_status(H5Dread(dataset, native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read column");
  return out;
}
template std::vector<double> read_vector<double>(hid_t);
template std::vector<std::int64_t> read_vector<std::int64_t>(hid_t);
template std::vector<std::int32_t> read_vector<std::int32_t>(hid_t);

std::vector<std::string> read_string_vector(hid_t dataset) {
  const std::uint64_t n = vector_length(dataset);
  std::vector<std::string> out(n);
  if (n == 0) return out;
  std::vector<char*> pointers(n, nullptr);
  Handle type = string_type();
  check_status(H5Dread(dataset, type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "read text column");
  for (std::uint64_t i = 0; i < n; ++i) out[i] = pointers[i] ? pointers[i] : "";
  Handle space = check(H5Dget_space(dataset), "dataspace");
  H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, pointers.data());
  return out;
}

}  // namespace twin::data::h5
