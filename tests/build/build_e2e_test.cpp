// SPDX-License-Identifier: Apache-2.0
// kb build end to end on the examples, checked by the real `kernels` library and CUDA Torch.
// nvcc/g++ with Torch headers are slow on small machines: the CUDA test restricts archs to 8.0.
#include <catch2/catch.hpp>

#include "core/config/build_config.hpp"
#include "tests/build/examples_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using kb::test::copy_example;
using kb::test::run;
using kb::test::run_kb;

namespace {

std::string only_variant(const fs::path& project) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(project / "build")) names.push_back(e.path().filename().string());
  REQUIRE(names.size() == 1);
  return names[0];
}

}  // namespace

TEST_CASE("CPU variant loads with kernels, two ids coexist in one process", "[build][referee]") {
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  fs::path a = copy_example(tmp, "relu-edition5", "a");
  fs::path b = copy_example(tmp, "relu-edition5", "b");
  for (auto [dir, id] : {std::pair{a, "ida"}, std::pair{b, "idb"}}) {
    kb::CommandResult r = run_kb({"build", dir.string(), "--torch", "2.11", "--backend", "cpu", "--unique-id", id});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
  }
  std::string variant = only_variant(a);
  CHECK(variant == "torch211-cxx11-cpu-x86_64-linux");
  CHECK(fs::exists(a / "build" / variant / "_relu_cpu_ida.abi3.so"));
  CHECK(fs::exists(a / "build" / variant / "relu" / "__init__.py"));
  CHECK(fs::exists(a / ".kb-build" / "compile_commands.json"));
  kb::CommandResult py = run({kb::test::python().string(), (kb::test::source_dir() / "tests/build/kernels_relu.py").string(),
                              a.string(), b.string()});
  INFO(py.output);
  REQUIRE(py.exit_code == 0);
  CHECK(py.output.find("_relu_cpu_ida") != std::string::npos);
  CHECK(py.output.find("_relu_cpu_idb") != std::string::npos);

  // A no-op rebuild does nothing: ninja has no work and the output is left as it is.
  auto before = fs::last_write_time(a / "build" / variant / "metadata.json");
  kb::CommandResult again = run_kb({"build", a.string(), "--torch", "2.11", "--backend", "cpu", "--unique-id", "ida"});
  CHECK(again.exit_code == 0);
  CHECK(again.output.find("up to date") != std::string::npos);
  CHECK(fs::last_write_time(a / "build" / variant / "metadata.json") == before);
}

TEST_CASE("CUDA variant of the seed example imports in CUDA Torch and registers its schema", "[build][e2e][cuda]") {
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "relu", "relu");
  kb::CommandResult r = run_kb({"build", p.string(), "--torch", "2.11", "--cuda-archs", "8.0", "--unique-id", "cu"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::string variant = only_variant(p);
  CHECK(variant == "torch211-cxx11-cu130-x86_64-linux");
  kb::CommandResult py = run({kb::test::python().string(), (kb::test::source_dir() / "tests/build/cuda_schema.py").string(),
                              (p / "build" / variant).string()});
  INFO(py.output);
  REQUIRE(py.exit_code == 0);
  CHECK(py.output.find("13.0 _relu_cuda_cu::relu(Tensor(") != std::string::npos);  // the mutable `out`
  CHECK(py.output.find(" out, Tensor input) -> ()") != std::string::npos);
}

TEST_CASE("build errors: empty capability intersection, unknown variant", "[build][errors][e2e]") {
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "relu", "relu");
  std::string toml = kb::test::read_text(p / "build.toml");
  toml.replace(toml.find("cuda-capabilities = ["), std::string("cuda-capabilities = [").size(),
               "cuda-capabilities = [ \"99999.0\" ] # [");
  kb::test::write_text(p / "build.toml", toml);
  kb::CommandResult r = run_kb({"build", p.string(), "--torch", "2.11"});
  CHECK(r.exit_code == 3);
  CHECK(r.output.find("build.toml:11:1: kernel.activation.cuda-capabilities: empty set of CUDA capabilities "
                      "after intersection (kernel: 99999.0; supported by nvcc 13.0:") != std::string::npos);
  CHECK_FALSE(fs::exists(p / "build"));
  kb::CommandResult v = run_kb({"build", p.string(), "--variant", "torch99-cxx11-cpu-x86_64-linux"});
  CHECK(v.exit_code == 2);
  CHECK(v.output.find("unknown variant") != std::string::npos);
}
