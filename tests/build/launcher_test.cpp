// SPDX-License-Identifier: Apache-2.0
// Compiler launchers: which one kb build picks, the words it puts in the ninja rules, and the
// toolchain identity that keys the cache (docs/compiler-cache.md).
#include <catch2/catch.hpp>

#include <map>

#include "build/launcher.hpp"
#include "core/error.hpp"
#include "tests/test_env.hpp"

using namespace kb::build;

namespace {

std::function<std::string(const char*)> env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) {
    auto it = vars.find(name);
    return it == vars.end() ? std::string() : it->second;
  };
}

ToolchainFacts facts() {
  return {"torch211-cxx11-cu130-x86_64-linux", "2.11.0", "13.0", "manylinux_2_28", "nvidia_cuda_nvcc-13.0.48.dist-info\n",
          {"-isystem", "/c/compat/manylinux_2_28-ab12/include"}, "/work/a/proj"};
}

VariantNinja ninja() {
  VariantNinja v;
  CompileUnit u;
  u.cuda = true;
  u.flags = {"-I/work/a/proj/csrc", "-gencode=arch=compute_80,code=sm_80"};
  v.units.push_back(u);
  return v;
}

}  // namespace

TEST_CASE("launcher: flag, then KB_LAUNCHER, then sccache/ccache variables", "[build][launcher][unit]") {
  CHECK(choose_launcher("", env({})).empty());
  CHECK(choose_launcher("ccache", env({{"KB_LAUNCHER", "sccache"}})) == "ccache");
  CHECK(choose_launcher("none", env({{"KB_LAUNCHER", "sccache"}, {"CCACHE_DIR", "/c"}})).empty());
  CHECK(choose_launcher("", env({{"KB_LAUNCHER", "sccache"}, {"CCACHE_DIR", "/c"}})) == "sccache");
  CHECK(choose_launcher("", env({{"KB_LAUNCHER", "none"}, {"CCACHE_DIR", "/c"}})).empty());
  CHECK(choose_launcher("", env({{"SCCACHE_REDIS", "redis://h"}, {"CCACHE_DIR", "/c"}})) == "sccache");
  CHECK(choose_launcher("", env({{"CCACHE_REMOTE_STORAGE", "redis://127.0.0.1"}})) == "ccache");
  try {
    choose_launcher("", env({{"KB_LAUNCHER", "distcc"}}));
    FAIL("accepted distcc");
  } catch (const kb::Error& e) {
    CHECK(e.kind() == kb::ErrorKind::usage);
    CHECK(std::string(e.what()).find("KB_LAUNCHER") != std::string::npos);
    CHECK(e.hint().find("ccache, sccache or none") != std::string::npos);
  }
  CHECK_THROWS_AS(choose_launcher("gcc", env({})), kb::Error);
}

TEST_CASE("launcher: the toolchain identity changes with each input and not with the clone's dir",
          "[build][launcher][unit]") {
  std::string base = toolchain_identity(facts(), ninja());
  CHECK(base.find("/work/a/proj") == std::string::npos);
  CHECK(base.find("-I<project>/csrc") != std::string::npos);
  ToolchainFacts moved = facts();
  moved.project = "/home/runner/work/proj";
  VariantNinja moved_ninja = ninja();
  moved_ninja.units[0].flags[0] = "-I/home/runner/work/proj/csrc";
  CHECK(toolchain_identity(moved, moved_ninja) == base);

  auto differs = [&](auto change) {
    ToolchainFacts f = facts();
    VariantNinja v = ninja();
    change(f, v);
    return toolchain_identity(f, v) != base;
  };
  CHECK(differs([](ToolchainFacts& f, VariantNinja&) { f.torch_version = "2.12.0"; }));
  CHECK(differs([](ToolchainFacts& f, VariantNinja&) { f.cuda_toolkit = "nvidia_cuda_nvcc-13.0.88.dist-info\n"; }));
  CHECK(differs([](ToolchainFacts& f, VariantNinja&) { f.compat_flags[1] = "/c/compat/manylinux_2_28-cd34/include"; }));
  CHECK(differs([](ToolchainFacts& f, VariantNinja&) { f.policy = "manylinux_2_34"; }));
  CHECK(differs([](ToolchainFacts& f, VariantNinja&) { f.variant = "torch211-cxx11-cu129-x86_64-linux"; }));
  CHECK(differs([](ToolchainFacts&, VariantNinja& v) { v.units[0].flags[1] = "-gencode=arch=compute_90,code=sm_90"; }));
}

TEST_CASE("launcher: ninja words for ccache and sccache", "[build][launcher][unit]") {
  CHECK(launcher_words("", "id", "/p/.kb-build/v/toolchain.id", "/p").empty());
  CHECK(launcher_words("ccache", "id", "/p/.kb-build/v/toolchain.id", "/p") ==
        std::vector<std::string>{"env", "CCACHE_BASEDIR=/p", "CCACHE_EXTRAFILES=/p/.kb-build/v/toolchain.id", "ccache"});
  std::vector<std::string> s = launcher_words("sccache", "id", "/p/.kb-build/v/toolchain.id", "/p");
  REQUIRE(s.size() == 3);
  CHECK(s[1].rfind("SCCACHE_C_CUSTOM_CACHE_BUSTER=", 0) == 0);
  CHECK(s[1] != launcher_words("sccache", "id2", "/x", "/p")[1]);
  CHECK(s[2] == "sccache");

  VariantNinja v = ninja();
  v.launch = launcher_words("ccache", "id", "/p/id", "/p");
  CHECK(render_variant_ninja(v).find("launch = env CCACHE_BASEDIR=/p CCACHE_EXTRAFILES=/p/id ccache\n") != std::string::npos);
  CHECK(render_top_ninja({}, {}).find("command = $launch $cxx $flags") != std::string::npos);
  CHECK(render_top_ninja({}, {}).find("\ncxx = g++\n") != std::string::npos);
}

TEST_CASE("launcher: the CUDA toolkit fingerprint names its release in either layout", "[build][launcher][unit]") {
  kb::test::TempDir tmp;
  std::filesystem::create_directories(tmp / "wheels/dist-info/nvidia_cuda_nvcc-13.0.88.dist-info");
  std::filesystem::create_directories(tmp / "wheels/include");
  kb::test::write_text(tmp / "wheels/include/cuda.h", "#pragma once\n#define CUDA_VERSION 13000\n");
  std::string wheels = cuda_toolkit_fingerprint(tmp / "wheels");
  CHECK(wheels.find("nvidia_cuda_nvcc-13.0.88.dist-info\n") != std::string::npos);
  CHECK(wheels.find("#define CUDA_VERSION 13000\n") != std::string::npos);
  std::filesystem::rename(tmp / "wheels/dist-info/nvidia_cuda_nvcc-13.0.88.dist-info",
                          tmp / "wheels/dist-info/nvidia_cuda_nvcc-13.0.96.dist-info");
  CHECK(cuda_toolkit_fingerprint(tmp / "wheels") != wheels);

  std::filesystem::create_directories(tmp / "runfile");
  kb::test::write_text(tmp / "runfile/version.json", "{\"cuda_nvcc\": {\"version\": \"13.0.88\"}}");
  CHECK(cuda_toolkit_fingerprint(tmp / "runfile").find("13.0.88") != std::string::npos);
}
