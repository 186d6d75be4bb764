// SPDX-License-Identifier: Apache-2.0
// The ninja files of a build: one top-level build.ninja holding the rules and pools, and one
// subninja per variant, so a single ninja run compiles every TU of every variant in parallel.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace kb::build {

struct CompileUnit {
  std::filesystem::path source;
  std::filesystem::path object;
  bool cuda = false;                // nvcc (.cu) or g++
  std::vector<std::string> flags;   // complete flag list after the compiler, before -c/-o
  std::string label;                // shown in progress: the source relative to the project
};

struct VariantNinja {
  std::string name;                       // variant name, for comments
  std::string cxx;                        // g++ of the variant's machine; empty: the rules' default
  std::vector<CompileUnit> units;
  std::filesystem::path output;           // <work>/<variant>/<ops_id>.abi3.so
  std::vector<std::string> link_flags;    // g++ -shared ... flags and libraries, after the objects
  std::filesystem::path nvcc;             // this variant's nvcc (variants may use different CUDA
                                          // toolkits); empty when it has no CUDA unit
  std::vector<std::string> launch;        // words before g++/nvcc in compiles (ccache/sccache); may be empty
};

struct NinjaRules {
  std::string cxx = "g++";    // default compiler of the cxx and link rules (a variant may set its own)
  int nvcc_jobs = 1;          // pool depth: nvcc TUs can take several GB each
};

// One variant's subninja text.
std::string render_variant_ninja(const VariantNinja& v);

// The top-level build.ninja text including each `subninja <file>`.
std::string render_top_ninja(const NinjaRules& rules, const std::vector<std::filesystem::path>& subninjas);

// Quoting for a shell word inside a ninja variable ($ is doubled for ninja).
std::string shell_word(const std::string& s);

// Escaping for a path in a ninja build line.
std::string ninja_path(const std::filesystem::path& p);

}  // namespace kb::build
