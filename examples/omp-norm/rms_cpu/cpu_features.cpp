// SPDX-License-Identifier: Apache-2.0
#include <cpuid.h>

#include <cstdint>

#include "omp_norm/rms_row.h"

namespace omp_norm {

namespace {

// XCR0 bits the OS sets when it saves the state: SSE (1), AVX (2), opmask (5), ZMM0-15 high
// halves (6) and ZMM16-31 (7). Without them AVX-512 instructions fault even on a capable CPU.
bool os_saves_zmm_state() {
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE)) return false;
  uint32_t lo = 0, hi = 0;
  __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  const uint32_t need = (1u << 1) | (1u << 2) | (1u << 5) | (1u << 6) | (1u << 7);
  return (lo & need) == need;
}

}  // namespace

bool cpu_has_avx512f() {
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  return (ebx & bit_AVX512F) && os_saves_zmm_state();
}

}  // namespace omp_norm
