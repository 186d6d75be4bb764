// SPDX-License-Identifier: Apache-2.0
// read_so_facts lists fatbins only when asked: with every cuda.* rule ignored, kb inspect reads no
// device code (the 32 MB peak-memory target on libcublasLt, whose .nv_fatbin is 139 MB).
#include <catch2/catch.hpp>

#include "inspect/elf_reader.hpp"
#include "tests/inspect/fatbin_fixtures.hpp"

using namespace kb::inspect;

TEST_CASE("read_so_facts skips the fatbin listing when with_cuda is false", "[inspect][elf][fatbin][unit]") {
  const auto so = kb::test::fatbin_fixture(kb::test::fatbin_fixture_names().front());
  const SoFacts with = read_so_facts(so);
  REQUIRE(with.cuda);
  CHECK_FALSE(with.cuda->entries.empty());
  const SoFacts without = read_so_facts(so, /*with_cuda=*/false);
  CHECK_FALSE(without.cuda);
  CHECK(without.dynsyms.size() == with.dynsyms.size());
  CHECK(without.needed == with.needed);
}
