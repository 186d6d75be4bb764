// SPDX-License-Identifier: Apache-2.0
#include "inspect/variant_grammar.hpp"

#include <regex>

namespace kb::inspect {

bool kernels_accepts_variant_name(const std::string& name) {
  static const std::regex k_arch(
      R"((torch-stable-abi\d\d+|torch\d\d+(-(cxx11|cxx98))?|tvm-ffi\d\d+)-(cpu|metal|neuron|tpu|(cu|rocm|xpu|cann)\d\d+)-[^-]+-[^-]+)");
  static const std::regex k_noarch(R"(torch-[^-].*)");
  if (std::regex_match(name, k_arch)) return true;
  return std::regex_match(name, k_noarch) && name.rfind("torch-stable-abi", 0) != 0;
}

bool builders_emit_variant_name(const std::string& name) {
  static const std::string compute = R"((cpu|metal|tpu|cu\d\d+|rocm\d\d+|xpu\d{5}))";
  static const std::regex k_linux("torch\\d\\d+-cxx11-" + compute + "-(x86_64|aarch64)-linux");
  static const std::regex k_other("(torch\\d\\d+|torch-stable-abi\\d\\d+|tvm-ffi\\d\\d+)-" + compute +
                                  "-(x86_64|aarch64)-(darwin|windows)");
  static const std::regex k_other_linux("(torch-stable-abi\\d\\d+|tvm-ffi\\d\\d+)-" + compute + "-(x86_64|aarch64)-linux");
  static const std::regex k_noarch("torch-(cpu|cuda|metal|rocm|xpu|neuron|tpu)");
  for (const std::regex* r : {&k_linux, &k_other, &k_other_linux, &k_noarch})
    if (std::regex_match(name, *r)) return true;
  return false;
}

std::string flat_version_major(const std::string& flat) {
  return flat.size() > 1 ? flat.substr(0, flat.size() - 1) : flat;
}

}  // namespace kb::inspect
