// SPDX-License-Identifier: Apache-2.0
#include "core/backends.hpp"

namespace kb {

const std::vector<Backend>& backends() {
  // kernels' variant grammar: arch tags cu<ver>, rocm<ver>, xpu<ver>, metal, cpu, tpu; noarch
  // torch-<backend>, with Ascend's CANN spelled "npu" in directory names.
  static const std::vector<Backend> k{
      {"cann", "npu", "", false, false},     {"cpu", "cpu", "cpu", false, true},
      {"cuda", "cuda", "cu", true, true},    {"metal", "metal", "metal", false, true},
      {"neuron", "neuron", "", false, false}, {"rocm", "rocm", "rocm", true, true},
      {"tpu", "tpu", "tpu", false, false},   {"xpu", "xpu", "xpu", true, true},
  };
  return k;
}

const std::vector<std::string>& backend_names() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> out;
    for (const Backend& b : backends()) out.emplace_back(b.name);
    return out;
  }();
  return k;
}

const std::vector<std::string>& compiled_backend_names() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> out;
    for (const Backend& b : backends())
      if (b.compiled_by_kb) out.emplace_back(b.name);
    return out;
  }();
  return k;
}

std::string noarch_name(std::string_view backend) {
  for (const Backend& b : backends())
    if (b.name == backend) return std::string(b.noarch);
  return std::string(backend);
}

std::optional<std::string> backend_of_noarch(std::string_view noarch) {
  for (const Backend& b : backends())
    if (b.noarch == noarch) return std::string(b.name);
  return std::nullopt;
}

}  // namespace kb
