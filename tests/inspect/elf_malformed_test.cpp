// SPDX-License-Identifier: Apache-2.0
// Malformed ELF input (the corruptions docs/elf-prevalidation.md lists) must end in Error(bad_input)
// naming the file, never a crash, hang or memory blowup inside LIEF.
#include <elf.h>

#include <cstring>
#include <functional>
#include <random>

#include "core/error.hpp"
#include "inspect/elf_reader.hpp"
#include "tests/inspect/elf_fixture.hpp"

using namespace kb;
using Bytes = std::vector<std::uint8_t>;

namespace {

// Two Verneed files (libm, libc) and three Verdefs (base, MYLIB_1.0, MYLIB_2.0).
const Bytes& base_library() {
  static const Bytes bytes = [] {
    test::TempDir dir;
    const auto so = test::build_shared(
        dir, "libbase.so", test::versioned_source("#include <math.h>\ndouble c(double x) { return cos(x); }\n"),
        {"-Wl,-soname,libbase.so", test::version_script(dir), "-Wl,--no-as-needed", "-lm"});
    const std::string s = test::read_text(so);
    return Bytes(s.begin(), s.end());
  }();
  return bytes;
}

Elf64_Ehdr* ehdr(Bytes& b) { return reinterpret_cast<Elf64_Ehdr*>(b.data()); }
Elf64_Phdr* phdr(Bytes& b, std::uint32_t type) {
  for (int i = 0; i < ehdr(b)->e_phnum; ++i) {
    auto* p = reinterpret_cast<Elf64_Phdr*>(b.data() + ehdr(b)->e_phoff) + i;
    if (p->p_type == type) return p;
  }
  FAIL("no program header of type " << type);
  return nullptr;
}
Elf64_Shdr* shdr(Bytes& b, const std::string& name) {
  auto* sh = reinterpret_cast<Elf64_Shdr*>(b.data() + ehdr(b)->e_shoff);
  const char* names = reinterpret_cast<const char*>(b.data() + sh[ehdr(b)->e_shstrndx].sh_offset);
  for (int i = 0; i < ehdr(b)->e_shnum; ++i)
    if (name == names + sh[i].sh_name) return sh + i;
  FAIL("no section " << name);
  return nullptr;
}
template <class T>
T* at(Bytes& b, std::uint64_t off) {
  return reinterpret_cast<T*>(b.data() + off);
}
Elf64_Dyn* dyn(Bytes& b, std::int64_t tag) {
  for (auto* d = at<Elf64_Dyn>(b, shdr(b, ".dynamic")->sh_offset); d->d_tag != DT_NULL; ++d)
    if (d->d_tag == tag) return d;
  FAIL("no dynamic tag " << tag);
  return nullptr;
}

// `expect` is a fragment of the message: the check that fired is the one the case targets.
void require_bad_input(const Bytes& b, const std::string& what, const std::string& expect = {}) {
  INFO(what);
  try {
    inspect::read_so_facts_from_memory(b.data(), b.size(), "mem.so");
    FAIL("accepted: " << what);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::bad_input);
    CHECK(std::string(e.what()).rfind("mem.so: ", 0) == 0);
    CHECK_THAT(e.what(), Catch::Matchers::Contains(expect));
  }
}

void mutated(const std::string& what, const std::string& expect, const std::function<void(Bytes&)>& mutate) {
  Bytes b = base_library();
  mutate(b);
  require_bad_input(b, what, expect);
}

}  // namespace

TEST_CASE("elf reader rejects short, foreign and truncated files", "[inspect][elf][malformed][unit]") {
  const Bytes& base = base_library();
  REQUIRE(inspect::read_so_facts_from_memory(base.data(), base.size(), "mem.so").version_needs.size() >= 2);
  require_bad_input({}, "empty");
  require_bad_input(Bytes(base.begin(), base.begin() + 3), "3 bytes");
  require_bad_input(Bytes(base.begin(), base.begin() + 63), "63 bytes");
  std::mt19937 rng(42);
  Bytes garbage(4096);
  for (auto& c : garbage) c = std::uint8_t(rng());
  require_bad_input(garbage, "garbage");
  std::memcpy(garbage.data(), base.data(), 64);  // a valid header over garbage
  require_bad_input(garbage, "header over garbage");
  for (std::size_t cut = 64; cut < base.size(); cut += base.size() / 97)
    require_bad_input(Bytes(base.begin(), base.begin() + cut), "truncated to " + std::to_string(cut));
  mutated("ELFCLASS32", "not ELF64", [](Bytes& b) { b[EI_CLASS] = ELFCLASS32; });
  mutated("big-endian", "not little-endian", [](Bytes& b) { b[EI_DATA] = ELFDATA2MSB; });
  mutated("relocatable object", "not a shared object", [](Bytes& b) { ehdr(b)->e_type = ET_REL; });
}

