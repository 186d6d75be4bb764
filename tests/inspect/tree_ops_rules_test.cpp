// SPDX-License-Identifier: Apache-2.0
// ops.namespace, ops.collision, tree.variant-name, tree.completeness. ELF facts of the .so are
// set by hand where a rule reads them (PyInit, TORCH_LIBRARY namespaces, machine, DT_NEEDED).
#include <catch2/catch.hpp>

#include "tests/inspect/tree_fixture.hpp"
#include "tests/test_env.hpp"

using namespace kb;
using namespace kb::test;
using namespace kb::inspect;
namespace fs = std::filesystem;

namespace {

SoFacts so_facts(const std::string& pyinit, std::vector<std::string> namespaces, const std::string& machine = "x86_64",
                 std::vector<std::string> needed = {}) {
  SoFacts f;
  f.machine = machine;
  f.needed = std::move(needed);
  DynSymbol s;
  s.name = "PyInit_" + pyinit;
  s.defined = true;
  f.dynsyms.push_back(s);
  f.torch_library_namespaces = std::move(namespaces);
  return f;
}

}  // namespace

TEST_CASE("ops.namespace: a consistent variant passes", "[inspect][ops.namespace][unit]") {
  TempDir dir;
  TreeFacts t = load_facts(write_variant(dir / "build", VariantSpec{}).parent_path());
  REQUIRE(t.variants.at(0).natives.size() == 1);
  t.variants[0].natives[0].facts = so_facts("_relu_cuda_abc1234", {"_relu_cuda_abc1234"});
  CHECK(run_tree_rule("ops.namespace", t).empty());
  TempDir dir2;
  CHECK(run_tree_rule("ops.namespace", load_facts(write_variant(dir2.path(), named("torch-cuda")))).empty());
}

TEST_CASE("ops.namespace: bad ids, so/PyInit/_ops mismatches, hard-coded TORCH_LIBRARY", "[inspect][ops.namespace][unit]") {
  TempDir dir;
  VariantSpec generic;
  generic.id = "_C";
  auto found = run_tree_rule("ops.namespace", load_facts(write_variant(dir / "a", generic)));
  CHECK(has_finding(found, Severity::error, "is not of the form"));
  VariantSpec dashes;
  dashes.id = "_relu-kernel_metal_abc1234";  // the kb 2d8e2b1 Metal bug
  dashes.native = false;
  found = run_tree_rule("ops.namespace", load_facts(write_variant(dir / "b", dashes)));
  CHECK(has_finding(found, Severity::error, "is not of the form"));
  VariantSpec dirty;
  dirty.uid = "abc1234_dirty";
  found = run_tree_rule("ops.namespace", load_facts(write_variant(dir / "c", dirty)));
  CHECK(has_finding(found, Severity::warning, "dirty"));
  VariantSpec wrong_backend;
  wrong_backend.id = "_relu_rocm_abc1234";
  found = run_tree_rule("ops.namespace", load_facts(write_variant(dir / "d", wrong_backend)));
  CHECK(has_finding(found, Severity::error, "does not start with _relu_cuda_"));

  fs::path v = write_variant(dir / "e", VariantSpec{});
  fs::rename(v / "_relu_cuda_abc1234.abi3.so", v / "_relu_cuda_deadbee.abi3.so");
  write_text(v / "_ops.py", "import torch\nfrom . import _relu_cuda_deadbee\nops = torch.ops._relu_cuda_deadbee\n"
                            "def add_op_namespace_prefix(n):\n    return f\"_relu_cuda_deadbee::{n}\"\n");
  TreeFacts t = load_facts(v);
  t.variants[0].natives[0].facts = so_facts("_relu_cuda_deadbee", {"myops"});
  found = run_tree_rule("ops.namespace", t);
  CHECK(has_finding(found, Severity::error, "is not named after id"));
  CHECK(has_finding(found, Severity::error, "torch.ops._relu_cuda_deadbee"));
  CHECK(has_finding(found, Severity::error, "namespace literal"));
  CHECK(has_finding(found, Severity::error, "native module import"));
  CHECK(has_finding(found, Severity::error, "TORCH_LIBRARY namespace \"myops\" is hard-coded"));

  VariantSpec noarch = named("torch-cuda");
  fs::path n = write_variant(dir / "f", noarch);
  write_text(n / "_ops.py", "def _find_ops_name():\n    kernel_name = \"relu\"\n    unique_id = \"deadbee\"\n");
  CHECK(has_finding(run_tree_rule("ops.namespace", load_facts(n)), Severity::error, "_relu_cuda_deadbee"));
}

