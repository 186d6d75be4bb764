// SPDX-License-Identifier: Apache-2.0
// wheel.ops-namespace: torch.ops.<ns> is one process-wide table. Two wheels registering the same
// namespace (or a generic one like `_C`, which many projects pick) overwrite or refuse each other's
// operators when both are imported.
#include <map>
#include <set>

#include "inspect/rules/wheel_rule.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

extern const Rule k_wheel_ops;

namespace {

bool is_generic(const std::string& ns) {
  for (const char* g : {"_C", "C", "ops", "_ops", "custom", "custom_ops", "my_ops", "extension", "_ext", "ext"})
    if (ns == g) return true;
  return false;
}

std::map<std::string, std::string> namespaces_of(const WheelFacts& w) {  // namespace -> first file
  std::map<std::string, std::string> out;
  for (const WheelMember& m : w.elf)
    if (m.facts)
      for (const std::string& ns : m.facts->torch_library_namespaces) out.emplace(ns, m.rel);
  return out;
}

}  // namespace

void check_wheel_ops(const WheelFacts& w, const RuleContext&, Findings& out) {
  for (const auto& [ns, file] : namespaces_of(w)) {
    if (is_generic(ns))
      out.add(k_wheel_ops, w.path, ns,
              "op namespace torch.ops." + ns + " (" + file + ") is generic: other extensions use it too",
              "register the operators under a namespace named after the project (TORCH_LIBRARY(myproj, m))");
    for (const WheelFacts* peer : w.peers)
      if (peer->tags && w.tags && peer->tags->name != w.tags->name && namespaces_of(*peer).count(ns))
        out.add(k_wheel_ops, w.path, ns,
                "op namespace torch.ops." + ns + " (" + file + ") is also registered by " + peer->path,
                "give each project its own namespace; importing both wheels makes one fail to register");
  }
}

const Rule k_wheel_ops{
    "wheel.ops-namespace", Severity::warning, "the wheel's Torch op namespaces are its own",
    "--profile wheel. kb reads TORCH_LIBRARY / TORCH_LIBRARY_FRAGMENT registrations from every ELF\n"
    "member's symbols. A generic namespace (`_C`, `ops`, `custom`, ...) or one that another wheel of\n"
    "the same run also registers means two extensions cannot be imported into one process: Torch\n"
    "refuses a second TORCH_LIBRARY for a namespace. A warning, since the collision needs both wheels.\n"
    "example: wheel.ops-namespace  _C: op namespace torch.ops._C (vllm/_C.abi3.so) is generic",
    nullptr, nullptr};

}  // namespace kb::inspect
