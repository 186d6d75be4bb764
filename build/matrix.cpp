// SPDX-License-Identifier: Apache-2.0
#include "build/matrix.hpp"

#include <sstream>

namespace kb::build {

const std::vector<MatrixEntry>& hub_matrix() {
  static const std::vector<MatrixEntry> m = torch_matrix().entries();
  return m;
}

const std::vector<TorchRelease>& pypi_torch_releases() {
  return torch_matrix().torch;
}

std::string major_minor(const std::string& version) {
  size_t first = version.find('.');
  if (first == std::string::npos) return version;
  size_t second = version.find('.', first + 1);
  return version.substr(0, second);
}

}  // namespace kb::build
