// SPDX-License-Identifier: Apache-2.0
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/mapped_file.hpp"

namespace kb {

MappedFile::MappedFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorKind::bad_input, path.string() + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(ErrorKind::bad_input, path.string() + ": not a regular file");
  }
  m_size = static_cast<std::uint64_t>(st.st_size);
  if (m_size > 0) {
    void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      throw Error(ErrorKind::bad_input, path.string() + ": cannot map: " + std::strerror(errno));
    }
    m_data = static_cast<const std::uint8_t*>(p);
  }
  ::close(fd);
}

void MappedFile::release(std::string_view part) const {
  const auto* base = reinterpret_cast<const char*>(m_data);
  if (!m_data || part.data() < base || part.data() + part.size() > base + m_size || part.empty()) return;
  static const std::uintptr_t page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  // Whole pages only: a page shared with bytes still to be read is kept.
  const auto begin = (reinterpret_cast<std::uintptr_t>(part.data()) + page - 1) & ~(page - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(part.data()) + part.size()) & ~(page - 1);
  // A read-only MAP_PRIVATE file mapping never holds private copies, so dropping loses nothing.
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

MappedFile::~MappedFile() {
  if (m_data) ::munmap(const_cast<std::uint8_t*>(m_data), m_size);
}

}  // namespace kb
