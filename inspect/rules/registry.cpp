// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include "inspect/rules/rule.hpp"

namespace kb::inspect {

// ELF rules, one file each.
extern const Rule k_abi_manylinux, k_abi_python, k_abi_torch_stable;
extern const Rule k_elf_execstack, k_elf_gnu_unique, k_elf_needed, k_elf_pyinit, k_elf_rpath, k_elf_textrel;
extern const Rule k_elf_compat_leak, k_elf_pinned_needed, k_elf_stdcxx_bound, k_elf_unresolved;  // the compat layer's checks

const Rule k_input_unreadable{
    "input.unreadable", Severity::error, "kb could not read or parse the input",
    "The file is missing, truncated, not an ELF64 little-endian shared object, or its headers\n"
    "point outside the file. kb never hands such bytes to LIEF. Exit code 3 when no other\n"
    "error is found.\n"
    "example: input.unreadable  x.so: section header table lies outside the file (offset 9000 > size 4096)"};

// CUDA device-code rules.
extern const Rule k_cuda_archs, k_cuda_fatbin, k_cuda_kernels;
extern const Rule k_ops_collision;
extern const Rule k_ops_namespace;
extern const Rule k_py_depends;
extern const Rule k_py_imports;
extern const Rule k_py_registration;
extern const Rule k_tree_bytecode;
extern const Rule k_tree_completeness;
extern const Rule k_tree_digest;
extern const Rule k_tree_layout;
extern const Rule k_tree_metadata;
extern const Rule k_tree_variant_name;
extern const Rule k_tvm_ffi_no_torch, k_tvm_ffi_registration;
// --profile wheel.
extern const Rule k_wheel_deps, k_wheel_manylinux, k_wheel_ops;
extern const Rule k_package_digest, k_package_integrity, k_package_structure;  // checked by package/

// Each rule lives in its own file in this folder; list it here so --list-rules sees it.
// Keep alphabetical within a family.
const std::vector<const Rule*>& all_rules() {
  static const std::vector<const Rule*> rules = {
      &k_input_unreadable,
      &k_cuda_archs,
      &k_cuda_fatbin,
      &k_cuda_kernels,
      &k_ops_collision,
      &k_ops_namespace,
      &k_package_digest,
      &k_package_integrity,
      &k_package_structure,
      &k_py_depends,
      &k_py_imports,
      &k_py_registration,
      &k_tree_bytecode,
      &k_tree_completeness,
      &k_tree_digest,
      &k_tree_layout,
      &k_tree_metadata,
      &k_tree_variant_name,
      &k_tvm_ffi_no_torch,
      &k_tvm_ffi_registration,
      &k_abi_manylinux,
      &k_abi_python,
      &k_abi_torch_stable,
      &k_elf_compat_leak,
      &k_elf_execstack,
      &k_elf_gnu_unique,
      &k_elf_needed,
      &k_elf_pinned_needed,
      &k_elf_pyinit,
      &k_elf_rpath,
      &k_elf_stdcxx_bound,
      &k_elf_textrel,
      &k_elf_unresolved,
      &k_wheel_deps,
      &k_wheel_manylinux,
      &k_wheel_ops,
  };
  return rules;
}

const Rule* find_rule(const std::string& id) {
  for (const Rule* r : all_rules())
    if (id == r->id) return r;
  return nullptr;
}

}  // namespace kb::inspect
