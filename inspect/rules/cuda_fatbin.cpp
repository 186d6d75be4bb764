// SPDX-License-Identifier: Apache-2.0
// cuda.fatbin (docs/conformance.md): the embedded fatbins are well formed. The CUDA runtime walks the
// same containers at load time; a size that points outside its section or a cubin that does
// not inflate means device code the GPU never gets.
#include "inspect/rules/rule.hpp"

namespace kb::inspect {

extern const Rule k_cuda_fatbin;

namespace {

void check(const SoFacts& so, const RuleContext&, Findings& out) {
  if (!so.cuda) return;
  for (const FatbinProblem& p : so.cuda->problems)
    out.add(k_cuda_fatbin, so.path, p.section + (p.section.empty() ? "" : "+") + std::to_string(p.offset), p.message,
            "rebuild the .so with nvcc; a post-processing step (strip, objcopy, patchelf) may have cut the section");
}

}  // namespace

const Rule k_cuda_fatbin{
    "cuda.fatbin", Severity::error, "embedded CUDA fatbins are well formed",
    "kb walks every container of .nv_fatbin and __nv_relfatbin and every entry by its stated\n"
    "header and payload sizes. A container that runs past its\n"
    "section, an entry whose sizes point outside its container, contradictory flags, or a\n"
    "compressed cubin that does not inflate to its stated size is reported here; entries read\n"
    "before the defect are still listed by kb inspect --archs.\n"
    "example: error cuda.fatbin  x.so  .nv_fatbin+4096: container size 9000 runs past the end of the section (512 bytes left)",
    &check, nullptr};

}  // namespace kb::inspect
