// SPDX-License-Identifier: Apache-2.0
// kb inspect --profile wheel on wheels assembled from the repo's own fixtures: the file name's
// manylinux and abi3 claims checked against the symbols, executables and standalone cubins read,
// op namespaces, CUDA majors, GPU coverage and dependencies rolled up per wheel.
#include <filesystem>

#include "tests/inspect/elf_fixture.hpp"
#include "tests/inspect/elf_rule_fixtures.hpp"
#include "tests/inspect/fatbin_fixtures.hpp"

using namespace kb::test;
using kb::CommandResult;
namespace fs = std::filesystem;
using Rules = std::set<std::string>;

namespace {

// A .so registering TORCH_LIBRARY(_C, m): the static init function the macro defines.
const char* k_torch_ops = R"(namespace torch { class Library; }
static void TORCH_LIBRARY_init__C(torch::Library&) {}
void (*kb_keep)(torch::Library&) = &TORCH_LIBRARY_init__C;
)";

// Zips `dir`'s contents into `wheel` (file name carries the claims).
fs::path make_wheel(const TempDir& tmp, const std::string& stage, const std::string& wheel_name) {
  fs::create_directories(tmp / (stage + "/kbfx-1.0.dist-info"));
  write_text(tmp / (stage + "/kbfx-1.0.dist-info/WHEEL"), "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n");
  fs::create_directories(tmp / "wheels");
  const fs::path out = tmp / "wheels" / wheel_name;
  CommandResult r = run({"sh", "-c", "cd '" + (tmp / stage).string() + "' && zip -q -r '" + out.string() + "' ."});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return out;
}

fs::path full_wheel(const TempDir& tmp) {
  const fs::path pkg = tmp / "stage/pkg";
  fs::create_directories(pkg / "bin");
  fs::create_directories(pkg / "kernels");
  fs::copy_file(elf_fixture("tool/kb-tool-glibc-2.29"), pkg / "bin/tool");
  fs::copy_file(elf_fixture("_pyok.abi3.so"), pkg / "_pyok.abi3.so");
  fs::copy_file(elf_fixture("_py310.abi3.so"), pkg / "_py310.abi3.so");
  fs::copy_file(elf_fixture("needed-libfoo.so"), pkg / "_foo.so");
  fs::copy_file(fatbin_fixture("gencode_ptx"), pkg / "_cuda.so");
  fs::copy_file(fatbin_fixture("cubin/k1_sm90a").replace_extension(".cubin"), pkg / "kernels/k1.bin");
  build_shared(tmp, "_ops.so", k_torch_ops, {"-O0"}, "c++");
  fs::copy_file(tmp / "_ops.so", pkg / "_ops.so");
  return make_wheel(tmp, "stage", "kbfx-1.0-cp39-abi3-manylinux_2_17_x86_64.whl");
}

