// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>

namespace kb::publish {

// Draws upload progress on a terminal; the CLI creates one only when stderr is a TTY.
// update() may be called from several worker threads.
class ProgressBar {
 public:
  explicit ProgressBar(std::FILE* out);
  ~ProgressBar();
  void update(std::uint64_t done, std::uint64_t total);

 private:
  std::FILE* m_out;
  std::mutex m_mutex;
  std::chrono::steady_clock::time_point m_start, m_last;
  bool m_drawn = false;
};

}  // namespace kb::publish
