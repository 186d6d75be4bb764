// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "tests/inspect/rules/rule_test_util.hpp"

using namespace kb;
using namespace kb::test;
using Catch::Matchers::Contains;

TEST_CASE("elf.pinned-needed wants the pre-2.34 home of pinned pthread/dl/rt functions", "[inspect][elf.pinned-needed][unit]") {
  auto so = so_named("k.so");
  so.needed = {"libc.so.6"};
  add_import(so, "pthread_create", "GLIBC_2.2.5", "libc.so.6");
  add_import(so, "dlopen", "GLIBC_2.2.5", "libc.so.6");
  add_import(so, "timer_create", "GLIBC_2.3.3", "libc.so.6");
  add_import(so, "pthread_mutex_lock", "GLIBC_2.2.5", "libc.so.6");  // libc 2.28 had it
  add_import(so, "pthread_join", "GLIBC_2.34", "libc.so.6");         // 2.34+: libc alone is right
  add_import(so, "memcpy", "GLIBC_2.14", "libc.so.6");
  auto fs = run_rule("elf.pinned-needed", so);
  CHECK(subjects(fs) == std::vector<std::string>{"pthread_create@GLIBC_2.2.5", "dlopen@GLIBC_2.2.5",
                                                 "timer_create@GLIBC_2.3.3"});
  CHECK_THAT(fs[0].message, Contains("libpthread.so.0"));
  CHECK_THAT(fs[1].message, Contains("libdl.so.2"));
  CHECK_THAT(fs[2].hint, Contains("-l:librt.so.1"));
  so.needed = {"libpthread.so.0", "libdl.so.2", "librt.so.1", "libc.so.6"};
  CHECK(run_rule("elf.pinned-needed", so).empty());
}
