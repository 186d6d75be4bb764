// SPDX-License-Identifier: Apache-2.0
// One row of RMS normalisation, out[j] = x[j] / sqrt(mean(x*x) + eps), in two builds: portable C++
// and AVX-512F. Both sections of the example include this header through [torch] include.
#pragma once
#include <cstdint>

namespace omp_norm {

using RowFn = void (*)(const float* x, float* out, int64_t n, float eps);

void rms_row_generic(const float* x, float* out, int64_t n, float eps);

// Compiled with -mavx512f: call only when cpu_has_avx512f() is true.
void rms_row_avx512(const float* x, float* out, int64_t n, float eps);

// True when the CPU has AVX-512F and the OS saves the ZMM state (CPUID leaf 7 and XGETBV).
bool cpu_has_avx512f();

}  // namespace omp_norm
