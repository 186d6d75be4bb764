// SPDX-License-Identifier: Apache-2.0
// kb package's size report over a tree whose variant ships real nvcc device code.
#include <map>

#include <catch2/catch.hpp>

#include "package/package.hpp"
#include "tests/inspect/fatbin_fixtures.hpp"
#include "tests/package/package_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

TEST_CASE("the size report gives a CUDA variant's bytes per arch from the gate's listing", "[package][sizes][unit]") {
  test::TempDir dir;
  const std::string name = "torch210-cxx11-cu130-x86_64-linux";
  pkgtest::write_variant(dir / "build", {name, "relu", "cuda"});
  const fs::path so = test::fatbin_fixture("gencode_ptx");  // sm_80 and sm_90 SASS, compute_90 PTX
  fs::copy_file(so, dir / "build" / name / "_relu_cuda_abc1234.abi3.so");

  std::map<std::string, std::uint64_t> expected;
  for (const inspect::FatbinEntry& e : test::fatbin_listing_of(so).entries) expected[e.arch] += e.stored_size();
  REQUIRE(expected.size() == 3);

  package::Options o;
  o.sources = {dir / "build"};
  o.output = dir / "o.zip";
  o.allow_nonconformant = true;  // the size report does not depend on the verdict
  auto r = package::package(o);
  REQUIRE(r.written);
  const auto& v = r.manifest["sizes"]["variants"].at(0);
  CHECK(v["name"] == name);
  REQUIRE(v.contains("cuda_archs"));
  std::map<std::string, std::uint64_t> got;
  for (const auto& [arch, bytes] : v["cuda_archs"].items()) got[arch] = bytes.get<std::uint64_t>();
  CHECK(got == expected);
}
