// SPDX-License-Identifier: Apache-2.0
#include "build/torch_toolchain.hpp"

#include <zip.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>

#include "core/atomic_output.hpp"
#include "core/error.hpp"
#include "build/wheel_fetch.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

// Only headers, shared libraries and version.py: the 530 MB wheel unpacks to ~1.7 GB otherwise.
bool wanted(const std::string& name) {
  if (name.find("..") != std::string::npos || name.empty() || name.front() == '/') return false;
  if (name == "torch/version.py") return true;
  if (name.rfind("torch/include/", 0) == 0) return name.back() != '/';
  static const std::regex lib(R"(torch/lib/[^/]+\.so(\.[0-9]+)*)");
  // Where auditwheel grafted the OpenMP runtime (hash-named); kernels with -fopenmp link it.
  static const std::regex grafted_openmp(R"(torch\.libs/libgomp[^/]*\.so(\.[0-9]+)*)");
  return std::regex_match(name, lib) || std::regex_match(name, grafted_openmp);
}

void extract_entry(zip_t* z, zip_uint64_t i, const std::string& name, const fs::path& dest) {
  fs::path out = dest / name;
  fs::create_directories(out.parent_path());
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(z, i, 0), &zip_fclose);
  if (!f) throw Error(ErrorKind::bad_input, "cannot read " + name + " from the Torch wheel", "delete the cached wheel and retry");
  std::ofstream o(out, std::ios::binary);
  char buf[1 << 16];
  zip_int64_t n;
  while ((n = zip_fread(f.get(), buf, sizeof buf)) > 0) o.write(buf, n);
  if (n < 0 || !o) throw Error(ErrorKind::environment, "cannot extract " + name + " to " + out.string(), "check free disk space");
}

}  // namespace

void unpack_torch_wheel(const fs::path& wheel, const fs::path& dest) {
  int err = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> z(zip_open(wheel.c_str(), ZIP_RDONLY, &err), &zip_discard);
  if (!z) throw Error(ErrorKind::bad_input, "cannot open wheel " + wheel.string() + " (not a zip)", "delete it and retry");
  zip_int64_t n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z.get(), i, 0);
    if (name && wanted(name)) extract_entry(z.get(), i, name, dest);
  }
}

TorchToolchain read_torch_version(const fs::path& torch_root) {
  std::ifstream in(torch_root / "version.py");
  if (!in) throw Error(ErrorKind::bad_input, (torch_root / "version.py").string() + " is missing", "delete the unpacked Torch and retry");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  TorchToolchain t;
  t.root = torch_root;
  std::smatch m;
  if (std::regex_search(text, m, std::regex(R"(__version__\s*=\s*'([^'+]+))"))) t.version = m[1];
  if (std::regex_search(text, m, std::regex(R"(\ncuda\s*:[^=]*=\s*'([0-9.]+)')"))) t.cuda = m[1];
  return t;
}

TorchToolchain provision_torch(const std::string& version, const fs::path& cache_dir, ProcessRunner& runner,
                               const std::string& index_url, const std::string& cpu) {
  fs::path dest = cache_dir / "torch" / (cpu == "x86_64" ? version : version + "-" + cpu);
  std::error_code ec;
  if (!fs::exists(dest / "torch" / "version.py", ec)) {
    bool local = version.find('+') != std::string::npos;
    WheelFetch where{cache_dir, cpu, "3.11", local ? index_url : ""};
    fs::path wheel = fetch_wheels({{"torch", version}}, where, runner).front();
    std::cerr << "kb: unpacking " << wheel.filename().string() << " (headers and libraries) into " << dest.string() << "\n";
    AtomicOutput out(dest, true);
    unpack_torch_wheel(wheel, out.temp_path());
    // rename(2), not commit(): a tree another kb run put there meanwhile may be in use; keep it.
    fs::rename(out.temp_path(), dest, ec);
    if (ec && !fs::exists(dest / "torch" / "version.py"))
      throw Error(ErrorKind::environment, "cannot move the unpacked Torch into " + dest.string() + ": " + ec.message());
  }
  TorchToolchain t = read_torch_version(dest / "torch");
  if (t.version != version.substr(0, version.find('+')))
    throw Error(ErrorKind::bad_input, dest.string() + " holds torch " + t.version + ", expected " + version,
                "delete " + dest.string() + " and retry");
  return t;
}

}  // namespace kb::build
