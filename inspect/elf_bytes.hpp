// SPDX-License-Identifier: Apache-2.0
// A bounds-checked view of the mapped bytes of one ELF file, shared by the pre-validator,
// the skeleton builder and the .symtab scan. Internal to kb_inspect.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace kb::inspect {

struct ByteView {
  const std::uint8_t* data = nullptr;
  std::uint64_t size = 0;

  // Overflow-safe: [off, off+len) lies inside the view.
  bool contains(std::uint64_t off, std::uint64_t len) const { return off <= size && len <= size - off; }

  // Reads a trivially copyable struct at `off`; the caller has checked contains(off, sizeof(T)).
  // ELF64 little-endian only, on a little-endian host (static_assert in elf_prevalidate.cpp).
  template <class T>
  T read(std::uint64_t off) const {
    static_assert(std::is_trivially_copyable<T>::value, "POD only");
    T v;
    std::memcpy(&v, data + off, sizeof(T));
    return v;
  }
};

}  // namespace kb::inspect
