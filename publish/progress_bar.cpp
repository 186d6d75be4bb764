// SPDX-License-Identifier: Apache-2.0
// A one-line TTY progress bar (bytes, rate, ETA), redrawn at most 10 times a second.
#include "publish/progress_bar.hpp"

#include <cstdio>

namespace kb::publish {

ProgressBar::ProgressBar(std::FILE* out) : m_out(out), m_start(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_drawn) std::fputs("\n", m_out);
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto now = std::chrono::steady_clock::now();
  if (m_drawn && done < total && now - m_last < std::chrono::milliseconds(100)) return;
  m_last = now;
  m_drawn = true;
  double secs = std::chrono::duration<double>(now - m_start).count();
  double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
  int width = 30, fill = total ? static_cast<int>(width * static_cast<double>(done) / static_cast<double>(total)) : width;
  std::string bar(static_cast<std::size_t>(fill), '#');
  bar.resize(static_cast<std::size_t>(width), '.');
  std::fprintf(m_out, "\r[%s] %7.1f / %.1f MiB  %6.1f MiB/s  ETA %4.0fs ", bar.c_str(), done / 1048576.0,
               total / 1048576.0, rate / 1048576.0, eta);
  std::fflush(m_out);
}

}  // namespace kb::publish
