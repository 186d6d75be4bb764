// SPDX-License-Identifier: Apache-2.0
// kb build --shard I/N: a deterministic split of a build's variants over N runners, so each
// builds a disjoint build/ tree and kb package merges them (docs/sharding.md).
#pragma once
#include <string>
#include <vector>

namespace kb::build {

struct Shard {
  int index = 0;  // 1-based; 0: not sharded
  int count = 0;
};

// "I/N" with 1 <= I <= N. Throws Error(usage) naming the value otherwise.
Shard parse_shard(const std::string& text);

struct ShardItem {
  std::string name;  // variant name: the tie-breaker, so every runner computes the same split
  long cost = 0;     // estimated compile work (shard_cost)
};

// For each item (in the given order), the 1-based shard that builds it: longest estimated job
// first onto the least loaded shard (ties: lower shard), items ordered by cost then name, so the
// result depends only on the items, never on their order or on the runner.
std::vector<int> assign_shards(const std::vector<ShardItem>& items, int count);

// The estimate: an nvcc TU costs 4 per CUDA arch it compiles, a g++ TU 1, Python-only 0.
long shard_cost(int cxx_units, const std::vector<int>& nvcc_unit_archs);

}  // namespace kb::build
