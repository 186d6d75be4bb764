// SPDX-License-Identifier: Apache-2.0
// cuda.archs (docs/conformance.md): a CUDA variant's SASS equals what its metadata.json declares in
// backend.archs. Archs get dropped silently at build time (an a/f capability whose base the
// toolchain lacks, an empty intersection, a typo in a CMake condition) and users find out on
// their GPU; extra SASS the metadata does not declare is a warning.
#include <algorithm>
#include <set>

#include "inspect/fatbin_arch.hpp"
#include "inspect/rules/tree_util.hpp"

namespace kb::inspect {

extern const Rule k_cuda_archs;

namespace {

std::string join(const std::set<std::string>& s) {
  std::vector<std::string> v(s.begin(), s.end());
  std::sort(v.begin(), v.end(), arch_less);
  std::string out;
  for (const std::string& a : v) out += (out.empty() ? "" : ", ") + a;
  return out.empty() ? "none" : out;
}

void check_variant(const VariantFacts& v, Findings& out) {
  const Metadata* m = metadata_of(v);
  // Noarch variants (torch-cuda) are pure Python: no device code expected.
  if (!v.variant || v.variant->backend != "cuda" || v.variant->is_noarch() || !m) return;
  std::set<std::string> sass, ptx;
  for (const NativeFile& n : v.natives) {
    if (!n.facts || !n.facts->cuda) continue;
    for (const std::string& a : n.facts->cuda->sass_archs()) sass.insert(a);
    for (const std::string& a : n.facts->cuda->ptx_archs()) ptx.insert(a);
  }
  const std::string meta = file_path(v, "metadata.json");
  if (sass.empty() && ptx.empty())
    out.add(k_cuda_archs, v.path, "", "CUDA variant has no device code in any .so",
            "check that the .cu sources are compiled (kb build) and linked into the extension");
  if (!m->backend.archs || m->backend.archs->empty())
    return out.add(k_cuda_archs, meta, "backend.archs", "CUDA variant declares no archs",
                   "kb build writes backend.archs from the kernels' cuda-capabilities");
  std::set<std::string> declared;
  for (const std::string& text : *m->backend.archs) {
    auto cap = parse_capability(text);
    if (!cap) {
      out.add(k_cuda_archs, meta, text, "backend.archs entry \"" + text + "\" is not X.Y[a|f][+PTX]");
      continue;
    }
    declared.insert(cap->sass_name());
    if (!sass.count(cap->sass_name()))
      out.add(k_cuda_archs, meta, text, "declared " + text + " but no .so has " + cap->sass_name() +
                                            " SASS (found: " + join(sass) + ")",
              "rebuild; an a/f capability is dropped when nvcc does not support its base arch");
    if (cap->ptx && !ptx.count(cap->ptx_name()))
      out.add(k_cuda_archs, meta, text, "declared " + text + " but no .so has " + cap->ptx_name() +
                                            " PTX (found: " + join(ptx) + ")");
  }
  for (const std::string& a : sass)
    if (!declared.count(a))
      add_at(out, k_cuda_archs, Severity::warning, v.path, a,
             a + " SASS is embedded but backend.archs does not declare it (declared: " + join(declared) + ")",
             "add it to cuda-capabilities, or drop it from the build");
}

void check(const TreeFacts& tree, const RuleContext&, Findings& out) {
  for (const VariantFacts& v : tree.variants) check_variant(v, out);
}

}  // namespace

const Rule k_cuda_archs{
    "cuda.archs", Severity::error, "a CUDA variant's SASS equals the archs its metadata declares",
    "For a cu* variant, kb collects the SASS archs of .nv_fatbin (or __nv_relfatbin when that is\n"
    "all there is) over every .so and compares them with metadata.json backend.archs. Each\n"
    "declared X.Y[a|f] needs SASS sm_XY[a|f] with the same suffix; X.Y+PTX also needs PTX\n"
    "compute_XY. A variant without device code or with empty archs is an error; SASS that is\n"
    "embedded but not declared is a warning.\n"
    "example: error cuda.archs  metadata.json  10.0a: declared 10.0a but no .so has sm_100a SASS (found: sm_90a)",
    nullptr, &check};

}  // namespace kb::inspect
