// SPDX-License-Identifier: Apache-2.0
// Live progress of kb build's one ninja run. Ninja is told (NINJA_STATUS) to start each status
// line with a marker, so kb can tell its "[n/m] description" lines from compiler output in the
// stream; the descriptions are "<variant>: <source>" (ninja_file.cpp). Compiler output is never
// echoed while compiling: it goes to the log, and a failure is summarised from it afterwards.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace kb::build {

// The NINJA_STATUS value kb sets: %f finished edges, %t total edges.
inline constexpr const char* k_ninja_status = "[kb %f/%t] ";

// One finished ninja step.
struct Step {
  int finished = 0;
  int total = 0;
  std::string description;  // "<variant>: <source>"
  bool failed = false;       // ninja's "FAILED:" followed this step's status line
};

// Splits ninja's streamed output into lines and picks out the status lines.
class NinjaOutputParser {
 public:
  // Feeds a chunk of output (any size, lines may be split across chunks); returns the steps
  // whose status line it completed, and a copy of a step with `failed` set when ninja reports
  // that it failed (so a failure shows while other TUs still compile).
  std::vector<Step> feed(const std::string& chunk);

 private:
  std::string m_pending;
  Step m_last;
};

// Parses one status line ("[kb 3/12] variant: src/a.cpp"); nullopt-like: finished = 0 when not one.
Step parse_status_line(const std::string& line);

enum class ProgressMode {
  quiet,     // -q: nothing while compiling
  lines,     // not a terminal: one line per finished step, and a line after each minute of silence
  terminal,  // a terminal: one status line, redrawn in place, with the elapsed time ticking
};

// "4.2s", "1m05s", "1h02m".
std::string format_elapsed(std::chrono::steady_clock::duration d);

// Prints steps as they finish. Thread-safe: a ticker thread redraws the elapsed time.
class ProgressPrinter {
 public:
  // `width`: the terminal's columns (terminal mode truncates the status line to fit; 0: 80).
  ProgressPrinter(ProgressMode mode, std::ostream& out, int width = 0);
  ~ProgressPrinter();  // stops the ticker and ends the status line
  void on_step(const Step& step);
  void on_output(const std::string& chunk);  // feeds the parser, prints each finished step
  std::chrono::steady_clock::duration elapsed() const;

 private:
  void draw(const std::string& suffix);
  void tick();

  ProgressMode m_mode;
  std::ostream& m_out;
  int m_width;
  NinjaOutputParser m_parser;
  std::chrono::steady_clock::time_point m_start, m_last_line;
  Step m_last;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  bool m_drawn = false;
  std::thread m_ticker;
};

}  // namespace kb::build
