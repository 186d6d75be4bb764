// SPDX-License-Identifier: Apache-2.0
// tvm-ffi.registration: a tvm-ffi variant's library is found by tvm_ffi.load_module, which looks
// its functions up by the exported name __tvm_ffi_<name>; it is not a Python extension and never
// sees Python's C API (docs/frameworks.md).
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"

namespace kb::inspect {

extern const Rule k_tvm_ffi_registration;

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

void check(const SoFacts& so, const RuleContext& ctx, Findings& out) {
  if (!ctx.variant || ctx.variant->shape != Variant::Shape::tvm_ffi) return;
  bool exports_function = false;
  for (const DynSymbol& s : so.dynsyms) {
    if (s.defined && starts_with(s.name, "__tvm_ffi_") && !starts_with(s.name, "__tvm_ffi__") &&
        s.type == SymbolType::func)
      exports_function = true;
    if (s.defined && starts_with(s.name, "PyInit_"))
      out.add(k_tvm_ffi_registration, so.path, s.name,
              "exports " + s.name + ": a tvm-ffi library is loaded by tvm_ffi.load_module, not imported by Python",
              "drop the Python module init; export functions with TVM_FFI_DLL_EXPORT_TYPED_FUNC");
    else if (!s.defined && (starts_with(s.name, "Py") || starts_with(s.name, "_Py")))
      out.add(k_tvm_ffi_registration, so.path, s.name,
              "uses the Python C API (" + s.name + "): the library would tie itself to one Python ABI",
              "take and return tvm::ffi types (TensorView, Any); tvm_ffi converts Python objects");
  }
  if (!exports_function)
    out.add(k_tvm_ffi_registration, so.path, file_name(so.path),
            file_name(so.path) + " exports no __tvm_ffi_<name> function: tvm_ffi.load_module finds nothing to call",
            "export each op with TVM_FFI_DLL_EXPORT_TYPED_FUNC(name, function)");
}

}  // namespace

extern const Rule k_tvm_ffi_registration{
    "tvm-ffi.registration", Severity::error, "a tvm-ffi library exports __tvm_ffi_<name> functions, no Python API",
    "Applies to .so files in a tvm-ffi variant directory (tvm-ffi01-cu130-x86_64-linux). The\n"
    "variant's _ops.py opens the library with tvm_ffi.load_module, which resolves each op by\n"
    "the exported symbol __tvm_ffi_<name> (TVM_FFI_DLL_EXPORT_TYPED_FUNC), so the library must\n"
    "export at least one such function. It is not a Python extension: exporting PyInit_* or\n"
    "referencing Py*/_Py* symbols ties it to CPython's ABI, which tvm-ffi exists to avoid (the\n"
    "abi3 rules of Torch variants do not apply; there is no Python ABI at all).\n"
    "example: tvm-ffi.registration  _relu_tvm_ffi_cpu_abc1234.so: exports no __tvm_ffi_<name>\n"
    "         function: tvm_ffi.load_module finds nothing to call",
    &check};

}  // namespace kb::inspect
