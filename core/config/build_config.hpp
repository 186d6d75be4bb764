// SPDX-License-Identifier: Apache-2.0
// kb::config — the normalised build.toml model. Every edition (the seed format "v1", v2, v3, v4 and
// the current edition 5) parses into this one model, which is shaped like edition 5 (reference
// docs/conformance.md). `source_edition` remembers where it came from; `notes` records each
// migration rule that fired, so `kb check-config` and `kb update-build` can say what changed.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kb::config {

// A place in build.toml (1-based), for error messages "file:line:column".
struct Pos {
  int line = 0;
  int column = 0;
};

// A string from build.toml together with where it was written.
struct Located {
  std::string value;
  Pos pos;
};

enum class Framework { torch, torch_noarch, tvm_ffi };

// One [kernel.<name>] section, after migration (always has a backend).
struct Kernel {
  std::string name;
  std::string backend;  // cuda, rocm, metal, cpu, xpu
  std::vector<Located> src;
  std::vector<std::string> include, depends;
  std::optional<std::vector<Located>> cuda_capabilities;  // absent: nvcc's default list (build/arch_select.hpp)
  std::vector<std::string> rocm_archs;
  std::vector<std::string> cuda_flags, cxx_flags, hip_flags, sycl_flags;
  std::string cuda_minver;
  Pos pos;       // the section header
  Pos caps_pos;  // the cuda-capabilities key, for capability errors
};

// general.kernel-depends entry: {repo-id, version} or {repo-id, revision}.
struct KernelDep {
  std::string repo_id;
  std::optional<int64_t> version;
  std::string revision;
};

// python-depends/kernel-depends of general.cuda, general.xpu, general.neuron, general.tpu.
struct BackendDeps {
  std::vector<std::string> python_depends;
  std::vector<KernelDep> kernel_depends;
};

struct BuildConfig {
  std::filesystem::path file;  // the build.toml it came from
  int source_edition = 5;      // 1 = seed format, 2, 3, 4, 5

  // [general]
  std::string name;
  int64_t version = 1;
  std::string license;  // empty when an old edition had none (update-build requires one)
  std::vector<std::string> backends;
  std::string upstream, source;
  std::vector<std::string> python_depends;
  std::vector<KernelDep> kernel_depends;
  std::string cuda_minver, cuda_maxver;  // general.cuda bounds, empty: 11.8 .. 99.9
  std::map<std::string, BackendDeps> backend_deps;  // keyed cuda, xpu, neuron, tpu
  std::string hub_repo_id, hub_branch;
  // Seed-format `universal = true` (and v2 general.universal): one `torch-universal` variant.
  bool universal = false;

  // Framework table: [torch], [torch-noarch] or [tvm-ffi] (none in v3: torch-noarch).
  Framework framework = Framework::torch;
  std::vector<Located> src;
  std::vector<std::string> include;
  std::vector<std::string> pyext{"py", "pyi"};
  std::vector<std::string> cxx_flags;
  std::string torch_minver, torch_maxver;           // empty: 2.0 .. 99.9
  std::map<std::string, std::string> stable_abi;    // backend -> Torch version
  std::vector<std::string> noarch_cuda_capabilities, noarch_rocm_archs;

  std::vector<Kernel> kernels;
  std::vector<std::string> notes;  // one line per migration rule applied

  // The Python module name: `name` with '-' replaced by '_'.
  std::string python_name() const;
  // Where the framework keeps the Python package sources: "tvm-ffi-ext" for [tvm-ffi], else
  // "torch-ext" (the package is <ext_dir>/<python_name>/).
  std::string ext_dir() const;
  // Kernels of one backend.
  std::vector<const Kernel*> kernels_for(const std::string& backend) const;
  // True when a listed backend has compiled code (else it builds as torch-<backend>, noarch).
  bool compiles_backend(const std::string& backend) const;
};

// Parses build.toml text. Throws Error(bad_input) with "<file>:<line>:<col>: <key>: <problem>"
// and a hint saying how to fix it, for the first problem found (syntax, unknown key, wrong type,
// missing key, bad value). `file` is used in messages only.
BuildConfig parse_build_config(const std::string& text, const std::filesystem::path& file);

// Reads DIR/build.toml and parses it. Throws Error(bad_input) when missing or invalid.
BuildConfig load_build_config(const std::filesystem::path& dir);

// Checks what the file names: every src entry exists under `dir`, <ext_dir>/<module>/__init__.py
// is present (torch-ext, or tvm-ffi-ext for [tvm-ffi]). Throws Error(bad_input) at the offending entry's position.
void check_sources(const BuildConfig& config, const std::filesystem::path& dir);

// Renders the model as an edition 5 build.toml. Throws Error(bad_input) when the model lacks
// something edition 5 requires (a license). Comments of the original are not kept.
std::string write_edition5(const BuildConfig& config);

// "<file>:<line>:<col>" for messages.
std::string where(const std::filesystem::path& file, Pos pos);

}  // namespace kb::config
