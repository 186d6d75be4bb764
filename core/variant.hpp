// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kb {

// A build variant name, e.g. "torch212-cxx11-cu130-x86_64-linux" (reference
// docs/conformance.md, docs/conformance.md). Three shapes:
//   arch        torch<MM>-cxx11-<compute>-<cpu>-linux | torch<MM>-<compute>-aarch64-darwin
//   stable_abi  torch-stable-abi<MM>-<compute>-<cpu>-<os>
//   tvm_ffi     tvm-ffi<MM>-<compute>-<cpu>-<os> (MM: the apache-tvm-ffi major.minor, "01" for 0.1)
//   noarch      torch-<backend> (torch-universal is the legacy spelling of a pure-Python build)
struct Variant {
  enum class Shape { arch, stable_abi, tvm_ffi, noarch };
  Shape shape = Shape::arch;
  // The framework's major.minor: Torch for arch and stable_abi (the stable-ABI version), tvm-ffi's
  // own version for tvm_ffi; 0 for noarch.
  int torch_major = 0, torch_minor = 0;
  std::string cxx_abi;                   // "cxx11", "cxx98" (legacy) or "" (darwin, stable abi)
  std::string backend;                   // cuda, rocm, xpu, metal, cpu, tpu, universal, ...
  std::string backend_version;           // "130" for cu130, "71" for rocm71, "" otherwise
  std::string cpu;                       // x86_64, aarch64 ("" for noarch)
  std::string os;                        // linux, darwin ("" for noarch)

  std::string name() const;
  bool is_noarch() const { return shape == Shape::noarch; }
  // The compute tag as it appears in the name: cu130, rocm71, xpu20253, metal, cpu.
  std::string compute_tag() const;
};

// Parses a variant directory name; nullopt when it does not match the grammar.
std::optional<Variant> parse_variant(std::string_view name);

// CUDA version "13.0" -> "130" (major.minor flattened as in variant names).
std::string flatten_version(std::string_view dotted);

}  // namespace kb
