// SPDX-License-Identifier: Apache-2.0
// Every ELF file is read by content, wherever it sits and whatever its name: standalone cubins
// (EM_CUDA) as device code, executables with the ELF rules, CUDA 11's libcudart.so.11.0 soname.
#include <algorithm>
#include <cstring>
#include <filesystem>

#include "core/mapped_file.hpp"
#include "inspect/elf_reader.hpp"
#include "tests/inspect/elf_rule_fixtures.hpp"
#include "tests/inspect/fatbin_fixtures.hpp"

using namespace kb::test;
using kb::CommandResult;
namespace fs = std::filesystem;
using Rules = std::set<std::string>;

namespace {

fs::path cubin_fixture(const std::string& name) {
  fs::path p = fatbin_fixture("cubin/" + name).replace_extension(".cubin");
  INFO("cubin fixture " << p << " (built by tests/fixtures/fatbin.cmake)");
  REQUIRE(fs::exists(p));
  return p;
}

std::vector<std::string> kernels_of(const kb::inspect::SoFacts& f) {
  REQUIRE(f.cuda);
  REQUIRE(f.cuda->entries.size() == 1);
  REQUIRE(f.cuda->entries[0].kernels);
  return *f.cuda->entries[0].kernels;
}

// The cubin's bytes with the CUDA <= 12 ("old ABI") header: EI_ABIVERSION 7 and the SM in
// the low byte of e_flags, as nvcc 12 writes it (values from docs/notes/issue-16.md).
std::vector<std::uint8_t> as_old_abi(const fs::path& cubin, std::uint32_t e_flags) {
  kb::MappedFile m(cubin);
  std::vector<std::uint8_t> b(m.data(), m.data() + m.size());
  b[8] = 7;                                 // EI_ABIVERSION
  std::memcpy(b.data() + 48, &e_flags, 4);  // Elf64_Ehdr::e_flags
  return b;
}

}  // namespace

TEST_CASE("a standalone cubin is read as device code: arch, kernels, size", "[inspect][cubin][unit]") {
  const auto f = kb::inspect::read_so_facts(cubin_fixture("k1_sm80"));
  CHECK(f.machine == "cuda");
  CHECK(f.cuda->sass_archs() == std::vector<std::string>{"sm_80"});
  CHECK(f.cuda->entries[0].payload_size == fs::file_size(cubin_fixture("k1_sm80")));
  CHECK(kernels_of(f) == std::vector<std::string>{"_Z5scalePff", "_Z7add_onePf"});
  // CUDA 13 puts `a` only in .nv.compat, not in e_flags.
  CHECK(kb::inspect::read_so_facts(cubin_fixture("k1_sm90a")).cuda->sass_archs() == std::vector<std::string>{"sm_90a"});
}

TEST_CASE("old-ABI cubin headers give the SM from the low byte and `a` from bit 0x800", "[inspect][cubin][unit]") {
  auto plain = as_old_abi(cubin_fixture("k1_sm80"), 0x00500550);
  auto f = kb::inspect::read_so_facts_from_memory(plain.data(), plain.size(), "old80.cubin");
  CHECK(f.cuda->sass_archs() == std::vector<std::string>{"sm_80"});
  auto accel = as_old_abi(cubin_fixture("k1_sm80"), 0x005A0D5A);
  f = kb::inspect::read_so_facts_from_memory(accel.data(), accel.size(), "old90a.cubin");
  CHECK(f.cuda->sass_archs() == std::vector<std::string>{"sm_90a"});
}

TEST_CASE("cuobjdump lists a standalone cubin under the arch kb reads", "[inspect][cubin][referee]") {
  REQUIRE_FALSE(cuobjdump().empty());
  for (const char* name : {"k1_sm80", "k1_sm90a"}) {
    const fs::path p = cubin_fixture(name);
    CommandResult r = run({cuobjdump().string(), "-lelf", p.string()});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const std::string arch = kb::inspect::read_so_facts(p).cuda->sass_archs().at(0);
    // cuobjdump names a standalone cubin's arch in its "ELF file" line: "... sm_90a ...".
    CHECK(r.output.find(arch) != std::string::npos);
  }
}

TEST_CASE("a directory walk reads cubins and executables by content, not by name", "[inspect][cubin][e2e]") {
  TempDir tmp;
  fs::create_directories(tmp / "pkg/bin");
  fs::copy_file(cubin_fixture("k1_sm90a"), tmp / "pkg/kernels.bin");
  fs::copy_file(elf_fixture("tool/kb-tool-glibc-2.29"), tmp / "pkg/bin/tool");
  write_text(tmp / "pkg/readme.txt", "not ELF");
  auto r = inspect_json({(tmp / "pkg").string()});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.report["summary"]["files"] == 2);
  CHECK(r.rules() == Rules{"abi.manylinux"});
  CHECK(r.subjects("abi.manylinux") == std::vector<std::string>{"exp2f@GLIBC_2.29"});
  const auto& cuda = r.report["targets"][0]["files"][(tmp / "pkg/kernels.bin").string()]["cuda"];
  CHECK(cuda["sass"] == nlohmann::json::array({"sm_90a"}));
  CHECK(cuda["entries"][0]["section"] == "cubin");
  // A lone cubin given by path exits 0: no host rule applies to device code.
  auto lone = inspect_json({(tmp / "pkg/kernels.bin").string()});
  CHECK(lone.exit_code == 0);
  CHECK(lone.report["targets"][0]["cuda"]["sass"] == nlohmann::json::array({"sm_90a"}));
}

TEST_CASE("libcudart.so.11.0 counts as CUDA major 11 like libcudart.so.12 and .13", "[inspect][elf.needed][e2e]") {
  TempDir tmp;
  auto place = [&](const std::string& variant) {
    fs::create_directories(tmp / variant);
    fs::copy_file(elf_fixture("needed-libcudart11.so"), tmp / variant / "_k.so");
    return (tmp / variant / "_k.so").string();
  };
  auto lone = inspect_json({elf_fixture("needed-libcudart11.so").string()});
  CHECK(lone.rules() == Rules{});
  CHECK(lone.rules("info") == Rules{"elf.needed"});
  auto good = inspect_json({place("torch20-cxx11-cu118-x86_64-linux")});
  CHECK(good.rules() == Rules{});
  auto bad = inspect_json({place("torch212-cxx11-cu126-x86_64-linux")});
  CHECK(bad.subjects("elf.needed") == std::vector<std::string>{"libcudart.so.11.0"});
}
