// SPDX-License-Identifier: Apache-2.0
#include "build/ninja_progress.hpp"

#include <cstdio>
#include <cstring>

namespace kb::build {

namespace {

constexpr const char* k_marker = "[kb ";
// Non-terminal mode: after this long without a finished step, say that work goes on (CI logs
// otherwise look hung during a long nvcc TU).
constexpr auto k_quiet_interval = std::chrono::seconds(60);

}  // namespace

Step parse_status_line(const std::string& line) {
  Step s;
  if (line.rfind(k_marker, 0) != 0) return s;
  int finished = 0, total = 0, consumed = 0;
  if (std::sscanf(line.c_str() + std::strlen(k_marker), "%d/%d]%n", &finished, &total, &consumed) != 2) return s;
  size_t rest = std::strlen(k_marker) + static_cast<size_t>(consumed);
  if (rest < line.size() && line[rest] == ' ') ++rest;
  s.finished = finished;
  s.total = total;
  s.description = line.substr(rest);
  return s;
}

std::vector<Step> NinjaOutputParser::feed(const std::string& chunk) {
  std::vector<Step> steps;
  m_pending += chunk;
  size_t start = 0;
  for (size_t nl; (nl = m_pending.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string line = m_pending.substr(start, nl - start);
    Step s = parse_status_line(line);
    if (s.finished > 0) {
      m_last = s;
      steps.push_back(std::move(s));
    } else if (line.rfind("FAILED: ", 0) == 0 && m_last.finished > 0) {
      Step f = m_last;
      f.failed = true;
      steps.push_back(std::move(f));
    }
  }
  m_pending.erase(0, start);
  return steps;
}

std::string format_elapsed(std::chrono::steady_clock::duration d) {
  long ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
  char buf[32];
  if (ms < 60'000) std::snprintf(buf, sizeof buf, "%.1fs", ms / 1000.0);
  else if (ms < 3'600'000) std::snprintf(buf, sizeof buf, "%ldm%02lds", ms / 60'000, (ms / 1000) % 60);
  else std::snprintf(buf, sizeof buf, "%ldh%02ldm", ms / 3'600'000, (ms / 60'000) % 60);
  return buf;
}

ProgressPrinter::ProgressPrinter(ProgressMode mode, std::ostream& out, int width)
    : m_mode(mode), m_out(out), m_width(width > 20 ? width : 80),
      m_start(std::chrono::steady_clock::now()), m_last_line(m_start) {
  if (m_mode != ProgressMode::quiet) m_ticker = std::thread([this] { tick(); });
}

ProgressPrinter::~ProgressPrinter() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_ticker.joinable()) m_ticker.join();
  if (m_mode == ProgressMode::terminal && m_drawn) m_out << "\n" << std::flush;
}

std::chrono::steady_clock::duration ProgressPrinter::elapsed() const {
  return std::chrono::steady_clock::now() - m_start;
}

// Caller holds m_mutex.
void ProgressPrinter::draw(const std::string& suffix) {
  std::string line = m_last.total > 0 ? "[" + std::to_string(m_last.finished) + "/" + std::to_string(m_last.total) + "] "
                                      : std::string("[0/?] ");
  std::string text = m_last.description.empty() ? std::string("compiling") : m_last.description;
  std::string tail = "  " + suffix;
  if (m_mode == ProgressMode::terminal) {
    size_t room = static_cast<size_t>(m_width) - 1;
    if (line.size() + text.size() + tail.size() > room && room > line.size() + tail.size() + 3)
      text = "..." + text.substr(text.size() - (room - line.size() - tail.size() - 3));
    m_out << "\r\x1b[K" << line << text << tail << std::flush;
    m_drawn = true;
  } else {
    m_out << line << text << tail << "\n" << std::flush;
  }
}

void ProgressPrinter::on_step(const Step& step) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (step.failed) {  // a permanent line, above the redrawn status line on a terminal
    if (m_mode == ProgressMode::quiet) return;
    m_out << (m_mode == ProgressMode::terminal ? "\r\x1b[K" : "") << "FAILED " << step.description
          << " (first error in the summary at the end)\n" << std::flush;
    if (m_mode == ProgressMode::terminal) draw(format_elapsed(elapsed()));
    return;
  }
  m_last = step;
  m_last_line = std::chrono::steady_clock::now();
  if (m_mode != ProgressMode::quiet) draw(format_elapsed(elapsed()));
}

void ProgressPrinter::on_output(const std::string& chunk) {
  std::vector<Step> steps;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    steps = m_parser.feed(chunk);
  }
  for (const Step& s : steps) on_step(s);
}

void ProgressPrinter::tick() {
  std::unique_lock<std::mutex> lock(m_mutex);
  while (!m_stop) {
    m_wake.wait_for(lock, std::chrono::seconds(1));
    if (m_stop) break;
    auto now = std::chrono::steady_clock::now();
    if (m_mode == ProgressMode::terminal) {
      draw(format_elapsed(now - m_start));
    } else if (now - m_last_line >= k_quiet_interval) {
      m_last_line = now;
      m_out << "[" << m_last.finished << "/" << (m_last.total > 0 ? std::to_string(m_last.total) : std::string("?"))
            << "] still compiling  " << format_elapsed(now - m_start) << "\n" << std::flush;
    }
  }
}

}  // namespace kb::build
