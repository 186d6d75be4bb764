// SPDX-License-Identifier: Apache-2.0
#include "inspect/member_elf.hpp"

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "inspect/elf_reader.hpp"
#include "inspect/fatbin_reader.hpp"

namespace fs = std::filesystem;

namespace kb::inspect {

namespace {

// A file under the temp dir removed when it goes out of scope.
struct TempFile {
  fs::path path;
  TempFile() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("kb-member-" + std::to_string(rd()) + std::to_string(rd()));
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

std::size_t read_full(tree::ByteStream& s, char* out, std::size_t n) {
  std::size_t have = 0;
  for (std::size_t got; have < n && (got = s.read(out + have, n - have)) > 0;) have += got;
  return have;
}

SoFacts read_in_memory(tree::ByteStream& s, std::string bytes, const tree::Member& m, bool with_cuda, bool with_kernels) {
  const std::size_t head = bytes.size();
  bytes.resize(m.size);
  if (read_full(s, bytes.data() + head, m.size - head) != m.size - head)
    throw Error(ErrorKind::bad_input, m.where + ": truncated member", "the archive is damaged; make it again");
  SoFacts out = read_so_facts_from_memory(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), m.where, with_cuda);
  if (with_kernels && out.cuda && out.machine != "cuda") read_fatbin_kernels(bytes, out.sections, *out.cuda);
  return out;
}

SoFacts read_via_temp_file(tree::ByteStream& s, const std::string& head, const tree::Member& m, bool with_cuda,
                           bool with_kernels) {
  TempFile tmp;
  {
    std::ofstream o(tmp.path, std::ios::binary);
    o.write(head.data(), static_cast<std::streamsize>(head.size()));
    std::vector<char> buf(1 << 20);
    for (std::size_t n; (n = s.read(buf.data(), buf.size())) > 0;) o.write(buf.data(), static_cast<std::streamsize>(n));
    if (!o)
      throw Error(ErrorKind::environment, tmp.path.string() + ": cannot write a temporary copy of " + m.where,
                  "free space in the temp dir (TMPDIR)");
  }
  SoFacts out = read_so_facts(tmp.path, with_cuda);
  if (with_kernels) read_cuda_kernels(out);  // mmap, pages released as it goes
  out.path = m.where;
  return out;
}

}  // namespace

std::optional<SoFacts> read_member_elf(const tree::Member& m, bool with_cuda, bool with_kernels,
                                       std::uint64_t in_memory_limit) {
  if (m.dangling) return std::nullopt;
  std::unique_ptr<tree::ByteStream> s = m.open();
  std::string head(20, '\0');
  head.resize(read_full(*s, head.data(), head.size()));
  if (!is_loadable_elf_header(reinterpret_cast<const unsigned char*>(head.data()), head.size())) return std::nullopt;
  if (m.size <= in_memory_limit) return read_in_memory(*s, std::move(head), m, with_cuda, with_kernels);
  return read_via_temp_file(*s, head, m, with_cuda, with_kernels);
}

}  // namespace kb::inspect
