// SPDX-License-Identifier: Apache-2.0
#include "build/arch_select.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "build/matrix.hpp"

namespace kb::build {

namespace {

std::string strip_ptx(const std::string& a, bool* ptx = nullptr) {
  const std::string suffix = "+PTX";
  bool has = a.size() > suffix.size() && a.compare(a.size() - suffix.size(), suffix.size(), suffix) == 0;
  if (ptx) *ptx = has;
  return has ? a.substr(0, a.size() - suffix.size()) : a;
}

bool has_af_suffix(const std::string& a) { return !a.empty() && (a.back() == 'a' || a.back() == 'f'); }
std::string base_of(const std::string& a) { return has_af_suffix(a) ? a.substr(0, a.size() - 1) : a; }
int major_of(const std::string& a) { return std::stoi(a.substr(0, a.find('.'))); }

// Natural order: 8.0 < 8.6 < 9.0 < 9.0a < 10.0 < 12.0+PTX.
bool natural_less(const std::string& x, const std::string& y) {
  int c = compare_versions(base_of(strip_ptx(x)), base_of(strip_ptx(y)));
  return c != 0 ? c < 0 : x < y;
}

}  // namespace

std::vector<std::string> default_cuda_archs(const std::string& nvcc_version) {
  // core/data/matrix.json "cuda_archs": the list of the highest CUDA version <= nvcc's (the oldest
  // list for an older nvcc).
  const std::map<std::string, std::vector<std::string>>& lists = torch_matrix().cuda_archs;
  const std::vector<std::string>* best = nullptr;
  std::string best_version;
  for (const auto& [version, archs] : lists)
    if (compare_versions(version, nvcc_version) <= 0 && (!best || compare_versions(version, best_version) > 0))
      best = &archs, best_version = version;
  if (!best && !lists.empty()) best = &lists.begin()->second;
  return best ? *best : std::vector<std::string>{};
}

std::vector<std::string> loose_intersection(const std::vector<std::string>& caps,
                                            const std::vector<std::string>& supported) {
  std::set<std::string> ptx_bases, src;
  for (const std::string& c : caps) {
    bool ptx = false;
    std::string b = strip_ptx(c, &ptx);
    if (ptx) ptx_bases.insert(b);
    src.insert(b);
  }
  std::vector<std::string> tgt;
  for (const std::string& s : supported) tgt.push_back(strip_ptx(s));
  std::set<std::string> out;
  for (const std::string& s : src) {
    if (!has_af_suffix(s)) continue;
    auto it = std::find(tgt.begin(), tgt.end(), base_of(s));
    if (it == tgt.end()) continue;  // silently dropped, as upstream does
    out.insert(s);
    tgt.erase(it);
  }
  for (const std::string& t : tgt) {
    std::string best;
    for (const std::string& s : src) {
      if (has_af_suffix(s) || compare_versions(s, t) > 0) continue;
      bool same_major = major_of(s) == major_of(t);
      if (!same_major && !ptx_bases.count(s)) continue;  // PTX may serve a later major
      if (best.empty() || compare_versions(s, best) > 0) best = s;
    }
    if (!best.empty()) out.insert(best);
  }
  std::vector<std::string> result;
  for (const std::string& a : out) result.push_back(ptx_bases.count(a) ? a + "+PTX" : a);
  std::sort(result.begin(), result.end(), natural_less);
  return result;
}

std::vector<std::string> gencode_flags(const std::vector<std::string>& archs) {
  std::vector<std::string> out;
  for (const std::string& a : archs) {
    bool ptx = false;
    std::string base = strip_ptx(a, &ptx);
    std::string digits;
    for (char c : base)
      if (c != '.') digits += c;
    out.push_back("-gencode=arch=compute_" + digits + ",code=sm_" + digits);
    if (ptx) out.push_back("-gencode=arch=compute_" + digits + ",code=compute_" + digits);
  }
  return out;
}

}  // namespace kb::build
