// SPDX-License-Identifier: Apache-2.0
#include "core/tree/byte_stream.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace kb::tree {

namespace {

class FileStream : public ByteStream {
 public:
  FileStream(const fs::path& path, std::uint64_t offset) : m_path(path), m_pos(offset) {
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) throw Error(ErrorKind::bad_input, path.string() + ": cannot open: " + std::strerror(errno));
  }
  ~FileStream() override { ::close(m_fd); }
  std::size_t read(void* data, std::size_t size) override {
    for (;;) {
      ssize_t n = ::pread(m_fd, data, size, static_cast<off_t>(m_pos));
      if (n >= 0) {
        m_pos += static_cast<std::uint64_t>(n);
        return static_cast<std::size_t>(n);
      }
      if (errno != EINTR) throw Error(ErrorKind::bad_input, m_path.string() + ": read failed: " + std::strerror(errno));
    }
  }

 private:
  fs::path m_path;
  std::uint64_t m_pos;
  int m_fd = -1;
};

zip_t* open_zip(const fs::path& path, int flags) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), flags, &err);
  if (z) return z;
  zip_error_t ze;
  zip_error_init_with_code(&ze, err);
  std::string why = zip_error_strerror(&ze);
  zip_error_fini(&ze);
  throw Error(ErrorKind::bad_input, path.string() + ": not a readable zip archive: " + why,
              "pass a .whl/.zip (e.g. written by kb package), or the unpacked directory");
}

}  // namespace

class ZipHandles {
 public:
  explicit ZipHandles(fs::path path) : m_path(std::move(path)) {}
  ~ZipHandles() {
    for (zip_t* z : m_free) zip_discard(z);
  }
  zip_t* take() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      if (!m_free.empty()) {
        zip_t* z = m_free.back();
        m_free.pop_back();
        return z;
      }
    }
    return open_zip(m_path, ZIP_RDONLY);
  }
  void give_back(zip_t* z) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_free.push_back(z);
  }

 private:
  fs::path m_path;
  std::mutex m_mutex;
  std::vector<zip_t*> m_free;
};

namespace {

// Holds a borrowed handle while the member is open. A handle that saw a read error is
// discarded rather than given back, so no later stream inherits its error state.
class ZipEntryStream : public ByteStream {
 public:
  ZipEntryStream(std::shared_ptr<ZipHandles> handles, std::uint64_t index, std::string where)
      : m_handles(std::move(handles)), m_zip(m_handles->take()), m_where(std::move(where)) {
    m_file = zip_fopen_index(m_zip, index, 0);
    if (!m_file) {
      std::string why = zip_strerror(m_zip);
      zip_discard(m_zip);
      throw Error(ErrorKind::bad_input, m_where + ": cannot open archive member: " + why);
    }
  }
  ~ZipEntryStream() override {
    zip_fclose(m_file);
    if (m_failed) zip_discard(m_zip);
    else m_handles->give_back(m_zip);
  }
  std::size_t read(void* data, std::size_t size) override {
    zip_int64_t n = zip_fread(m_file, data, size);
    // libzip checks the CRC at the end of the member: a flipped byte surfaces here.
    if (n < 0) {
      m_failed = true;
      throw Error(ErrorKind::bad_input, m_where + ": " + zip_error_strerror(zip_file_get_error(m_file)),
                  "the archive is damaged; make it again");
    }
    return static_cast<std::size_t>(n);
  }
  // Deflated members cannot seek (libzip < 1.9): inflate and drop the bytes before `offset`.
  void skip(std::uint64_t offset) {
    std::vector<char> buf(1 << 20);
    while (offset > 0) {
      std::size_t k = read(buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(offset, buf.size())));
      if (k == 0) throw Error(ErrorKind::bad_input, m_where + ": archive member shorter than expected");
      offset -= k;
    }
  }

 private:
  std::shared_ptr<ZipHandles> m_handles;
  zip_t* m_zip;
  zip_file_t* m_file = nullptr;
  std::string m_where;
  bool m_failed = false;
};

}  // namespace

std::unique_ptr<ByteStream> open_file_stream(const fs::path& path, std::uint64_t offset) {
  return std::make_unique<FileStream>(path, offset);
}

std::string read_stream(ByteStream& s) {
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = s.read(buf, sizeof buf)) > 0;) out.append(buf, n);
  return out;
}

ZipArchive::ZipArchive(const fs::path& path) : m_path(path), m_handles(std::make_shared<ZipHandles>(path)) {
  zip_t* z = open_zip(path, ZIP_RDONLY | ZIP_CHECKCONS);
  zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    const char* name = zip_get_name(z, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (!name || zip_stat_index(z, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW, &st) != 0) {
      zip_discard(z);
      throw Error(ErrorKind::bad_input, path.string() + ": unreadable archive entry " + std::to_string(i));
    }
    Entry e;
    e.name = name;
    e.index = static_cast<std::uint64_t>(i);
    e.size = st.size;
    e.method = st.comp_method;
    e.encrypted = st.encryption_method != ZIP_EM_NONE;
    zip_file_get_external_attributes(z, static_cast<zip_uint64_t>(i), 0, &e.opsys, &e.attributes);
    e.mtime = static_cast<std::int64_t>(st.mtime);
    m_entries.push_back(std::move(e));
  }
  zip_discard(z);
}

std::unique_ptr<ByteStream> ZipArchive::open(std::uint64_t index, std::uint64_t offset) const {
  auto s = std::make_unique<ZipEntryStream>(m_handles, index, m_path.string() + "!" + m_entries.at(index).name);
  if (offset > 0) s->skip(offset);
  return s;
}

std::string ZipArchive::read_all(std::uint64_t index) const { return read_stream(*open(index)); }

}  // namespace kb::tree
