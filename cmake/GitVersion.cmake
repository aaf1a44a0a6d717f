# Writes ${PROJECT_BINARY_DIR}/generated/git_version.cpp at every build, but touches it only
# when the commit changed, so provenance always names the commit the binary was built from.
set(TWIN_GIT_VERSION_CPP "${PROJECT_BINARY_DIR}/generated/git_version.cpp")
add_custom_target(twin_git_version
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DOUT=${TWIN_GIT_VERSION_CPP}
          -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/WriteGitVersion.cmake
  BYPRODUCTS ${TWIN_GIT_VERSION_CPP}
  COMMENT "Recording git commit for provenance")
