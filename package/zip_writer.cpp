// SPDX-License-Identifier: Apache-2.0
#include "package/zip_writer.hpp"

#include <zip.h>

#include <algorithm>
#include <ctime>
#include <memory>

#include "core/digest.hpp"
#include "core/error.hpp"
#include "package/prefetch_stream.hpp"

namespace kb::package {

namespace {

// One libzip source callback context per entry. libzip reads entries in index order during
// zip_close(), so a `generate` entry placed last sees every earlier hash.
struct EntrySource {
  WriteEntry* entry;
  std::string* failure;  // first error message, reported after zip_close fails
  std::unique_ptr<PrefetchStream> stream;  // file entries: read and hashed on a helper thread
  std::unique_ptr<Hasher> h256;             // generated entries: small, hashed inline
  std::string generated;
  bool has_generated = false;
  std::uint64_t offset = 0;
  zip_error_t error;
};

void ensure_generated(EntrySource& s) {
  if (!s.entry->generate || s.has_generated) return;
  s.generated = s.entry->generate();
  s.entry->size = s.generated.size();
  s.has_generated = true;
}

zip_int64_t read_chunk(EntrySource& s, void* data, zip_uint64_t len) {
  std::size_t n;
  if (s.entry->generate) {
    n = static_cast<std::size_t>(std::min<std::uint64_t>(len, s.generated.size() - s.offset));
    std::copy_n(s.generated.data() + s.offset, n, static_cast<char*>(data));
    s.h256->update(data, n);
  } else {
    n = s.stream->read(data, static_cast<std::size_t>(len));
  }
  s.offset += n;
  if (s.offset > s.entry->size || (n == 0 && s.offset != s.entry->size))
    throw Error(ErrorKind::bad_input, s.entry->origin.where + ": changed size while being packaged",
                "do not modify the build tree while kb package runs");
  return static_cast<zip_int64_t>(n);
}

zip_int64_t dispatch(EntrySource& s, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  switch (cmd) {
    case ZIP_SOURCE_OPEN:
      ensure_generated(s);
      if (s.entry->generate) s.h256 = std::make_unique<Hasher>(HashAlgorithm::sha256);
      else s.stream = std::make_unique<PrefetchStream>(s.entry->origin.open(), s.entry->want_sha512);
      s.offset = 0;
      return 0;
    case ZIP_SOURCE_READ: return read_chunk(s, data, len);
    case ZIP_SOURCE_CLOSE:
      if (s.stream) {
        PrefetchStream::Digests d = s.stream->finish();
        s.entry->sha256 = std::move(d.sha256);
        if (s.entry->want_sha512) s.entry->sha512 = std::move(d.sha512);
      } else {
        s.entry->sha256 = s.h256->finish();
      }
      s.stream.reset();
      s.h256.reset();
      return 0;
    case ZIP_SOURCE_STAT: {
      ensure_generated(s);
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->valid = ZIP_STAT_SIZE;  // a known size keeps libzip from writing zip64 extra fields
      st->size = s.entry->size;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR: return zip_error_to_data(&s.error, data, len);
    case ZIP_SOURCE_FREE:
      zip_error_fini(&s.error);
      delete &s;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default: zip_error_set(&s.error, ZIP_ER_OPNOTSUPP, 0); return -1;
  }
}

// Exceptions must not cross libzip's C frames: keep the message, report a read error.
zip_int64_t callback(void* userdata, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto& s = *static_cast<EntrySource*>(userdata);
  try {
    return dispatch(s, data, len, cmd);
  } catch (const std::exception& e) {
    if (s.failure->empty()) *s.failure = e.what();
    zip_error_set(&s.error, ZIP_ER_READ, 0);
    return -1;
  }
}

void add_entry(zip_t* z, WriteEntry& e, std::string* failure, std::uint32_t dos) {
  auto* ctx = new EntrySource{&e, failure, nullptr, nullptr, {}, false, 0, {}};
  zip_error_init(&ctx->error);
  zip_source_t* src = zip_source_function(z, callback, ctx);
  if (!src) {
    delete ctx;
    throw Error(ErrorKind::environment, std::string("libzip: ") + zip_strerror(z));
  }
  zip_int64_t idx = zip_file_add(z, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
  if (idx < 0) {
    zip_source_free(src);
    throw Error(ErrorKind::environment, e.name + ": cannot add to archive: " + zip_strerror(z));
  }
  auto i = static_cast<zip_uint64_t>(idx);
  bool ok = zip_set_file_compression(z, i, e.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 6) == 0 &&
            zip_file_set_dostime(z, i, dos & 0xffff, dos >> 16, 0) == 0 &&
            zip_file_set_external_attributes(z, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) == 0;
  if (!ok) throw Error(ErrorKind::environment, e.name + ": cannot set entry attributes: " + zip_strerror(z));
}

}  // namespace

std::uint32_t dos_time_from_unix(std::int64_t epoch) {
  constexpr std::int64_t k_1980 = 315532800, k_2107 = 4354819198;
  std::time_t t = static_cast<std::time_t>(std::clamp(epoch, k_1980, k_2107));
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::uint32_t date = ((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday;
  std::uint32_t time = (tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2);
  return (date << 16) | time;
}

void write_zip(const std::filesystem::path& path, std::vector<WriteEntry>& entries, std::int64_t epoch) {
  for (size_t i = 1; i < entries.size(); ++i)
    if (!(entries[i - 1].name < entries[i].name))
      throw Error(ErrorKind::bad_input, "duplicate or unsorted archive entry \"" + entries[i].name + "\"");
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw Error(ErrorKind::environment, path.string() + ": cannot create archive (libzip error " + std::to_string(err) + ")");
  std::string failure;
  const std::uint32_t dos = dos_time_from_unix(epoch);
  try {
    for (WriteEntry& e : entries) add_entry(z, e, &failure, dos);
  } catch (...) {
    zip_discard(z);
    throw;
  }
  if (zip_close(z) != 0) {
    std::string why = zip_strerror(z);
    zip_discard(z);
    if (!failure.empty()) throw Error(ErrorKind::bad_input, failure);
    throw Error(ErrorKind::environment, path.string() + ": cannot write archive: " + why);
  }
}

}  // namespace kb::package
