// SPDX-License-Identifier: Apache-2.0
// The loader's side of the variant-name grammar (kernels/variants.py of the kernels loader), which is
// looser than what builders emit (core/variant.hpp parses the builders' names).
#pragma once
#include <string>

namespace kb::inspect {

// True when kernels would parse `name` as a build variant: a framework part (torch<MM>[-cxx11|
// -cxx98], torch-stable-abi<MM>, tvm-ffi<MM>) then exactly backend-cpu-os, or torch-<anything>.
bool kernels_accepts_variant_name(const std::string& name);

// True when a current builder (kernel-builder's CMake/Nix, kb build) emits names of this shape:
// "-cxx11" exactly on Linux torch variants, tvm-ffi<MM>-..., stable ABI without cxx11, Windows
// without cxx11, noarch torch-<backend>.
bool builders_emit_variant_name(const std::string& name);

// Major of a flattened backend version: "130" -> "13", "71" -> "7" (the minor is the last digit).
std::string flat_version_major(const std::string& flat);

}  // namespace kb::inspect
