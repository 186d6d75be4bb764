// SPDX-License-Identifier: Apache-2.0
#include "inspect/wheel_deps.hpp"

#include "inspect/policy_data.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

namespace {

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// lib<stem>.so.<digits>[.<digits>...]
bool is_versioned(const std::string& lib, const std::string& stem) {
  const std::string pre = "lib" + stem + ".so.";
  if (!starts_with(lib, pre) || lib.size() == pre.size()) return false;
  for (std::size_t i = pre.size(); i < lib.size(); ++i)
    if ((lib[i] < '0' || lib[i] > '9') && lib[i] != '.') return false;
  return true;
}

// Libraries of the nvidia-* wheels Torch's CUDA builds depend on (torch's METADATA Requires-Dist).
bool from_nvidia_wheel(const std::string& lib) {
  for (const char* stem : {"cudart", "cublas", "cublasLt", "cufft", "cufftw", "curand", "cusolver", "cusolverMg",
                           "cusparse", "cusparseLt", "nccl", "nvJitLink", "nvrtc", "nvrtc-builtins", "cudnn",
                           "cufile", "nvshmem_host", "cupti", "nvToolsExt", "nvtx3interop", "cudla"})
    if (is_versioned(lib, stem)) return true;
  return starts_with(lib, "libcudnn_") && lib.find(".so.") != std::string::npos;
}

bool bundled(const std::string& lib, const WheelFacts& w) {
  for (const WheelMember& m : w.elf) {
    const std::string base = m.rel.substr(m.rel.rfind('/') + 1);
    if (base == lib || (m.facts && m.facts->soname == lib)) return true;
  }
  return false;
}

}  // namespace

const char* to_string(DependencySource s) {
  switch (s) {
    case DependencySource::system: return "system";
    case DependencySource::torch: return "torch";
    case DependencySource::nvidia_wheel: return "nvidia-wheel";
    case DependencySource::driver: return "driver";
    case DependencySource::bundled: return "bundled";
    case DependencySource::outside: return "outside";
  }
  return "outside";
}

DependencySource classify_dependency(const std::string& lib, const WheelFacts& w, const PolicyData& data) {
  if (data.selected && data.selected->lib_whitelist.count(lib)) return DependencySource::system;
  if (starts_with(lib, "ld-linux")) return DependencySource::system;
  if ((starts_with(lib, "libtorch") || starts_with(lib, "libc10")) && lib.size() > 3 &&
      lib.compare(lib.size() - 3, 3, ".so") == 0)
    return DependencySource::torch;
  if (lib == "libcuda.so.1" || lib == "libnvidia-ml.so.1") return DependencySource::driver;
  if (from_nvidia_wheel(lib)) return DependencySource::nvidia_wheel;
  if (bundled(lib, w)) return DependencySource::bundled;
  return DependencySource::outside;
}

std::string cuda_major_of(const std::string& lib) {
  for (const char* stem : {"cudart", "cublas", "cublasLt", "nvrtc"}) {
    if (!is_versioned(lib, stem)) continue;
    const std::string v = lib.substr(std::string("lib").size() + std::string(stem).size() + 4);
    return v.substr(0, v.find('.'));
  }
  return "";
}

}  // namespace kb::inspect
