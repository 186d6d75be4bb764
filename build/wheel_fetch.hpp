// SPDX-License-Identifier: Apache-2.0
// Wheels as toolchain parts: `pip download --no-deps` of exact pins into a private temp dir, then
// each wheel is checked (it must open as a zip) and renamed into the shared <cache>/wheels. An
// interrupted or failed download therefore never leaves a partial wheel where kb looks for one,
// and concurrent kb runs at most download the same file twice (the rename is atomic).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/process.hpp"

namespace kb::build {

struct WheelFetch {
  std::filesystem::path cache_dir;  // ~/.cache/kb: wheels/ and pip/ (pip's own cache) live here
  std::string cpu = "x86_64";       // target machine: x86_64 or aarch64 (platform tags follow)
  std::string python = "3.11";      // only matters for wheels with a cpXY tag (Torch)
  std::string index_url;            // PEP 503/691 simple index; empty: pip's default (PyPI)
};

// The pip `--platform` tags accepted for `cpu` (manylinux_2_28 down to manylinux2010: the CUDA
// wheels are tagged manylinux_2_12/_2_17, Torch manylinux_2_28).
std::vector<std::string> pip_platforms(const std::string& cpu);

// The wheel's file-name form of a distribution name: "nvidia-cuda-nvcc" -> "nvidia_cuda_nvcc".
std::string wheel_dist_name(const std::string& dist);

// A cached wheel of `dist` at exactly `version` (a local label must match too) for `cpu` (or a
// pure-Python wheel), or an empty path.
std::filesystem::path find_cached_wheel(const std::filesystem::path& wheels_dir, const std::string& dist,
                                        const std::string& version, const std::string& cpu);

// Returns the wheel of each pin ({dist, version}), downloading those not cached with one pip call.
// Throws Error(environment) without pip, Error(network) when pip fails or a pin yields no wheel,
// Error(bad_input) when a downloaded file is not a zip. The cache holds complete wheels only.
std::vector<std::filesystem::path> fetch_wheels(const std::vector<std::pair<std::string, std::string>>& pins,
                                                const WheelFetch& where, ProcessRunner& runner);

}  // namespace kb::build
