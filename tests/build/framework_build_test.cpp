// SPDX-License-Identifier: Apache-2.0
// kb build on the framework examples (docs/frameworks.md): the stable-ABI CPU variant, built
// once, loads through `kernels` in every Torch release from 2.11 on; the tvm-ffi CPU variant
// loads through `kernels` with apache-tvm-ffi and no Torch link. Both are gated by kb inspect.
#include <catch2/catch.hpp>

#include <chrono>
#include <tuple>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "build/tvm_ffi_toolchain.hpp"
#include "tests/build/torch_runtime_fixture.hpp"
#include "tests/build/examples_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using kb::test::copy_example;
using kb::test::run;
using kb::test::run_kb;

namespace {

std::vector<std::string> variant_names(const fs::path& project) {
  std::vector<std::string> out;
  for (const fs::path& v : kb::test::built_variants(project)) out.push_back(v.filename().string());
  return out;
}

// Runs the venv's python with `pythonpath` first on the import path.
kb::CommandResult python_with(const std::string& pythonpath, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"env", "PYTHONPATH=" + pythonpath, kb::test::python().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

std::string script(const std::string& name) { return (kb::test::source_dir() / "tests/build" / name).string(); }

// The directory a *_runtime.py helper printed as "PYTHONPATH_DIR=<dir>".
std::string runtime_dir(const std::string& output) {
  size_t at = output.find("PYTHONPATH_DIR=");
  if (at == std::string::npos) return "";
  std::string dir = output.substr(at + 15);
  return dir.substr(0, dir.find('\n'));
}

}  // namespace

TEST_CASE("relu-stable-abi CPU variant built once loads in Torch 2.11 to 2.15", "[build][slow][stable-abi][scheduled]") {
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "relu-stable-abi", "relu-stable-abi");
  kb::CommandResult b = run_kb({"build", p.string(), "--backend", "cpu", "--unique-id", "sa"});
  INFO(b.output);
  REQUIRE(b.exit_code == 0);
  const std::string variant = "torch-stable-abi211-cpu-x86_64-linux";
  REQUIRE(variant_names(p) == std::vector<std::string>{variant});
  // The .so names no Torch library but the one holding the C shims.
  kb::CommandResult needed = run({"readelf", "-d", kb::test::variant_so(p / "build" / variant).string()});
  CHECK(needed.output.find("libtorch_cpu.so") != std::string::npos);
  CHECK(needed.output.find("libc10.so") == std::string::npos);
  CHECK(needed.output.find("libtorch.so") == std::string::npos);

  for (const char* version : {"2.11.0", "2.12.1", "2.13.0", "2.14.1", "2.15.0"}) {
    auto start = std::chrono::steady_clock::now();
    std::string path;
    if (std::string(version) != "2.11.0") {  // 2.11.0 is the venv's own torch
      kb::CommandResult rt = run({kb::test::python().string(), script("torch_runtime.py"), version});
      INFO(rt.output);
      REQUIRE(rt.exit_code == 0);
      path = runtime_dir(rt.output);
      REQUIRE(!path.empty());
    }
    kb::CommandResult r = python_with(path, {script("kernels_framework_relu.py"), "stable-abi", p.string(), variant});
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO("torch " << version << " (" << s << " s)\n" << r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find(std::string("ok torch ") + version) != std::string::npos);
  }
}

TEST_CASE("relu-tvm-ffi CPU variant loads through kernels with apache-tvm-ffi", "[build][e2e][tvm-ffi]") {
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "relu-tvm-ffi", "relu-tvm-ffi");
  kb::CommandResult b = run_kb({"build", p.string(), "--backend", "cpu", "--unique-id", "tf"});
  INFO(b.output);
  REQUIRE(b.exit_code == 0);
  const std::string variant = "tvm-ffi01-cpu-x86_64-linux";
  REQUIRE(variant_names(p) == std::vector<std::string>{variant});
  fs::path dir = p / "build" / variant;
  CHECK(fs::exists(dir / "_relu_tvm_ffi_cpu_tf.so"));
  CHECK(fs::exists(dir / "relu_tvm_ffi" / "__init__.py"));
  kb::CommandResult needed = run({"readelf", "-d", (dir / "_relu_tvm_ffi_cpu_tf.so").string()});
  CHECK(needed.output.find("libtvm_ffi.so") != std::string::npos);
  CHECK(needed.output.find("libtorch") == std::string::npos);
  CHECK(needed.output.find("libc10") == std::string::npos);

  // apache-tvm-ffi into a target dir of kb's cache, never into the referee venv: `kernels`
  // changes its variant choice when tvm_ffi is importable.
  kb::CommandResult rt = run({kb::test::python().string(), script("tvm_ffi_runtime.py"), kb::build::k_tvm_ffi_version});
  INFO(rt.output);
  REQUIRE(rt.exit_code == 0);
  std::string path = runtime_dir(rt.output);
  REQUIRE(!path.empty());
  kb::CommandResult r = python_with(path, {script("kernels_framework_relu.py"), "tvm-ffi", p.string(), variant});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("ok tvm-ffi") != std::string::npos);
}

