// SPDX-License-Identifier: Apache-2.0
// The wheel-name claims --profile wheel checks: tags, manylinux policy, abi3 floor, GPU names.
#include <catch2/catch.hpp>

#include "inspect/wheel_facts.hpp"

using namespace kb::inspect;

TEST_CASE("wheel file names give their python, abi and platform tags", "[inspect][wheel][unit]") {
  auto t = parse_wheel_name("vllm-0.34.0-cp38-abi3-manylinux_2_28_x86_64.whl");
  REQUIRE(t);
  CHECK(t->name == "vllm");
  CHECK(t->python == std::vector<std::string>{"cp38"});
  CHECK(t->abi == std::vector<std::string>{"abi3"});
  CHECK(t->platform == std::vector<std::string>{"manylinux_2_28_x86_64"});
  auto build = parse_wheel_name("x-1.0-1build-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
  REQUIRE(build);
  CHECK(build->platform.size() == 2);
  CHECK_FALSE(parse_wheel_name("not-a-wheel.zip"));
  CHECK_FALSE(parse_wheel_name("too-few.whl"));
}

TEST_CASE("platform tags name the manylinux policy they claim", "[inspect][wheel][unit]") {
  CHECK(manylinux_claim("manylinux2014_x86_64")->policy == "manylinux_2_17");
  CHECK(manylinux_claim("manylinux1_x86_64")->policy == "manylinux_2_5");
  CHECK(manylinux_claim("manylinux_2_28_x86_64")->policy == "manylinux_2_28");
  CHECK(manylinux_claim("manylinux_2_28_x86_64")->arch == "x86_64");
  CHECK(manylinux_claim("manylinux_2_39_aarch64")->arch == "aarch64");
  CHECK_FALSE(manylinux_claim("linux_x86_64"));
  CHECK_FALSE(manylinux_claim("any"));
  CHECK(glibc_minor("manylinux_2_31") == 31);
  CHECK(glibc_minor("linux") == 0);
}

TEST_CASE("an abi3 wheel promises the stable ABI of its lowest cpXY tag", "[inspect][wheel][unit]") {
  CHECK(abi3_floor(*parse_wheel_name("a-1-cp38-abi3-linux_x86_64.whl")) == "3.8");
  CHECK(abi3_floor(*parse_wheel_name("a-1-cp310.cp39-abi3-linux_x86_64.whl")) == "3.9");
  CHECK_FALSE(abi3_floor(*parse_wheel_name("a-1-cp312-cp312-linux_x86_64.whl")));
  CHECK(gpu_generation(90) == "Hopper");
  CHECK(gpu_generation(86) == "Ampere");
  CHECK(gpu_generation(100) == "Blackwell");
}
