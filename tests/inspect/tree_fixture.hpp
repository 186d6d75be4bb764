// SPDX-License-Identifier: Apache-2.0
// Writes kernel build trees for the tree/ops/py rule tests: a conformant variant by default,
// which each test then breaks in one way. Native extensions are compiled from a few lines of C
// (PyInit_<id> and a TORCH_LIBRARY_init_<ns> local symbol need no torch).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/finding.hpp"
#include "inspect/tree_facts.hpp"

namespace kb::test {

struct VariantSpec {
  std::string name = "torch212-cxx11-cu130-x86_64-linux";
  std::string kernel = "relu";
  std::string backend = "cuda";
  std::string uid = "abc1234";
  std::string id;               // default _<kernel>_<backend>_<uid>
  bool native = true;           // compile <id>.abi3.so (arch variants)
  std::string torch_ns;         // TORCH_LIBRARY namespace in the .so; default: id
  std::string pyinit;           // PyInit_ name; default: id
  std::string digest = "sha256";  // "" for none
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // merged into metadata
};

std::string id_of(const VariantSpec& s);
// A default spec with another variant name.
inline VariantSpec named(const std::string& variant) {
  VariantSpec s;
  s.name = variant;
  if (variant == "torch-cpu" || variant == "torch-metal" || variant == "torch-rocm" || variant == "torch-xpu")
    s.backend = variant.substr(6);  // noarch names carry the backend
  return s;
}

// Writes <dir>/<spec.name>/ with __init__.py, _ops.py, metadata.json (+ digest) and the .so.
std::filesystem::path write_variant(const std::filesystem::path& dir, const VariantSpec& spec);

// Recomputes the digest of a variant written by write_variant after a test changed it.
void rehash(const std::filesystem::path& variant_dir);

// Compiles a shared object from C source with gcc. Throws on failure.
void compile_so(const std::filesystem::path& out, const std::string& c_source);

// Loads a directory input as the driver does (digests recomputed; .so facts read when the
// ELF reader can), for running one rule on real files.
kb::inspect::TreeFacts load_facts(const std::filesystem::path& input);

// Runs one registered tree rule on facts.
std::vector<Finding> run_tree_rule(const std::string& rule_id, const kb::inspect::TreeFacts& facts);
bool has_finding(const std::vector<Finding>& found, Severity s, const std::string& needle);

}  // namespace kb::test
