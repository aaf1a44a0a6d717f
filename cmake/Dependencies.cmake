# Every third-party dependency, found in one place. All come from Debian 12 packages
# installed by scripts/setup.
find_package(Threads REQUIRED)
find_package(TBB REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C HL)
find_package(GDAL CONFIG REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(OpenSSL REQUIRED COMPONENTS Crypto SSL)
find_package(ZLIB REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(PkgConfig REQUIRED)
# hiredis 0.14 ships no CMake package, only a pkg-config file.
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)

# HDF5's find module gives variables, not a target: wrap them once.
add_library(twin_hdf5 INTERFACE)
target_include_directories(twin_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_link_libraries(twin_hdf5 INTERFACE ${HDF5_LIBRARIES} ${HDF5_HL_LIBRARIES})
target_compile_definitions(twin_hdf5 INTERFACE ${HDF5_DEFINITIONS})
