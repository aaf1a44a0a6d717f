#pragma once
// RAII owners for HDF5 identifiers and small typed helpers for attributes and datasets,
// so that the store reads as a description of the file layout, not of the C API.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace twin::data::h5 {

// Owns one HDF5 id and closes it with the matching H5?close.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }
  void reset();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Thrown inside the store on any HDF5 failure; the store turns it into a data::Error
// with the file name and the right code.
struct Failure {
  std::string what;
};

// Throws Failure(what) when id < 0.
Handle check(hid_t id, const char* what);
void check_status(herr_t status, const char* what);

// Silences HDF5's automatic error stack printing for the process (we report errors ourselves).
void silence_error_stack();

// Native HDF5 type of a C++ arithmetic type.
template <class T>
hid_t native_type();

// Attributes.
void write_string_attribute(hid_t object, const char* name, const std::string& value);
void write_int_attribute(hid_t object, const char* name, std::int64_t value);
template <class T>
void write_scalar_attribute(hid_t object, const char* name, T value);
bool has_attribute(hid_t object, const char* name);
std::string read_string_attribute(hid_t object, const char* name);  // Failure if absent
std::int64_t read_int_attribute(hid_t object, const char* name);

// 1-D datasets (feature-table columns, coordinate variables).
template <class T>
Handle write_vector(hid_t parent, const char* name, const std::vector<T>& values, int deflate_level);
Handle write_string_vector(hid_t parent, const char* name, const std::vector<std::string>& values);
template <class T>
std::vector<T> read_vector(hid_t dataset);
std::vector<std::string> read_string_vector(hid_t dataset);
// Number of elements of a 1-D dataset; Failure when not 1-D.
std::uint64_t vector_length(hid_t dataset);

}  // namespace twin::data::h5
