// SPDX-License-Identifier: Apache-2.0
// Arch names and kernel-builder's loose intersection (build/arch_select.hpp says how it maps).
#include <algorithm>

#include <catch2/catch.hpp>

#include "inspect/fatbin_arch.hpp"

using namespace kb::inspect;
using Strings = std::vector<std::string>;

namespace {
Strings nvcc13_targets() {
  Strings t = default_cuda_archs(13, 0);
  t.back() = "12.1";  // CUDA_ARCHS is the default list with +PTX removed
  return t;
}
}  // namespace

TEST_CASE("capabilities parse into fatbin names", "[inspect][fatbin][arch][unit]") {
  auto c = parse_capability("12.1+PTX");
  REQUIRE(c);
  CHECK(c->sass_name() == "sm_121");
  CHECK(c->ptx_name() == "compute_121");
  CHECK(c->ptx);
  CHECK(parse_capability("9.0a")->sass_name() == "sm_90a");
  CHECK(parse_capability("10.0f")->ptx_name() == "compute_100f");
  CHECK(parse_capability("10.0f")->str() == "10.0f");
  CHECK_FALSE(parse_capability("sm_90"));
  CHECK_FALSE(parse_capability("9"));
  CHECK_FALSE(parse_capability("9.0b"));
  CHECK_FALSE(parse_capability("+PTX"));
}

TEST_CASE("arch names sort by SM number, then suffix", "[inspect][fatbin][arch][unit]") {
  Strings v{"sm_100", "sm_90a", "sm_75", "sm_90", "sm_100f", "sm_100a"};
  std::sort(v.begin(), v.end(), arch_less);
  CHECK(v == Strings{"sm_75", "sm_90", "sm_90a", "sm_100", "sm_100a", "sm_100f"});
}

TEST_CASE("loose intersection matches kernel-builder's worked examples", "[inspect][fatbin][arch][e2e]") {
  // examples/kernels/relu-archs-subset with nvcc 13.0: 8.6/8.7/8.9 map to 8.0; 5.0 has no partner.
  CHECK(loose_intersection({"5.0", "7.5", "8.0", "9.0"}, nvcc13_targets()) == Strings{"7.5", "8.0", "9.0"});
  CHECK(loose_intersection({"9.0a"}, nvcc13_targets()) == Strings{"9.0a"});
  // An a/f capability whose base the toolchain lacks is dropped silently.
  CHECK(loose_intersection({"10.3a", "9.0"}, nvcc13_targets()) == Strings{"9.0"});
  // 9.0a takes 9.0's place; 8.9 gets the highest same-major source below it.
  CHECK(loose_intersection({"7.5", "8.0", "8.6", "9.0", "9.0a"}, {"8.0", "8.9", "9.0"}) ==
        Strings{"8.0", "8.6", "9.0a"});
  // PTX sources may cross majors.
  CHECK(loose_intersection({"8.0+PTX"}, {"9.0"}) == Strings{"8.0+PTX"});
  CHECK(loose_intersection({"8.0"}, {"9.0"}).empty());
  CHECK(loose_intersection({"10.0f", "12.0"}, nvcc13_targets()) == Strings{"10.0f", "12.0"});
}

TEST_CASE("default arch list follows the nvcc version", "[inspect][fatbin][arch][e2e]") {
  CHECK(default_cuda_archs(13, 0).back() == "12.1+PTX");
  CHECK(default_cuda_archs(12, 8).back() == "12.0+PTX");
  CHECK(default_cuda_archs(12, 6).back() == "9.0+PTX");
}
