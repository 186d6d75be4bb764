// SPDX-License-Identifier: Apache-2.0
// CUDA architecture selection (docs/conformance.md): nvcc's default list keyed on its version,
// the loose intersection with a kernel's cuda-capabilities, and the -gencode flags.
#pragma once
#include <string>
#include <vector>

namespace kb::build {

// CUDA_DEFAULT_KERNEL_ARCHS for an nvcc "major.minor": 13.0+ ends in 12.1+PTX.
std::vector<std::string> default_cuda_archs(const std::string& nvcc_version);

// cuda_archs_loose_intersection(kernel caps, supported): `a`/`f` entries are kept when their base
// is supported (removing the base), others map each supported target to the highest requested
// capability of the same major; +PTX is carried over. Sorted naturally. May be empty.
std::vector<std::string> loose_intersection(const std::vector<std::string>& caps,
                                            const std::vector<std::string>& supported);

// -gencode flags for archs such as "8.0", "9.0a", "12.1+PTX".
std::vector<std::string> gencode_flags(const std::vector<std::string>& archs);

}  // namespace kb::build
