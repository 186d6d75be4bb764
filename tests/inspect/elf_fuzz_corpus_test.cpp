// SPDX-License-Identifier: Apache-2.0
// Corpus replay for the ELF fuzz target (tests/fuzz/elf_fuzz.cpp), in the ordinary g++ build:
// the committed corpus plus deterministic mutations of real libraries must each end in
// SoFacts or Error(bad_input). A crash or hang here fails `make test`.
#include <catch2/catch.hpp>
#include <random>

#include "core/error.hpp"
#include "inspect/elf_reader.hpp"
#include "tests/test_env.hpp"

using namespace kb;
namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

// 0: facts, 1: bad_input. Anything else fails the test.
int replay(const Bytes& b, const std::string& name) {
  try {
    inspect::read_so_facts_from_memory(b.data(), b.size(), name);
    return 0;
  } catch (const Error& e) {
    INFO(name << ": " << e.what());
    CHECK(e.kind() == ErrorKind::bad_input);
    return 1;
  }
}

Bytes load(const fs::path& p) {
  const std::string s = test::read_text(p);
  return Bytes(s.begin(), s.end());
}

// Flips bytes, writes "interesting" values, or truncates, mostly in the first 64 KiB where
// the headers and dynamic tables of small libraries live (as the study's mutator did).
Bytes mutate(Bytes b, std::mt19937_64& rng) {
  const int n = 1 + int(rng() % 6);
  for (int i = 0; i < n && !b.empty(); ++i) {
    const std::size_t span = rng() % 5 ? std::min<std::size_t>(b.size(), 65536) : b.size();
    const std::size_t at = rng() % span;
    switch (rng() % 5) {
      case 0:
        b[at] ^= std::uint8_t(1u << (rng() % 8));
        break;
      case 1:
        b[at] = std::uint8_t(rng());
        break;
      case 2: {
        static const std::uint64_t k_values[] = {0, 1, 0x7f, 0xff, 0xffff, 0x7fffffff, 0xffffffff, ~0ull, 1ull << 40};
        const std::uint64_t v = k_values[rng() % 9];
        const std::size_t w = std::size_t(1) << (1 + rng() % 3);  // 2, 4 or 8 bytes
        for (std::size_t k = 0; k < w && at + k < b.size(); ++k) b[at + k] = std::uint8_t(v >> (8 * k));
        break;
      }
      case 3:
        b.resize(at);
        break;
      default:
        b[at] = 0;
        break;
    }
  }
  return b;
}

}  // namespace

TEST_CASE("elf fuzz corpus replays to facts or bad_input", "[inspect][elf][fuzz][unit]") {
  const fs::path dir = test::source_dir() / "tests/fuzz/corpus";
  int files = 0;
  REQUIRE(fs::is_directory(dir));
  for (const auto& e : fs::directory_iterator(dir)) {
    replay(load(e.path()), e.path().filename().string());
    ++files;
  }
  REQUIRE(files > 0);  // the committed corpus exists and was read
}

TEST_CASE("elf reader survives mutated real libraries", "[inspect][elf][fuzz][unit]") {
  std::mt19937_64 rng(20261126);
  int seeds = 0, accepted = 0, rejected = 0;
  for (const char* lib : {"/usr/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libgcc_s.so.1",
                          "/usr/lib/x86_64-linux-gnu/libBrokenLocale.so.1", "/usr/local/cuda/lib64/libcudart.so.13"}) {
    if (!fs::exists(lib)) continue;
    const Bytes seed = load(fs::canonical(lib));
    REQUIRE(replay(seed, lib) == 0);
    ++seeds;
    for (int i = 0; i < 600; ++i) (replay(mutate(seed, rng), lib) == 0 ? accepted : rejected)++;
  }
  REQUIRE(seeds >= 3);
  // Both outcomes occur: the mutations neither all miss the checked structures nor all break the header.
  CHECK(accepted > 0);
  CHECK(rejected > 0);
}
