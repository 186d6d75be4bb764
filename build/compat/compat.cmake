# SPDX-License-Identifier: Apache-2.0
# Adds build/compat/*.cpp and the embedded compat-symbols.json to kb_build.
file(GLOB KB_COMPAT_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
set(_kb_compat_json ${CMAKE_CURRENT_LIST_DIR}/compat-symbols.json)
set(_kb_compat_embed ${CMAKE_CURRENT_BINARY_DIR}/compat_symbols_json.cpp)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_kb_compat_json})
file(READ ${_kb_compat_json} KB_COMPAT_JSON)
file(WRITE ${_kb_compat_embed}.in
  "// Generated from build/compat/compat-symbols.json\nextern const char k_compat_symbols_json[];\n"
  "const char k_compat_symbols_json[] = R\"kbjson(${KB_COMPAT_JSON})kbjson\";\n")
configure_file(${_kb_compat_embed}.in ${_kb_compat_embed} COPYONLY)
target_sources(kb_build PRIVATE ${KB_COMPAT_SOURCES} ${_kb_compat_embed})