std::vector<std::string> subjects_in(const InspectRun& r, const std::string& rule, std::size_t target = 0) {
  std::vector<std::string> out;
  for (const auto& f : r.report["targets"][target]["findings"])
    if (f["rule"] == rule) out.push_back(f["subject"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("kb inspect --profile wheel checks the wheel's claims against every ELF member", "[inspect][wheel][e2e]") {
  TempDir tmp;
  const fs::path whl = full_wheel(tmp);
  auto r = inspect_json({whl.string()}, {"--profile", "wheel"});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  const auto& t = r.report["targets"][0];
  CHECK(t["kind"] == "wheel");
  CHECK(r.report["summary"]["files"] == 7);  // six host ELF files and one cubin; the METADATA text is not read
  // The tool needs GLIBC_2.29: manylinux_2_31 is the oldest policy holding it; 2_17 is claimed.
  const auto& w = t["wheel"];
  CHECK(w["manylinux"]["claimed"] == nlohmann::json::array({"manylinux_2_17_x86_64"}));
  const auto claims = subjects_in(r, "wheel.manylinux-claim");
  CHECK(std::count(claims.begin(), claims.end(), "pkg/bin/tool") == 1);
  // abi.manylinux runs with the claimed policy and names the symbol.
  const auto ml = subjects_in(r, "abi.manylinux");
  CHECK(std::find(ml.begin(), ml.end(), "exp2f@GLIBC_2.29") != ml.end());
  // abi3 claim with cp39: Py_NewRef (3.10) breaks it; elf.needed is replaced by wheel.deps.
  CHECK(w["abi3"]["claimed"] == true);
  CHECK(w["abi3"]["floor"] == "3.9");
  CHECK(w["abi3"]["holds"] == false);
  CHECK(subjects_in(r, "abi.python") == std::vector<std::string>{"Py_NewRef"});
  CHECK(subjects_in(r, "elf.needed").empty());
  CHECK(subjects_in(r, "wheel.deps") == std::vector<std::string>{"libfoo.so.1"});
  CHECK(w["dependencies"]["libcudart.so.13"]["source"] == "nvidia-wheel");
  CHECK(w["cuda_majors"]["13"]["libcudart.so.13"] == nlohmann::json::array({"pkg/_cuda.so"}));
  CHECK(w["op_namespaces"]["_C"] == nlohmann::json::array({"pkg/_ops.so"}));
  CHECK(subjects_in(r, "wheel.ops-namespace") == std::vector<std::string>{"_C"});
  // Device code: SASS sm_80/sm_90 + PTX compute_90 in _cuda.so, a standalone sm_90a cubin.
  CHECK(w["standalone_cubins"]["count"] == 1);
  CHECK(w["standalone_cubins"]["per_arch"]["sm_90a"] == 1);
  CHECK(w["device_code"]["pkg/_cuda.so"]["sass"] == nlohmann::json::array({"sm_80", "sm_90"}));
  // The JSON "cuda" object of each host ELF with device code sits under "files"; cubins are summarised.
  REQUIRE(t.contains("files"));
  CHECK(t["files"].size() == 1);
  CHECK(t["files"].begin().value()["cuda"]["sass"] == nlohmann::json::array({"sm_80", "sm_90"}));
  CHECK(t["files"].begin().value()["cuda"]["ptx"] == nlohmann::json::array({"compute_90"}));
  CHECK(w["gpus"]["sm_75"]["runs"] == "no");
  CHECK(w["gpus"]["sm_86"]["runs"] == "sass");
  CHECK(w["gpus"]["sm_100"]["runs"] == "ptx-jit");
}

TEST_CASE("kb inspect --profile wheel text report and a directory of wheels", "[inspect][wheel][e2e]") {
  TempDir tmp;
  full_wheel(tmp);
  // A second project registering the same namespace: a collision when both are imported.
  fs::create_directories(tmp / "stage2/other");
  build_shared(tmp, "_other.so", k_torch_ops, {"-O0"}, "c++");
  fs::copy_file(tmp / "_other.so", tmp / "stage2/other/_other.so");
  make_wheel(tmp, "stage2", "other-2.0-py3-none-manylinux_2_28_x86_64.whl");
  auto r = inspect_json({(tmp / "wheels").string()}, {"--profile", "wheel"});
  INFO(r.output);
  REQUIRE(r.report["targets"].size() == 2);
  const auto shared = subjects_in(r, "wheel.ops-namespace", 1);
  CHECK(shared.size() == 2);  // generic, and also registered by kbfx
  CommandResult text = run_kb({"inspect", "--profile", "wheel", (tmp / "wheels").string()});
  CHECK(text.output.find("manylinux: claimed manylinux_2_17_x86_64, needed manylinux_2_31 (by pkg/bin/tool") !=
        std::string::npos);
  CHECK(text.output.find("abi3: claimed (Python >= 3.9), broken by 1 symbol(s)") != std::string::npos);
  // The Hub profile reads the same wheel as a kernel tree and finds no variant.
  auto hub = inspect_json({(tmp / "wheels/kbfx-1.0-cp39-abi3-manylinux_2_17_x86_64.whl").string()});
  CHECK(hub.rules() == Rules{"tree.layout"});
}
