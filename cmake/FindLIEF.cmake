# SPDX-License-Identifier: Apache-2.0
# Debian's liblief-dev 0.9 ships headers and a library but no CMake package config.
find_path(LIEF_INCLUDE_DIR NAMES LIEF/LIEF.hpp)
find_library(LIEF_LIBRARY NAMES LIEF)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LIEF REQUIRED_VARS LIEF_LIBRARY LIEF_INCLUDE_DIR)
if(LIEF_FOUND AND NOT TARGET LIEF::LIEF)
  add_library(LIEF::LIEF UNKNOWN IMPORTED)
  set_target_properties(LIEF::LIEF PROPERTIES
    IMPORTED_LOCATION "${LIEF_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LIEF_INCLUDE_DIR}")
endif()
