// SPDX-License-Identifier: Apache-2.0
#include "build/shard.hpp"

#include <algorithm>
#include <numeric>

#include "core/error.hpp"

namespace kb::build {

Shard parse_shard(const std::string& text) {
  Shard s;
  size_t slash = text.find('/');
  auto number = [](const std::string& t) {
    if (t.empty() || t.size() > 6 || t.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stoi(t);
  };
  if (slash != std::string::npos) {
    s.index = number(text.substr(0, slash));
    s.count = number(text.substr(slash + 1));
  }
  if (slash == std::string::npos || s.count < 1 || s.index < 1 || s.index > s.count)
    throw Error(ErrorKind::usage, "--shard: `" + text + "` is not I/N with 1 <= I <= N",
                "pass this runner's 1-based index and the runner count, e.g. --shard 2/4");
  return s;
}

std::vector<int> assign_shards(const std::vector<ShardItem>& items, int count) {
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (items[a].cost != items[b].cost) return items[a].cost > items[b].cost;
    return items[a].name < items[b].name;
  });
  std::vector<long> load(static_cast<size_t>(std::max(count, 1)), 0);
  std::vector<int> out(items.size(), 1);
  for (size_t i : order) {
    size_t best = static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[best] += items[i].cost;
    out[i] = static_cast<int>(best) + 1;
  }
  return out;
}

long shard_cost(int cxx_units, const std::vector<int>& nvcc_unit_archs) {
  long cost = cxx_units;
  for (int archs : nvcc_unit_archs) cost += 4L * std::max(archs, 1);
  return cost;
}

}  // namespace kb::build
