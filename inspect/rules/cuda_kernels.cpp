// SPDX-License-Identifier: Apache-2.0
// cuda.kernels (docs/conformance.md): every __global__ function of a .so exists in every SASS arch it
// ships. A kernel missing from one arch either fails to launch there or runs from PTX JIT:
// the silent-fallback bug, found only on that GPU.
#include <map>
#include <set>

#include "inspect/fatbin_arch.hpp"
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

extern const Rule k_cuda_kernels;

namespace {

struct ArchLess {
  bool operator()(const std::string& a, const std::string& b) const { return arch_less(a, b); }
};

void check(const SoFacts& so, const RuleContext&, Findings& out) {
  if (!so.cuda) return;
  std::map<std::string, std::set<std::string>, ArchLess> per_arch;  // arch -> kernels (all cubins of that arch)
  std::set<std::string> all;
  for (const FatbinEntry& e : so.cuda->entries) {
    if (e.kind != FatbinKind::sass || !so.cuda->is_executable_view(e)) continue;
    if (!e.kernels) return;  // not read (ignored, unreadable, archive member): no verdict
    per_arch[e.arch].insert(e.kernels->begin(), e.kernels->end());
    all.insert(e.kernels->begin(), e.kernels->end());
  }
  for (const std::string& k : all) {
    std::vector<std::string> missing, present;
    for (const auto& [arch, kernels] : per_arch) (kernels.count(k) ? present : missing).push_back(arch);
    if (missing.empty()) continue;
    std::string m, p;
    for (const std::string& a : missing) m += (m.empty() ? "" : ", ") + a;
    for (const std::string& a : present) p += (p.empty() ? "" : ", ") + a;
    out.add(k_cuda_kernels, so.path, k, "kernel has no SASS for " + m + " (present for " + p + ")",
            "compile every source with the same arch list, or declare the narrower cuda-capabilities for "
            "the kernel that needs them");
  }
}

}  // namespace

const Rule k_cuda_kernels{
    "cuda.kernels", Severity::warning, "every __global__ function is present in every SASS arch of the .so",
    "kb inflates each cubin of .nv_fatbin (zstd or LZ4) and reads its kernel entry points\n"
    "(STT_FUNC symbols marked STO_CUDA_ENTRY), then compares the sets per SASS arch. A kernel\n"
    "compiled for fewer archs than its neighbours either fails to launch on the missing GPUs\n"
    "or silently runs from PTX. A warning, because a kernel with narrower cuda-capabilities in\n"
    "build.toml is legitimate; check that it was meant.\n"
    "example: warning cuda.kernels  _ops.so  _Z4mul2Pf: kernel has no SASS for sm_80 (present for sm_90)",
    &check, nullptr};

}  // namespace kb::inspect
