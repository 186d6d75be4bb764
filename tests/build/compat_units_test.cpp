// SPDX-License-Identifier: Apache-2.0
// Unit tests of the compat layer's pure parts: readelf parsing, stub selection, the archive
// plan, the denied-feature lookup and the data file.
#include <catch2/catch.hpp>

#include "build/compat/archive_plan.hpp"
#include "build/compat/compat_data.hpp"
#include "build/compat/link_stubs.hpp"
#include "build/compat/self_test.hpp"
#include "build/compat/shims.hpp"
#include "core/error.hpp"

using namespace kb::build::compat;

namespace {

ElfSymbol sym(std::string name, std::string version, bool def, bool is_default = true, std::string type = "FUNC") {
  ElfSymbol s;
  s.name = std::move(name);
  s.version = std::move(version);
  s.defined = def;
  s.is_default = is_default;
  s.type = std::move(type);
  s.bind = "GLOBAL";
  s.section = def ? 1 : -1;
  return s;
}

AllowedVersions allowed_2_28() {
  return AllowedVersions({"GLIBC_2.2.5", "GLIBC_2.3", "GLIBC_2.14", "GLIBC_2.28", "GLIBCXX_3.4", "GLIBCXX_3.4.11",
                          "GLIBCXX_3.4.24", "CXXABI_1.3", "CXXABI_TM_1", "GCC_3.0", "GCC_7.0.0"});
}

}  // namespace

TEST_CASE("readelf symbol tables parse names, versions, defaults and sections", "[build][compat][unit]") {
  std::string out =
      "Symbol table '.dynsym' contains 4 entries:\n"
      "   Num:    Value          Size Type    Bind   Vis      Ndx Name\n"
      "     0: 0000000000000000     0 NOTYPE  LOCAL  DEFAULT  UND \n"
      "    34: 00000000000138b0   117 FUNC    GLOBAL DEFAULT   17 exp@GLIBC_2.2.5\n"
      "    35: 0000000000039370    95 FUNC    GLOBAL DEFAULT   17 exp@@GLIBC_2.29\n"
      "     6: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND __tls_get_addr@GLIBC_2.3 (41)\n"
      "   209: 00000000001a2330     1 OBJECT  UNIQUE DEFAULT   15 _ZNSt10moneypunctIcLb0EE4intlE@@GLIBCXX_3.4\n";
  std::vector<ElfSymbol> s = parse_symbol_table(out);
  REQUIRE(s.size() == 4);
  CHECK(s[0].name == "exp");
  CHECK(s[0].version == "GLIBC_2.2.5");
  CHECK_FALSE(s[0].is_default);
  CHECK(s[1].is_default);
  CHECK(s[1].section == 17);
  CHECK(s[1].size == 95);
  CHECK_FALSE(s[2].defined);
  CHECK(s[2].version == "GLIBC_2.3");
  CHECK(s[3].bind == "UNIQUE");
  CHECK(s[3].type == "OBJECT");
}

TEST_CASE("archive listings split members and read writable sections", "[build][compat][unit]") {
  std::string out =
      "\nFile: /x/libstdc++.a(a.o)\n"
      "Section Headers:\n"
      "  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al\n"
      "  [ 3] .text             PROGBITS        0000000000000000 000058 000010 00  AX  0   0  1\n"
      "  [ 5] .bss._ZN1x1yE     NOBITS          0000000000000000 000058 000008 00  WA  0   0  8\n"
      "Key to Flags:\n"
      "Symbol table '.symtab' contains 2 entries:\n"
      "     1: 0000000000000000     8 OBJECT  GLOBAL DEFAULT    5 _ZN1x1yE\n"
      "     2: 0000000000000000     0 NOTYPE  GLOBAL DEFAULT  UND memcpy\n"
      "\nFile: /x/libstdc++.a(b.o)\n"
      "     1: 0000000000000000    16 FUNC    GLOBAL DEFAULT    3 _Z1fv\n";
  std::vector<ElfObject> o = parse_archive_listing(out);
  REQUIRE(o.size() == 2);
  CHECK(o[0].name == "a.o");
  CHECK(o[0].sections.at(5).writable);
  CHECK_FALSE(o[0].sections.at(3).writable);
  CHECK(writable_state(o[0]) == "_ZN1x1yE in .bss._ZN1x1yE");
  CHECK(writable_state(o[1]).empty());
  CHECK(o[1].symbols.at(0).name == "_Z1fv");
  // A plain object file has no "File:" header.
  std::vector<ElfObject> plain = parse_archive_listing(
      "Symbol table '.symtab' contains 1 entry:\n     1: 0000000000000000     0 NOTYPE  GLOBAL DEFAULT  UND gettid\n");
  REQUIRE(plain.size() == 1);
  CHECK_FALSE(plain[0].symbols.at(0).defined);
}

