// SPDX-License-Identifier: Apache-2.0
// Generated sources of a variant (docs/conformance.md: ops.namespace, tree.layout): registration.h for the
// bindings, _ops.py aliasing the unique torch.ops namespace, and the compat <module>/__init__.py.
#pragma once
#include <string>

namespace kb::build {

// Macros TORCH_LIBRARY_EXPAND, TORCH_LIBRARY_IMPL_EXPAND, STABLE_* and REGISTER_EXTENSION.
std::string registration_h();

// _ops.py of a compiled variant: imports the .so named `ops_id` and aliases torch.ops.<ops_id>.
std::string ops_py(const std::string& ops_id);

// _ops.py of a tvm-ffi variant: loads the library `so_name` (beside it) with tvm_ffi.load_module;
// `ops.<function>` then calls a function the library exported with TVM_FFI_DLL_EXPORT_TYPED_FUNC.
std::string tvm_ffi_ops_py(const std::string& so_name);

// _ops.py of a noarch variant: the namespace `_<python_name>_<backend>_<uid>` is formed at import
// time from the backend of the running Torch.
std::string noarch_ops_py(const std::string& python_name, const std::string& uid);

// <variant>/<module>/__init__.py: loads ../__init__.py under a path-unique module name so that
// `import <module>` works with the variant directory on sys.path.
std::string compat_init_py();

}  // namespace kb::build
