// SPDX-License-Identifier: Apache-2.0
#include "package/byte_stream.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace kb::package {

namespace {

class FileStream : public ByteStream {
 public:
  explicit FileStream(const fs::path& path) : m_path(path) {
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) throw Error(ErrorKind::bad_input, path.string() + ": cannot open: " + std::strerror(errno));
  }
  ~FileStream() override { ::close(m_fd); }
  std::size_t read(void* data, std::size_t size) override {
    for (;;) {
      ssize_t n = ::read(m_fd, data, size);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) throw Error(ErrorKind::bad_input, m_path.string() + ": read failed: " + std::strerror(errno));
    }
  }

 private:
  fs::path m_path;
  int m_fd = -1;
};

class ZipEntryStream : public ByteStream {
 public:
  ZipEntryStream(zip_file_t* file, std::string where) : m_file(file), m_where(std::move(where)) {}
  ~ZipEntryStream() override { zip_fclose(m_file); }
  std::size_t read(void* data, std::size_t size) override {
    zip_int64_t n = zip_fread(m_file, data, size);
    if (n < 0) {
      // libzip checks the CRC at the end of the entry: a flipped byte surfaces here.
      throw Error(ErrorKind::bad_input, m_where + ": " + zip_error_strerror(zip_file_get_error(m_file)),
                  "the archive is damaged; package it again");
    }
    return static_cast<std::size_t>(n);
  }

 private:
  zip_file_t* m_file;
  std::string m_where;
};

}  // namespace

std::unique_ptr<ByteStream> open_file_stream(const fs::path& path) { return std::make_unique<FileStream>(path); }

ZipReader::ZipReader(const fs::path& path) : m_path(path) {
  int err = 0;
  m_zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!m_zip) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(ErrorKind::bad_input, path.string() + ": not a readable zip archive: " + why);
  }
  zip_int64_t n = zip_get_num_entries(m_zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(m_zip, i, ZIP_FL_ENC_RAW, &st) != 0) throw Error(ErrorKind::bad_input, path.string() + ": unreadable entry " + std::to_string(i));
    Entry e;
    e.name = zip_get_name(m_zip, i, ZIP_FL_ENC_RAW);
    e.index = static_cast<std::uint64_t>(i);
    e.size = st.size;
    e.method = st.comp_method;
    e.encrypted = st.encryption_method != ZIP_EM_NONE;
    zip_file_get_external_attributes(m_zip, i, 0, &e.opsys, &e.attributes);
    e.mtime = static_cast<std::int64_t>(st.mtime);
    m_entries.push_back(std::move(e));
  }
}

ZipReader::~ZipReader() {
  if (m_zip) zip_discard(m_zip);
}

std::unique_ptr<ByteStream> ZipReader::open(std::uint64_t index) const {
  std::string where = m_path.string() + ": " + m_entries.at(index).name;
  zip_file_t* f = zip_fopen_index(m_zip, index, 0);
  if (!f) throw Error(ErrorKind::bad_input, where + ": cannot open entry: " + zip_strerror(m_zip));
  return std::make_unique<ZipEntryStream>(f, where);
}

std::string ZipReader::read_all(std::uint64_t index) const {
  auto s = open(index);
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = s->read(buf, sizeof buf)) > 0;) out.append(buf, n);
  return out;
}

}  // namespace kb::package
