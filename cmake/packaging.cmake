# SPDX-License-Identifier: Apache-2.0
# kb as an installable CLI: `cmake --install` and a .deb through CPack (docs/install.md).
# Data tables are compiled into the binary (core/inspect embed them), so bin/kb is the whole
# program; the man page and completions are generated from the CLI itself after kb links.
include(GNUInstallDirs)

set(_kb_gen ${CMAKE_BINARY_DIR}/share)
set(_kb_man ${_kb_gen}/man/man1/kb.1)
set(_kb_bash ${_kb_gen}/bash-completion/completions/kb)
set(_kb_zsh ${_kb_gen}/zsh/vendor-completions/_kb)
# gzip -n: no name or time stamp in the header, so the package bytes do not depend on the build time.
add_custom_command(OUTPUT ${_kb_man}.gz ${_kb_bash} ${_kb_zsh}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_kb_gen}/man/man1 ${_kb_gen}/bash-completion/completions
          ${_kb_gen}/zsh/vendor-completions
  COMMAND sh -c "\"$1\" generate man > \"$2\" && gzip -9nf \"$2\"" sh $<TARGET_FILE:kb> ${_kb_man}
  COMMAND sh -c "\"$1\" generate bash > \"$2\"" sh $<TARGET_FILE:kb> ${_kb_bash}
  COMMAND sh -c "\"$1\" generate zsh > \"$2\"" sh $<TARGET_FILE:kb> ${_kb_zsh}
  DEPENDS kb
  COMMENT "Generating kb.1 and shell completions from the CLI"
  VERBATIM)
add_custom_target(kb_docs ALL DEPENDS ${_kb_man}.gz ${_kb_bash} ${_kb_zsh})

install(TARGETS kb RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${_kb_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${_kb_bash} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${_kb_zsh} DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kb)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "build, check, package and publish Hugging Face Hub kernels")
set(CPACK_PACKAGE_CONTACT "kb maintainers <kb@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Libraries kb links come from dpkg-shlibdeps (libzip4, libcurl4, libssl3, ...); the tools kb
# build runs are declared by hand: it compiles with g++ under ninja and needs Python.h.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "g++, ninja-build")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3-dev, git, ccache")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "redis-server")
include(CPack)
