// SPDX-License-Identifier: Apache-2.0
// From a planned variant to compiler command lines (docs/conformance.md-2.11): which sources
// each compiler gets, with which definitions, includes, -gencode and link inputs.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "build/compat.hpp"
#include "build/cxx_deps.hpp"
#include "build/ninja_file.hpp"
#include "build/toolchain.hpp"
#include "build/torch_toolchain.hpp"
#include "build/tvm_ffi_toolchain.hpp"
#include "build/variants.hpp"
#include "core/config/build_config.hpp"

namespace kb::build {

// Per CUDA kernel, the archs to compile: loose_intersection(caps, supported), or the whole default
// list when the kernel lists none. `supported` is nvcc's default list unless `override_archs` is set.
// Throws Error(bad_input) at the kernel's cuda-capabilities for an empty intersection.
std::map<std::string, std::vector<std::string>> select_kernel_archs(const config::BuildConfig& cfg,
                                                                    const std::string& nvcc_version,
                                                                    const std::vector<std::string>& override_archs);

struct CompileContext {
  const config::BuildConfig* config = nullptr;
  std::filesystem::path project;        // absolute project dir
  PlannedVariant variant;
  TorchToolchain torch;                 // unset for tvm-ffi variants
  TvmFfiToolchain tvm_ffi;              // set for tvm-ffi variants only
  MachineFacts machine;                 // cuda_home: the target machine's toolkit (headers, libcudart)
  std::filesystem::path nvcc_home;      // toolkit whose bin/nvcc runs here; empty: machine.cuda_home
  Toolchain toolchain;                  // g++ (and nvcc's -ccbin) for the variant's machine
  std::string ops_id;
  std::filesystem::path work;           // absolute <project>/.kb-build/<variant>
  std::filesystem::path cache_dir;      // kb's cache (Torch, CUDA toolkits, dependencies)
  std::filesystem::path python_include; // dir with Python.h
  CompatFlags compat;
  std::map<std::string, std::vector<std::string>> kernel_archs;
  int nvcc_threads = 1;
  std::map<std::string, ResolvedDep> deps;  // every kernel's `depends`, resolved
};

// TORCH_TARGET_VERSION for a stable-ABI target "2.11": major in bits 56-63, minor in 48-55
// ("0x020b000000000000"), the encoding of Torch's torch/headeronly/version.h.
std::string torch_target_version(const std::string& major_minor);

// The variant's compile units and link line. Only sources of kernels with the variant's backend
// (plus the [torch] bindings) are compiled; headers listed in src are not.
VariantNinja plan_compile(const CompileContext& ctx);

// The --shard estimate for one variant from build.toml alone (no Torch needed): its g++ TUs and,
// per nvcc TU, the number of archs it compiles (shard_cost in shard.hpp).
long estimated_cost(const config::BuildConfig& cfg, const std::string& backend,
                    const std::map<std::string, std::vector<std::string>>& kernel_archs);

// Sorted union of the archs of the kernels compiled for `backend` (metadata backend.archs).
std::vector<std::string> variant_archs(const CompileContext& ctx);

}  // namespace kb::build
