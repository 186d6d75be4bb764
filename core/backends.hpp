// SPDX-License-Identifier: Apache-2.0
// The one table of backend names. build.toml's general.backends, metadata.json's backend.type,
// the [kernel.*] backend key, the compute tag of arch variant names and the torch-<backend>
// noarch names are all read from it, so they cannot drift apart (tests/core/backends_test.cpp
// checks every consumer against it).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

struct Backend {
  std::string_view name;         // as build.toml and metadata.json spell it: "cuda", "cann"
  std::string_view noarch;       // the torch-<noarch> variant name ("npu" for cann)
  std::string_view compute;      // arch variant compute tag ("cu" for cuda); "" when it has no arch variants
  bool versioned = false;        // the compute tag carries a version: cu130, rocm71, xpu20253
  bool compiled_by_kb = false;   // a [kernel.*] section may name it: kb compiles sources for it
};

// Every backend, sorted by name.
const std::vector<Backend>& backends();

// The names of backends() (general.backends, metadata backend.type).
const std::vector<std::string>& backend_names();
// The backends kb compiles [kernel.*] sources for.
const std::vector<std::string>& compiled_backend_names();

// The torch-<x> part of a backend's noarch variant name ("cann" -> "npu"); `backend` itself
// when the table does not know it.
std::string noarch_name(std::string_view backend);
// The backend a noarch variant's name part stands for ("npu" -> "cann"); nullopt when unknown.
// "universal" (the legacy pure-Python build) is no backend and is not in the table.
std::optional<std::string> backend_of_noarch(std::string_view noarch);

}  // namespace kb