TEST_CASE("elf reader rejects bad program and section headers", "[inspect][elf][malformed][unit]") {
  mutated("e_shoff past EOF", "section header table", [](Bytes& b) { ehdr(b)->e_shoff = b.size() + 64; });
  mutated("e_shoff 2^64-16", "section header table", [](Bytes& b) { ehdr(b)->e_shoff = ~std::uint64_t(15); });
  mutated("e_phnum 0xffff", "extended program header numbering", [](Bytes& b) { ehdr(b)->e_phnum = 0xffff; });
  mutated("e_phentsize 32", "bad e_phentsize", [](Bytes& b) { ehdr(b)->e_phentsize = 32; });
  mutated("e_shstrndx out of range", "is not a NUL-terminated string table",
          [](Bytes& b) { ehdr(b)->e_shstrndx = ehdr(b)->e_shnum; });
  mutated("no section headers", "no section headers", [](Bytes& b) { ehdr(b)->e_shnum = 0; });
  mutated("PT_DYNAMIC p_filesz 2^40", "lies outside the file",
          [](Bytes& b) { phdr(b, PT_DYNAMIC)->p_filesz = 1ull << 40; });
  mutated("PT_LOAD filesz > memsz", "p_filesz exceeds p_memsz",
          [](Bytes& b) { phdr(b, PT_LOAD)->p_filesz = phdr(b, PT_LOAD)->p_memsz + 1; });
  mutated("PT_LOAD vaddr wraps", "p_vaddr + p_memsz wraps",
          [](Bytes& b) { phdr(b, PT_LOAD)->p_vaddr = ~std::uint64_t(0) - 16; });
  mutated("two PT_DYNAMIC", "more than one PT_DYNAMIC", [](Bytes& b) { phdr(b, PT_GNU_STACK)->p_type = PT_DYNAMIC; });
  mutated("sections at 256 MiB", "lies outside the file", [](Bytes& b) {
    auto* sh = at<Elf64_Shdr>(b, ehdr(b)->e_shoff);
    for (int i = 1; i < ehdr(b)->e_shnum; ++i) sh[i].sh_offset = 256ull << 20, sh[i].sh_size = 90ull << 20;
  });
  mutated("section name outside .shstrtab", "has its name outside .shstrtab",
          [](Bytes& b) { shdr(b, ".dynsym")->sh_name = 0x7fffffff; });
  mutated(".dynsym size not a multiple of 24", ".dynsym: bad symbol table entry size",
          [](Bytes& b) { shdr(b, ".dynsym")->sh_size += 8; });
  mutated(".dynsym size past EOF", "lies outside the file",
          [](Bytes& b) { shdr(b, ".dynsym")->sh_size = 24ull << 32; });
  mutated(".gnu.version one entry short", ".gnu.version does not have one entry per dynamic symbol",
          [](Bytes& b) { shdr(b, ".gnu.version")->sh_size -= 2; });
}

TEST_CASE("elf reader rejects bad dynamic entries and string tables", "[inspect][elf][malformed][unit]") {
  mutated("no DT_NULL", "the dynamic section has no DT_NULL terminator", [](Bytes& b) {
    const auto* s = shdr(b, ".dynamic");
    for (auto* d = at<Elf64_Dyn>(b, s->sh_offset); d < at<Elf64_Dyn>(b, s->sh_offset + s->sh_size); ++d)
      if (d->d_tag == DT_NULL) d->d_tag = DT_DEBUG;
  });
  mutated("DT_STRTAB unmapped", "DT_STRTAB 0xdead0000 does not match",
          [](Bytes& b) { dyn(b, DT_STRTAB)->d_un.d_val = 0xdead0000; });
  mutated("DT_STRSZ past .dynstr", "DT_STRSZ does not fit .dynstr",
          [](Bytes& b) { dyn(b, DT_STRSZ)->d_un.d_val = 1ull << 40; });
  mutated("DT_SYMTAB at EOF", "DT_SYMTAB", [](Bytes& b) { dyn(b, DT_SYMTAB)->d_un.d_val = b.size(); });
  mutated("DT_NEEDED outside DT_STRSZ", "DT_NEEDED string index",
          [](Bytes& b) { dyn(b, DT_NEEDED)->d_un.d_val = dyn(b, DT_STRSZ)->d_un.d_val; });
  mutated(".dynstr not NUL-terminated", "the dynamic string table is not NUL-terminated",
          [](Bytes& b) { b[shdr(b, ".dynstr")->sh_offset + dyn(b, DT_STRSZ)->d_un.d_val - 1] = 'x'; });
  mutated("symbol name outside .dynstr", "has its name outside DT_STRSZ",
          [](Bytes& b) { at<Elf64_Sym>(b, shdr(b, ".dynsym")->sh_offset)[1].st_name = 1u << 30; });
  mutated("versym names no version", "that names no version",
          [](Bytes& b) { at<Elf64_Versym>(b, shdr(b, ".gnu.version")->sh_offset)[1] = 0x7ff0; });
  mutated(".gnu.hash bucket out of range", ".gnu.hash bucket names no hashed symbol", [](Bytes& b) {
    auto* h = at<std::uint32_t>(b, shdr(b, ".gnu.hash")->sh_offset);
    h[4 + 2 * h[2]] = 0x7fffffff;  // first bucket, after the 64-bit bloom words
  });
}

