// SPDX-License-Identifier: Apache-2.0
// Bounds-checked reads from an untrusted buffer (cubins cut out of user .so files): every offset
// is checked with inside() before load() copies the value out, so no read is unaligned or past
// the end.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>

namespace kb::inspect {

// e_machine of NVIDIA cubins (EM_CUDA; glibc's elf.h may predate it).
constexpr std::uint16_t k_em_cuda = 190;

// Whether [off, off + len) lies within buf, without overflow.
inline bool inside(std::string_view buf, std::uint64_t off, std::uint64_t len) {
  return off <= buf.size() && len <= buf.size() - off;
}

// The T at buf[off]; the caller has checked inside(buf, off, sizeof(T)).
template <typename T>
T load(std::string_view buf, std::uint64_t off) {
  T v;
  std::memcpy(&v, buf.data() + off, sizeof v);
  return v;
}

}  // namespace kb::inspect
