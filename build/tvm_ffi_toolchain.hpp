// SPDX-License-Identifier: Apache-2.0
// Apache TVM FFI as a toolchain: the pinned `apache-tvm-ffi` PyPI wheel (`pip download --no-deps`,
// cached under <cache>/wheels) unpacked with libzip into <cache>/tvm-ffi/<version>/, keeping the
// headers (tvm/ffi, dlpack) and libtvm_ffi.so, which a tvm-ffi kernel links and Python's
// `tvm_ffi` package loads before the kernel.
#pragma once
#include <filesystem>
#include <string>

#include "core/process.hpp"

namespace kb::build {

// The apache-tvm-ffi release kb builds tvm-ffi variants against. The variant name carries its
// major.minor (tvm-ffi01); the kernels loader accepts a variant when the installed tvm_ffi has
// the same major.minor.
inline constexpr const char* k_tvm_ffi_version = "0.1.15.post2";

struct TvmFfiToolchain {
  std::string version;              // "0.1.15.post2"
  std::filesystem::path root;       // <cache>/tvm-ffi/<version>/tvm_ffi
  std::filesystem::path include_dir() const { return root / "include"; }
  std::filesystem::path lib_dir() const { return root / "lib"; }
  std::filesystem::path library() const { return root / "lib" / "libtvm_ffi.so"; }
};

// Returns the unpacked apache-tvm-ffi `version`, downloading and unpacking it on first use
// (temp dir renamed into place). Throws Error(environment) when pip is missing,
// Error(network) when the download fails, Error(bad_input) when the wheel lacks libtvm_ffi.so.
TvmFfiToolchain provision_tvm_ffi(const std::string& version, const std::filesystem::path& cache_dir,
                                  ProcessRunner& runner);

}  // namespace kb::build
