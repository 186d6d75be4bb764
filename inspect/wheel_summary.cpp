// SPDX-License-Identifier: Apache-2.0
// The rolled-up verdict of one wheel (JSON "wheel" object of its target, README "--profile wheel"):
// tags claimed vs needed, op namespaces, CUDA majors per file, device code per file, the GPU
// generations it runs on, and dependencies by where they come from.
#include "inspect/wheel_summary.hpp"

#include <map>
#include <set>

#include "inspect/policy_data.hpp"
#include "inspect/wheel_deps.hpp"

namespace kb::inspect {

namespace {

using json = nlohmann::json;

struct Arch {
  unsigned sm = 0;
  char suffix = 0;
};

Arch parse_arch(const std::string& name) {  // "sm_90a", "compute_100f"
  Arch a;
  for (char c : name.substr(name.find('_') + 1)) {
    if (c >= '0' && c <= '9') a.sm = a.sm * 10 + unsigned(c - '0');
    else a.suffix = c;
  }
  return a;
}

// Whether SASS built for `code` runs on a GPU of compute capability `gpu` (CUDA's rules: same
// major and not newer minor; `a` only on that exact GPU; `f` on the family, same major).
bool sass_runs(const Arch& code, unsigned gpu) {
  if (code.sm / 10 != gpu / 10 || code.sm > gpu) return false;
  return code.suffix != 'a' || code.sm == gpu;
}

// Plain PTX is JIT-compiled by the driver for any newer GPU; a/f PTX only for its own arch/family.
bool ptx_runs(const Arch& code, unsigned gpu) {
  if (code.suffix == 0) return code.sm <= gpu;
  return code.sm / 10 == gpu / 10 && code.sm <= gpu && (code.suffix == 'f' || code.sm == gpu);
}

json generations(const std::set<std::string>& sass, const std::set<std::string>& ptx) {
  json out = json::object();
  for (unsigned gpu : {70u, 75u, 80u, 86u, 89u, 90u, 100u, 103u, 120u}) {
    std::string how = "no";
    for (const std::string& s : sass)
      if (sass_runs(parse_arch(s), gpu)) how = "sass";
    if (how == "no")
      for (const std::string& p : ptx)
        if (ptx_runs(parse_arch(p), gpu)) how = "ptx-jit";
    out["sm_" + std::to_string(gpu)] = {{"generation", gpu_generation(gpu)}, {"runs", how}};
  }
  return out;
}

json manylinux_part(const WheelFacts& w) {
  json out = {{"claimed", json::array()}, {"needed", nullptr}, {"needed_by", nullptr}, {"because", nullptr}};
  if (w.tags)
    for (const std::string& t : w.tags->platform)
      if (auto c = manylinux_claim(t)) out["claimed"].push_back(c->policy + "_" + c->arch);
  const WheelMember* worst = nullptr;
  for (const WheelMember& m : w.elf) {
    if (!m.facts || m.facts->machine == "cuda") continue;
    if (worst && worst->min_policy.empty()) break;  // fits no policy: nothing is worse
    if (!worst || m.min_policy.empty() || glibc_minor(m.min_policy) > glibc_minor(worst->min_policy)) worst = &m;
  }
  if (worst) {
    out["needed"] = worst->min_policy.empty() ? json("none fits") : json(worst->min_policy);
    out["needed_by"] = worst->rel;
    out["because"] = worst->min_policy_because;
  }
  return out;
}

}  // namespace

json wheel_summary(const WheelFacts& w, const std::vector<Finding>& findings, const PolicyData& data) {
  json out;
  out["wheel"] = w.path.substr(w.path.rfind('/') + 1);
  if (w.tags) out["tags"] = {{"python", w.tags->python}, {"abi", w.tags->abi}, {"platform", w.tags->platform}};
  out["manylinux"] = manylinux_part(w);
  int abi_errors = 0;
  for (const Finding& f : findings) abi_errors += f.rule == "abi.python" && f.severity == Severity::error;
  const std::optional<std::string> floor = w.tags ? abi3_floor(*w.tags) : std::nullopt;
  out["abi3"] = {{"claimed", floor.has_value()}, {"floor", floor ? json(*floor) : json(nullptr)},
                 {"holds", floor ? json(abi_errors == 0) : json(nullptr)}, {"violations", abi_errors}};
  json ns = json::object(), majors = json::object(), device = json::object(), deps = json::object();
  std::set<std::string> sass, ptx;
  std::map<std::string, int> cubin_archs;
  int cubins = 0;
  for (const WheelMember& m : w.elf) {
    if (!m.facts) continue;
    for (const std::string& n : m.facts->torch_library_namespaces) ns[n].push_back(m.rel);
    for (const std::string& lib : m.facts->needed) {
      if (std::string major = cuda_major_of(lib); !major.empty()) majors[major][lib].push_back(m.rel);
      const DependencySource src = classify_dependency(lib, w, data);
      if (src == DependencySource::system) continue;
      deps[lib]["source"] = to_string(src);
      deps[lib]["files"].push_back(m.rel);
    }
    if (!m.facts->cuda) continue;
    const auto s = m.facts->cuda->sass_archs(), p = m.facts->cuda->ptx_archs();
    sass.insert(s.begin(), s.end());
    ptx.insert(p.begin(), p.end());
    if (m.facts->machine == "cuda") {
      ++cubins;
      for (const std::string& a : s) ++cubin_archs[a];
    } else {
      device[m.rel] = {{"sass", s}, {"ptx", p}};
    }
  }
  out["op_namespaces"] = ns;
  out["cuda_majors"] = majors;
  out["device_code"] = device;
  out["standalone_cubins"] = {{"count", cubins}, {"per_arch", cubin_archs}};
  out["gpus"] = generations(sass, ptx);
  out["dependencies"] = deps;
  out["elf_files"] = w.elf.size();
  return out;
}

}  // namespace kb::inspect
