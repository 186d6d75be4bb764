// SPDX-License-Identifier: Apache-2.0
// kb build --shard I/N: parsing and the deterministic split (docs/sharding.md).
#include <catch2/catch.hpp>

#include <algorithm>

#include "build/shard.hpp"
#include "core/error.hpp"

using namespace kb::build;

TEST_CASE("shard: I/N parses, anything else is a usage error", "[build][shard][unit]") {
  Shard s = parse_shard("2/4");
  CHECK(s.index == 2);
  CHECK(s.count == 4);
  CHECK(parse_shard("1/1").count == 1);
  for (const char* bad : {"0/4", "5/4", "2", "2/", "/4", "a/b", "-1/4", "2/4/1", "1/0", " 1/2", "9999999/9999999"}) {
    INFO(bad);
    try {
      parse_shard(bad);
      FAIL("accepted");
    } catch (const kb::Error& e) {
      CHECK(e.kind() == kb::ErrorKind::usage);
      CHECK(std::string(e.what()).find(bad) != std::string::npos);
    }
  }
}

TEST_CASE("shard: the split balances, covers every item once and ignores input order", "[build][shard][unit]") {
  std::vector<ShardItem> items{{"torch211-cu130", 40}, {"torch212-cu130", 40}, {"torch213-cu130", 40},
                               {"torch211-cpu", 3},     {"torch212-cpu", 3},     {"torch-universal", 0}};
  std::vector<int> owner = assign_shards(items, 4);
  REQUIRE(owner.size() == items.size());
  std::vector<long> load(4, 0);
  for (size_t i = 0; i < items.size(); ++i) {
    REQUIRE(owner[i] >= 1);
    REQUIRE(owner[i] <= 4);
    load[static_cast<size_t>(owner[i] - 1)] += items[i].cost;
  }
  // Three CUDA variants on three shards, the small ones together on the fourth.
  CHECK(*std::max_element(load.begin(), load.end()) == 40);
  CHECK(*std::min_element(load.begin(), load.end()) == 6);

  std::vector<ShardItem> reversed(items.rbegin(), items.rend());
  std::vector<int> owner_rev = assign_shards(reversed, 4);
  for (size_t i = 0; i < items.size(); ++i) CHECK(owner_rev[items.size() - 1 - i] == owner[i]);

  CHECK(assign_shards(items, 1) == std::vector<int>(items.size(), 1));
  std::vector<int> many = assign_shards({{"a", 5}, {"b", 5}}, 8);
  CHECK(many[0] != many[1]);
}

TEST_CASE("shard: cost counts nvcc TUs per arch, g++ TUs once", "[build][shard][unit]") {
  CHECK(shard_cost(0, {}) == 0);
  CHECK(shard_cost(2, {1}) == 6);
  CHECK(shard_cost(1, {3, 3}) == 25);
}
