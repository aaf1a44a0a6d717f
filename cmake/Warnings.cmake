# twin_set_warnings(target): the project's warning set; -Werror when TWIN_WERROR is on.
function(twin_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wconversion-null)
  if(TWIN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
