// SPDX-License-Identifier: Apache-2.0
// Data tables: the Hub's required variant matrix ([K] nix-builder/versions.nix, build-variants.json;
// build-pipeline.md §3.3) and the Torch releases kb provisions from PyPI with the CUDA version
// each PyPI wheel was built for (read from each wheel's torch/version.py, 2026-11; 2.14.1 and
// 2.15.0 from their cuda-toolkit requirement, 2026-12).
#pragma once
#include <string>
#include <vector>

namespace kb::build {

struct MatrixEntry {
  std::string torch;            // "2.12"
  std::string backend;          // cuda, cpu, rocm, xpu, metal, tpu
  std::string backend_version;  // "13.0" for CUDA, "7.1" for ROCm, "2025.3.2" for XPU, "" otherwise
  std::string cpu, os;          // x86_64 linux, aarch64 linux, aarch64 darwin
  bool required = true;         // bundleBuild: needed for Hub compliance
};

// Every (torch, backend, version, system) the Hub matrix lists.
const std::vector<MatrixEntry>& hub_matrix();

struct TorchRelease {
  std::string version;  // full PyPI version, "2.11.0"
  std::string cuda;     // torch.version.cuda of the PyPI wheel, "13.0"
};

// Torch releases kb knows how to provision from PyPI, oldest first.
const std::vector<TorchRelease>& pypi_torch_releases();

// "2.11.0" -> "2.11"
std::string major_minor(const std::string& version);

// Dotted version comparison: -1, 0, 1 ("2.9" < "2.10").
int compare_versions(const std::string& a, const std::string& b);

}  // namespace kb::build
