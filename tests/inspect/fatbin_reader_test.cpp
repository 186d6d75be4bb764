// SPDX-License-Identifier: Apache-2.0
// The fatbin walk on hand-made bytes: every field, and every way a header can lie.
#include <catch2/catch.hpp>

#include "inspect/fatbin_reader.hpp"
#include "tests/inspect/fatbin_bytes.hpp"

using namespace kb::inspect;
using kb::test::container_bytes;
using kb::test::entry_bytes;
using kb::test::FakeEntry;
using kb::test::put;

namespace {

FatbinListing read(const std::string& bytes, const std::string& name = ".nv_fatbin") {
  FatbinListing l;
  read_fatbin_section(bytes, name, l);
  return l;
}

FakeEntry ptx(std::uint32_t sm, std::uint64_t extra_flags = 0) {
  FakeEntry e;
  e.kind = 1;
  e.sm = sm;
  e.major = 9;
  e.minor = 0;
  e.flags = 0x11 | extra_flags;
  e.header_size = 80;  // PTX entries carry an options record in the header tail
  return e;
}

}  // namespace

TEST_CASE("fatbin reader decodes kind, arch, suffix, version and compression", "[inspect][fatbin][unit]") {
  FakeEntry sass90a;
  sass90a.flags = 0x100011;
  FakeEntry sass100f;
  sass100f.sm = 100;
  sass100f.flags = 0x1200011 | 0x8000;
  sass100f.compressed_size = 13;
  sass100f.uncompressed_size = 4000;
  FakeEntry lto;
  lto.kind = 8;
  lto.flags = 0x18011;
  lto.header_size = 120;
  lto.major = 1;
  lto.minor = 65;
  std::string section = container_bytes(entry_bytes(sass90a) + entry_bytes(ptx(90, 0x8000 | 0x100000))) +
                        container_bytes(entry_bytes(sass100f) + entry_bytes(lto) + entry_bytes(ptx(75, 0x2000)));
  FatbinListing l = read(section);
  REQUIRE(l.problems.empty());
  REQUIRE(l.entries.size() == 5);
  CHECK(l.entries[0].arch == "sm_90a");
  CHECK(l.entries[0].kind == FatbinKind::sass);
  CHECK(l.entries[0].compression == FatbinCompression::none);
  CHECK(l.entries[1].arch == "compute_90a");
  CHECK(l.entries[1].version() == "9.0");
  CHECK(l.entries[1].compression == FatbinCompression::zstd);
  CHECK(l.entries[1].offset == 16 + 64 + 16);
  CHECK(l.entries[2].arch == "sm_100f");
  CHECK(l.entries[2].container == 1);
  CHECK(l.entries[2].stored_size() == 13);
  CHECK(l.entries[2].uncompressed_size == 4000);
  CHECK(l.entries[3].kind == FatbinKind::lto_ir);
  CHECK(l.entries[3].arch == "lto_90");
  CHECK(l.entries[3].obfuscated);
  CHECK(l.entries[4].arch == "compute_75");
  CHECK(l.entries[4].compression == FatbinCompression::lz4);
  CHECK(l.sass_archs() == std::vector<std::string>{"sm_90a", "sm_100f"});
  CHECK(l.ptx_archs() == std::vector<std::string>{"compute_75", "compute_90a"});
}

TEST_CASE("fatbin reader keeps unknown kinds and empty containers", "[inspect][fatbin][unit]") {
  FakeEntry tile;
  tile.kind = 0x40;
  std::string section = container_bytes("") + container_bytes(entry_bytes(tile)) + std::string(8, '\0');
  FatbinListing l = read(section);
  CHECK(l.problems.empty());
  REQUIRE(l.entries.size() == 1);
  CHECK(l.entries[0].kind == FatbinKind::unknown);
  CHECK(l.entries[0].raw_kind == 0x40);
}

TEST_CASE("fatbin reader: executable view prefers .nv_fatbin over __nv_relfatbin", "[inspect][fatbin][unit]") {
  FakeEntry rel80;
  rel80.sm = 80;
  FatbinListing l;
  read_fatbin_section(container_bytes(entry_bytes(FakeEntry{})), ".nv_fatbin", l);
  read_fatbin_section(container_bytes(entry_bytes(rel80) + entry_bytes(ptx(80))), "__nv_relfatbin", l);
  CHECK(l.sass_archs() == std::vector<std::string>{"sm_90"});
  CHECK(l.ptx_archs() == std::vector<std::string>{"compute_80"});
  FatbinListing rel_only;
  read_fatbin_section(container_bytes(entry_bytes(rel80)), "__nv_relfatbin", rel_only);
  CHECK(rel_only.sass_archs() == std::vector<std::string>{"sm_80"});
}

TEST_CASE("fatbin reader reports lying sizes instead of reading past them", "[inspect][fatbin][unit]") {
  const std::string good = container_bytes(entry_bytes(FakeEntry{}));
  SECTION("truncated container") {
    FatbinListing l = read(good.substr(0, good.size() - 8));
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].message.find("runs past the end of the section") != std::string::npos);
  }
  SECTION("entry header size outside the container") {
    std::string s = good;
    put(s, 16 + 4, 0xFFFFFFF0u, 4);
    FatbinListing l = read(s);
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].offset == 16);
    CHECK(l.entries.empty());
  }
  SECTION("entry header size below 64 cannot stall the walk") {
    std::string s = good;
    put(s, 16 + 4, 0, 4);
    CHECK(read(s).problems.size() == 1);
  }
  SECTION("payload size near 2^64 does not wrap") {
    std::string s = good;
    put(s, 16 + 8, ~0ull - 32, 8);
    CHECK(read(s).problems.size() == 1);
  }
  SECTION("container size near 2^64 does not wrap") {
    std::string s = good;
    put(s, 8, ~0ull - 8, 8);
    CHECK(read(s).problems.size() == 1);
  }
  SECTION("compressed size larger than the payload") {
    FakeEntry e;
    e.flags |= 0x8000;
    e.compressed_size = 1000;
    CHECK(read(container_bytes(entry_bytes(e))).problems.size() == 1);
  }
  SECTION("bad magic after a good container keeps the good entries") {
    FatbinListing l = read(good + "garbage!garbage!garbage!");
    CHECK(l.entries.size() == 1);
    REQUIRE(l.problems.size() == 1);
    CHECK(l.problems[0].offset == good.size());
  }
  SECTION("bytes left in a container after its last entry") {
    std::string s = container_bytes(entry_bytes(FakeEntry{}) + std::string(24, '\0'));
    FatbinListing l = read(s);
    CHECK(l.entries.size() == 1);
    CHECK(l.problems.size() == 1);
  }
  SECTION("both a and f, both lz4 and zstd") {
    FakeEntry e;
    e.flags = 0x300011 | 0xA000;
    FatbinListing l = read(container_bytes(entry_bytes(e)));
    CHECK(l.entries.size() == 1);
    CHECK(l.problems.size() == 2);
  }
}

TEST_CASE("fatbin reader survives absurd counts in a tiny buffer", "[inspect][fatbin][unit]") {
  // 10,000 empty containers: each is 16 bytes, so the walk is linear in the section size.
  std::string many;
  for (int i = 0; i < 10000; ++i) many += container_bytes("");
  FatbinListing l = read(many);
  CHECK(l.problems.empty());
  CHECK(l.entries.empty());
  // Short or empty sections.
  CHECK(read("").problems.empty());
  CHECK(read(std::string(7, '\1')).problems.size() == 1);
}
