// SPDX-License-Identifier: Apache-2.0
// The real `kernels` library fetches what kb published: get_kernel(repo, version=1) on the local Hub.
// The variant here is a hand-written Python-only torch-cpu kernel, so these tests need no compiler;
// tests/e2e/relu_pipeline_test.cpp publishes examples/relu-edition5's kb-built CPU variant.
#include <catch2/catch.hpp>

#include "tests/publish/local_hub.hpp"

namespace fs = std::filesystem;
using namespace kb::test;

namespace {

// A Python-only torch-cpu relu kernel under DIR/build.
void write_cpu_kernel(const fs::path& dir) {
  fs::path v = dir / "build/torch-cpu";
  write_text(v / "metadata.json", R"({"name": "relu", "id": "_relu_cpu_0123abc", "version": 1, "license": "apache-2.0",
                                      "python-depends": [], "backend": {"type": "cpu"}})");
  write_text(v / "__init__.py", "import torch\n\nfrom ._ops import ops\n\n\ndef relu(x):\n    return torch.relu(x)\n");
  write_text(v / "_ops.py", "import torch\nops = torch.ops._relu_cpu_0123abc\n\n\ndef add_op_namespace_prefix(name):\n"
                            "    return f\"_relu_cpu_0123abc::{name}\"\n");
  write_text(dir / "build/CARD.md", "# relu\n");
}

kb::CommandResult get_kernel(LocalHub& hub, const TempDir& tmp) {
  return run_env({python().string(), (source_dir() / "tests/hub/kernels_get.py").string(), "org/relu", "1"},
                   hub_env(hub, "hf_read_token", tmp / "hf"));
}

}  // namespace

TEST_CASE("kernels.get_kernel(version=1) loads and runs what kb published", "[publish][e2e][kernels]") {
  if (python().empty()) FAIL("no referee venv (~/.cache/kb/venv): run `make deps`");
  LocalHub hub;
  TempDir tmp;
  write_cpu_kernel(tmp / "relu");
  auto pub = kb_publish(hub, "hf_write_token", tmp / "hf", {(tmp / "relu").string(), "--repo-id", "org/relu", "--allow-nonconformant"});
  INFO(pub.output);
  REQUIRE(pub.exit_code == 0);
  auto r = get_kernel(hub, tmp);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("get_kernel ok _relu_cpu_0123abc") != std::string::npos);
  bool listed = false;
  for (const auto& e : hub.requests()) listed |= e["path"].get<std::string>().find("/api/kernels/org/relu/refs") == 0;
  CHECK(listed);
}

TEST_CASE("a bundle from kb package is published from the zip and loads with kernels", "[publish][e2e][kernels][bundle]") {
  if (python().empty()) FAIL("no referee venv (~/.cache/kb/venv): run `make deps`");
  LocalHub hub;
  TempDir tmp;
  write_cpu_kernel(tmp / "relu");
  auto pkg = run_kb({"package", (tmp / "relu/build").string(), "-o", (tmp / "relu.zip").string(), "--repo-id", "org/relu",
                     "--allow-nonconformant"});
  INFO(pkg.output);
  REQUIRE(pkg.exit_code == 0);
  auto pub = kb_publish(hub, "hf_write_token", tmp / "hf", {(tmp / "relu.zip").string(), "--repo-id", "org/relu", "--allow-nonconformant"});
  INFO(pub.output);
  REQUIRE(pub.exit_code == 0);
  CHECK(pub.output.find("4 file(s) added") != std::string::npos);  // 3 variant files + the card
  auto r = get_kernel(hub, tmp);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("get_kernel ok _relu_cpu_0123abc") != std::string::npos);
}
