// SPDX-License-Identifier: Apache-2.0
// CUDA arch names and kernel-builder's arch selection (reference docs/conformance.md):
// capabilities as build.toml and metadata.json write them ("9.0", "9.0a", "10.0f", "12.1+PTX")
// and the fatbin names they turn into (sm_90, sm_90a, sm_100f; PTX compute_121).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::inspect {

struct CudaCapability {
  unsigned major = 0, minor = 0;
  char suffix = 0;   // 'a', 'f' or 0
  bool ptx = false;  // "+PTX": also embed PTX for this arch

  unsigned sm() const { return major * 10 + minor; }
  std::string sass_name() const;  // "sm_90a"
  std::string ptx_name() const;   // "compute_90a"
  std::string str() const;        // "9.0a+PTX"
};

// Parses "X.Y", "X.Ya", "X.Yf", optionally followed by "+PTX"; nullopt otherwise.
std::optional<CudaCapability> parse_capability(std::string_view text);

// Orders arch names by SM number, then suffix ("sm_90" < "sm_90a" < "sm_100"); names that do
// not end in a number sort after, by text.
bool arch_less(const std::string& a, const std::string& b);

// kernel-builder's cuda_archs_loose_intersection(src = a kernel's cuda-capabilities, tgt =
// the toolchain's arch list, without +PTX): a/f entries survive only when their base is in
// tgt; every other target gets the highest source arch at or below it of the same major (a
// +PTX source may match across majors). Result sorted, +PTX restored. Unparseable entries
// are skipped (config.* rules report them).
std::vector<std::string> loose_intersection(const std::vector<std::string>& src, const std::vector<std::string>& tgt);

// The default kernel arch list kernel-builder uses for an nvcc version (with +PTX marks),
// e.g. 13.0: 7.5 8.0 8.6 8.7 8.9 9.0 10.0 11.0 12.0 12.1+PTX.
std::vector<std::string> default_cuda_archs(unsigned nvcc_major, unsigned nvcc_minor);

}  // namespace kb::inspect
