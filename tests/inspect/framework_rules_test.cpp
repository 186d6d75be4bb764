// SPDX-License-Identifier: Apache-2.0
// kb inspect on stable-ABI and tvm-ffi variant directories (docs/frameworks.md): abi.torch-stable
// runs at the version the variant name declares, tvm-ffi.registration and tvm-ffi.no-torch judge
// what a tvm-ffi library holds.
#include "tests/inspect/elf_rule_fixtures.hpp"

using namespace kb::test;
using Rules = std::set<std::string>;

namespace {

// Copies an ELF fixture into <tmp>/<variant>/<file> and returns that path.
std::string place(const TempDir& tmp, const std::string& variant, const std::string& fixture,
                  const std::string& file = "_k.so") {
  auto dir = tmp / variant;
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(elf_fixture(fixture), dir / file, std::filesystem::copy_options::overwrite_existing);
  return (dir / file).string();
}

}  // namespace

TEST_CASE("kb inspect judges a stable-ABI variant at the version its name declares", "[inspect][e2e][abi.torch-stable]") {
  TempDir tmp;
  // Torch C++ API (c10::, at::) in a stable-ABI variant: flagged with no --torch-stable-abi.
  auto cxx = inspect_json({place(tmp, "torch-stable-abi211-cpu-x86_64-linux", "torch-c10.so")});
  CHECK(cxx.rules() == Rules{"abi.torch-stable"});
  CHECK(cxx.exit_code == 1);
  auto subjects = cxx.subjects("abi.torch-stable");
  CHECK(std::count(subjects.begin(), subjects.end(), "_ZN3c106detail14torchCheckFailEPKcS2_jS2_") == 1);
  // A 2.12 shim: fine in a 2.12 variant, too new for a 2.11 one.
  CHECK(inspect_json({place(tmp, "torch-stable-abi212-cu130-x86_64-linux", "torch-stable-2.12.so")}).rules() == Rules{});
  auto newer = inspect_json({place(tmp, "torch-stable-abi211-cu130-x86_64-linux", "torch-stable-2.12.so")});
  CHECK(newer.subjects("abi.torch-stable") == std::vector<std::string>{"aoti_torch_cpu__grouped_mm"});
  // A per-release Torch variant may use the C++ API: the rule stays off there.
  CHECK(inspect_json({place(tmp, "torch211-cxx11-cpu-x86_64-linux", "torch-c10.so")}).rules() == Rules{});
}

TEST_CASE("kb inspect: a tvm-ffi variant exports tvm-ffi functions and needs no Torch", "[inspect][e2e][tvm-ffi]") {
  TempDir tmp;
  auto ok = inspect_json({place(tmp, "tvm-ffi01-cpu-x86_64-linux", "tvm-ffi-ok.so")});
  INFO(ok.output << ok.report.dump(2));
  CHECK(ok.rules() == Rules{});
  CHECK(ok.exit_code == 0);

  auto torch = inspect_json({place(tmp, "tvm-ffi01-cu130-x86_64-linux", "tvm-ffi-torch.so")});
  CHECK(torch.rules() == Rules{"tvm-ffi.no-torch"});
  auto subjects = torch.subjects("tvm-ffi.no-torch");
  std::sort(subjects.begin(), subjects.end());
  CHECK(subjects == std::vector<std::string>{"aoti_torch_get_numel", "libtorch_cpu.so"});

  auto none = inspect_json({place(tmp, "tvm-ffi01-cpu-x86_64-linux", "tvm-ffi-noexport.so", "_n.so")});
  CHECK(none.rules() == Rules{"tvm-ffi.registration"});

  // Outside a tvm-ffi variant libtvm_ffi.so is an unknown library and the tvm-ffi rules are off.
  auto lone = inspect_json({elf_fixture("tvm-ffi-torch.so").string()});
  CHECK(lone.rules() == Rules{"elf.needed"});
  CHECK(lone.subjects("elf.needed") == std::vector<std::string>{"libtvm_ffi.so"});
}

TEST_CASE("kb inspect --explain documents the tvm-ffi rules", "[inspect][e2e][tvm-ffi]") {
  for (const char* id : {"tvm-ffi.registration", "tvm-ffi.no-torch"}) {
    kb::CommandResult r = run_kb({"inspect", "--explain", id});
    INFO(id << "\n" << r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("example:") != std::string::npos);
  }
  kb::CommandResult list = run_kb({"inspect", "--list-rules"});
  CHECK(list.output.find("tvm-ffi.no-torch") != std::string::npos);
  CHECK(list.output.find("tvm-ffi.registration") != std::string::npos);
}
