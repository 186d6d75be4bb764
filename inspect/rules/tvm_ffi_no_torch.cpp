// SPDX-License-Identifier: Apache-2.0
// tvm-ffi.no-torch: a tvm-ffi variant is chosen by the kernels loader without looking at Torch
// (tvm-ffi01-... matches any Torch, or none), so its library must not need libtorch or call
// into Torch's C++ API or C shims (docs/frameworks.md).
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"

namespace kb::inspect {

extern const Rule k_tvm_ffi_no_torch;

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool is_torch_library(const std::string& lib) { return starts_with(lib, "libtorch") || starts_with(lib, "libc10"); }

// A Torch symbol: a C shim of the stable ABI, or C++ API of c10/at/torch/caffe2.
bool is_torch_symbol(const std::string& name) {
  if (starts_with(name, "aoti_torch_") || starts_with(name, "torch_")) return true;
  std::string pretty = demangle(name);
  for (const char* ns : {"c10::", "at::", "torch::", "caffe2::"})
    if (pretty.rfind(ns, 0) == 0 || pretty.find(std::string(" ") + ns) != std::string::npos ||
        pretty.find(std::string("<") + ns) != std::string::npos || pretty.find(std::string("(") + ns) != std::string::npos)
      return true;
  return false;
}

void check(const SoFacts& so, const RuleContext& ctx, Findings& out) {
  if (!ctx.variant || ctx.variant->shape != Variant::Shape::tvm_ffi) return;
  const std::string hint = "bind the kernel with tvm::ffi types (TensorView) only; tvm-ffi variants load without Torch";
  for (const std::string& lib : so.needed)
    if (is_torch_library(lib))
      out.add(k_tvm_ffi_no_torch, so.path, lib, "needs " + lib + ": a tvm-ffi variant must load without Torch", hint);
  for (const DynSymbol& s : so.dynsyms)
    if (!s.defined && is_torch_symbol(s.name))
      out.add(k_tvm_ffi_no_torch, so.path, s.name, "uses Torch's " + demangle(s.name) + " in a tvm-ffi variant", hint);
}

}  // namespace

extern const Rule k_tvm_ffi_no_torch{
    "tvm-ffi.no-torch", Severity::error, "a tvm-ffi library needs no libtorch/libc10 and no Torch symbol",
    "Applies to .so files in a tvm-ffi variant directory. The kernels loader picks a tvm-ffi\n"
    "variant by the installed tvm_ffi's major.minor only; Torch's version is never compared, and\n"
    "Torch may be absent. A DT_NEEDED libtorch*/libc10* library, an undefined stable-ABI shim\n"
    "(aoti_torch_*, torch_*) or an undefined c10::/at::/torch::/caffe2:: symbol makes the variant\n"
    "fail to load (no Torch) or break with the next Torch release (C++ API).\n"
    "example: tvm-ffi.no-torch  libtorch_cpu.so: needs libtorch_cpu.so: a tvm-ffi variant must\n"
    "         load without Torch",
    &check};

}  // namespace kb::inspect
