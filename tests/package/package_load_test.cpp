// SPDX-License-Identifier: Apache-2.0
// The bundle is a Hub repo as is: unzipped, the real `kernels` loader imports it and runs its op.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "package/package.hpp"
#include "tests/inspect/tree_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

TEST_CASE("an unzipped bundle of two shards loads through kernels.get_local_kernel", "[package][referee]") {
  REQUIRE_FALSE(test::python().empty());  // make deps installs kernels and torch (tests/requirements.txt)
  test::TempDir dir;
  const char* init =
      "import torch\nfrom ._ops import ops, add_op_namespace_prefix\n\n__all__ = [\"relu\"]\n\n"
      "@torch.library.custom_op(add_op_namespace_prefix(\"relu\"), mutates_args=())\n"
      "def relu(x: torch.Tensor) -> torch.Tensor:\n    return torch.relu(x)\n";
  for (const char* shard : {"cpu", "cuda"}) {
    test::VariantSpec s = test::named(std::string("torch-") + shard);
    s.backend = shard;
    s.uid = "pkg0001";
    fs::path v = test::write_variant(dir / shard / "build", s);
    test::write_text(v / "__init__.py", init);
    test::rehash(v);
  }
  package::Options o;
  o.sources = {dir / "cpu/build", dir / "cuda/build"};
  o.output = dir / "relu.zip";
  auto r = package::package(o);
  INFO(package::render_text(r));
  REQUIRE(r.written);
  REQUIRE(r.manifest["gate"]["errors"] == 0);
  auto unzip = test::run({"python3", "-m", "zipfile", "-e", o.output.string(), (dir / "repo").string()});
  REQUIRE(unzip.exit_code == 0);
  CHECK(fs::exists(dir / "repo/README.md"));

  auto ref = test::run({test::python().string(), (test::source_dir() / "tests/inspect/kernels_load.py").string(),
                        (dir / "repo").string()});
  INFO(ref.output);
  REQUIRE(ref.exit_code == 0);
  auto line = ref.output.substr(ref.output.find('{'));
  auto verdict = nlohmann::json::parse(line.substr(0, line.find('\n')));
  CHECK(verdict["ok"] == true);
}

TEST_CASE("the gate inspects the merged shards as one tree", "[package][gate][unit]") {
  // Two Torch versions of one backend share the op id; as separate trees inspect would call that
  // a collision between two kernels loaded into one process (ops.collision across peers).
  test::TempDir dir;
  for (const char* v : {"torch211-cxx11-cpu-x86_64-linux", "torch212-cxx11-cpu-x86_64-linux"}) {
    test::VariantSpec s = test::named(v);
    s.backend = "cpu";
    test::write_variant(dir / v / "build", s);
  }
  package::Options o;
  o.sources = {dir / "torch211-cxx11-cpu-x86_64-linux/build", dir / "torch212-cxx11-cpu-x86_64-linux/build"};
  o.output = dir / "o.zip";
  auto r = package::package(o);
  INFO(inspect::render_text(r.gate, false));
  CHECK(r.written);
  REQUIRE(r.gate.targets.size() == 1);
  CHECK(r.gate.targets[0].path == "build");
  for (const auto& f : r.gate.targets[0].findings) CHECK(f.rule != "ops.collision");
}