TEST_CASE("ops.collision: ids shared across backends or across versions", "[inspect][ops.collision][e2e]") {
  TempDir dir;
  VariantSpec cuda = named("torch-cuda");
  VariantSpec cpu = named("torch-cpu");
  cpu.id = "_relu_cuda_abc1234";  // copied from the cuda build
  write_variant(dir / "build", cuda);
  write_variant(dir / "build", cpu);
  auto found = run_tree_rule("ops.collision", load_facts(dir.path()));
  CHECK(has_finding(found, Severity::error, "shared by variants of different backends"));

  TempDir v1, v2;
  write_variant(v1 / "build", cuda);
  VariantSpec later = cuda;
  later.extra["version"] = 2;
  write_variant(v2 / "build", later);
  TreeFacts a = load_facts(v1.path()), b = load_facts(v2.path());
  a.peers = {&b};
  CHECK(has_finding(run_tree_rule("ops.collision", a), Severity::error, "both cannot load in one process"));
  TempDir v3;
  write_variant(v3 / "build", cuda);  // the same build (e.g. another shard) is fine
  TreeFacts c = load_facts(v3.path());
  a.peers = {&c};
  CHECK(run_tree_rule("ops.collision", a).empty());
  CommandResult r = run_kb({"inspect", v1.path().string(), v2.path().string()});
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("ops.collision") != std::string::npos);
}

TEST_CASE("tree.variant-name: grammar, backend, CPU and libcudart", "[inspect][tree.variant-name][unit]") {
  TempDir dir;
  write_variant(dir / "build", VariantSpec{});
  TreeFacts ok = load_facts(dir.path());
  ok.variants[0].natives[0].facts = so_facts("_relu_cuda_abc1234", {}, "x86_64", {"libcudart.so.13"});
  CHECK(run_tree_rule("tree.variant-name", ok).empty());
  ok.variants[0].natives[0].facts = so_facts("_relu_cuda_abc1234", {}, "aarch64", {"libcudart.so.12"});
  auto found = run_tree_rule("tree.variant-name", ok);
  CHECK(has_finding(found, Severity::error, "aarch64 code in a x86_64 variant"));
  CHECK(has_finding(found, Severity::error, "needs libcudart.so.12"));

  TempDir bad;
  write_variant(bad / "build", named("torch2.12-cu126-x86_64-linux"));
  write_variant(bad / "build", named("torch212-cu126-linux"));
  write_variant(bad / "build", named("torch212-cxx11-cpu-aarch64-darwin"));
  VariantSpec mismatch = named("torch212-cxx11-cu126-x86_64-linux");
  mismatch.backend = "rocm";
  write_variant(bad / "build", mismatch);
  found = run_tree_rule("tree.variant-name", load_facts(bad.path()));
  CHECK(has_finding(found, Severity::error, "torch2.12-cu126-x86_64-linux does not parse"));
  CHECK(has_finding(found, Severity::error, "torch212-cu126-linux does not parse"));
  CHECK(has_finding(found, Severity::warning, "torch212-cxx11-cpu-aarch64-darwin is loadable but no builder"));
  CHECK(has_finding(found, Severity::error, "names backend cuda but metadata.backend.type is rocm"));

  TempDir other;  // shapes builders emit that kb's own variant parser does not cover
  for (const char* name : {"tvm-ffi01-cu126-x86_64-linux", "torch212-cu126-x86_64-windows"}) {
    VariantSpec s = named(name);
    s.native = false;
    write_variant(other / "build", s);
  }
  CHECK(run_tree_rule("tree.variant-name", load_facts(other.path())).empty());
}

TEST_CASE("tree.completeness: an incomplete CUDA set warns, a complete one passes", "[inspect][tree.completeness][unit]") {
  TempDir dir;
  VariantSpec s;
  s.native = false;
  write_variant(dir / "build", s);
  auto found = run_tree_rule("tree.completeness", load_facts(dir.path()));
  CHECK(has_finding(found, Severity::warning, "non-compliant for cuda x86_64-linux: missing 5"));
  for (const char* torch : {"torch212", "torch213"})
    for (const char* cu : {"cu126", "cu130", "cu132"}) {
      VariantSpec v = named(std::string(torch) + "-cxx11-" + cu + "-x86_64-linux");
      v.native = false;
      write_variant(dir / "build", v);
    }
  CHECK(run_tree_rule("tree.completeness", load_facts(dir.path())).empty());
  CHECK(run_tree_rule("tree.completeness", load_facts(dir / "build/torch212-cxx11-cu130-x86_64-linux")).empty());
}
