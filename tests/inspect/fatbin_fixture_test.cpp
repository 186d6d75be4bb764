// SPDX-License-Identifier: Apache-2.0
// The fatbin reader on real nvcc 13.0 output, refereed by cuobjdump.
#include <algorithm>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "core/mapped_file.hpp"
#include "inspect/fatbin_reader.hpp"
#include "tests/inspect/fatbin_fixtures.hpp"

using namespace kb::inspect;
using kb::test::fatbin_fixture;
using kb::test::fatbin_listing_of;

namespace {

using Strings = std::vector<std::string>;

int count(const FatbinListing& l, FatbinKind k, FatbinCompression c) {
  return int(std::count_if(l.entries.begin(), l.entries.end(),
                           [&](const FatbinEntry& e) { return e.kind == k && e.compression == c; }));
}

}  // namespace

TEST_CASE("fatbin listing equals cuobjdump -all -lelf -lptx on every fixture", "[inspect][fatbin][referee]") {
  REQUIRE_FALSE(kb::test::cuobjdump().empty());  // `make deps` installs nvidia-cuda-cuobjdump
  for (const std::string& name : kb::test::fatbin_fixture_names()) {
    INFO(name);
    FatbinListing l = fatbin_listing_of(fatbin_fixture(name));
    CHECK(l.problems.empty());
    Strings theirs = kb::test::cuobjdump_listing(fatbin_fixture(name));
    CHECK_FALSE(theirs.empty());
    CHECK(kb::test::as_cuobjdump_lines(l) == theirs);
  }
}

TEST_CASE("fatbin fixtures: gencode forms and suffixes", "[inspect][fatbin][e2e]") {
  FatbinListing l = fatbin_listing_of(fatbin_fixture("gencode_ptx"));
  CHECK(l.sass_archs() == Strings{"sm_80", "sm_90"});
  CHECK(l.ptx_archs() == Strings{"compute_90"});
  // nvcc 13.0's default compresses PTX (zstd) and leaves SASS raw.
  CHECK(count(l, FatbinKind::ptx, FatbinCompression::zstd) == 1);
  CHECK(count(l, FatbinKind::sass, FatbinCompression::none) == 4);
  for (const FatbinEntry& e : l.entries)
    if (e.kind == FatbinKind::ptx) CHECK(e.version() == "9.0");

  CHECK(fatbin_listing_of(fatbin_fixture("arch_a")).sass_archs() == Strings{"sm_90a"});
  CHECK(fatbin_listing_of(fatbin_fixture("arch_a")).ptx_archs() == Strings{"compute_90a"});
  CHECK(fatbin_listing_of(fatbin_fixture("family_f")).sass_archs() == Strings{"sm_100f"});
  CHECK(fatbin_listing_of(fatbin_fixture("family_f")).ptx_archs() == Strings{"compute_100f"});
  FatbinListing dup = fatbin_listing_of(fatbin_fixture("dup_arch"));
  CHECK(dup.sass_archs() == Strings{"sm_90"});
  CHECK(dup.entries.size() == 4);
}

TEST_CASE("fatbin fixtures: compression modes", "[inspect][fatbin][unit]") {
  auto all = [](const std::string& name, FatbinCompression c) {
    FatbinListing l = fatbin_listing_of(fatbin_fixture(name));
    return count(l, FatbinKind::sass, c) + count(l, FatbinKind::ptx, c) == int(l.entries.size()) && !l.empty();
  };
  CHECK(all("compress_default", FatbinCompression::zstd));
  CHECK(all("compress_size", FatbinCompression::zstd));
  CHECK(all("compress_speed", FatbinCompression::lz4));
  CHECK(all("compress_none", FatbinCompression::none));
  for (const FatbinEntry& e : fatbin_listing_of(fatbin_fixture("compress_size")).entries) {
    CHECK(e.compressed_size > 0);
    CHECK(e.compressed_size <= e.payload_size);
    CHECK(e.uncompressed_size > e.compressed_size);
  }
}

