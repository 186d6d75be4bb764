// SPDX-License-Identifier: Apache-2.0
// Torch as a toolchain: the exact PyPI wheel (`pip download torch==X --no-deps`, cached under
// <cache>/wheels) unpacked with libzip into <cache>/torch/<version>/, keeping only what a kernel
// build needs: torch/include/**, torch/lib/*.so* and torch/version.py.
#pragma once
#include <filesystem>
#include <string>

#include "core/process.hpp"

namespace kb::build {

struct TorchToolchain {
  std::string version;          // "2.11.0" (local version label dropped)
  std::string cuda;             // torch.version.cuda, "13.0"; "" for a CPU-only wheel
  std::filesystem::path root;   // <cache>/torch/<version>/torch
  std::filesystem::path include_dir() const { return root / "include"; }
  std::filesystem::path api_include_dir() const { return root / "include" / "torch" / "csrc" / "api" / "include"; }
  std::filesystem::path lib_dir() const { return root / "lib"; }
};

// Returns the unpacked Torch `version` ("2.15.0", or "2.12.1+cu126" with a local label), downloading
// and unpacking it on first use into <cache>/torch/<version>. A version with a local label comes
// from `index_url` (a PEP 503/691 simple index such as https://download.pytorch.org/whl) when one
// is given; plain versions come from PyPI. The unpack is written to a temp dir and renamed into
// place, so an interrupted run leaves no half tree. Throws Error(environment) when pip is missing,
// Error(network) when the download fails, Error(bad_input) when the wheel lacks torch/version.py.
TorchToolchain provision_torch(const std::string& version, const std::filesystem::path& cache_dir,
                               ProcessRunner& runner, const std::string& index_url = "",
                               const std::string& cpu = "x86_64");

// Parses torch/version.py: __version__ and cuda.
TorchToolchain read_torch_version(const std::filesystem::path& torch_root);

// Extracts the members of `wheel` a build needs into `dest` (which becomes dest/torch/...).
void unpack_torch_wheel(const std::filesystem::path& wheel, const std::filesystem::path& dest);

}  // namespace kb::build
