// SPDX-License-Identifier: Apache-2.0
// kb init: a compilable kernel project (edition 5 build.toml, a ReLU op per backend, Torch
// bindings, the Python package and a test) that kb build builds as it is.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace kb::build {

struct ScaffoldOptions {
  std::filesystem::path dir;
  std::string repo_id;                  // "org/name": name becomes general.name, repo-id general.hub
  std::vector<std::string> backends;    // cuda and/or cpu
  std::string license = "apache-2.0";
};

// Writes the project; returns the files written (relative). Throws Error(usage) for a bad
// repo id, name or backend, Error(bad_input) when DIR already holds a build.toml.
std::vector<std::filesystem::path> scaffold(const ScaffoldOptions& options);

}  // namespace kb::build