TEST_CASE("CUDA stable-ABI and tvm-ffi variants build gate-clean with nvcc's CUDA", "[build][e2e][cuda]") {
  kb::test::TempDir tmp;
  for (auto [example, variant, forbidden] :
       {std::tuple{"relu-stable-abi", "torch-stable-abi211-cu130-x86_64-linux", "libc10"},
        std::tuple{"relu-tvm-ffi", "tvm-ffi01-cu130-x86_64-linux", "libtorch"}}) {
    fs::path p = copy_example(tmp, example, example);
    // Only the system toolkit's variant: the PyPI-toolkit ones are the [scheduled] case below.
    kb::CommandResult b = run_kb({"build", p.string(), "--variant", variant, "--cuda-archs", "8.0", "--unique-id", "cu"});
    INFO(example << "\n" << b.output);
    REQUIRE(b.exit_code == 0);  // the gate (abi.torch-stable / tvm-ffi.*) found nothing
    REQUIRE(variant_names(p) == std::vector<std::string>{variant});
    fs::path so = kb::test::variant_so(p / "build" / variant);
    kb::CommandResult needed = run({"readelf", "-d", so.string()});
    CHECK(needed.output.find("libcudart.so.13") != std::string::npos);
    CHECK(needed.output.find(forbidden) == std::string::npos);
    kb::CommandResult archs = run_kb({"inspect", "--archs", so.string()});
    CHECK(archs.output.find("sm_80") != std::string::npos);
  }
}

TEST_CASE("stable-ABI CUDA variants build for every PyPI CUDA toolkit and the cu132 one loads in Torch 2.15",
          "[build][slow][cuda-toolkit][stable-abi][scheduled]") {
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "relu-stable-abi", "relu-stable-abi");
  kb::CommandResult b = run({"env", "-u", "CUDA_HOME", kb::test::kb_exe().string(), "build", p.string(), "--backend", "cuda",
                             "--cuda-archs", "8.0", "--unique-id", "cu", "--no-system-cuda"});
  INFO(b.output);
  REQUIRE(b.exit_code == 0);  // both variants gate-clean
  REQUIRE(variant_names(p) == std::vector<std::string>{"torch-stable-abi211-cu130-x86_64-linux", "torch-stable-abi211-cu132-x86_64-linux"});
  for (auto [variant, nvcc] : {std::pair{"torch-stable-abi211-cu130-x86_64-linux", "13.0.88"},
                               std::pair{"torch-stable-abi211-cu132-x86_64-linux", "13.2.86"}}) {
    fs::path dir = p / "build" / variant;
    nlohmann::json meta = nlohmann::json::parse(kb::test::read_text(dir / "metadata.json"));
    CHECK(meta["provenance"]["toolchain"]["nvidia-cuda-nvcc"] == nvcc);
    CHECK(meta["provenance"]["toolchain"]["torch"] == "2.11.0");  // the target release's headers
  }
  // Built against Torch 2.11's headers, loaded into Torch 2.15.0+cu132: the stable ABI's promise.
  std::string log;
  fs::path rt = kb::test::torch_runtime("2.15.0", &log);
  INFO(log);
  REQUIRE_FALSE(rt.empty());
  kb::CommandResult schema = python_with(rt.string(), {script("cuda_schema.py"), (p / "build" / "torch-stable-abi211-cu132-x86_64-linux").string()});
  INFO(schema.output);
  CHECK(schema.exit_code == 0);
  CHECK(schema.output.rfind("13.2 _relu_stable_abi_cuda_cu::relu(", 0) == 0);
  CHECK(schema.output.find("torch 2.15.0") != std::string::npos);
}
