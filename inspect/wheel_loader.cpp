// SPDX-License-Identifier: Apache-2.0
#include "inspect/wheel_loader.hpp"

#include <zip.h>

#include <algorithm>
#include <fstream>
#include <random>

#include "core/error.hpp"
#include "core/mapped_file.hpp"
#include "inspect/cubin_file.hpp"
#include "inspect/elf_reader.hpp"
#include "inspect/fatbin_reader.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

struct WheelReader::Handle {
  zip_t* zip = nullptr;
  ~Handle() {
    if (zip) zip_discard(zip);
  }
};

namespace {

zip_t* open_zip(const fs::path& p) {
  int err = 0;
  zip_t* z = zip_open(p.c_str(), ZIP_RDONLY, &err);
  if (!z) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    throw Error(ErrorKind::bad_input, p.string() + ": cannot open wheel: " + why, "re-download the wheel");
  }
  return z;
}

bool is_unsafe_name(const std::string& n) {
  if (n.empty() || n[0] == '/' || n.find('\\') != std::string::npos) return true;
  return n == ".." || n.rfind("../", 0) == 0 || n.find("/../") != std::string::npos ||
         (n.size() >= 3 && n.compare(n.size() - 3, 3, "/..") == 0);
}

// Same test as looks_like_loadable_elf, on a member's first bytes.
bool loadable_elf_header(const unsigned char* h, std::size_t n) {
  if (n < 20 || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') return false;
  const bool le = h[5] == 1;
  const unsigned type = le ? h[16] | h[17] << 8 : h[17] | h[16] << 8;
  const unsigned machine = le ? h[18] | h[19] << 8 : h[19] | h[18] << 8;
  return type != 1 || machine == 190;
}

class ZipFile {
 public:
  ZipFile(zip_t* z, std::uint64_t index, const std::string& where) : m_where(where) {
    m_file = zip_fopen_index(z, index, 0);
    if (!m_file) throw Error(ErrorKind::bad_input, where + ": cannot read wheel member", "re-download the wheel");
  }
  ~ZipFile() { zip_fclose(m_file); }
  std::size_t read(void* buf, std::size_t n) {
    const zip_int64_t got = zip_fread(m_file, buf, n);
    if (got < 0) throw Error(ErrorKind::bad_input, m_where + ": corrupt wheel member (bad data or CRC)", "re-download the wheel");
    return static_cast<std::size_t>(got);
  }

 private:
  zip_file_t* m_file = nullptr;
  std::string m_where;
};

// A file under the temp dir removed when it goes out of scope.
struct TempFile {
  fs::path path;
  TempFile() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("kb-wheel-" + std::to_string(rd()) + std::to_string(rd()));
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

}  // namespace

WheelReader::WheelReader(const fs::path& wheel) : m_path(wheel) {
  auto h = std::make_unique<Handle>();
  h->zip = open_zip(wheel);
  const zip_int64_t n = zip_get_num_entries(h->zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(h->zip, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) continue;
    const std::string name = st.name;
    if (!name.empty() && name.back() == '/') continue;
    if (is_unsafe_name(name)) {
      m_unsafe.push_back(name);
      continue;
    }
    m_members.push_back(name);
    if (st.size >= 64) m_candidates.push_back({name, static_cast<std::uint64_t>(i), st.size});
  }
  std::sort(m_members.begin(), m_members.end());
  // Big members first, so the last thread is not left with one huge .so.
  std::stable_sort(m_candidates.begin(), m_candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.size > b.size; });
  m_pool.push_back(std::move(h));
}

WheelReader::~WheelReader() = default;

std::unique_ptr<WheelReader::Handle> WheelReader::acquire() const {
  {
    std::lock_guard<std::mutex> lock(m_pool_mutex);
    if (!m_pool.empty()) {
      auto h = std::move(m_pool.back());
      m_pool.pop_back();
      return h;
    }
  }
  auto h = std::make_unique<Handle>();
  h->zip = open_zip(m_path);
  return h;
}

void WheelReader::release(std::unique_ptr<Handle> h) const {
  std::lock_guard<std::mutex> lock(m_pool_mutex);
  m_pool.push_back(std::move(h));
}

std::optional<SoFacts> WheelReader::read(const Candidate& c, bool with_cuda, bool with_kernels) const {
  const std::string where = m_path.string() + "!" + c.name;
  std::unique_ptr<Handle> h = acquire();
  std::optional<SoFacts> out;
  {
    ZipFile f(h->zip, c.index, where);
    unsigned char head[20];
    const std::size_t got = f.read(head, sizeof head);
    if (loadable_elf_header(head, got)) {
      if (c.size <= k_in_memory_limit) {
        std::string bytes(reinterpret_cast<const char*>(head), got);
        bytes.resize(c.size);
        std::size_t have = got;
        while (have < c.size) {
          const std::size_t n = f.read(bytes.data() + have, c.size - have);
          if (n == 0) throw Error(ErrorKind::bad_input, where + ": truncated wheel member", "re-download the wheel");
          have += n;
        }
        out = read_so_facts_from_memory(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), where, with_cuda);
        if (with_kernels && out->cuda && out->machine != "cuda") read_fatbin_kernels(bytes, out->sections, *out->cuda);
      } else {
        TempFile tmp;
        {
          std::ofstream o(tmp.path, std::ios::binary);
          o.write(reinterpret_cast<const char*>(head), static_cast<std::streamsize>(got));
          std::vector<char> buf(1 << 20);
          for (std::size_t n; (n = f.read(buf.data(), buf.size())) > 0;) o.write(buf.data(), static_cast<std::streamsize>(n));
          if (!o) throw Error(ErrorKind::environment, tmp.path.string() + ": cannot write a temporary copy of " + where,
                              "free space in the temp dir (TMPDIR)");
        }
        out = read_so_facts(tmp.path, with_cuda);
        if (with_kernels) read_cuda_kernels(*out);  // mmap, pages released as it goes
        out->path = where;
      }
    }
  }
  release(std::move(h));
  return out;
}

}  // namespace kb::inspect
