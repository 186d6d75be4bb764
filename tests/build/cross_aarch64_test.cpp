// SPDX-License-Identifier: Apache-2.0
// kb build --target aarch64-linux on this x86_64 machine (docs/cross.md). Always on: the
// cross-built CPU and CUDA variants of relu-edition5 are aarch64 .so files that fit manylinux_2_28
// by kb inspect, auditwheel (aarch64 policy) and kernel-abi-check, and the aarch64 dynamic loader
// resolves the CPU one under qemu-user. [scheduled]: an emulated aarch64 Python loads the CPU
// variant through the real `kernels` library and matches torch.relu, and stress-abi for aarch64.
#include <catch2/catch.hpp>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/process.hpp"
#include "tests/build/examples_fixture.hpp"
#include "tests/inspect/fatbin_fixtures.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using kb::CommandResult;
using kb::test::run;
using kb::test::run_kb;

namespace {

const char* k_cpu_variant = "torch211-cxx11-cpu-aarch64-linux";
const char* k_cuda_variant = "torch211-cxx11-cu130-aarch64-linux";

void require_cross_toolchain() {
  INFO("the cross toolchain is missing: make deps installs g++-aarch64-linux-gnu and qemu-user-static");
  REQUIRE_FALSE(kb::find_program("aarch64-linux-gnu-g++").empty());
  REQUIRE_FALSE(kb::find_program("qemu-aarch64-static").empty());
}

fs::path cache_root() {
  const char* cache = std::getenv("KB_CACHE");
  return cache && *cache ? fs::path(cache) : fs::path(std::getenv("HOME")) / ".cache/kb";
}

// One aarch64 variant of `example` (Torch 2.11, the release the emulated Python runs); CUDA for sm_90 only.
fs::path build_aarch64(const kb::test::TempDir& tmp, const std::string& example, const std::string& variant) {
  fs::path project = kb::test::copy_example(tmp, example, example);
  CommandResult r = run_kb({"build", project.string(), "--variant", variant, "--cuda-archs", "9.0", "--unique-id", "a64"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);  // the gate ran too: elf.unresolved against the aarch64 Torch (and CUDA)
  CHECK(r.output.find("x86_64-linux") == std::string::npos);
  REQUIRE(kb::test::built_variants(project) == std::vector<fs::path>{project / "build" / variant});
  return project;
}

int errors_by_inspect(const fs::path& variant) {
  std::vector<std::string> args{"inspect", variant.string(), "--format", "json"};
  for (const fs::path& d : kb::test::variant_libdirs(variant)) args.insert(args.end(), {"--libdir", d.string()});
  CommandResult r = run_kb(args);
  INFO(r.output);
  return nlohmann::json::parse(r.output)["summary"]["errors"].get<int>();
}

// EM_AARCH64, no kb inspect error, and auditwheel and kernel-abi-check agree on manylinux_2_28.
void judge_aarch64(const fs::path& variant, const kb::test::TempDir& tmp) {
  fs::path so = kb::test::variant_so(variant);
  REQUIRE_FALSE(so.empty());
  CHECK(run({"readelf", "-h", so.string()}).output.find("AArch64") != std::string::npos);
  CHECK(errors_by_inspect(variant) == 0);
  CommandResult ref = run({kb::test::python().string(), (kb::test::source_dir() / "tests/build/referee_abi.py").string(),
                           "manylinux_2_28", so.string(), tmp.path().string(), "aarch64"});
  INFO(ref.output);
  REQUIRE(ref.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(ref.output);
  CHECK(j["abi_check"].empty());
  std::string tag = j["auditwheel_symbol_tag"];
  CHECK(tag.find("aarch64") != std::string::npos);
  auto pos = tag.find("manylinux_2_");
  REQUIRE(pos != std::string::npos);  // what the symbol versions alone allow (manylinux_2_24_aarch64 here)
  CHECK(std::stoi(tag.substr(pos + 12)) <= 28);
}

}  // namespace

TEST_CASE("kb build --target aarch64-linux cross-builds a manylinux_2_28 aarch64 CPU variant the aarch64 loader resolves",
          "[build][cross][slow]") {
  require_cross_toolchain();
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  fs::path project = kb::test::copy_example(tmp, "relu-edition5", "relu");
  CommandResult r = run_kb({"build", project.string(), "--target", "aarch64-linux", "--torch", "2.11", "--backend", "cpu",
                            "--unique-id", "a64"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  REQUIRE(kb::test::built_variants(project) == std::vector<fs::path>{project / "build" / k_cpu_variant});
  fs::path variant = project / "build" / k_cpu_variant;
  judge_aarch64(variant, tmp);

  // The compat layer this build used passed its self-test: its probe ran under qemu-aarch64.
  bool layer = false;
  for (const auto& e : fs::directory_iterator(cache_root() / "compat"))
    layer = layer || (e.path().filename().string().rfind("manylinux_2_28-aarch64-", 0) == 0 &&
                      fs::exists(e.path() / "layer.json"));
  CHECK(layer);

  // The aarch64 dynamic loader, under qemu, resolves the .so's whole NEEDED graph from the aarch64
  // Torch and the arm64 multiarch libc: the fast stand-in for the [scheduled] Python load. The
  // aarch64 libtorch_cpu.so also needs libcupti.so.13 and libcudart.so.13 from NVIDIA's wheels,
  // which only the emulated environment installs: empty aarch64 libraries stand in for those
  // (the loader's --list maps libraries, it binds no symbol), never for the kernel's own NEEDED.
  std::vector<fs::path> libdirs = kb::test::variant_libdirs(variant);
  REQUIRE(libdirs.size() == 1);
  fs::path so = kb::test::variant_so(variant);
  std::string own_needed = run({"readelf", "-d", so.string()}).output;
  fs::path stubs = tmp / "stubs";
  fs::create_directories(stubs);
  kb::test::write_text(tmp / "stub.c", "void kb_stub(void) {}\n");
  CommandResult ld;
  for (int i = 0; i < 8; ++i) {
    ld = run({"qemu-aarch64-static", "/lib/ld-linux-aarch64.so.1", "--library-path",
              libdirs.front().string() + ":" + stubs.string(), "--list", so.string()});
    const std::string marker = "error while loading shared libraries: ";
    auto at = ld.output.find(marker);
    if (at == std::string::npos) break;
    std::string missing = ld.output.substr(at + marker.size(), ld.output.find(':', at + marker.size()) - at - marker.size());
    INFO(ld.output);
    REQUIRE(own_needed.find("[" + missing + "]") == std::string::npos);
    REQUIRE(run({"aarch64-linux-gnu-gcc", "-shared", "-Wl,-soname," + missing, (tmp / "stub.c").string(), "-o",
                 (stubs / missing).string()}).exit_code == 0);
  }
  INFO(ld.output);
  CHECK(ld.exit_code == 0);
  CHECK(ld.output.find("libtorch_cpu.so => " + libdirs.front().string()) != std::string::npos);
  CHECK(ld.output.find("libstdc++.so.6 => /lib/aarch64-linux-gnu/libstdc++.so.6") != std::string::npos);
}

TEST_CASE("kb build cross-compiles an aarch64 CUDA variant with the host nvcc and the cross g++ against the sbsa toolkit wheels",
          "[build][cross][slow]") {
  require_cross_toolchain();
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  fs::path project = build_aarch64(tmp, "relu-edition5", k_cuda_variant);
  fs::path variant = project / "build" / k_cuda_variant;
  judge_aarch64(variant, tmp);
  // The device code is an sm_90 fatbin beside aarch64 host code; libcudart is the aarch64 one.
  nlohmann::json meta = nlohmann::json::parse(kb::test::read_text(variant / "metadata.json"));
  INFO(meta.dump(1));
  CHECK(meta.dump().find("9.0") != std::string::npos);
  fs::path so = kb::test::variant_so(variant);
  REQUIRE_FALSE(kb::test::cuobjdump().empty());
  CommandResult cubins = run({kb::test::cuobjdump().string(), "--list-elf", so.string()});
  INFO(cubins.output);
  CHECK(cubins.output.find("sm_90") != std::string::npos);
  CHECK(run({"readelf", "-d", so.string()}).output.find("libcudart.so.13") != std::string::npos);
}

TEST_CASE("an emulated aarch64 Python loads the cross-built variant through kernels and it matches torch.relu",
          "[build][cross][scheduled]") {
  require_cross_toolchain();
  kb::test::TempDir tmp;
  fs::path project = build_aarch64(tmp, "relu-edition5", k_cpu_variant);
  fs::path emu = kb::test::source_dir() / "scripts/emu_aarch64.sh";
  CommandResult r = run({emu.string(), "python", (kb::test::source_dir() / "tests/build/kernels_relu.py").string(),
                         project.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("ok _relu_cpu_a64") != std::string::npos);
  CommandResult m = run({emu.string(), "python", "-c", "import platform, torch; print(platform.machine(), torch.__version__)"});
  INFO(m.output);
  CHECK(m.output.find("aarch64 2.11.0") != std::string::npos);
}

TEST_CASE("the cross-built aarch64 CUDA variant imports into emulated aarch64 CUDA Torch and registers its schema",
          "[build][cross][scheduled]") {
  require_cross_toolchain();
  kb::test::TempDir tmp;
  fs::path project = build_aarch64(tmp, "relu-edition5", k_cuda_variant);
  fs::path emu = kb::test::source_dir() / "scripts/emu_aarch64.sh";
  // No GPU is needed to load libtorch_cuda and the kernel's fatbin-carrying .so and register the op.
  CommandResult r = run({emu.string(), "python", (kb::test::source_dir() / "tests/build/cuda_schema.py").string(),
                         (project / "build" / k_cuda_variant).string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("13.0 _relu_cuda_a64::relu(Tensor") != std::string::npos);
  CHECK(r.output.find("torch 2.11.0") != std::string::npos);
}

TEST_CASE("stress-abi cross-built for aarch64 needs nothing beyond manylinux_2_28 by kb inspect and kernel-abi-check and auditwheel",
          "[build][cross][scheduled]") {
  require_cross_toolchain();
  REQUIRE_FALSE(kb::test::python().empty());
  kb::test::TempDir tmp;
  for (const char* v : {k_cpu_variant, k_cuda_variant}) {
    fs::path project = build_aarch64(tmp, "stress-abi", v);
    judge_aarch64(project / "build" / v, tmp);
    fs::remove_all(project);
  }
}
