// SPDX-License-Identifier: Apache-2.0
// A build tree on disk, found as kernel-builder finds it (hub-protocol.md §5): the first of
// DIR/result, DIR/build, DIR whose subdirectories hold metadata.json are the variants.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "publish/tree_source.hpp"

namespace fs = std::filesystem;

namespace kb::publish {

std::unique_ptr<TreeSource> open_zip_source(const fs::path& zip);

namespace {

class FileSliceReader : public BodyReader {
 public:
  FileSliceReader(const fs::path& p, std::uint64_t offset) : m_path(p), m_pos(offset) {
    m_fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) throw Error(ErrorKind::bad_input, p.string() + ": cannot open for reading");
  }
  ~FileSliceReader() override { ::close(m_fd); }
  std::size_t read(char* buf, std::size_t n) override {
    ssize_t k = ::pread(m_fd, buf, n, static_cast<off_t>(m_pos));
    if (k < 0) throw Error(ErrorKind::bad_input, m_path.string() + ": read failed");
    m_pos += static_cast<std::uint64_t>(k);
    return static_cast<std::size_t>(k);
  }

 private:
  fs::path m_path;
  std::uint64_t m_pos;
  int m_fd = -1;
};

class DirSource : public TreeSource {
 public:
  fs::path root;  // the variants dir
  std::unique_ptr<BodyReader> open(std::size_t entry, std::uint64_t offset) const override {
    return std::make_unique<FileSliceReader>(root / entry_path(entry), offset);
  }
  std::string entry_path(std::size_t i) const { return entry(i).rel; }
  std::string cache_key(std::size_t i) const override { return stat_key(root / entry_path(i)); }
};

bool has_variants(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory() && fs::is_regular_file(e.path() / "metadata.json")) return true;
  return false;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void collect(DirSource& src) {
  for (const auto& v : fs::directory_iterator(src.root)) {
    if (!v.is_directory() || !fs::is_regular_file(v.path() / "metadata.json")) continue;
    src.variants.push_back(v.path().filename().string());
    for (const auto& e : fs::recursive_directory_iterator(v.path())) {
      if (!e.is_regular_file()) continue;
      src.files.push_back({fs::relative(e.path(), src.root).generic_string(), e.file_size()});
    }
  }
  std::sort(src.variants.begin(), src.variants.end());
  std::sort(src.files.begin(), src.files.end(), [](auto& a, auto& b) { return a.rel < b.rel; });
}

}  // namespace

std::unique_ptr<TreeSource> open_tree_source(const fs::path& input) {
  std::error_code ec;
  if (!fs::exists(input, ec))
    throw Error(ErrorKind::bad_input, input.string() + ": no such file or directory",
                "kb publish DIR (a kernel dir or its build/) or BUNDLE.zip from kb package");
  if (fs::is_regular_file(input)) return open_zip_source(input);
  auto src = std::make_unique<DirSource>();
  src->describe = input.string();
  fs::path kernel_dir = input;
  for (const fs::path& c : {input / "result", input / "build", input}) {
    if (has_variants(c)) {
      src->root = c;
      break;
    }
  }
  if (src->root.empty())
    throw Error(ErrorKind::bad_input, input.string() + ": no variant directories (subdirectories with metadata.json)",
                "run kb build first, or point kb publish at the build/ directory");
  if (src->root == input && fs::exists(input.parent_path() / "build.toml")) kernel_dir = input.parent_path();
  if (fs::is_regular_file(kernel_dir / "build.toml")) src->build_toml = slurp(kernel_dir / "build.toml");
  collect(*src);
  for (const char* card : {"CARD.md", "README.md"}) {
    if (fs::is_regular_file(src->root / card)) {
      src->card = SourceEntry{card, fs::file_size(src->root / card)};
      break;
    }
  }
  src->inspect_path = src->root;
  return src;
}

}  // namespace kb::publish