TEST_CASE("stubs keep allowed versions only and default to the newest allowed", "[build][compat][unit]") {
  std::vector<ElfSymbol> host = {sym("pow", "GLIBC_2.2.5", true, false), sym("pow", "GLIBC_2.29", true),
                                 sym("memcpy", "GLIBC_2.2.5", true, false), sym("memcpy", "GLIBC_2.14", true),
                                 sym("gettid", "GLIBC_2.30", true), sym("totalorder", "GLIBC_2.25", true),
                                 sym("GLIBC_2.2.5", "GLIBC_2.2.5", true, true, "OBJECT"),
                                 sym("stdin_", "GLIBC_2.2.5", true, true, "OBJECT")};
  StubSource s = make_stub_source(host, allowed_2_28());
  CHECK(s.kept_names == std::vector<std::string>{"memcpy", "pow", "stdin_"});
  CHECK(s.assembly.find("pow@@GLIBC_2.2.5") != std::string::npos);
  CHECK(s.assembly.find("memcpy@@GLIBC_2.14") != std::string::npos);
  CHECK(s.assembly.find("memcpy@GLIBC_2.2.5,") != std::string::npos);
  CHECK(s.assembly.find("gettid") == std::string::npos);
  CHECK(s.assembly.find("totalorder") == std::string::npos);
  CHECK(s.assembly.find("@object") != std::string::npos);
  CHECK(s.version_script.find("GLIBC_2.29") == std::string::npos);
  CHECK(s.version_script.find("GLIBC_2.14 { };") != std::string::npos);
  // The policy data drops trailing zero components ("GCC_7"); both spellings must match.
  AllowedVersions short_form({"GCC_7", "CXXABI_TM_1"});
  CHECK(short_form.allows("GCC_7.0.0"));
  CHECK(short_form.allows("CXXABI_TM_1"));
  CHECK_FALSE(short_form.allows("GCC_7.1.0"));
}

TEST_CASE("the archive plan takes stateless providers and denies state and its dependants", "[build][compat][unit]") {
  ElfObject stateless{"new.o", {sym("new_fn", "", true), sym("helper", "", false)}, {{1, {".text", false, 16}}}};
  ElfObject helper{"help.o", {sym("helper", "", true)}, {{1, {".text", false, 16}}}};
  ElfObject stateful{"state.o", {sym("state_var", "", true, true, "OBJECT")}, {{1, {".bss", true, 8}}}};
  ElfObject dependant{"dep.o", {sym("dep_fn", "", true), sym("state_var", "", false)}, {{1, {".text", false, 16}}}};
  CompatData data;
  ArchivePlan p = plan_archive({stateless, helper, stateful, dependant}, {"new_fn", "state_var", "dep_fn"}, {}, data);
  CHECK(p.take == std::vector<std::string>{"help.o", "new.o"});
  CHECK(p.denied.at("state.o").find("writable state state_var in .bss") != std::string::npos);
  CHECK(p.denied.at("dep.o").find("needs state_var") != std::string::npos);
  CHECK(p.unreviewed.count("new.o") == 1);

  data.members["new.o"] = {MemberAction::deny, "reviewed: no"};
  data.members["state.o"] = {MemberAction::privatise, "reviewed: private copy"};
  p = plan_archive({stateless, helper, stateful, dependant}, {"new_fn", "state_var", "dep_fn"}, {}, data);
  CHECK(p.denied.at("new.o") == "reviewed: no");
  CHECK(p.privatise == std::vector<std::string>{"state.o"});
  CHECK(p.take == std::vector<std::string>{"dep.o"});
}

TEST_CASE("the embedded data file names a reason for everything and is consistent", "[build][compat][unit]") {
  const CompatData& d = compat_data();
  CHECK(d.macros_undefined.size() == 3);
  CHECK(d.pinned_libraries == std::vector<std::string>{"libpthread.so.0", "libdl.so.2", "librt.so.1"});
  for (const auto& [member, decision] : d.members) CHECK_FALSE(decision.reason.empty());
  for (const ShimEntry& s : d.shims) {
    INFO(s.id);
    CHECK(find_shim_source(s.id) != nullptr);
    CHECK_FALSE(s.reason.empty());
  }
  CHECK_THROWS_AS(parse_compat_data("{\"members\": {}}"), kb::Error);
  CHECK(shadow_cxxconfig(d.macros_undefined).find("#undef _GLIBCXX_USE_PTHREAD_COND_CLOCKWAIT") != std::string::npos);
}

TEST_CASE("denied features match C names by prefix and C++ names by demangled text", "[build][compat][unit]") {
  const CompatData& d = compat_data();
  std::string pmr = "_ZNSt3pmr20get_default_resourceEv";
  const DeniedEntry* e = find_denied(d, pmr, demangle(pmr));
  REQUIRE(e != nullptr);
  CHECK(e->match == "std::pmr::");
  CHECK(find_denied(d, "gettid", "gettid") != nullptr);
  CHECK(find_denied(d, "getpid", "getpid") == nullptr);
  CHECK(find_denied(d, "_Z6gettidv", demangle("_Z6gettidv")) == nullptr);
}

TEST_CASE("version needs beyond the policy are read from readelf -V", "[build][compat][unit]") {
  std::string v =
      "Version needs section '.gnu.version_r' contains 2 entries:\n"
      "  000000: Version: 1  File: libc.so.6  Cnt: 2\n"
      "  0x0010:   Name: GLIBC_2.33  Flags: none  Version: 3\n"
      "  0x0020:   Name: GLIBC_2.2.5  Flags: none  Version: 2\n"
      "  0x0030: Version: 1  File: libcudart.so.13  Cnt: 1\n"
      "  0x0040:   Name: libcudart.so.13  Flags: none  Version: 4\n";
  CHECK(disallowed_version_needs(v, allowed_2_28()) == std::vector<std::string>{"GLIBC_2.33"});
}
