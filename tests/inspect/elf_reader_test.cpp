// SPDX-License-Identifier: Apache-2.0
// read_so_facts on shared objects compiled at test time: one property per fixture.
#include "inspect/elf_reader.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "tests/inspect/elf_fixture.hpp"

using namespace kb;
using namespace kb::inspect;

namespace {

const DynSymbol* find_sym(const SoFacts& f, const std::string& name, bool defined) {
  for (const DynSymbol& s : f.dynsyms)
    if (s.name == name && s.defined == defined) return &s;
  return nullptr;
}

bool has_need(const SoFacts& f, const std::string& file, const std::string& version) {
  return std::any_of(f.version_needs.begin(), f.version_needs.end(),
                     [&](const VersionNeed& n) { return n.file == file && n.version == version; });
}

bool has_section(const SoFacts& f, const std::string& name) {
  return std::any_of(f.sections.begin(), f.sections.end(), [&](const SectionInfo& s) { return s.name == name; });
}

// The facts every linker variant of versioned_source() must produce.
void check_versioned(const SoFacts& f) {
  CHECK(f.machine == "x86_64");
  CHECK(f.soname == "libver.so.1");
  CHECK(std::find(f.needed.begin(), f.needed.end(), "libc.so.6") != f.needed.end());
  const DynSymbol* memcpy_sym = find_sym(f, "memcpy", false);
  REQUIRE(memcpy_sym);
  CHECK(memcpy_sym->version == "GLIBC_2.14");
  CHECK(memcpy_sym->version_file == "libc.so.6");
  CHECK(has_need(f, "libc.so.6", "GLIBC_2.14"));
  // foo@MYLIB_1.0 (hidden) and foo@@MYLIB_2.0: LIEF 0.9's symbol_version_auxiliary() would
  // name MYLIB_1.0's parent here; the reader resolves vd_ndx itself.
  std::vector<std::pair<std::string, bool>> foos;
  for (const DynSymbol& s : f.dynsyms)
    if (s.name == "foo" && s.defined) foos.emplace_back(s.version, s.hidden_version);
  std::sort(foos.begin(), foos.end());
  CHECK(foos == std::vector<std::pair<std::string, bool>>{{"MYLIB_1.0", true}, {"MYLIB_2.0", false}});
  const DynSymbol* bar = find_sym(f, "bar", true);
  REQUIRE(bar);
  CHECK(bar->version == "MYLIB_1.0");
  CHECK(bar->version_file.empty());
  CHECK(bar->binding == SymbolBinding::global);
  CHECK(bar->type == SymbolType::func);
  CHECK(std::find(f.version_defs.begin(), f.version_defs.end(), "MYLIB_2.0") != f.version_defs.end());
  CHECK(f.has_gnu_stack);
  CHECK_FALSE(f.exec_stack);
  CHECK_FALSE(f.textrel);
}

}  // namespace

TEST_CASE("elf reader: needed, soname, runpath, versions (GNU ld)", "[inspect][elf][unit]") {
  test::TempDir dir;
  const auto so = test::build_shared(dir, "libver.so", test::versioned_source(),
                                     {"-Wl,-soname,libver.so.1", test::version_script(dir), "-Wl,--no-as-needed", "-lm",
                                      "-Wl,-rpath,$ORIGIN/../lib:/opt/x", "-Wl,--enable-new-dtags"});
  const SoFacts f = read_so_facts(so);
  check_versioned(f);
  CHECK(f.path == so.string());
  CHECK(f.file_size == std::filesystem::file_size(so));
  CHECK(f.needed == std::vector<std::string>{"libm.so.6", "libc.so.6"});
  CHECK(f.runpath == std::vector<std::string>{"$ORIGIN/../lib", "/opt/x"});
  CHECK(f.rpath.empty());
  CHECK(has_section(f, ".symtab"));
  for (const SectionInfo& s : f.sections)  // offsets are the file's, not the skeleton's
    if (s.name == ".dynsym") CHECK(s.offset > 0);
}

TEST_CASE("elf reader: DT_RPATH (old dtags) and a .symver-pinned import", "[inspect][elf][unit]") {
  test::TempDir dir;
  const auto so = test::build_shared(dir, "libold.so",
                                     "#include <string.h>\n__asm__(\".symver memcpy,memcpy@GLIBC_2.2.5\");\n"
                                     "void copy(char* d, const char* s, size_t n) { memcpy(d, s, n); }\n",
                                     {"-Wl,-rpath,/home/me/build", "-Wl,--disable-new-dtags"});
  const SoFacts f = read_so_facts(so);
  CHECK(f.rpath == std::vector<std::string>{"/home/me/build"});
  CHECK(f.runpath.empty());
  const DynSymbol* m = find_sym(f, "memcpy", false);
  REQUIRE(m);
  CHECK(m->version == "GLIBC_2.2.5");
  CHECK_FALSE(has_need(f, "libc.so.6", "GLIBC_2.14"));
}

TEST_CASE("elf reader: stripped library keeps its dynamic view", "[inspect][elf][unit]") {
  test::TempDir dir;
  const auto so = test::build_shared(dir, "libver.so", test::versioned_source(),
                                     {"-Wl,-soname,libver.so.1", test::version_script(dir)});
  const SoFacts before = read_so_facts(so);
  REQUIRE(test::run({"strip", "--strip-all", so.string()}).exit_code == 0);
  const SoFacts f = read_so_facts(so);
  check_versioned(f);
  CHECK_FALSE(has_section(f, ".symtab"));
  CHECK(has_section(before, ".symtab"));
  CHECK(f.dynsyms.size() == before.dynsyms.size());
}

