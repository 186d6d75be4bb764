// SPDX-License-Identifier: Apache-2.0
// The one variant matrix kb build, kb variants and tree.completeness read (core/data/matrix.json):
// the Hub's required variants in the kernels project's build-variants.json shape, the Torch
// releases kb provisions with the CUDA version of each one's PyPI wheel and its C++ ABI, each CUDA
// version's default arch list, and the PyPI wheels that make each CUDA toolkit.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kb {

struct TorchReleaseInfo {
  std::string version;            // full PyPI version, "2.15.0"
  std::string cuda;               // torch.version.cuda of the PyPI wheel, "13.2"
  std::string cxx_abi = "cxx11";  // the variant name's ABI tag
};

struct MatrixEntry {
  std::string torch;            // "2.12"
  std::string backend;          // cuda, cpu, rocm, xpu, metal, ...
  std::string backend_version;  // dotted: "13.0", "7.1", "2025.3"; "" for cpu/metal
  std::string cpu, os;          // x86_64 linux, aarch64 linux, aarch64 darwin
  bool required = true;         // in `required`; false: one of kb's own releases, built but optional
  std::string name;             // the variant name
};

struct TorchMatrix {
  std::string about;  // provenance of the data, kept through import_build_variants
  // system ("x86_64-linux") -> backend -> variant names: build-variants.json, verbatim.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> required;
  std::vector<TorchReleaseInfo> torch;                                  // oldest first
  std::map<std::string, std::vector<std::string>> cuda_archs;           // CUDA X.Y -> nvcc's default list
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> cuda_toolkits;  // X.Y -> {wheel, version}

  // The required variants plus, as optional, each release's CUDA and CPU variant for x86_64-linux
  // that `required` does not list; sorted by system, backend, name.
  std::vector<MatrixEntry> entries() const;
};

// The matrix kb was built with (core/data/matrix.json, embedded). Throws Error(environment) if the
// embedded copy does not parse (a build defect).
const TorchMatrix& torch_matrix();

// Parses matrix.json. Throws Error(bad_input) naming `origin` and the key at fault.
TorchMatrix parse_torch_matrix(std::string_view json, const std::string& origin);

// The matrix as JSON (the format parse_torch_matrix reads), keys sorted, one variant per line.
std::string torch_matrix_to_json(const TorchMatrix& m);

// Replaces `base.required` by a build-variants.json document. Every name must parse as a variant
// whose backend, CPU and OS match the keys it sits under. Throws Error(bad_input) naming `origin`,
// the system/backend key and the offending name.
TorchMatrix import_build_variants(const TorchMatrix& base, std::string_view json, const std::string& origin);

// "130" -> "13.0", "71" -> "7.1", "20253" -> "2025.3" (the last digit is the minor version).
std::string unflatten_version(const std::string& flat);

}  // namespace kb
