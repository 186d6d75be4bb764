// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "inspect/library_index.hpp"
#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

namespace {

std::vector<Finding> run_unresolved(const inspect::SoFacts& so, const inspect::LibraryIndex* libs) {
  return run_rule_with_libraries("elf.unresolved", so, libs);
}

inspect::SoFacts lib(const std::string& soname, std::vector<std::pair<std::string, std::string>> defs) {
  inspect::SoFacts so = so_named(soname);
  so.soname = soname;
  for (const auto& [name, version] : defs) {
    add_export(so, name);
    so.dynsyms.back().version = version;
  }
  return so;
}

}  // namespace

TEST_CASE("elf.unresolved is off without --libdir", "[inspect][elf.unresolved][unit]") {
  auto so = so_named("k.so");
  add_import(so, "_ZN9__gnu_cxx15__snprintf_liteEPcmPKcP13__va_list_tag");
  CHECK(run_unresolved(so, nullptr).empty());
}

TEST_CASE("elf.unresolved names symbols no NEEDED library defines at an allowed version", "[inspect][elf.unresolved][unit]") {
  inspect::MapLibraryIndex libs;
  libs.add(lib("libc.so.6", {{"pow", "GLIBC_2.2.5"}, {"pow", "GLIBC_2.29"}, {"gettid", "GLIBC_2.30"}}));
  libs.add(lib("libtorch.so", {{"_ZN2at4zeroEv", ""}}));
  auto so = so_named("k.so");
  so.needed = {"libc.so.6", "libtorch.so", "libmissing.so"};
  add_import(so, "pow", "GLIBC_2.2.5", "libc.so.6");   // versioned, defined at that version
  add_import(so, "_ZN2at4zeroEv");                     // unversioned, from an unversioned library
  add_import(so, "PyModule_Create2");                  // the interpreter's
  add_import(so, "gettid");                            // only at GLIBC_2.30: beyond manylinux_2_28
  add_import(so, "_ZN9__gnu_cxx15__snprintf_liteEPcmPKcP13__va_list_tag");
  add_import(so, "weak_hook");
  so.dynsyms.back().binding = inspect::SymbolBinding::weak;
  auto fs = run_unresolved(so, &libs);
  CHECK(subjects(fs) == std::vector<std::string>{"libmissing.so", "gettid",
                                                 "_ZN9__gnu_cxx15__snprintf_liteEPcmPKcP13__va_list_tag"});
  CHECK_THAT(fs[1].message, Contains("at an allowed version"));
  CHECK_THAT(fs[2].message, Contains("__gnu_cxx::__snprintf_lite"));
  CHECK_THAT(fs[0].hint, Contains("--libdir"));
}

TEST_CASE("elf.unresolved requires the exact version of a versioned reference", "[inspect][elf.unresolved][unit]") {
  inspect::MapLibraryIndex libs;
  libs.add(lib("libstdc++.so.6", {{"_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE", "GLIBCXX_3.4.30"}}));
  auto so = so_named("k.so");
  so.needed = {"libstdc++.so.6"};
  add_import(so, "_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE", "GLIBCXX_3.4.11", "libstdc++.so.6");
  CHECK(run_unresolved(so, &libs).size() == 1);
  libs.add(lib("libstdc++.so.6", {{"_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE", "GLIBCXX_3.4.11"}}));
  CHECK(run_unresolved(so, &libs).empty());
}

TEST_CASE("elf.unresolved looks NEEDED libraries up on the file's own machine only", "[inspect][elf.unresolved][unit]") {
  // A multiarch host holds libc.so.6 for x86_64 and aarch64 side by side; the dynamic loader of an
  // aarch64 .so never takes the x86_64 one.
  inspect::MapLibraryIndex libs;
  inspect::SoFacts libc = lib("libc.so.6", {{"pow", "GLIBC_2.17"}});
  libc.machine = "x86_64";
  libs.add(libc);
  auto so = so_named("k.so");
  so.machine = "aarch64";
  so.needed = {"libc.so.6"};
  add_import(so, "pow", "GLIBC_2.17", "libc.so.6");
  CHECK(subjects(run_unresolved(so, &libs)) == std::vector<std::string>{"libc.so.6", "pow@GLIBC_2.17"});
  so.machine = "x86_64";
  CHECK(run_unresolved(so, &libs).empty());
}
