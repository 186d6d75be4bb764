// SPDX-License-Identifier: Apache-2.0
// elf.pyinit (docs/conformance.md): `import <stem>` looks up PyInit_<stem> in <stem>.abi3.so; a
// file without it fails at import ("dynamic module does not define module export function").
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"

namespace kb::inspect {

extern const Rule k_elf_pyinit;

namespace {

void check(const SoFacts& so, const RuleContext&, Findings& out) {
  std::string stem = python_extension_stem(so.path);
  if (stem.empty()) return;
  const DynSymbol* init = find_defined(so, "PyInit_" + stem);
  if (init && init->binding != SymbolBinding::local) return;
  std::string others;
  for (const DynSymbol& s : so.dynsyms)
    if (s.defined && s.name.rfind("PyInit_", 0) == 0) others += (others.empty() ? "" : ", ") + s.name;
  out.add(k_elf_pyinit, so.path, "PyInit_" + stem,
          file_name(so.path) + " does not export PyInit_" + stem + (others.empty() ? "" : " (it exports " + others + ")"),
          "name the file after the module it defines (TORCH_EXTENSION_NAME), and keep PyInit_* visible");
}

}  // namespace

extern const Rule k_elf_pyinit{
    "elf.pyinit", Severity::error, "a Python extension exports PyInit_<module> for its file name",
    "A file named <stem>.abi3.so or <stem>.cpython-*.so is a Python extension: Python imports it\n"
    "by calling PyInit_<stem>, so .dynsym must define that symbol with global binding. A mismatch\n"
    "means the file was renamed or built with another TORCH_EXTENSION_NAME.\n"
    "example: elf.pyinit  PyInit__relu_cuda_abc1234: _relu_cuda_abc1234.abi3.so does not export\n"
    "         PyInit__relu_cuda_abc1234 (it exports PyInit__relu_cuda_deadbee)",
    &check};

}  // namespace kb::inspect
