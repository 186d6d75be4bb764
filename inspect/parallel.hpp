// SPDX-License-Identifier: Apache-2.0
// A tiny work pool for the driver: files are independent, so each index runs once on one of
// `jobs` threads (0: all cores). fn must not throw.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace kb::inspect {

template <typename Fn>
void run_parallel(std::size_t count, int jobs, Fn fn) {
  unsigned n = jobs > 0 ? unsigned(jobs) : std::max(1u, std::thread::hardware_concurrency());
  n = static_cast<unsigned>(std::min<std::size_t>(n, std::max<std::size_t>(1, count)));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < count;) fn(i);
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n; ++i) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
}

}  // namespace kb::inspect
