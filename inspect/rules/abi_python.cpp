// SPDX-License-Identifier: Apache-2.0
// abi.python (docs/conformance.md): one .abi3.so serves every Python >= --python-abi only if it uses
// nothing but the stable ABI of that version (CPython's Misc/stable_abi.toml).
#include "inspect/policy_data.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"

namespace kb::inspect {

extern const Rule k_abi_python;

namespace {

bool is_python_symbol(const std::string& n) { return n.rfind("Py", 0) == 0 || n.rfind("_Py", 0) == 0; }

void check_name(const SoFacts& so, Findings& out) {
  bool extension = !python_extension_stem(so.path).empty();
  for (const DynSymbol& s : so.dynsyms) extension = extension || (s.defined && s.name.rfind("PyInit_", 0) == 0);
  if (!extension || is_abi3_name(so.path)) return;
  out.add(k_abi_python, so.path, file_name(so.path),
          "Python extension " + file_name(so.path) + " is not named <module>.abi3.so, so Python loads it only for one version",
          "build it with Python3_add_library(... USE_SABI 3 WITH_SOABI) or name it <module>.abi3.so");
}

void check(const SoFacts& so, const RuleContext& ctx, Findings& out) {
  const std::string ceiling = ctx.options.python_abi;
  for (const DynSymbol& s : so.dynsyms) {
    if (s.defined || !is_python_symbol(s.name) || ctx.data.stable_abi.empty()) continue;
    auto it = ctx.data.stable_abi.find(s.name);
    if (it == ctx.data.stable_abi.end()) {
      out.add(k_abi_python, so.path, s.name, s.name + " is not part of the Python stable ABI (abi3)",
              "define Py_LIMITED_API=0x03090000 and use only limited-API calls (pybind11 is not abi3)");
      continue;
    }
    std::optional<VersionNumbers> added = parse_version(it->second);
    if (added && compare_versions(*added, ctx.data.python_abi) > 0)
      out.add(k_abi_python, so.path, s.name,
              s.name + " joined the stable ABI in Python " + it->second + ", newer than --python-abi " + ceiling,
              "avoid " + s.name + " (or raise --python-abi to " + it->second + " if every supported Python has it)");
  }
  check_name(so, out);
}

}  // namespace

extern const Rule k_abi_python{
    "abi.python", Severity::error, "Python symbols are in the stable ABI of --python-abi; extensions are .abi3.so",
    "Every undefined Py*/_Py* symbol must be in CPython's stable ABI (stable_abi.toml, functions and\n"
    "data) with an 'added' version <= --python-abi (default 3.9); one that is not in the table at\n"
    "all (PyInstanceMethod_New from pybind11, _PyThreadState_UncheckedGet) is non-abi3. A Python\n"
    "extension (it exports PyInit_* or is named .cpython-*.so) must be named <module>.abi3.so,\n"
    "else Python loads it only for the version in its name.\n"
    "example: abi.python  Py_NewRef: Py_NewRef joined the stable ABI in Python 3.10, newer than\n"
    "         --python-abi 3.9",
    &check};

}  // namespace kb::inspect
