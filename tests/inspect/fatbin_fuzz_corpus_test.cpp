// SPDX-License-Identifier: Apache-2.0
// Corpus replay for the fatbin fuzz target (tests/fuzz/fatbin_fuzz.cpp), in the ordinary g++
// build: the committed corpus plus deterministic mutations of real nvcc fatbins (truncations,
// entry and container sizes pointing outside the section, absurd container counts) go through
// the reader, the payload decoder and the cubin symbol reader. read_fatbin_section documents
// that it never throws, so any exception fails; a hang or crash fails `make test`.
#include <catch2/catch.hpp>
#include <cstring>
#include <random>

#include "inspect/cubin_kernels.hpp"
#include "inspect/fatbin_payload.hpp"
#include "inspect/fatbin_reader.hpp"
#include "tests/inspect/fatbin_fixtures.hpp"
#include "tests/test_env.hpp"

using namespace kb;
namespace fs = std::filesystem;

namespace {

struct Outcome {
  inspect::FatbinListing listing;
  int payloads_read = 0;
};

// What the cuda.* rules do with a section: list it, then open every SASS payload.
Outcome replay(const std::string& bytes) {
  Outcome o;
  inspect::read_fatbin_section(bytes, ".nv_fatbin", o.listing);
  for (const auto& e : o.listing.entries) {
    if (e.kind != inspect::FatbinKind::sass) continue;
    std::string why;
    if (auto payload = inspect::entry_payload(e, bytes, why)) o.payloads_read += inspect::cubin_kernels(*payload, why) ? 1 : 0;
  }
  return o;
}

std::string section_of(const fs::path& so, const std::string& name) {
  const std::string file = test::read_text(so);
  for (const auto& s : test::readelf_sections(so))
    if (s.name == name && s.offset + s.size <= file.size()) return file.substr(s.offset, s.size);
  return {};
}

void put(std::string& b, std::size_t at, std::uint64_t v, std::size_t width) {
  for (std::size_t k = 0; k < width && at + k < b.size(); ++k) b[at + k] = char(v >> (8 * k));
}

// Header fields that hold sizes: container (size at +8, header size at +6) and entry (header
// size +4, payload size +8, compressed +0x10, uncompressed +0x38), with their widths.
std::vector<std::pair<std::size_t, std::size_t>> size_fields(const std::string& b, const inspect::FatbinListing& l) {
  std::vector<std::pair<std::size_t, std::size_t>> f;
  const std::uint32_t magic = 0xBA55ED50u;
  for (std::size_t at = 0; at + 16 <= b.size(); at += 8)
    if (std::memcmp(b.data() + at, &magic, 4) == 0) f.insert(f.end(), {{at + 6, 2}, {at + 8, 8}});
  for (const auto& e : l.entries) f.insert(f.end(), {{e.offset + 4, 4}, {e.offset + 8, 8}, {e.offset + 0x10, 4}, {e.offset + 0x38, 8}});
  return f;
}

std::string mutate(std::string b, const std::vector<std::pair<std::size_t, std::size_t>>& fields, std::mt19937_64& rng) {
  static const std::uint64_t k_values[] = {0, 1, 7, 16, 64, 0xffff, 0x7fffffff, 0xffffffff, ~0ull, 1ull << 40, 256ull << 20};
  switch (rng() % 4) {
    case 0:  // truncated container or entry
      b.resize(rng() % b.size());
      break;
    case 1: {  // a size pointing outside the section, wrapping, or zero
      const auto& [at, width] = fields[rng() % fields.size()];
      put(b, at, rng() % 2 ? k_values[rng() % 11] : b.size() + rng() % 64, width);
      break;
    }
    case 2: {  // absurd counts: thousands of empty containers before or after the real ones
      std::string empty(16, '\0');
      put(empty, 0, 0xBA55ED50u, 4), put(empty, 4, 1, 2), put(empty, 6, 16, 2);
      std::string many;
      for (std::uint64_t i = 0, n = 1 + rng() % 5000; i < n; ++i) many += empty;
      b = rng() % 2 ? many + b : b + many;
      break;
    }
    default:  // a few random bytes anywhere
      for (int i = 0, n = 1 + int(rng() % 8); i < n; ++i) b[rng() % b.size()] = char(rng());
  }
  return b;
}

}  // namespace

TEST_CASE("fatbin fuzz corpus replays without exceptions", "[inspect][fatbin][fuzz][unit]") {
  const fs::path dir = test::source_dir() / "tests/fuzz/fatbin_corpus";
  int files = 0;
  REQUIRE(fs::is_directory(dir));
  for (const auto& e : fs::directory_iterator(dir)) {
    INFO(e.path());
    CHECK_NOTHROW(replay(test::read_text(e.path())));
    ++files;
  }
  REQUIRE(files > 0);
}

TEST_CASE("fatbin reader survives mutated nvcc fatbins", "[inspect][fatbin][fuzz][e2e]") {
  std::mt19937_64 rng(20261126);
  int runs = 0, clean = 0, flagged = 0;
  for (const auto& [name, section] : std::vector<std::pair<std::string, std::string>>{
           {"compress_default", ".nv_fatbin"}, {"compress_speed", ".nv_fatbin"}, {"compress_none", ".nv_fatbin"},
           {"two_tu", ".nv_fatbin"}, {"rdc", "__nv_relfatbin"}}) {
    const std::string seed = section_of(test::fatbin_fixture(name), section);
    INFO(name << " " << section);
    REQUIRE(!seed.empty());
    const Outcome base = replay(seed);
    REQUIRE(base.listing.problems.empty());
    REQUIRE(!base.listing.entries.empty());
    const auto fields = size_fields(seed, base.listing);
    for (int i = 0; i < 800; ++i) {  // a loop bound, not a timer: a hang shows as a test timeout
      const std::string m = mutate(seed, fields, rng);
      Outcome o;
      REQUIRE_NOTHROW(o = replay(m));
      ++runs;
      (o.listing.problems.empty() ? clean : flagged)++;
    }
  }
  CHECK(runs == 4000);
  // Both outcomes occur: the mutations reach the checks and do not all break the first header.
  CHECK(clean > 0);
  CHECK(flagged > 0);
}

TEST_CASE("fatbin payloads of real nvcc fixtures pass the size plausibility check", "[inspect][fatbin][fuzz][e2e]") {
  for (const char* name : {"compress_default", "compress_speed", "compress_size", "two_tu"}) {
    const std::string seed = section_of(test::fatbin_fixture(name), ".nv_fatbin");
    const Outcome o = replay(seed);
    int sass = 0;
    for (const auto& e : o.listing.entries) sass += e.kind == inspect::FatbinKind::sass;
    INFO(name);
    CHECK(sass > 0);
    CHECK(o.payloads_read == sass);  // every compressed cubin still opens
  }
}

TEST_CASE("fatbin payload: an uncompressed size the stream cannot produce is refused before allocating",
          "[inspect][fatbin][fuzz][unit]") {
  const std::string seed = section_of(test::fatbin_fixture("compress_default"), ".nv_fatbin");
  inspect::FatbinListing l;
  inspect::read_fatbin_section(seed, ".nv_fatbin", l);
  int checked = 0;
  for (auto e : l.entries) {
    if (e.compression == inspect::FatbinCompression::none) continue;
    e.uncompressed_size = 200ull << 20;  // under the cap, far beyond what the stream holds
    std::string why;
    CHECK_FALSE(inspect::entry_payload(e, seed, why));
    CHECK_THAT(why, Catch::Contains("cannot inflate") || Catch::Contains("content size differs"));
    ++checked;
  }
  CHECK(checked > 0);
}
