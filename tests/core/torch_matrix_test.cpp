// SPDX-License-Identifier: Apache-2.0
// The variant matrix as data: parsing, the build-variants.json import (kb update-matrix) and the
// entries kb build / kb variants plan from.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/torch_matrix.hpp"

using namespace kb;

namespace {

const char* k_matrix = R"({
  "about": "test",
  "required": {"x86_64-linux": {"cuda": ["torch212-cxx11-cu126-x86_64-linux", "torch212-cxx11-cu130-x86_64-linux"],
                                "cpu": ["torch212-cxx11-cpu-x86_64-linux"]},
               "aarch64-darwin": {"metal": ["torch212-metal-aarch64-darwin"]}},
  "torch": [{"version": "2.12.1", "cuda": "13.0", "cxx_abi": "cxx11"}, {"version": "2.15.0", "cuda": "13.2"}],
  "cuda_archs": {"13.0": ["8.0", "12.1+PTX"]},
  "cuda_toolkits": {"13.2": {"nvidia-cuda-nvcc": "13.2.86"}}
})";

// The kernels project's build-variants.json shape (nix-builder), two releases newer.
const char* k_build_variants = R"({
  "aarch64-linux": {"cuda": ["torch214-cxx11-cu130-aarch64-linux"]},
  "x86_64-linux": {"cuda": ["torch214-cxx11-cu130-x86_64-linux", "torch215-cxx11-cu132-x86_64-linux"],
                   "cpu": ["torch215-cxx11-cpu-x86_64-linux"]}
})";

std::string error_of(const std::string& doc) {
  try {
    import_build_variants(parse_torch_matrix(k_matrix, "m.json"), doc, "bv.json");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::bad_input);
    return std::string(e.what()) + "\n" + e.hint();
  }
  return "";
}

}  // namespace

TEST_CASE("matrix.json: releases, archs, toolkits and the required set with kb's own releases as optional", "[unit][core][matrix]") {
  TorchMatrix m = parse_torch_matrix(k_matrix, "m.json");
  REQUIRE(m.torch.size() == 2);
  CHECK(m.torch[1].cuda == "13.2");
  CHECK(m.torch[1].cxx_abi == "cxx11");
  CHECK(m.cuda_archs.at("13.0").back() == "12.1+PTX");
  CHECK(m.cuda_toolkits.at("13.2").front().second == "13.2.86");
  std::vector<std::string> names, optional;
  for (const MatrixEntry& e : m.entries()) {
    names.push_back(e.name);
    if (!e.required) optional.push_back(e.name);
  }
  CHECK(names.size() == 6);
  CHECK(optional == std::vector<std::string>{"torch215-cxx11-cpu-x86_64-linux", "torch215-cxx11-cu132-x86_64-linux"});
  for (const MatrixEntry& e : m.entries())
    if (e.name == "torch212-cxx11-cu126-x86_64-linux") CHECK(e.backend_version == "12.6");
  CHECK(unflatten_version("20253") == "2025.3");
  // A round trip through the writer keeps everything.
  TorchMatrix again = parse_torch_matrix(torch_matrix_to_json(m), "again");
  CHECK(again.required == m.required);
  CHECK(again.about == "test");
  CHECK(again.cuda_toolkits == m.cuda_toolkits);
  CHECK(again.torch.size() == 2);
}

TEST_CASE("kb update-matrix: build-variants.json replaces the required set, the rest stays", "[unit][core][matrix]") {
  TorchMatrix m = import_build_variants(parse_torch_matrix(k_matrix, "m.json"), k_build_variants, "bv.json");
  CHECK(m.required.at("x86_64-linux").at("cuda").size() == 2);
  CHECK(m.required.count("aarch64-darwin") == 0);
  CHECK(m.torch.size() == 2);
  bool cu132_required = false;
  for (const MatrixEntry& e : m.entries())
    if (e.name == "torch215-cxx11-cu132-x86_64-linux") cu132_required = e.required;
  CHECK(cu132_required);
}

TEST_CASE("a bad build-variants.json names the file, the key and the name", "[unit][core][matrix]") {
  CHECK(error_of("[1]").find("bv.json: (document): not a JSON object") != std::string::npos);
  std::string misplaced = error_of(R"({"x86_64-linux": {"cpu": ["torch215-cxx11-cu132-x86_64-linux"]}})");
  CHECK(misplaced.find("bv.json: x86_64-linux.cpu: \"torch215-cxx11-cu132-x86_64-linux\" is a cuda variant") != std::string::npos);
  CHECK(misplaced.find("move it under \"x86_64-linux\".\"cuda\"") != std::string::npos);
  CHECK(error_of(R"({"x86_64-linux": {"cpu": ["torch-cpu"]}})").find("is not a variant name") != std::string::npos);
  CHECK(error_of(R"({"x86_64-linux": {"cpu": "torch215-cxx11-cpu-x86_64-linux"}})").find("must be a list") != std::string::npos);
}