TEST_CASE("elf reader: lld-linked library (no name@VER strings)", "[inspect][elf][unit]") {
  test::TempDir dir;
  const auto so = test::build_shared(dir, "libver.so", test::versioned_source(),
                                     {"-fuse-ld=lld", "-Wl,-soname,libver.so.1", test::version_script(dir)});
  REQUIRE(test::run({"sh", "-c", "readelf -p .comment " + so.string() + " | grep -q LLD"}).exit_code == 0);
  check_versioned(read_so_facts(so));
}

TEST_CASE("elf reader: DT_RELR adds GLIBC_ABI_DT_RELR with no symbol", "[inspect][elf][unit]") {
  test::TempDir dir;
  // GNU ld adds the marker need only to a library that already has a libc Verneed.
  const auto so =
      test::build_shared(dir, "librelr.so",
                         "#include <string.h>\nvoid copy(char* d, const char* s, size_t n) { memcpy(d, s, n); }\n"
                         "void* self[4] = {self, self + 1, self + 2, self + 3};\n",
                         {"-Wl,-z,pack-relative-relocs"});
  const SoFacts f = read_so_facts(so);
  CHECK(has_need(f, "libc.so.6", "GLIBC_ABI_DT_RELR"));
  CHECK(std::none_of(f.dynsyms.begin(), f.dynsyms.end(),
                     [](const DynSymbol& s) { return s.version == "GLIBC_ABI_DT_RELR"; }));
}

TEST_CASE("elf reader: execstack and textrel", "[inspect][elf][unit]") {
  test::TempDir dir;
  const auto exec = test::build_shared(dir, "libexec.so", "int f(void) { return 1; }\n", {"-Wl,-z,execstack"});
  const SoFacts e = read_so_facts(exec);
  CHECK(e.has_gnu_stack);
  CHECK(e.exec_stack);
  CHECK_FALSE(e.textrel);
  // A pointer in .text needs a dynamic relocation of a read-only segment.
  const auto text = test::build_shared(
      dir, "libtextrel.so", "int target;\n__asm__(\".text\\n.globl p_in_text\\np_in_text: .quad target\\n\");\n",
      {"-Wl,-z,notext"});
  const SoFacts t = read_so_facts(text);
  CHECK(t.textrel);
  CHECK_FALSE(t.exec_stack);
}

TEST_CASE("elf reader: STB_GNU_UNIQUE and symbol kinds", "[inspect][elf][unit]") {
  test::TempDir dir;
  const auto so = test::build_shared(dir, "libuniq.so",
                                     "inline int& counter() { static int c; return c; }\n"
                                     "int bump() { return ++counter(); }\n"
                                     "__thread int tls_var;\n",
                                     {}, "c++");
  const SoFacts f = read_so_facts(so);
  const DynSymbol* c = find_sym(f, "_ZZ7countervE1c", true);
  REQUIRE(c);
  CHECK(c->binding == SymbolBinding::gnu_unique);
  CHECK(c->type == SymbolType::object);
  const DynSymbol* t = find_sym(f, "tls_var", true);
  REQUIRE(t);
  CHECK(t->type == SymbolType::tls);
  CHECK(find_sym(f, "_Z4bumpv", true));
}

TEST_CASE("elf reader: TORCH_LIBRARY namespaces from .symtab, gone when stripped", "[inspect][elf][unit]") {
  test::TempDir dir;
  const auto so = test::build_shared(
      dir, "libops.so",
      "namespace torch { struct Library {}; }\n"
      "static void TORCH_LIBRARY_init_my_ops(torch::Library&) {}\n"
      "static void TORCH_LIBRARY_FRAGMENT_init_quant2_17(torch::Library&) {}\n"
      "static void TORCH_LIBRARY_IMPL_init_other_CUDA_3(torch::Library&) {}\n"
      "void* keep[] = {(void*)&TORCH_LIBRARY_init_my_ops,\n"
      "  (void*)&TORCH_LIBRARY_FRAGMENT_init_quant2_17, (void*)&TORCH_LIBRARY_IMPL_init_other_CUDA_3};\n",
      {}, "c++");
  CHECK(read_so_facts(so).torch_library_namespaces == std::vector<std::string>{"my_ops", "quant2"});
  REQUIRE(test::run({"strip", "--strip-all", so.string()}).exit_code == 0);
  CHECK(read_so_facts(so).torch_library_namespaces.empty());
}

TEST_CASE("elf reader: missing file and non-ELF input are bad_input naming the file", "[inspect][elf][unit]") {
  test::TempDir dir;
  for (const auto& p : {dir / "missing.so", dir / "text.so"}) {
    if (p.filename() == "text.so") test::write_text(p, "INPUT(-lfoo)\n");  // a linker script .so
    try {
      read_so_facts(p);
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::bad_input);
      CHECK(std::string(e.what()).find(p.string()) != std::string::npos);
    }
  }
  CHECK_FALSE(looks_like_elf(dir / "text.so"));
  CHECK(looks_like_elf("/usr/lib/x86_64-linux-gnu/libc.so.6"));
}
