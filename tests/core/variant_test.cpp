// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/variant.hpp"

using namespace kb;

TEST_CASE("variant names round-trip through the grammar", "[core][variant][unit]") {
  for (const char* name : {"torch212-cxx11-cu130-x86_64-linux", "torch29-cxx11-cpu-aarch64-linux",
                           "torch210-cxx11-rocm71-x86_64-linux", "torch212-cxx11-xpu20253-x86_64-linux",
                           "torch212-metal-aarch64-darwin", "torch-stable-abi212-cu130-x86_64-linux",
                           "torch-universal", "torch-cuda", "torch27-cxx98-cu118-x86_64-linux",
                           "tvm-ffi01-cu130-x86_64-linux", "tvm-ffi01-cpu-aarch64-darwin"}) {
    auto v = parse_variant(name);
    INFO(name);
    REQUIRE(v);
    CHECK(v->name() == name);
  }
  auto v = parse_variant("torch212-cxx11-cu130-x86_64-linux");
  CHECK(v->backend == "cuda");
  CHECK(v->backend_version == "130");
  CHECK(v->torch_minor == 12);
  auto tvm = parse_variant("tvm-ffi01-cu130-x86_64-linux");
  CHECK(tvm->shape == Variant::Shape::tvm_ffi);
  CHECK(tvm->torch_major == 0);  // tvm-ffi 0.1
  CHECK(tvm->torch_minor == 1);
}

TEST_CASE("malformed variant names are rejected", "[core][variant][unit]") {
  for (const char* name : {"torch212-cu130-x86_64-linux", "torch212-cxx11-cuda-x86_64-linux", "torch-foo",
                           "torch2-cxx11-cpu-x86_64-linux", "torch212-cxx11-cpu-x86_64-windows", ""}) {
    INFO(name);
    CHECK_FALSE(parse_variant(name));
  }
  CHECK(flatten_version("13.0") == "130");
  CHECK(flatten_version("12.8.1") == "128");
}
