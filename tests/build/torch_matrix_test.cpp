// SPDX-License-Identifier: Apache-2.0
// The Torch x CUDA matrix this machine can reach, built in one kb build run with the system CUDA
// toolkit hidden: Torch 2.12, 2.13, 2.14 (CUDA 13.0) and 2.15 (CUDA 13.2) from PyPI, both CUDA
// toolkits from PyPI's nvidia-* wheels. Each CUDA .so is loaded into CUDA Torch of its own release
// (no GPU needed) and must register its schema; each CPU variant runs through the real `kernels`
// library in its own release. Cold: 4 Torch wheels (~2.1 GB) and 2 toolkits (~200 MB).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/build/examples_fixture.hpp"
#include "tests/build/torch_runtime_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using kb::CommandResult;
using kb::test::TempDir;

namespace {

struct Release {
  std::string torch, tag, cuda, nvcc;
};
const std::vector<Release> k_releases{{"2.12.1", "212", "13.0", "13.0.88"},
                                      {"2.13.0", "213", "13.0", "13.0.88"},
                                      {"2.14.1", "214", "13.0", "13.0.88"},
                                      {"2.15.0", "215", "13.2", "13.2.86"}};

std::string cuda_variant(const Release& r) {
  return "torch" + r.tag + "-cxx11-cu" + r.cuda.substr(0, 2) + r.cuda.substr(3) + "-x86_64-linux";
}

CommandResult in_release(const std::string& torch, const std::vector<std::string>& args) {
  std::string log;
  fs::path rt = kb::test::torch_runtime(torch, &log);
  INFO(log);
  REQUIRE_FALSE(rt.empty());
  std::vector<std::string> argv{"env", "PYTHONPATH=" + rt.string(), kb::test::python().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return kb::test::run(argv);
}

}  // namespace

TEST_CASE("relu-edition5: cpu and CUDA for Torch 2.12-2.15 in one run from PyPI toolkits, each loaded in its own release",
          "[build][referee][cuda-toolkit][slow][scheduled]") {
  REQUIRE_FALSE(kb::test::python().empty());
  TempDir tmp;
  fs::path project = kb::test::copy_example(tmp, "relu-edition5", "relu");
  CommandResult r = kb::test::run({"env", "-u", "CUDA_HOME", kb::test::kb_exe().string(), "build", project.string(),
                                   "--torch", "2.12,2.13,2.14,2.15", "--cuda-archs", "8.0", "--no-system-cuda"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(kb::test::built_variants(project).size() == 8);
  // Nothing compiled against the system toolkit: every nvcc and libcudart is a PyPI one.
  for (const fs::path& ninja : {project / ".kb-build" / cuda_variant(k_releases[0]) / "build.ninja",
                                project / ".kb-build" / cuda_variant(k_releases[3]) / "build.ninja"}) {
    std::string text = kb::test::read_text(ninja);
    CHECK(text.find("/usr/local/cuda") == std::string::npos);
    CHECK(text.find("/cuda/13.") != std::string::npos);
  }
  // Nor was any header read from the machine's CUDA install: this image also links its headers
  // into /usr/local/include, which g++ searches by default, so hiding /usr/local/cuda alone proved
  // nothing about cusparse.h and the other math-library headers Torch's CUDA headers include.
  CommandResult deps = kb::test::run({"ninja", "-C", (project / ".kb-build").string(), "-t", "deps"});
  REQUIRE(deps.exit_code == 0);
  CHECK(deps.output.find("cusparse.h") != std::string::npos);
  CHECK(deps.output.find("nvtx3/") != std::string::npos);
  CHECK(deps.output.find("/usr/local/include/") == std::string::npos);
  CHECK(deps.output.find("/usr/local/cuda") == std::string::npos);
  for (const Release& rel : k_releases) {
    fs::path cuda = project / "build" / cuda_variant(rel);
    INFO(cuda.string());
    nlohmann::json meta = nlohmann::json::parse(kb::test::read_text(cuda / "metadata.json"));
    CHECK(meta["provenance"]["toolchain"]["torch"] == rel.torch);
    CHECK(meta["provenance"]["toolchain"]["nvidia-cuda-nvcc"] == rel.nvcc);
    CHECK(meta["backend"]["archs"] == nlohmann::json::array({"8.0"}));
    CommandResult schema = in_release(rel.torch, {(kb::test::source_dir() / "tests/build/cuda_schema.py").string(), cuda.string()});
    INFO(schema.output);
    CHECK(schema.exit_code == 0);
    CHECK(schema.output.rfind(rel.cuda + " " + meta["id"].get<std::string>() + "::relu(", 0) == 0);
    CHECK(schema.output.find(" torch " + rel.torch) != std::string::npos);
    CommandResult cpu = in_release(rel.torch, {(kb::test::source_dir() / "tests/build/kernels_relu.py").string(), project.string()});
    INFO(cpu.output);
    CHECK(cpu.exit_code == 0);
    CHECK(cpu.output.find("ok ") != std::string::npos);
  }
}
