// SPDX-License-Identifier: Apache-2.0
// elf.needed (docs/conformance.md): DT_NEEDED only names libraries a Hub kernel may rely on: the
// manylinux whitelist, Torch's own libraries, and the CUDA runtime of the variant's CUDA major.
#include "inspect/policy_data.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/torch_openmp.hpp"

namespace kb::inspect {

extern const Rule k_elf_needed;

namespace {

bool has_prefix_and_suffix(const std::string& s, const std::string& pre, const std::string& suf) {
  return s.size() >= pre.size() + suf.size() && s.rfind(pre, 0) == 0 &&
         s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

// The CUDA major a variant was built for: cu126 -> "12", cu130 -> "13"; "" for other backends.
std::string variant_cuda_major(const Variant& v) {
  if (v.backend != "cuda" || v.backend_version.size() < 2) return "";
  return v.backend_version.substr(0, v.backend_version.size() - 1);
}

// glibc's dynamic loader is on every system that has the policy's libc; CUDA's own libraries
// name it in DT_NEEDED. auditwheel's whitelist omits it because lddtree treats it as the interpreter.
bool is_glibc_loader(const std::string& lib) {
  for (const char* l : {"ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "ld-linux.so.2", "ld64.so.2", "ld64.so.1",
                        "ld-linux-armhf.so.3", "ld-linux-riscv64-lp64d.so.1"})
    if (lib == l) return true;
  return false;
}

// libcudart.so.<major> (CUDA 12, 13) or libcudart.so.<major>.<minor> (CUDA 11's soname, 11.0).
bool is_cudart_soname(const std::string& lib) {
  const std::string pre = "libcudart.so.";
  if (lib.rfind(pre, 0) != 0 || lib.size() == pre.size()) return false;
  std::size_t dots = 0;
  for (std::size_t i = pre.size(); i < lib.size(); ++i) {
    if (lib[i] == '.') ++dots;
    else if (lib[i] < '0' || lib[i] > '9') return false;
  }
  return dots <= 1 && lib.back() != '.' && lib[pre.size()] != '.';
}

void check_cudart(const SoFacts& so, const RuleContext& ctx, const std::string& lib, Findings& out) {
  std::string major = lib.substr(std::string("libcudart.so.").size());
  major = major.substr(0, major.find('.'));
  if (!ctx.variant) {
    // A lone .so carries no variant name to compare with: accept any major, say so.
    out.add(Finding{k_elf_needed.id, Severity::info, so.path, lib,
                    "needs " + lib + "; its CUDA major is only checked inside a variant directory (cuXY)", ""});
    return;
  }
  std::string want = variant_cuda_major(*ctx.variant);
  if (want == major) return;
  std::string what = want.empty() ? "a " + ctx.variant->compute_tag() + " variant has no CUDA runtime"
                                  : "variant " + ctx.variant->name() + " is built for CUDA " + want;
  out.add(k_elf_needed, so.path, lib, "needs " + lib + " but " + what,
          "build this variant with the CUDA toolkit its name says, or move the .so to the matching variant");
}

bool is_openmp_runtime(const std::string& lib) {
  return lib.rfind("libgomp", 0) == 0 || lib.rfind("libiomp", 0) == 0 || lib.rfind("libomp", 0) == 0;
}

// An OpenMP runtime is fine only as the very file the variant's Torch ships (docs/openmp.md):
// the kernel then shares Torch's copy in the process instead of bringing a second one.
void check_openmp(const SoFacts& so, const RuleContext& ctx, const std::string& lib, Findings& out) {
  if (!ctx.variant) {
    out.add(Finding{k_elf_needed.id, Severity::info, so.path, lib,
                    "needs " + lib + "; an OpenMP runtime is only checked against Torch's inside a variant directory", ""});
    return;
  }
  const Variant& v = *ctx.variant;
  std::string torch = std::to_string(v.torch_major) + "." + std::to_string(v.torch_minor);
  const TorchOpenmpTable& table = torch_openmp_runtimes();
  auto it = table.find(v.cpu + " " + torch);
  if (it != table.end() && it->second == lib) return;
  std::string ships = it == table.end() ? "kb knows of no OpenMP runtime shipped by Torch " + torch + " for " + v.cpu
                                                        : "Torch " + torch + " for " + v.cpu + " ships " + it->second;
  out.add(k_elf_needed, so.path, lib, "needs the OpenMP runtime " + lib + ", but " + ships,
          "build with kb build (it links Torch's own OpenMP runtime for -fopenmp), or drop OpenMP");
}

void check(const SoFacts& so, const RuleContext& ctx, Findings& out) {
  if (!ctx.data.selected) return;  // no policy loaded (facts-only callers)
  const ManylinuxPolicy& policy = *ctx.data.selected;
  for (const std::string& lib : so.needed) {
    if (policy.lib_whitelist.count(lib) || is_glibc_loader(lib)) continue;
    if (has_prefix_and_suffix(lib, "libtorch", ".so") || has_prefix_and_suffix(lib, "libc10", ".so")) continue;
    // tvm_ffi's Python package loads libtvm_ffi.so before a tvm-ffi kernel, as Torch loads libtorch.
    if (lib == "libtvm_ffi.so" && ctx.variant && ctx.variant->shape == Variant::Shape::tvm_ffi) continue;
    if (is_cudart_soname(lib)) {
      check_cudart(so, ctx, lib, out);
      continue;
    }
    if (is_openmp_runtime(lib)) {
      check_openmp(so, ctx, lib, out);
      continue;
    }
    out.add(k_elf_needed, so.path, lib,
            "needs " + lib + ", which is neither in the " + policy.name + " library whitelist nor shipped by Torch",
            "link it statically, or load it through Torch; users' machines are not guaranteed to have it");
  }
}

}  // namespace

extern const Rule k_elf_needed{
    "elf.needed", Severity::error, "DT_NEEDED names only whitelisted system libraries, Torch and the variant's CUDA runtime",
    "Each DT_NEEDED entry must be in the policy's library whitelist (libc.so.6, libm.so.6,\n"
    "libstdc++.so.6, libgcc_s.so.1, libpthread.so.0, libdl.so.2, librt.so.1, libz.so.1, ...), a\n"
    "Torch library (libtorch*.so, libc10*.so), libtvm_ffi.so in a tvm-ffi variant (tvm_ffi loads it;\n"
    "tvm-ffi.no-torch rejects Torch there), or libcudart.so.<major> where <major> is the CUDA\n"
    "major of the variant directory the .so sits in (cu126 -> 12). Anything else may be missing on\n"
    "a user's machine; a CUDA runtime of another major is a mislabelled variant.\n"
    "glibc's dynamic loader (ld-linux-x86-64.so.2, ...) is allowed too.\n"
    "Outside a variant directory any libcudart.so.<major> is accepted with an info finding.\n"
    "An OpenMP runtime (libgomp*, libiomp*, libomp*) is accepted only as the file the variant's\n"
    "Torch ships for its CPU (core/data/torch_openmp.json, e.g. libgomp.so.1 for Torch 2.11 x86_64):\n"
    "the kernel then shares Torch's runtime instead of loading a second one (docs/openmp.md).\n"
    "CUDA 11's soname form libcudart.so.<major>.<minor> (libcudart.so.11.0) counts as major 11.\n"
    "example: elf.needed  libfoo.so.1: needs libfoo.so.1, which is neither in the manylinux_2_28\n"
    "         library whitelist nor shipped by Torch",
    &check};

}  // namespace kb::inspect
