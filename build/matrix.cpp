// SPDX-License-Identifier: Apache-2.0
#include "build/matrix.hpp"

#include <sstream>

namespace kb::build {

namespace {

void add_release(std::vector<MatrixEntry>& m, const std::string& torch, const std::string& xpu) {
  for (const char* cpu : {"x86_64", "aarch64"})
    for (const char* cu : {"12.6", "13.0", "13.2"}) m.push_back({torch, "cuda", cu, cpu, "linux"});
  for (const char* cpu : {"x86_64", "aarch64"}) m.push_back({torch, "cpu", "", cpu, "linux"});
  m.push_back({torch, "cpu", "", "aarch64", "darwin"});
  m.push_back({torch, "metal", "", "aarch64", "darwin"});
  for (const char* r : {"7.1", "7.2"}) m.push_back({torch, "rocm", r, "x86_64", "linux"});
  m.push_back({torch, "xpu", xpu, "x86_64", "linux"});
}

}  // namespace

const std::vector<MatrixEntry>& hub_matrix() {
  static const std::vector<MatrixEntry> m = [] {
    std::vector<MatrixEntry> out;
    // 2.11 is built but not required (bundleBuild = false); the GPU host runs 2.11+cu130.
    out.push_back({"2.11", "cpu", "", "x86_64", "linux", false});
    add_release(out, "2.12", "2025.3.2");
    add_release(out, "2.13", "2026.0.0");
    // Newer than the Hub's required set: built and listed, not required, until a build-variants.json
    // import says otherwise.
    for (const char* t : {"2.14", "2.15"})
      for (const char* cu : {"13.0", "13.2"}) out.push_back({t, "cuda", cu, "x86_64", "linux", false});
    for (const char* t : {"2.14", "2.15"}) out.push_back({t, "cpu", "", "x86_64", "linux", false});
    return out;
  }();
  return m;
}

const std::vector<TorchRelease>& pypi_torch_releases() {
  static const std::vector<TorchRelease> r{
      {"2.9.1", "12.8"}, {"2.10.0", "12.8"}, {"2.11.0", "13.0"}, {"2.12.1", "13.0"}, {"2.13.0", "13.0"},
      {"2.14.1", "13.0"}, {"2.15.0", "13.2"}};
  return r;
}

std::string major_minor(const std::string& version) {
  size_t first = version.find('.');
  if (first == std::string::npos) return version;
  size_t second = version.find('.', first + 1);
  return version.substr(0, second);
}

int compare_versions(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  while (sa.good() || sb.good()) {
    long x = 0, y = 0;
    std::string part;
    if (std::getline(sa, part, '.') && !part.empty()) x = std::stol(part);
    part.clear();
    if (std::getline(sb, part, '.') && !part.empty()) y = std::stol(part);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace kb::build
