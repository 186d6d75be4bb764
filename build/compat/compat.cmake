# SPDX-License-Identifier: Apache-2.0
# Adds build/compat/*.cpp to kb_build (compat-symbols.json is embedded with the rest of core/data).
file(GLOB KB_COMPAT_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
target_sources(kb_build PRIVATE ${KB_COMPAT_SOURCES})
