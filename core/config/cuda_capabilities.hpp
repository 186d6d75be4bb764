// SPDX-License-Identifier: Apache-2.0
// kernel.<name>.cuda-capabilities against the capabilities CUDA compilers know: a value no nvcc
// accepts ("99999.0") is an error, naming the valid list; one this machine's nvcc lacks but an
// older or newer toolkit has ("7.0" with CUDA 13) is a note, since the loose intersection drops it.
#pragma once
#include <string>
#include <vector>

#include "core/config/build_config.hpp"

namespace kb::config {

// "compute_75\ncompute_80\n..." (nvcc --list-gpu-arch) -> {"7.5", "8.0", ...}.
std::vector<std::string> parse_nvcc_gpu_archs(const std::string& output);

// Every capability of CUDA 11.8 ... 13.x (kb's fallback when nvcc is absent).
const std::vector<std::string>& known_cuda_capabilities();

// Checks every kernel's cuda-capabilities (base "X.Y", the a/f suffix and +PTX stripped).
// `nvcc_archs` is what this machine's nvcc accepts (empty: no nvcc here); `nvcc_label` names it
// in messages ("nvcc 13.0"). Throws Error(bad_input) at the offending entry for a capability
// neither nvcc nor the known list has; returns one note per capability only other toolkits have.
std::vector<std::string> check_cuda_capabilities(const BuildConfig& config, const std::vector<std::string>& nvcc_archs,
                                                 const std::string& nvcc_label);

}  // namespace kb::config
