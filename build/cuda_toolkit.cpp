// SPDX-License-Identifier: Apache-2.0
#include "build/cuda_toolkit.hpp"

#include <algorithm>
#include <unistd.h>
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "build/wheel_fetch.hpp"
#include "build/wheel_unpack.hpp"
#include "core/atomic_output.hpp"
#include "core/error.hpp"
#include "core/torch_matrix.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

// core/data/matrix.json "cuda_toolkits": the pins of NVIDIA's cuda-toolkit metapackage.
const std::map<std::string, WheelPins>& pins_table() { return torch_matrix().cuda_toolkits; }

// Parts of the wheels that `nvcc -c` and a g++ link against libcudart.so never use: NVIDIA's
// scan reports, CMake files, the static runtime, libNVVM (cicc is self-contained), the device query.
// Of lib/, only the runtime: the math libraries' wheels are there for the headers Torch's CUDA
// headers include (cusparse.h, cublas_v2.h, cusolverDn.h, nvtx3/); their .so files (hundreds of MB) are
// the user's Torch installation's business at run time.
bool skipped(const std::string& rel) {
  for (const char* p : {".metadata/", "lib/cmake/", "lib/libcudart_static.a", "lib/libnvvm.so", "bin/__nvcc_device_query"})
    if (rel.rfind(p, 0) == 0) return true;
  if (rel.rfind("lib/", 0) == 0) return rel.rfind("lib/libcudart", 0) != 0 && rel.rfind("lib/libcudadevrt", 0) != 0;
  return false;
}

// "nvidia/cu13/bin/nvcc" -> "bin/nvcc"; "<dist>.dist-info/METADATA" -> "dist-info/<dist>.dist-info/METADATA".
std::string target_name(const std::string& member) {
  size_t slash = member.find('/');
  if (slash == std::string::npos) return "";
  std::string top = member.substr(0, slash);
  if (top.size() > 10 && top.compare(top.size() - 10, 10, ".dist-info") == 0) return "dist-info/" + member;
  if (top != "nvidia") return "";
  size_t second = member.find('/', slash + 1);
  if (second == std::string::npos) return "";
  std::string rel = member.substr(second + 1);
  return skipped(rel) ? "" : rel;
}

// What nvcc.profile and kb's link line expect beside the wheels' lib/: lib64 and libcudart.so.
void add_links(const fs::path& home) {
  std::error_code ec;
  fs::create_directory_symlink("lib", home / "lib64", ec);
  for (const auto& e : fs::directory_iterator(home / "lib", ec)) {
    std::string n = e.path().filename().string();
    if (n.rfind("libcudart.so.", 0) == 0) fs::create_symlink(n, home / "lib" / "libcudart.so", ec);
  }
}

bool holds_pins(const CudaToolkit& t, const WheelPins& pins) {
  for (const auto& [name, version] : pins) {
    auto it = t.packages.find(name);
    if (it == t.packages.end() || it->second != version) return false;
  }
  return true;
}

}  // namespace

WheelPins cuda_toolkit_pins(const std::string& cuda) {
  auto it = pins_table().find(cuda);
  return it == pins_table().end() ? WheelPins{} : it->second;
}

std::vector<std::string> pypi_cuda_versions() {
  std::vector<std::string> out;
  for (const auto& [v, pins] : pins_table()) out.push_back(v);
  return out;
}

fs::path cuda_toolkit_dir(const fs::path& cache_dir, const std::string& cuda, const std::string& cpu) {
  return cache_dir / "cuda" / (cpu == "x86_64" ? cuda : cuda + "-" + cpu);
}

void unpack_toolkit_wheel(const fs::path& wheel, const fs::path& home) { unpack_wheel(wheel, home, target_name); }

CudaToolkit read_cuda_toolkit(const fs::path& home) {
  CudaToolkit t;
  t.home = home;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(home / "dist-info", ec)) {
    std::string n = e.path().stem().string();  // nvidia_cuda_nvcc-13.0.88
    size_t dash = n.find('-');
    if (dash == std::string::npos) continue;
    std::string dist = n.substr(0, dash), version = n.substr(dash + 1);
    std::replace(dist.begin(), dist.end(), '_', '-');
    t.packages[dist] = version;
    t.from_pypi = true;
  }
  if (!t.from_pypi) {
    std::ifstream in(home / "version.json");
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_object())
      for (const char* k : {"cuda_nvcc", "cuda_cudart", "cuda_cccl", "cuda_crt", "cuda_nvvm"})
        if (j.contains(k) && j[k].is_object()) t.packages[k] = j[k].value("version", "");
  }
  auto nvcc = t.packages.find(t.from_pypi ? "nvidia-cuda-nvcc" : "cuda_nvcc");
  if (nvcc != t.packages.end()) {
    const std::string& v = nvcc->second;
    size_t dot = v.find('.', v.find('.') + 1);
    t.cuda = v.substr(0, dot);
  }
  return t;
}

CudaToolkit provision_cuda_toolkit(const std::string& cuda, const fs::path& cache_dir, ProcessRunner& runner,
                                   const std::string& cpu) {
  fs::path home = cuda_toolkit_dir(cache_dir, cuda, cpu);
  std::error_code ec;
  WheelPins pins = cuda_toolkit_pins(cuda);
  if (fs::exists(home / "bin" / "nvcc", ec) && !holds_pins(read_cuda_toolkit(home), pins)) {
    // Assembled by a kb with fewer pins (before the math-library headers): set it aside and rebuild.
    fs::path stale = home;
    stale += ".stale-" + std::to_string(::getpid());
    fs::rename(home, stale, ec);
    fs::remove_all(stale, ec);
  }
  if (!fs::exists(home / "bin" / "nvcc", ec)) {
    if (pins.empty()) {
      std::string known;
      for (const std::string& v : pypi_cuda_versions()) known += (known.empty() ? "" : ", ") + v;
      throw Error(ErrorKind::usage, "no CUDA " + cuda + " toolkit on PyPI that kb knows (it provisions " + known + ")",
                  "install CUDA " + cuda + " and pass --cuda-home DIR (or set CUDA_HOME)");
    }
    std::vector<fs::path> wheels = fetch_wheels(pins, {cache_dir, cpu, "3.11", ""}, runner);
    std::cerr << "kb: assembling the CUDA " << cuda << " toolkit (" << wheels.size() << " wheels) into " << home.string() << "\n";
    AtomicOutput out(home, true);
    for (const fs::path& w : wheels) unpack_toolkit_wheel(w, out.temp_path());
    add_links(out.temp_path());
    // Not out.commit(): that would replace a tree another kb run committed meanwhile and may be
    // compiling with. rename(2) onto an existing non-empty directory fails instead, and we keep theirs.
    fs::rename(out.temp_path(), home, ec);
    if (ec && !fs::exists(home / "bin" / "nvcc"))
      throw Error(ErrorKind::environment, "cannot move the CUDA toolkit into " + home.string() + ": " + ec.message());
  }
  CudaToolkit t = read_cuda_toolkit(home);
  if (t.cuda != cuda)
    throw Error(ErrorKind::bad_input, home.string() + " holds CUDA " + (t.cuda.empty() ? "(unknown)" : t.cuda) + ", expected " + cuda,
                "delete " + home.string() + " and retry");
  return t;
}

}  // namespace kb::build
