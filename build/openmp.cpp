// SPDX-License-Identifier: Apache-2.0
#include "build/openmp.hpp"

#include <algorithm>

namespace kb::build {

namespace fs = std::filesystem;

namespace {

bool is_openmp_flag(const std::string& f) { return f == "-fopenmp" || f.rfind("-fopenmp=", 0) == 0; }

// "-O3,-fopenmp" as nvcc splits a host-compiler option list.
bool list_has_openmp(const std::string& list) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    if (is_openmp_flag(list.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

bool cxx_flags_use_openmp(const std::vector<std::string>& flags) {
  return std::any_of(flags.begin(), flags.end(), is_openmp_flag);
}

bool nvcc_flags_use_openmp(const std::vector<std::string>& flags) {
  for (size_t i = 0; i < flags.size(); ++i) {
    const std::string& f = flags[i];
    for (const char* opt : {"-Xcompiler", "--compiler-options"}) {
      std::string o = opt;
      if (f == o && i + 1 < flags.size() && list_has_openmp(flags[i + 1])) return true;
      if (f.rfind(o + "=", 0) == 0 && list_has_openmp(f.substr(o.size() + 1))) return true;
    }
  }
  return false;
}

fs::path torch_openmp_runtime(const fs::path& torch_root) {
  for (const fs::path& dir : {torch_root / "lib", torch_root.parent_path() / "torch.libs"}) {
    std::error_code ec;
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::string n = e.path().filename().string();
      if (n.rfind("libgomp", 0) == 0 && n.find(".so") != std::string::npos) found.push_back(e.path());
    }
    std::sort(found.begin(), found.end());
    if (!found.empty()) return found.front();
  }
  return {};
}

}  // namespace kb::build
