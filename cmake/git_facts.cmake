# SPDX-License-Identifier: Apache-2.0
# Run at build time (cmake -P): writes OUT with the checkout's commit and dirty flag for the
# provenance kb writes into metadata.json. Rewritten only when they change, so a commit
# recompiles core/version.cpp alone, and a kb built after `git commit` never reports the old sha.
execute_process(COMMAND git rev-parse HEAD WORKING_DIRECTORY "${SRC}"
  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY "${SRC}"
  OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(changes)
  set(dirty true)
else()
  set(dirty false)
endif()
set(text "#define KB_GIT_COMMIT \"${commit}\"\n#define KB_GIT_DIRTY ${dirty}\n")
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
