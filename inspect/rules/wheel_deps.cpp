// SPDX-License-Identifier: Apache-2.0
// wheel.deps: a CUDA extension wheel may rely on the manylinux system libraries, on Torch and the
// NVIDIA wheels Torch depends on, on the GPU driver, and on what it bundles itself. Anything else
// must already be on the user's machine.
#include "inspect/policy_data.hpp"
#include "inspect/rules/wheel_rule.hpp"
#include "inspect/wheel_deps.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

extern const Rule k_wheel_deps;

void check_wheel_deps(const WheelFacts& w, const RuleContext& ctx, Findings& out) {
  for (const WheelMember& m : w.elf) {
    if (!m.facts) continue;
    for (const std::string& lib : m.facts->needed) {
      if (classify_dependency(lib, w, ctx.data) != DependencySource::outside) continue;
      out.add(k_wheel_deps, w.path + "!" + m.rel, lib,
              m.rel + " needs " + lib + ", which neither the system (manylinux whitelist), Torch and its NVIDIA "
                                        "wheels, the GPU driver nor the wheel itself provides",
              "bundle it into the wheel (auditwheel repair) or depend on the wheel that ships it");
    }
  }
}

const Rule k_wheel_deps{
    "wheel.deps", Severity::warning, "every DT_NEEDED of the wheel's ELF files is provided",
    "--profile wheel. Each DT_NEEDED must be a manylinux-whitelisted system library, a Torch library\n"
    "(libtorch*, libc10*), a library of the NVIDIA CUDA wheels Torch depends on (libcudart, libcublas,\n"
    "libcudnn, libnccl, ...; any major), the GPU driver (libcuda.so.1, libnvidia-ml.so.1), or a file\n"
    "the wheel ships itself (by soname or file name). Replaces elf.needed, whose variant rules\n"
    "(cudart major = variant's cuXY) are for Hub kernels. A warning: the wheel may declare a\n"
    "dependency that provides the library.\n"
    "example: wheel.deps  libnuma.so.1: pkg/_C.so needs libnuma.so.1, which neither ...",
    nullptr, nullptr};

}  // namespace kb::inspect
