// SPDX-License-Identifier: Apache-2.0
// abi.torch-stable (docs/conformance.md): a kernel built for the Torch stable ABI X.Y may call
// only the C shim functions Torch X.Y has, and nothing from Torch's C++ API (c10::, at::, torch::
// other than torch::stable::), whose ABI changes with every Torch release.
#include <cctype>

#include "inspect/policy_data.hpp"
#include "inspect/rules/rule.hpp"
#include "inspect/rules/so_names.hpp"

namespace kb::inspect {

extern const Rule k_abi_torch_stable;

namespace {

// Whether `ns` ("at::") occurs in `name` as a whole namespace, not as the tail of another
// identifier ("format::") or nested namespace ("foo::at::").
bool mentions_namespace(const std::string& name, const std::string& ns) {
  for (size_t pos = name.find(ns); pos != std::string::npos; pos = name.find(ns, pos + 1)) {
    char before = pos ? name[pos - 1] : ' ';
    bool boundary = !(std::isalnum(static_cast<unsigned char>(before)) || before == '_' || before == ':');
    if (boundary && !(ns == "torch::" && name.compare(pos, 15, "torch::stable::") == 0)) return true;
  }
  return false;
}

// The stable-ABI version to judge against: --torch-stable-abi, else the version a stable-ABI
// variant directory's name declares (torch-stable-abi211 -> 2.11); nullopt: the rule is off.
std::optional<VersionNumbers> target_version(const RuleContext& ctx, std::string& shown) {
  if (ctx.data.torch_stable_abi) {
    shown = "--torch-stable-abi " + ctx.options.torch_stable_abi;
    return ctx.data.torch_stable_abi;
  }
  if (!ctx.variant || ctx.variant->shape != Variant::Shape::stable_abi) return std::nullopt;
  VersionNumbers v{static_cast<unsigned>(ctx.variant->torch_major), static_cast<unsigned>(ctx.variant->torch_minor)};
  shown = "the variant's stable ABI " + std::to_string(v[0]) + "." + std::to_string(v[1]);
  return v;
}

void check(const SoFacts& so, const RuleContext& ctx, Findings& out) {
  std::string target;
  std::optional<VersionNumbers> version = target_version(ctx, target);
  if (!version) return;
  for (const DynSymbol& s : so.dynsyms) {
    if (s.defined) continue;
    if (auto it = ctx.data.torch_shims.find(s.name); it != ctx.data.torch_shims.end()) {
      std::optional<VersionNumbers> added = parse_version(it->second);
      if (added && compare_versions(*added, *version) > 0)
        out.add(k_abi_torch_stable, so.path, s.name, s.name + " is a Torch " + it->second + " shim, newer than " + target,
                "target stable ABI " + it->second + " or avoid the call");
      continue;
    }
    std::string pretty = demangle(s.name);
    for (const char* ns : {"c10::", "at::", "torch::", "caffe2::"}) {
      if (pretty.empty() || !mentions_namespace(pretty, ns)) continue;
      out.add(k_abi_torch_stable, so.path, s.name, pretty + " is Torch C++ API outside torch::stable",
              "use the torch/csrc/stable headers (torch::stable::Tensor, STABLE_TORCH_LIBRARY) instead");
      break;
    }
  }
}

}  // namespace

extern const Rule k_abi_torch_stable{
    "abi.torch-stable", Severity::error, "stable-ABI X.Y kernels: only shims of Torch <= X.Y, no Torch C++ API",
    "Runs with --torch-stable-abi X.Y, and on every .so in a stable-ABI variant directory\n"
    "(torch-stable-abi211-... is judged at 2.11; the option wins when both are given), which is how\n"
    "kb build gates the variants of [torch.stable-abi]. Each undefined shim function (aoti_torch_*, torch_*)\n"
    "must exist in Torch X.Y (table derived from Torch's shim headers), and no undefined symbol\n"
    "may demangle to a name that mentions c10::, at::, caffe2:: or torch:: (torch::stable:: is\n"
    "allowed) anywhere: return types, template arguments, vtables and typeinfo included, which\n"
    "kernel-abi-check's prefix test misses.\n"
    "example: abi.torch-stable  _ZN3c106detail14torchCheckFailEPKcS2_jRKSs: c10::detail::torchCheckFail(\n"
    "         char const*, char const*, unsigned int, std::string const&) is Torch C++ API outside torch::stable",
    &check};

}  // namespace kb::inspect
