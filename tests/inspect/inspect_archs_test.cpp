// SPDX-License-Identifier: Apache-2.0
// `kb inspect --archs` and the JSON "cuda" object, end to end on nvcc fixtures.
#include <algorithm>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/inspect/fatbin_fixtures.hpp"
#include "tests/test_env.hpp"

using kb::test::fatbin_fixture;
namespace fs = std::filesystem;

TEST_CASE("kb inspect --archs lists device code per .so", "[inspect][fatbin][cli][e2e]") {
  auto r = kb::test::run_kb({"inspect", "--archs", fatbin_fixture("gencode_ptx").string()});
  CHECK(r.exit_code == 0);
  CHECK(r.output.find(".nv_fatbin      sass    sm_80              2") != std::string::npos);
  CHECK(r.output.find(".nv_fatbin      ptx     compute_90         1") != std::string::npos);
  CHECK(r.output.find("zstd") != std::string::npos);
}

TEST_CASE("kb inspect JSON carries the cuda object, cuda.kernels fires on the partial fixture", "[inspect][fatbin][cli][e2e]") {
  auto r = kb::test::run_kb({"inspect", "--format", "json", fatbin_fixture("partial_kernel").string()});
  auto j = nlohmann::json::parse(r.output);
  const auto& t = j["targets"][0];
  CHECK(t["cuda"]["sass"] == nlohmann::json::array({"sm_80", "sm_90"}));
  CHECK(t["cuda"]["entries"].size() == 5);
  CHECK(t["cuda"]["entries"][0]["ptx_version"].is_null());
  bool saw = false;
  for (const auto& f : t["findings"])
    if (f["rule"] == "cuda.kernels" && f["subject"] == "_Z4mul2Pf") saw = true;
  CHECK(saw);
}

TEST_CASE("cuda.archs on a variant directory compares metadata with the SASS", "[inspect][cuda.archs][cli][e2e]") {
  kb::test::TempDir tmp;
  fs::path v = tmp / "torch29-cxx11-cu130-x86_64-linux";
  fs::create_directories(v);
  fs::copy_file(fatbin_fixture("arch_a"), v / "_ops.abi3.so");
  auto archs_findings = [&](const std::string& archs) {
    kb::test::write_text(v / "metadata.json", R"({"name":"k","id":"_k_cuda_1","version":1,"license":"MIT",
      "python-depends":[],"kernel-depends":[],"backend":{"type":"cuda","archs":)" + archs + "}}");
    auto r = kb::test::run_kb({"inspect", "--format", "json", v.string()});
    auto j = nlohmann::json::parse(r.output);
    std::vector<std::string> out;
    for (const auto& f : j["targets"][0]["findings"])
      if (f["rule"] == "cuda.archs") out.push_back(f["severity"].get<std::string>() + " " + f["subject"].get<std::string>());
    CHECK(j["targets"][0]["files"].begin()->contains("cuda"));
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(archs_findings(R"(["9.0a+PTX"])").empty());
  CHECK(archs_findings(R"(["9.0a", "10.0"])") == std::vector<std::string>{"error 10.0"});
  CHECK(archs_findings(R"(["9.0"])") == std::vector<std::string>{"error 9.0", "warning sm_90a"});
}
