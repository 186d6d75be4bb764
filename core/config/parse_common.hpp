// SPDX-License-Identifier: Apache-2.0
// Internal to core/config: pieces shared by the per-edition parsers.
#pragma once
#include <string>

#include "core/config/toml_reader.hpp"

namespace kb::config::detail {

// The fields every edition's kernel table shares: src, include, depends, cuda-capabilities (with
// its position for later errors). Keys are checked by the caller.
Kernel read_kernel_sources(const Reader& r, const toml::table& t, const std::string& name, const std::string& backend);

// [kernel.<name>] with a `backend` key (editions 2-5); validates per-backend keys.
Kernel parse_backend_kernel(const Reader& r, const toml::table& t, const std::string& name);

// Checks general.name against ^[a-z][-a-z0-9]*[a-z0-9]$ (editions 3-5; warn-only before).
void check_name(const Reader& r, const toml::table& general, int edition, BuildConfig& cfg);

// Checks every entry of general.backends is a known backend.
void check_backends(const Reader& r, const toml::table& general);

// general.cuda / xpu / neuron / tpu sub-tables (python-depends, bounds, kernel-depends).
void parse_backend_tables(const Reader& r, const toml::table& general, int edition, BuildConfig& cfg);

// general.hub = {repo-id, branch}.
void parse_hub(const Reader& r, const toml::table& general, BuildConfig& cfg);

// python-depends entries must be known for that scope ("" = general, or a backend).
void check_python_depends(const Reader& r, const toml::table& t, const std::string& path,
                          const std::string& scope);

// general.kernel-depends (edition 5): [{repo-id, version|revision}].
std::vector<KernelDep> parse_kernel_depends(const Reader& r, const toml::table& t, const std::string& path);

// Validates one kernel's depends and cuda-capabilities values (shared by all editions).
void check_kernel_values(const Reader& r, const toml::table& t, const std::string& path);

// Editions.
void parse_v1(const Reader& r, const toml::table& root, BuildConfig& cfg);
void parse_v2(const Reader& r, const toml::table& root, BuildConfig& cfg);
void parse_v3(const Reader& r, const toml::table& root, BuildConfig& cfg);
void parse_v4_v5(const Reader& r, const toml::table& root, int edition, BuildConfig& cfg);

}  // namespace kb::config::detail
