// SPDX-License-Identifier: Apache-2.0
// Writes one variant's output directory (docs/conformance.md): the Python files of
// torch-ext/<module>/ (pyext), _ops.py, the .so, the compat <module>/__init__.py and metadata.json
// with digest and provenance. Staged in a temp dir and renamed over build/<variant>/.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "build/ops_id.hpp"
#include "core/config/build_config.hpp"

namespace kb::build {

struct AssembleInput {
  const config::BuildConfig* config = nullptr;
  std::filesystem::path project;
  std::string variant_name;
  std::string backend;             // metadata backend.type
  std::string ops_id;              // compiled: the .so stem; noarch: unused
  std::string uid;                 // noarch: forms the namespace at import time
  std::filesystem::path so;        // the linked library; empty for Python-only variants
  std::vector<std::string> archs;  // CUDA archs (backend.archs); empty otherwise
  KernelGit git;
  std::map<std::string, std::string> toolchain;  // provenance.toolchain: torch and CUDA wheel versions
};

// Returns <out_root>/<variant>. Throws Error(environment) on IO failure; the previous output
// stays untouched in that case.
std::filesystem::path assemble_variant(const AssembleInput& in, const std::filesystem::path& out_root);

// Python files of torch-ext/<module>/ with an extension in pyext, relative paths, sorted.
std::vector<std::filesystem::path> python_files(const config::BuildConfig& cfg, const std::filesystem::path& project);

}  // namespace kb::build
