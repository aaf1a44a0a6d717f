find_package(GTest REQUIRED)
include(GoogleTest)

# twin_add_test(name SOURCES a.cpp b.cpp LIBS twin_data ...)
# One GoogleTest executable; its tests are registered with ctest one by one and run
# from the project root, so that tests find ../shared/ as the README says.
function(twin_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} twin_test_support GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    TWIN_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    TWIN_BINARY_DIR="${PROJECT_BINARY_DIR}")
  twin_set_warnings(${name})
  gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                       DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()
