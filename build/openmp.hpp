// SPDX-License-Identifier: Apache-2.0
// OpenMP in a kernel: the compile flag is the author's (-fopenmp in cxx-flags, -Xcompiler
// -fopenmp in cuda-flags), the runtime is Torch's. Torch's libraries need the OpenMP runtime its
// wheel ships (torch/lib/libgomp.so.1 on x86_64, a hash-named libgomp-*.so under torch.libs
// where auditwheel grafted it), and a process holds one copy of it: a kernel linked with the
// system libgomp gets Torch's copy at run time anyway (same soname), where the symbol versions it
// was bound to (GOMP_5.1, ...) may be missing, and a differently named copy would run a second
// thread pool that ignores torch.set_num_threads. So kb links the very file Torch ships, and
// never g++'s -fopenmp driver default. See docs/openmp.md.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace kb::build {

// True when a g++ flag list turns OpenMP on (-fopenmp, -fopenmp=libgomp).
bool cxx_flags_use_openmp(const std::vector<std::string>& flags);

// True when an nvcc flag list passes -fopenmp to the host compiler: "-Xcompiler -fopenmp",
// "-Xcompiler=-fopenmp", "--compiler-options=-O3,-fopenmp" and the like.
bool nvcc_flags_use_openmp(const std::vector<std::string>& flags);

// The OpenMP runtime inside an unpacked Torch wheel: libgomp*.so* in torch/lib, else in
// torch.libs beside it. Empty when the wheel ships none.
std::filesystem::path torch_openmp_runtime(const std::filesystem::path& torch_root);

}  // namespace kb::build
