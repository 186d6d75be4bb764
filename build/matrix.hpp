// SPDX-License-Identifier: Apache-2.0
// The variant matrix as kb build plans from it: core/data/matrix.json (kb::torch_matrix()), that is
// the Hub's required variants plus the Torch releases kb provisions from PyPI with the CUDA
// version of each one's PyPI wheel.
#pragma once
#include <string>
#include <vector>

#include "core/torch_matrix.hpp"
#include "core/version_number.hpp"

namespace kb::build {

using MatrixEntry = kb::MatrixEntry;
using TorchRelease = kb::TorchReleaseInfo;

// Every (torch, backend, version, system) of the matrix: required ones and kb's own releases.
const std::vector<MatrixEntry>& hub_matrix();

// Torch releases kb knows how to provision from PyPI, oldest first.
const std::vector<TorchRelease>& pypi_torch_releases();

// "2.11.0" -> "2.11"
std::string major_minor(const std::string& version);

}  // namespace kb::build
