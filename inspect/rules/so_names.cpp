// SPDX-License-Identifier: Apache-2.0
#include "inspect/rules/so_names.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

namespace kb::inspect {

std::string file_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

static bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_abi3_name(const std::string& path) { return ends_with(file_name(path), ".abi3.so"); }

std::string python_extension_stem(const std::string& path) {
  std::string name = file_name(path);
  size_t dot = name.find('.');
  if (dot == 0 || dot == std::string::npos) return "";
  std::string rest = name.substr(dot);  // ".abi3.so", ".cpython-311-x86_64-linux-gnu.so"
  bool cpython = rest.rfind(".cpython-", 0) == 0 && ends_with(rest, ".so") && rest.size() > 12;
  return rest == ".abi3.so" || cpython ? name.substr(0, dot) : "";
}

std::string demangle(const std::string& mangled) {
  if (mangled.rfind("_Z", 0) != 0) return "";
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status),
                                             std::free);
  return status == 0 && out ? std::string(out.get()) : "";
}

const DynSymbol* find_defined(const SoFacts& so, const std::string& name) {
  for (const DynSymbol& s : so.dynsyms)
    if (s.defined && s.name == name) return &s;
  return nullptr;
}

std::string versioned_name(const DynSymbol& sym) {
  return sym.version.empty() ? sym.name : sym.name + "@" + sym.version;
}

}  // namespace kb::inspect
