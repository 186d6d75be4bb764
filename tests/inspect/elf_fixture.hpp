// SPDX-License-Identifier: Apache-2.0
// Compiles small shared objects at test time (from C sources, so no binary is checked in) for the ELF
// reader's tests. Header-only: kb_tests globs *_test.cpp.
#pragma once
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/test_env.hpp"

namespace kb::test {

// Writes `source` to dir/<name>.<ext> and links dir/<name> with `compiler` -shared -fPIC plus
// `flags`. REQUIREs success and returns the library path.
inline std::filesystem::path build_shared(const TempDir& dir, const std::string& name, const std::string& source,
                                          const std::vector<std::string>& flags = {},
                                          const std::string& compiler = "cc") {
  const std::string ext = compiler == "c++" ? ".cpp" : ".c";
  const auto src = dir / (name + ext);
  write_text(src, source);
  std::vector<std::string> argv{compiler, "-shared", "-fPIC", "-O1", "-o", (dir / name).string(), src.string()};
  argv.insert(argv.end(), flags.begin(), flags.end());
  const CommandResult r = run(argv);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return dir / name;
}

// A library importing memcpy (default GLIBC_2.14 on x86_64) and defining versioned symbols
// through a version script; `extra` is appended to the source.
inline std::string versioned_source(const std::string& extra = {}) {
  return R"(#include <string.h>
void copy(char* d, const char* s, size_t n) { memcpy(d, s, n); }
int foo_v1(void) { return 1; }
int foo_v2(void) { return 2; }
__asm__(".symver foo_v1,foo@MYLIB_1.0");
__asm__(".symver foo_v2,foo@@MYLIB_2.0");
int bar(void) { return 3; }
)" + extra;
}

inline std::string version_script(const TempDir& dir) {
  write_text(dir / "lib.map",
             "MYLIB_1.0 { global: foo; bar; local: *; };\nMYLIB_2.0 { global: foo; copy; } MYLIB_1.0;\n");
  return "-Wl,--version-script=" + (dir / "lib.map").string();
}

}  // namespace kb::test
