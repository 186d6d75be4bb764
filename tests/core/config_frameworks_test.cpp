// SPDX-License-Identifier: Apache-2.0
// check-config per framework: where the Python package lives, and cuda-capabilities against what
// nvcc accepts (docs/frameworks.md).
#include <catch2/catch.hpp>

#include "core/config/build_config.hpp"
#include "core/config/cuda_capabilities.hpp"
#include "core/error.hpp"
#include "tests/test_env.hpp"

namespace {

const char* k_head = "[general]\nname = \"relu-x\"\nversion = 1\nlicense = \"mit\"\nedition = 5\nbackends = [\"cuda\"]\n";

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const kb::Error& e) {
    return std::string(e.what()) + "\nhint: " + e.hint();
  }
  return "";
}

}  // namespace

TEST_CASE("a tvm-ffi project keeps its Python package in tvm-ffi-ext", "[config][unit]") {
  kb::test::TempDir dir;
  kb::test::write_text(dir / "build.toml", std::string(k_head) + "[tvm-ffi]\nsrc = [\"b.h\"]\n[kernel.a]\nbackend = \"cuda\"\ndepends = []\n"
                       "src = [\"a.cu\"]\n");
  kb::test::write_text(dir / "b.h", "");
  kb::test::write_text(dir / "a.cu", "");
  kb::test::write_text(dir / "torch-ext/relu_x/__init__.py", "");
  auto cfg = kb::config::load_build_config(dir.path());
  std::string err = message_of([&] { kb::config::check_sources(cfg, dir.path()); });
  CHECK(err.find("tvm-ffi-ext/relu_x/__init__.py does not exist") != std::string::npos);
  CHECK(err.find("[tvm-ffi]") != std::string::npos);
  kb::test::write_text(dir / "tvm-ffi-ext/relu_x/__init__.py", "");
  CHECK(message_of([&] { kb::config::check_sources(cfg, dir.path()); }).empty());
}

TEST_CASE("cuda-capabilities are checked against what nvcc accepts", "[config][unit]") {
  auto caps = [](const std::string& list) {
    return kb::config::parse_build_config(std::string(k_head) + "[torch]\nsrc = []\n[kernel.a]\nbackend = \"cuda\"\n"
                                          "depends = []\ncuda-capabilities = " + list + "\nsrc = [\"a.cu\"]\n", "p/build.toml");
  };
  std::vector<std::string> nvcc13 = kb::config::parse_nvcc_gpu_archs("compute_75\ncompute_80\ncompute_90\ncompute_100\ncompute_120\n");
  CHECK(nvcc13 == std::vector<std::string>{"7.5", "8.0", "9.0", "10.0", "12.0"});
  CHECK(kb::config::check_cuda_capabilities(caps("[\"8.0\", \"9.0a\", \"12.0+PTX\"]"), nvcc13, "nvcc 13.0").empty());
  // Known to other toolkits only: a note, the build drops it.
  auto notes = kb::config::check_cuda_capabilities(caps("[\"7.0\", \"8.0\"]"), nvcc13, "nvcc 13.0");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("7.0 is not accepted by nvcc 13.0") != std::string::npos);
  // No toolkit has it: an error at the entry, listing the valid set.
  std::string err = message_of([&] { kb::config::check_cuda_capabilities(caps("[\"8.0\", \"99999.0\"]"), nvcc13, "nvcc 13.0"); });
  INFO(err);
  CHECK(err.find("p/build.toml:12:29: kernel.a.cuda-capabilities: \"99999.0\" is not a CUDA capability") != std::string::npos);
  CHECK(err.find("use one of 7.5 8.0 9.0 10.0 12.0 (nvcc 13.0)") != std::string::npos);
  // Without nvcc the known list decides.
  CHECK(kb::config::check_cuda_capabilities(caps("[\"7.0\"]"), {}, "").empty());
  CHECK(!message_of([&] { kb::config::check_cuda_capabilities(caps("[\"1.0\"]"), {}, ""); }).empty());
}

TEST_CASE("kb check-config rejects an impossible capability in every edition", "[config][e2e]") {
  kb::test::TempDir dir;
  // The seed format (v1) and edition 5 both reach the same check.
  kb::test::write_text(dir / "v1/build.toml", "[general]\nname = \"relu\"\n[torch]\nsrc = [\"t.cpp\"]\n"
                       "[kernel.activation]\ncuda-capabilities = [\"99999.0\"]\nsrc = [\"k.cu\"]\ndepends = [\"torch\"]\n");
  kb::test::write_text(dir / "v5/build.toml", std::string(k_head) + "[torch]\nsrc = [\"t.cpp\"]\n[kernel.a]\nbackend = \"cuda\"\n"
                       "depends = []\ncuda-capabilities = [\"99999.0\"]\nsrc = [\"k.cu\"]\n");
  for (const char* ed : {"v1", "v5"}) {
    kb::test::write_text(dir / ed / "t.cpp", "");
    kb::test::write_text(dir / ed / "k.cu", "");
    kb::test::write_text(dir / ed / (std::string(ed) == "v1" ? "torch-ext/relu/__init__.py" : "torch-ext/relu_x/__init__.py"), "");
    kb::CommandResult r = kb::test::run_kb({"check-config", (dir / ed).string()});
    INFO(ed << "\n" << r.output);
    CHECK(r.exit_code == 3);
    CHECK(r.output.find("\"99999.0\" is not a CUDA capability any nvcc accepts") != std::string::npos);
  }
  kb::CommandResult tvm = kb::test::run_kb({"check-config", (kb::test::source_dir() / "examples/relu-tvm-ffi").string()});
  INFO(tvm.output);
  CHECK(tvm.exit_code == 0);
}
