// SPDX-License-Identifier: Apache-2.0
// kb build on projects shaped like real ones (examples/omp-norm, cute-gemm, swiglu-noarch):
// OpenMP on Torch's runtime, a CUTLASS dependency, several kernel sections, pyext data files,
// a Python-only kernel, and the failure summary. Each result is judged by the real `kernels`
// library in a Torch process and by kb's gate.
#include <catch2/catch.hpp>

#include "tests/build/examples_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using kb::test::copy_example;
using kb::test::run;
using kb::test::run_kb;

namespace {

std::string readelf_needed(const fs::path& so) {
  kb::CommandResult r = run({"readelf", "-d", so.string()});
  return r.output;
}

fs::path the_variant(const fs::path& project, const std::string& name) {
  fs::path v = project / "build" / name;
  REQUIRE(fs::is_directory(v));
  return v;
}

}  // namespace

TEST_CASE("omp-norm: OpenMP runs on Torch's own runtime in the Torch process, 1 and 4 threads agree",
          "[build][referee][openmp]") {
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "omp-norm", "omp-norm");
  kb::CommandResult r = run_kb({"build", p.string(), "--torch", "2.11", "--unique-id", "omp"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);  // gate-clean: elf.needed accepts Torch's libgomp, elf.unresolved finds GOMP_*
  fs::path variant = the_variant(p, "torch211-cxx11-cpu-x86_64-linux");
  fs::path so = kb::test::variant_so(variant);
  std::string dyn = readelf_needed(so);
  CHECK(dyn.find("Shared library: [libgomp.so.1]") != std::string::npos);
  // Non-terminal progress: one line per finished step, each naming the variant and the source.
  CHECK(r.output.find("] torch211-cxx11-cpu-x86_64-linux: rms_cpu/rms_rows.cpp  ") != std::string::npos);
  CHECK(r.output.find("] torch211-cxx11-cpu-x86_64-linux: rms_avx512/rms_row_avx512.cpp  ") != std::string::npos);

  kb::CommandResult py = run({kb::test::python().string(), (kb::test::source_dir() / "tests/build/kernels_omp_norm.py").string(),
                              p.string()});
  INFO(py.output);
  REQUIRE(py.exit_code == 0);
  CHECK(py.output.find("ok kernel follows torch.set_num_threads") != std::string::npos);
  CHECK(py.output.find("ok one OpenMP runtime:") != std::string::npos);

  SECTION("without the OpenMP link step the gate fails on the GOMP symbols") {
    // Relink the same objects with the link line kb wrote, minus Torch's libgomp.
    fs::path ninja_file = p / ".kb-build" / variant.filename() / "build.ninja";
    std::string text = kb::test::read_text(ninja_file);
    size_t at = 0;
    while ((at = text.find("libgomp", at)) != std::string::npos) {
      size_t start = text.rfind(' ', at), end = text.find_first_of(" \n", at);
      text.erase(start, end - start);
      at = start;
    }
    kb::test::write_text(ninja_file, text);
    kb::CommandResult relink = run({"ninja", "-C", (p / ".kb-build").string()});
    INFO(relink.output);
    REQUIRE(relink.exit_code == 0);
    fs::path relinked = p / ".kb-build" / variant.filename() / so.filename();
    CHECK(readelf_needed(relinked).find("libgomp") == std::string::npos);
    std::vector<std::string> args{"inspect", relinked.string()};
    for (const fs::path& d : kb::test::variant_libdirs(variant)) args.insert(args.end(), {"--libdir", d.string()});
    kb::CommandResult gate = run_kb(args);
    INFO(gate.output);
    CHECK(gate.exit_code == 1);
    CHECK(gate.output.find("elf.unresolved") != std::string::npos);
    CHECK(gate.output.find("GOMP_parallel") != std::string::npos);
  }
}

