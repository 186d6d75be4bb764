// SPDX-License-Identifier: Apache-2.0
#include "tests/build/torch_runtime_fixture.hpp"

#include <cstdlib>

#include "tests/test_env.hpp"

namespace fs = std::filesystem;

namespace kb::test {

fs::path kb_cache() {
  const char* cache = std::getenv("KB_CACHE");
  return cache && *cache ? fs::path(cache) : fs::path(std::getenv("HOME")) / ".cache/kb";
}

fs::path torch_runtime(const std::string& version, std::string* log) {
  if (python().empty()) return {};
  CommandResult r = run({python().string(), (source_dir() / "tests/build/torch_runtime.py").string(), version});
  if (log) *log = r.output;
  const std::string key = "PYTHONPATH_DIR=";
  size_t at = r.output.find(key);
  if (r.exit_code != 0 || at == std::string::npos) return {};
  std::string dir = r.output.substr(at + key.size());
  return dir.substr(0, dir.find('\n'));
}

}  // namespace kb::test
