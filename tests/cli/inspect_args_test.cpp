// SPDX-License-Identifier: Apache-2.0
// List options must not swallow the input path that follows them (CLI11 vectors are greedy).
#include <catch2/catch.hpp>

#include "tests/test_env.hpp"

TEST_CASE("a path after --ignore or --libdir stays an input", "[cli][inspect][e2e]") {
  const auto so = kb::test::binary_dir() / "tests/fixtures/elf/glibc-2.28.so";
  REQUIRE(std::filesystem::exists(so));
  for (std::vector<std::string> args : {std::vector<std::string>{"inspect", "--ignore", "elf.rpath,elf.textrel", so.string()},
                                        std::vector<std::string>{"inspect", "--libdir", "/lib/x86_64-linux-gnu", so.string()}}) {
    auto r = kb::test::run_kb(args);
    INFO(r.output);
    CHECK(r.output.find("no input paths") == std::string::npos);
    CHECK(r.output.find("in 1 file(s)") != std::string::npos);
  }
}
