# twin_set_warnings(target): the project's warning set; -Werror when TWIN_WERROR is on.
function(twin_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wconversion-null)
  # GCC 12 reports false -Wrestrict positives inside libstdc++'s std::string at -O3
  # (GCC bug 105329); the warning says nothing about our code there.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(TWIN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
