// SPDX-License-Identifier: Apache-2.0
#include "core/config/cuda_capabilities.hpp"

#include <algorithm>
#include <regex>

#include "core/error.hpp"

namespace kb::config {

std::vector<std::string> parse_nvcc_gpu_archs(const std::string& output) {
  std::vector<std::string> out;
  static const std::regex arch(R"(compute_(\d+)(\d))");
  for (std::sregex_iterator it(output.begin(), output.end(), arch), end; it != end; ++it) {
    std::string cap = (*it)[1].str() + "." + (*it)[2].str();
    if (std::find(out.begin(), out.end(), cap) == out.end()) out.push_back(cap);
  }
  return out;
}

const std::vector<std::string>& known_cuda_capabilities() {
  // nvcc --list-gpu-arch of CUDA 11.8, 12.x and 13.0 together (13.0 dropped 5.x-7.2, 12.9 added 10.3/12.1).
  static const std::vector<std::string> k{"3.5", "3.7", "5.0", "5.2", "5.3", "6.0", "6.1", "6.2", "7.0", "7.2", "7.5",
                                          "8.0", "8.6", "8.7", "8.8", "8.9", "9.0", "10.0", "10.1", "10.3", "11.0",
                                          "12.0", "12.1"};
  return k;
}

namespace {

std::string base_capability(const std::string& cap) {
  std::string b = cap.substr(0, cap.find('+'));
  if (!b.empty() && (b.back() == 'a' || b.back() == 'f')) b.pop_back();
  return b;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace

std::vector<std::string> check_cuda_capabilities(const BuildConfig& cfg, const std::vector<std::string>& nvcc_archs,
                                                 const std::string& nvcc_label) {
  std::vector<std::string> notes;
  for (const Kernel& k : cfg.kernels) {
    if (!k.cuda_capabilities) continue;
    for (const Located& c : *k.cuda_capabilities) {
      std::string base = base_capability(c.value);
      if (contains(nvcc_archs, base)) continue;
      if (!contains(known_cuda_capabilities(), base))
        throw Error(ErrorKind::bad_input,
                    where(cfg.file, c.pos) + ": kernel." + k.name + ".cuda-capabilities: \"" + c.value +
                        "\" is not a CUDA capability any nvcc accepts",
                    "use one of " + (nvcc_archs.empty() ? joined(known_cuda_capabilities())
                                                        : joined(nvcc_archs) + " (" + nvcc_label + ")"));
      if (!nvcc_archs.empty())
        notes.push_back("kernel." + k.name + ".cuda-capabilities: " + c.value + " is not accepted by " + nvcc_label +
                        "; kb build leaves it out (" + nvcc_label + " accepts " + joined(nvcc_archs) + ")");
    }
  }
  return notes;
}

}  // namespace kb::config