TEST_CASE("elf reader rejects version-chain cycles and blowups", "[inspect][elf][malformed][unit]") {
  mutated("DT_VERNEEDNUM 2^32-1", "bad DT_VERNEEDNUM",
          [](Bytes& b) { dyn(b, DT_VERNEEDNUM)->d_un.d_val = 0xffffffff; });
  mutated("Verneed vn_next self-cycle", "Verneed chain loops",
          [](Bytes& b) { at<Elf64_Verneed>(b, shdr(b, ".gnu.version_r")->sh_offset)->vn_next = 0; });
  mutated("Verneed 32-bit wrap back to the start", "lies outside .gnu.version_r", [](Bytes& b) {
    auto* vn = at<Elf64_Verneed>(b, shdr(b, ".gnu.version_r")->sh_offset);
    auto* second = reinterpret_cast<Elf64_Verneed*>(reinterpret_cast<std::uint8_t*>(vn) + vn->vn_next);
    second->vn_next = std::uint32_t(0) - vn->vn_next;
    dyn(b, DT_VERNEEDNUM)->d_un.d_val = 1000;
  });
  mutated("vn_cnt 0xffff", "too many Vernaux entries",
          [](Bytes& b) { at<Elf64_Verneed>(b, shdr(b, ".gnu.version_r")->sh_offset)->vn_cnt = 0xffff; });
  mutated("Vernaux name outside .dynstr", "Vernaux name string index", [](Bytes& b) {
    auto* vn = at<Elf64_Verneed>(b, shdr(b, ".gnu.version_r")->sh_offset);
    reinterpret_cast<Elf64_Vernaux*>(reinterpret_cast<std::uint8_t*>(vn) + vn->vn_aux)->vna_name = 1u << 30;
  });
  mutated("DT_VERDEFNUM 2^32-1", "bad DT_VERDEFNUM", [](Bytes& b) { dyn(b, DT_VERDEFNUM)->d_un.d_val = 0xffffffff; });
  mutated("Verdef vd_next self-cycle", "Verdef chain loops",
          [](Bytes& b) { at<Elf64_Verdef>(b, shdr(b, ".gnu.version_d")->sh_offset)->vd_next = 0; });
  mutated("Verdef 32-bit wrap back to the start", "lies outside .gnu.version_d", [](Bytes& b) {
    auto* vd = at<Elf64_Verdef>(b, shdr(b, ".gnu.version_d")->sh_offset);
    auto* second = reinterpret_cast<Elf64_Verdef*>(reinterpret_cast<std::uint8_t*>(vd) + vd->vd_next);
    second->vd_next = std::uint32_t(0) - vd->vd_next;
    dyn(b, DT_VERDEFNUM)->d_un.d_val = 1000;
  });
  mutated("Verdef with no name", "has no name",
          [](Bytes& b) { at<Elf64_Verdef>(b, shdr(b, ".gnu.version_d")->sh_offset)->vd_cnt = 0; });
}

TEST_CASE("elf reader: no PT_GNU_STACK means an executable stack on x86_64", "[inspect][elf][unit]") {
  Bytes b = base_library();
  const auto before = inspect::read_so_facts_from_memory(b.data(), b.size(), "mem.so");
  CHECK(before.has_gnu_stack);
  CHECK_FALSE(before.exec_stack);
  phdr(b, PT_GNU_STACK)->p_type = PT_NULL;
  const auto after = inspect::read_so_facts_from_memory(b.data(), b.size(), "mem.so");
  CHECK_FALSE(after.has_gnu_stack);
  CHECK(after.exec_stack);
}
