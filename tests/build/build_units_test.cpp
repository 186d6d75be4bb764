// SPDX-License-Identifier: Apache-2.0
// Pure pieces of kb build: arch selection, op ids, generated files, flags on every TU.
#include <catch2/catch.hpp>

#include "build/arch_select.hpp"
#include "build/codegen.hpp"
#include "build/compile_plan.hpp"
#include "build/ninja_file.hpp"
#include "build/ops_id.hpp"
#include "build/torch_toolchain.hpp"
#include "tests/build/compile_context_fixture.hpp"
#include "tests/test_env.hpp"

using namespace kb::build;
using V = std::vector<std::string>;

TEST_CASE("loose intersection of kernel capabilities with nvcc's archs, worked examples", "[build][archs][unit]") {
  V nvcc13 = default_cuda_archs("13.0");
  CHECK(nvcc13.back() == "12.1+PTX");
  CHECK(loose_intersection({"5.0", "7.5", "8.0", "9.0"}, nvcc13) == V{"7.5", "8.0", "9.0"});
  CHECK(loose_intersection({"9.0a"}, nvcc13) == V{"9.0a"});
  CHECK(loose_intersection({"10.3a"}, nvcc13).empty());
  CHECK(loose_intersection({"7.0", "7.2", "7.5", "8.0", "8.6", "8.7", "8.9", "9.0"}, nvcc13) ==
        V{"7.5", "8.0", "8.6", "8.7", "8.9", "9.0"});
  CHECK(loose_intersection({"8.0+PTX"}, nvcc13) == V{"8.0+PTX"});
  CHECK(loose_intersection({"99999.0"}, nvcc13).empty());
  CHECK(default_cuda_archs("12.8").back() == "12.0+PTX");
  CHECK(gencode_flags({"8.0", "12.1+PTX"}) == V{"-gencode=arch=compute_80,code=sm_80",
                                               "-gencode=arch=compute_121,code=sm_121",
                                               "-gencode=arch=compute_121,code=compute_121"});
}

TEST_CASE("ops id: --unique-id, git tree sha with _dirty, random outside git", "[build][ops-id][unit]") {
  KernelGit g;
  g.in_git = true;
  g.tree = "0123456789abcdef0123456789abcdef01234567";
  CHECK(choose_uid("", g) == "0123456");
  g.dirty = true;
  CHECK(choose_uid("", g) == "0123456_dirty");
  CHECK(choose_uid("v1", g) == "v1");
  CHECK_THROWS(choose_uid("a-b", g));
  std::string r1 = choose_uid("", KernelGit{}), r2 = choose_uid("", KernelGit{});
  CHECK(r1.size() == 13);
  CHECK(r1 != r2);
  CHECK(ops_id("my_relu", "cuda", "abc1234") == "_my_relu_cuda_abc1234");
}

TEST_CASE("generated _ops.py and registration.h use the one id", "[build][codegen][unit]") {
  std::string ops = ops_py("_relu_cuda_abc");
  CHECK(ops.find("from . import _relu_cuda_abc\n") != std::string::npos);
  CHECK(ops.find("ops = torch.ops._relu_cuda_abc\n") != std::string::npos);
  CHECK(ops.find("return f\"_relu_cuda_abc::{op_name}\"") != std::string::npos);
  CHECK(registration_h().find("CONCAT(PyInit_, NAME)") != std::string::npos);
  CHECK(noarch_ops_py("relu", "abc").find("_OPS_NAME = f\"_relu_{_backend()}_abc\"") != std::string::npos);
}

TEST_CASE("torch/version.py gives version and CUDA", "[build][torch][unit]") {
  kb::test::TempDir d;
  kb::test::write_text(d / "torch/version.py",
                       "__version__ = '2.11.0+cu130'\ndebug = False\ncuda: Optional[str] = '13.0'\n");
  TorchToolchain t = read_torch_version(d / "torch");
  CHECK(t.version == "2.11.0");
  CHECK(t.cuda == "13.0");
}

TEST_CASE("every TU gets -fno-gnu-unique, Py_LIMITED_API and the id, no rpath, shared cudart", "[build][flags][unit]") {
  kb::config::BuildConfig cfg = kb::config::parse_build_config(
      "[general]\nname = \"relu\"\nversion = 1\nlicense = \"mit\"\nedition = 5\nbackends = [\"cuda\"]\n"
      "[torch]\nsrc = [\"b.cpp\", \"b.h\"]\n[kernel.k]\nbackend = \"cuda\"\ndepends = []\n"
      "src = [\"k.cu\", \"k.cpp\", \"k.cuh\"]\ncuda-capabilities = [\"8.0\"]\n", "build.toml");
  CompileContext c = kb::test::cuda_context(cfg, "torch211-cxx11-cu130-x86_64-linux");
  c.cache_dir = "/home/u/.cache/kb";
  c.kernel_archs = select_kernel_archs(cfg, "13.0", {});
  VariantNinja n = plan_compile(c);
  REQUIRE(n.units.size() == 3);  // headers are not compiled
  for (const CompileUnit& u : n.units) {
    auto has = [&](const std::string& f) { return std::count(u.flags.begin(), u.flags.end(), f) > 0; };
    // No checkout or home directory reaches __FILE__; nvcc gets the maps as "-Xcompiler MAP" pairs.
    for (const std::string& map : {std::string("-ffile-prefix-map=/p/="), std::string("-ffile-prefix-map=../="),
                                   std::string("-ffile-prefix-map=/home/u/.cache/kb/=kb-cache/")}) {
      auto at = std::find(u.flags.begin(), u.flags.end(), map);
      REQUIRE(at != u.flags.end());
      if (u.cuda) CHECK(*std::prev(at) == "-Xcompiler");
    }
    if (u.cuda) CHECK(has("--orig_src_path_name=k.cu"));
    CHECK(has(u.cuda ? "-Xcompiler=-fno-gnu-unique" : "-fno-gnu-unique"));
    CHECK(has("-DPy_LIMITED_API=3"));
    CHECK(has("-DTORCH_EXTENSION_NAME=_relu_cuda_x"));
    CHECK(has("-DCUDA_KERNEL"));
    if (u.cuda) CHECK(has("-gencode=arch=compute_80,code=sm_80"));
  }
  CHECK(n.output == "/p/.kb-build/v/_relu_cuda_x.abi3.so");
  // Torch 2.14's headers stop with #error below C++20, in nvcc TUs as in g++ ones.
  c.torch.version = "2.14.1";
  for (const CompileUnit& u : plan_compile(c).units)
    CHECK(std::count(u.flags.begin(), u.flags.end(), u.cuda ? "-std=c++20" : "-std=gnu++20") == 1);
  std::string libs;
  for (const auto& f : n.link_flags) libs += f + " ";
  CHECK(libs.find("/usr/local/cuda/lib64/libcudart.so ") != std::string::npos);
  CHECK(libs.find("cudart_static") == std::string::npos);
  CHECK(libs.find("-rpath,") == std::string::npos);
  CHECK(render_variant_ninja(n).find("build /p/.kb-build/v/_relu_cuda_x.abi3.so: link") != std::string::npos);
  // Each variant names its own nvcc (CUDA 13.0 and 13.2 variants build in one ninja run).
  CHECK(render_variant_ninja(n).find("nvcc = /usr/local/cuda/bin/nvcc\n") != std::string::npos);
  CHECK(render_top_ninja({}, {}).find("command = $launch $nvcc $flags") != std::string::npos);
  CHECK(shell_word("a b$c") == "'a b$$c'");
}
