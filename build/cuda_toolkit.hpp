// SPDX-License-Identifier: Apache-2.0
// CUDA toolkits from PyPI. NVIDIA publishes nvcc and what it needs as wheels (nvidia-cuda-nvcc:
// nvcc, cudafe++, ptxas, fatbinary, nvlink; nvidia-nvvm: cicc and libdevice; nvidia-cuda-runtime,
// -cccl, -crt: headers and libcudart). Each wheel holds a slice of one tree, nvidia/cuXY/, whose
// bin/nvcc.profile finds its parts relative to itself, so unpacking the slices into one directory
// gives a working toolkit: <cache>/cuda/X.Y (docs/notes/issue-12.md has the measurements).
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/process.hpp"

namespace kb::build {

struct CudaToolkit {
  std::string cuda;                             // major.minor, "13.0"
  std::filesystem::path home;                   // bin/nvcc, include/, lib64/libcudart.so
  std::map<std::string, std::string> packages;  // exact versions, for provenance:
                                                // wheel name -> version, or cuda_nvcc -> version
  bool from_pypi = false;
};

using WheelPins = std::vector<std::pair<std::string, std::string>>;  // {distribution, exact version}

// The wheels kb provisions for CUDA major.minor (the set NVIDIA's cuda-toolkit metapackage pins),
// or an empty list when kb knows none (CUDA 12's nvcc wheels hold ptxas only).
WheelPins cuda_toolkit_pins(const std::string& cuda);

// CUDA versions cuda_toolkit_pins() knows, oldest first.
std::vector<std::string> pypi_cuda_versions();

// <cache>/cuda/X.Y for x86_64 hosts, <cache>/cuda/X.Y-<cpu> for other targets.
std::filesystem::path cuda_toolkit_dir(const std::filesystem::path& cache_dir, const std::string& cuda,
                                       const std::string& cpu = "x86_64");

// Returns the toolkit for CUDA `cuda` unpacked under cuda_toolkit_dir(), downloading its wheels on
// first use. The tree is built in a temp dir and renamed into place; when another kb run got there
// first, its tree is kept. Throws Error(usage) for a CUDA version kb has no pins for (naming the ones
// it has and --cuda-home), Error(network) when a wheel cannot be downloaded, Error(environment) on IO.
CudaToolkit provision_cuda_toolkit(const std::string& cuda, const std::filesystem::path& cache_dir,
                                   ProcessRunner& runner, const std::string& cpu = "x86_64");

// Reads a toolkit's versions: dist-info/*.dist-info names (a PyPI toolkit), else version.json (a
// runfile install). `cuda` is "" when neither names nvcc's version.
CudaToolkit read_cuda_toolkit(const std::filesystem::path& home);

// Unpacks one toolkit wheel into `home`: nvidia/cuXY/<path> -> <path>, the dist-info under
// dist-info/, executable bits kept; parts no kernel build uses are skipped.
void unpack_toolkit_wheel(const std::filesystem::path& wheel, const std::filesystem::path& home);

}  // namespace kb::build
