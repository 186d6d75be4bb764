// SPDX-License-Identifier: Apache-2.0
#include "build/torch_toolchain.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>

#include "core/atomic_output.hpp"
#include "core/error.hpp"
#include "build/wheel_fetch.hpp"
#include "build/wheel_unpack.hpp"
#include "core/file_text.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

// Only headers, shared libraries and version.py: the 530 MB wheel unpacks to ~1.7 GB otherwise.
bool wanted(const std::string& name) {
  if (name == "torch/version.py") return true;
  if (name.rfind("torch/include/", 0) == 0) return true;
  static const std::regex lib(R"(torch/lib/[^/]+\.so(\.[0-9]+)*)");
  // Where auditwheel grafted the OpenMP runtime (hash-named); kernels with -fopenmp link it.
  static const std::regex grafted_openmp(R"(torch\.libs/libgomp[^/]*\.so(\.[0-9]+)*)");
  return std::regex_match(name, lib) || std::regex_match(name, grafted_openmp);
}

}  // namespace

void unpack_torch_wheel(const fs::path& wheel, const fs::path& dest) {
  unpack_wheel(wheel, dest, [](const std::string& name) { return wanted(name) ? name : std::string(); });
}

TorchToolchain read_torch_version(const fs::path& torch_root) {
  std::optional<std::string> version_py = read_file(torch_root / "version.py");
  if (!version_py) throw Error(ErrorKind::bad_input, (torch_root / "version.py").string() + " is missing", "delete the unpacked Torch and retry");
  std::string text = *version_py;
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
