// SPDX-License-Identifier: Apache-2.0
#include "tests/test_env.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace kb::test {

fs::path source_dir() { return KB_SOURCE_DIR; }
fs::path binary_dir() { return KB_BINARY_DIR; }
fs::path kb_exe() { return KB_EXE; }

fs::path python() {
  const char* env = std::getenv("KB_PYTHON");
  fs::path p = env && *env ? fs::path(env) : fs::path(std::getenv("HOME")) / ".cache/kb/venv/bin/python";
  return fs::exists(p) ? p : fs::path();
}

TempDir::TempDir() {
  std::random_device rd;
  m_path = fs::temp_directory_path() / ("kb-test-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(m_path);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

CommandResult run(const std::vector<std::string>& argv, const fs::path& cwd) {
  PosixProcessRunner runner;
  return runner.run(Command{argv, cwd, {}});
}

CommandResult run_kb(const std::vector<std::string>& args, const fs::path& cwd) {
  std::vector<std::string> argv{kb_exe().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, cwd);
}

void write_text(const fs::path& p, const std::string& content) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kb::test
