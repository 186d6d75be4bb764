// SPDX-License-Identifier: Apache-2.0
// The whole pipeline on examples/relu-edition5's real CPU variant: kb build → kb package → the
// unzipped bundle loads with kernels.get_local_kernel → kb publish of the zip to the local Hub →
// kernels.get_kernel(version=1). Each stage is checked by the real `kernels` library and torch.relu.
#include <catch2/catch.hpp>

#include "tests/publish/local_hub.hpp"

namespace fs = std::filesystem;
using namespace kb::test;

namespace {

// Python's zipfile is the referee for "a user can unzip the bundle" (not kb's own reader).
void unzip(const fs::path& zip, const fs::path& dest) {
  kb::CommandResult r = run({python().string(), "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
                             zip.string(), dest.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("relu-edition5 CPU: kb build, package, get_local_kernel, publish, get_kernel", "[e2e][package][publish]") {
  if (python().empty()) FAIL("no referee venv (~/.cache/kb/venv): run `make deps`");
  TempDir tmp;
  fs::path dir = tmp / "relu";
  fs::copy(source_dir() / "examples/relu-edition5", dir, fs::copy_options::recursive);
  fs::remove_all(dir / "build");
  fs::remove_all(dir / ".kb-build");

  kb::CommandResult built = run_kb({"build", dir.string(), "--torch", "2.11", "--backend", "cpu"});
  INFO(built.output);
  REQUIRE(built.exit_code == 0);
  const std::string variant = "torch211-cxx11-cpu-x86_64-linux";
  REQUIRE(fs::exists(dir / "build" / variant / "metadata.json"));

  fs::path zip = tmp / "relu.zip";
  kb::CommandResult pkg = run_kb({"package", (dir / "build").string(), "--output", zip.string()});
  INFO(pkg.output);
  REQUIRE(pkg.exit_code == 0);
  unzip(zip, tmp / "unzipped");
  REQUIRE(fs::exists(tmp / "unzipped/build" / variant / "metadata.json"));
  // The kb-built extension is in the bundle, not a Python-only stand-in.
  bool has_so = false;
  for (const auto& e : fs::directory_iterator(tmp / "unzipped/build" / variant))
    has_so |= e.path().filename().string().rfind("_relu_cpu_", 0) == 0 && e.path().extension() == ".so";
  CHECK(has_so);

  kb::CommandResult local = run({python().string(), (source_dir() / "tests/build/kernels_relu.py").string(),
                                 (tmp / "unzipped").string()});
  INFO(local.output);
  REQUIRE(local.exit_code == 0);  // relu == torch.relu on five shapes of random inputs
  CHECK(local.output.find("ok _relu_cpu_") != std::string::npos);

  LocalHub hub;
  kb::CommandResult pub = kb_publish(hub, "hf_write_token", tmp / "hf", {zip.string(), "--repo-id", "org/relu"});
  INFO(pub.output);
  REQUIRE(pub.exit_code == 0);
  CHECK(pub.output.find("org/relu@v1") != std::string::npos);

  kb::CommandResult got = run_env({python().string(), (source_dir() / "tests/hub/kernels_get.py").string(), "org/relu", "1"},
                                  hub_env(hub, "hf_read_token", tmp / "hf"));
  INFO(got.output);
  REQUIRE(got.exit_code == 0);  // relu == torch.relu, fetched through the Hub API as users do
  CHECK(got.output.find("get_kernel ok _relu_cpu_") != std::string::npos);
}