TEST_CASE("a compile error leads the summary with the compiler's first error, the variant and the log's path",
          "[build][e2e][progress]") {
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "omp-norm", "broken");
  // A missing header, the way a forgotten dependency fails, and a second error after it.
  std::string src = kb::test::read_text(p / "rms_cpu/rms_row_generic.cpp");
  kb::test::write_text(p / "rms_cpu/rms_row_generic.cpp", "#include <cutlass/cutlass.h>\nint x = y;\n" + src);
  kb::CommandResult r = run_kb({"build", p.string(), "--torch", "2.11", "--unique-id", "broken"});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("kb: torch211-cxx11-cpu-x86_64-linux: failed: compilation failed in rms_cpu/rms_row_generic.cpp:\n  " +
                      (p / "rms_cpu/rms_row_generic.cpp").string() +
                      ":1:10: fatal error: cutlass/cutlass.h: No such file or directory") != std::string::npos);
  CHECK(r.output.find("full log: " + (p / ".kb-build/build.log").string()) != std::string::npos);
  CHECK(kb::test::read_text(p / ".kb-build/build.log").find("cutlass/cutlass.h") != std::string::npos);
  CHECK(r.output.find("FAILED  torch211-cxx11-cpu-x86_64-linux") != std::string::npos);
  // -q: no progress lines, the failure summary stays.
  kb::CommandResult q = run_kb({"build", p.string(), "--torch", "2.11", "--unique-id", "broken", "-q"});
  CHECK(q.output.find("] torch211-cxx11-cpu-x86_64-linux: ") == std::string::npos);
  CHECK(q.output.find("fatal error: cutlass/cutlass.h") != std::string::npos);
}

TEST_CASE("swiglu-noarch: a Python-only kernel with a JSON data file loads through kernels", "[build][referee]") {
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "swiglu-noarch", "swiglu-noarch");
  kb::CommandResult r = run_kb({"build", p.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::exists(the_variant(p, "torch-cpu") / "defaults.json"));
  CHECK(fs::exists(the_variant(p, "torch-cuda") / "layers.py"));
  std::string script =
      "import sys, torch\nfrom pathlib import Path\nfrom kernels import get_local_kernel\n"
      "k = get_local_kernel(Path(sys.argv[1]), backend='cpu')\n"
      "x = torch.randn(4, 10)\n"
      "g, u = x.chunk(2, -1)\n"
      "assert torch.allclose(k.swiglu(x), torch.nn.functional.silu(g) * u), 'swiglu differs from silu(gate) * up'\n"
      "assert k.DEFAULTS == {'beta': 1.0}\n"
      "print('ok noarch')\n";
  kb::test::write_text(tmp / "check.py", script);
  kb::CommandResult py = run({kb::test::python().string(), (tmp / "check.py").string(), p.string()});
  INFO(py.output);
  CHECK(py.exit_code == 0);
  CHECK(py.output.find("ok noarch") != std::string::npos);
}

TEST_CASE("cute-gemm: CUTLASS from the registry, CPU variant vs torch.matmul, CUDA variant imports",
          "[build][e2e][referee][cutlass][slow][scheduled]") {
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "cute-gemm", "cute-gemm");
  kb::CommandResult r = run_kb({"build", p.string(), "--torch", "2.11", "--cuda-archs", "8.0", "--unique-id", "cg"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("kb: cutlass_3_8 3.8.0: ") != std::string::npos);
  fs::path cpu = the_variant(p, "torch211-cxx11-cpu-x86_64-linux");
  fs::path cuda = the_variant(p, "torch211-cxx11-cu130-x86_64-linux");
  CHECK(fs::exists(cpu / "tiles.json"));
  kb::CommandResult py = run({kb::test::python().string(), (kb::test::source_dir() / "tests/build/kernels_cute_gemm.py").string(),
                              p.string(), "--cuda-variant", cuda.string()});
  INFO(py.output);
  REQUIRE(py.exit_code == 0);
  CHECK(py.output.find("ok cuda import 13.0") != std::string::npos);
}

TEST_CASE("an unavailable dependency is reported before anything compiles", "[build][e2e][deps]") {
  kb::test::TempDir tmp;
  fs::path p = copy_example(tmp, "cute-gemm", "offline");
  kb::test::write_text(tmp / "cache" / ".keep", "");
  kb::CommandResult r = run_kb({"build", p.string(), "--torch", "2.11", "--backend", "cuda", "--offline",
                                "--cache-dir", (tmp / "cache").string()});
  INFO(r.output);
  CHECK(r.exit_code == 5);
  CHECK(r.output.find("dependency cutlass_3_8 3.8.0 is not in the cache and kb is offline") != std::string::npos);
  CHECK(r.output.find("--dep cutlass_3_8=DIR or set KB_DEP_CUTLASS_3_8=DIR") != std::string::npos);
  CHECK_FALSE(fs::exists(p / ".kb-build"));  // nothing compiled, no Torch provisioned
  CHECK_FALSE(fs::exists(tmp / "cache" / "torch"));
}