TEST_CASE("fatbin fixtures: rdc, LTO-IR, PTX only, two TUs", "[inspect][fatbin][unit]") {
  FatbinListing rdc = fatbin_listing_of(fatbin_fixture("rdc"));
  CHECK(rdc.sections == Strings{".nv_fatbin", "__nv_relfatbin"});
  for (const FatbinEntry& e : rdc.entries)
    if (e.kind == FatbinKind::ptx) CHECK(e.section == "__nv_relfatbin");
  CHECK(rdc.ptx_archs() == Strings{"compute_90"});
  CHECK(rdc.sass_archs() == Strings{"sm_90"});

  FatbinListing lto = fatbin_listing_of(fatbin_fixture("lto"));
  auto it = std::find_if(lto.entries.begin(), lto.entries.end(),
                         [](const FatbinEntry& e) { return e.kind == FatbinKind::lto_ir; });
  REQUIRE(it != lto.entries.end());
  CHECK(it->arch == "lto_90");
  CHECK(it->obfuscated);

  FatbinListing ptx = fatbin_listing_of(fatbin_fixture("ptx_only"));
  CHECK(ptx.sass_archs().empty());
  CHECK(ptx.ptx_archs() == Strings{"compute_75"});

  FatbinListing two = fatbin_listing_of(fatbin_fixture("two_tu"));
  std::uint32_t containers = 0;
  for (const FatbinEntry& e : two.entries) containers = std::max(containers, e.container + 1);
  CHECK(containers == 3);  // one per TU plus nvlink's dlink container
}

TEST_CASE("fatbin fixtures: a file without device code has no fatbin section", "[inspect][fatbin][unit]") {
  FatbinListing l = fatbin_listing_of("/bin/sh");
  CHECK(l.sections.empty());
  CHECK(l.entries.empty());
}

TEST_CASE("fatbin kernels: names read from raw, zstd and LZ4 cubins", "[inspect][fatbin][unit]") {
  for (const char* name : {"compress_none", "compress_size", "compress_speed", "gencode_ptx"}) {
    INFO(name);
    kb::MappedFile file(fatbin_fixture(name));
    auto sections = kb::test::readelf_sections(fatbin_fixture(name));
    FatbinListing l = read_fatbins(file.bytes(), sections);
    read_fatbin_kernels(file.bytes(), sections, l);
    CHECK(l.problems.empty());
    bool saw_kernels = false;
    for (const FatbinEntry& e : l.entries) {
      if (e.kind != FatbinKind::sass) continue;
      REQUIRE(e.kernels);
      // nvlink's dlink cubins hold no kernels; the TU's cubins hold both.
      if (!e.kernels->empty()) {
        CHECK(*e.kernels == Strings{"_Z5scalePff", "_Z7add_onePf"});
        saw_kernels = true;
      }
    }
    CHECK(saw_kernels);
  }
}

TEST_CASE("fatbin kernels: a kernel built for fewer archs shows up per arch", "[inspect][fatbin][unit]") {
  kb::MappedFile file(fatbin_fixture("partial_kernel"));
  auto sections = kb::test::readelf_sections(fatbin_fixture("partial_kernel"));
  FatbinListing l = read_fatbins(file.bytes(), sections);
  read_fatbin_kernels(file.bytes(), sections, l);
  std::map<std::string, std::set<std::string>> per_arch;
  for (const FatbinEntry& e : l.entries)
    if (e.kernels) per_arch[e.arch].insert(e.kernels->begin(), e.kernels->end());
  CHECK(per_arch["sm_90"] == std::set<std::string>{"_Z4mul2Pf", "_Z5scalePff", "_Z7add_onePf"});
  CHECK(per_arch["sm_80"] == std::set<std::string>{"_Z5scalePff", "_Z7add_onePf"});
}
