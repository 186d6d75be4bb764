// SPDX-License-Identifier: Apache-2.0
#include "build/variants.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "build/cuda_toolkit.hpp"
#include "build/matrix.hpp"
#include "build/toolchain.hpp"
#include "build/tvm_ffi_toolchain.hpp"
#include "core/backends.hpp"

namespace kb::build {

namespace {

// The toolkit version without running nvcc: version.json (runfile installs), the nvcc wheel's
// dist-info (PyPI layouts), else CUDART_VERSION in cuda_runtime_api.h (13000 -> 13.0).
std::string toolkit_version(const std::filesystem::path& home) {
  std::error_code ec;
  std::ifstream json(home / "version.json");
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_object() && j.contains("cuda_nvcc")) return major_minor(j["cuda_nvcc"].value("version", ""));
  for (const auto& e : std::filesystem::directory_iterator(home / "dist-info", ec)) {
    std::string n = e.path().filename().string();
    const std::string prefix = "nvidia_cuda_nvcc-";
    if (n.rfind(prefix, 0) == 0) return major_minor(n.substr(prefix.size()));
  }
  std::ifstream hdr(home / "include" / "cuda_runtime_api.h");
  std::string line;
  while (std::getline(hdr, line)) {
    std::smatch m;
    static const std::regex re(R"(#define\s+CUDART_VERSION\s+(\d+))");
    if (std::regex_search(line, m, re)) {
      int v = std::stoi(m[1]);
      return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
    }
  }
  return "";
}

}  // namespace

MachineFacts probe_machine(const std::filesystem::path& cuda_home) {
  MachineFacts m;
  m.cpu = host_cpu();
  m.cross_cpus = cross_cpus();
  m.pypi_cuda = pypi_cuda_versions();
  std::error_code ec;
  if (cuda_home.empty() || !std::filesystem::exists(cuda_home / "bin" / "nvcc", ec)) return m;
  m.cuda_home = cuda_home;
  m.nvcc_version = toolkit_version(cuda_home);
  return m;
}

namespace {

bool in_bounds(const std::string& v, const std::string& lo, const std::string& hi) {
  return (lo.empty() || compare_versions(v, lo) >= 0) && (hi.empty() || compare_versions(major_minor(v), hi) <= 0);
}

Variant arch_variant(const std::string& torch, const std::string& backend, const std::string& backend_version,
                     const std::string& cpu, const std::string& os) {
  Variant v;
  v.torch_major = std::stoi(torch.substr(0, torch.find('.')));
  v.torch_minor = std::stoi(major_minor(torch).substr(torch.find('.') + 1));
  v.cxx_abi = os == "linux" ? "cxx11" : "";
  v.backend = backend;
  v.backend_version = flatten_version(backend_version);
  v.cpu = cpu;
  v.os = os;
  return v;
}

bool is_required(const std::string& torch_mm, const std::string& backend, const std::string& bver,
                 const std::string& cpu, const MachineFacts& m) {
  for (const MatrixEntry& e : hub_matrix())
    if (e.torch == torch_mm && e.backend == backend && e.backend_version == bver && e.cpu == cpu && e.os == m.os)
      return e.required;
  return false;
}

// Why a backend's compiled variant cannot be built on this machine ("" when it can).
std::string backend_blocker(const std::string& backend, const MachineFacts& m) {
  if (backend == "cpu") return "";
  if (backend == "cuda") return m.nvcc_version.empty() && m.pypi_cuda.empty() ? "no CUDA toolkit (nvcc) found; set --cuda-home" : "";
  if (backend == "rocm") return "no ROCm toolchain (hipcc) here, and ROCm Torch wheels are not on PyPI";
  if (backend == "xpu") return "no oneAPI SYCL compiler here, and XPU Torch wheels are not on PyPI";
  if (backend == "metal") return "Metal kernels build on macOS only";
  return "kb cannot compile " + backend + " kernels";
}

PlannedVariant noarch(const std::string& backend) {
  PlannedVariant p;
  p.variant.shape = Variant::Shape::noarch;
  p.variant.backend = noarch_name(backend);  // torch-npu for cann
  p.name = p.variant.name();
  p.backend = backend;
  p.noarch = p.buildable = true;
  return p;
}

// Why CUDA `cuda` cannot be compiled here ("" when the system nvcc or a PyPI toolkit provides it).
std::string cuda_blocker(const std::string& cuda, const MachineFacts& m) {
  if (cuda == m.nvcc_version || std::count(m.pypi_cuda.begin(), m.pypi_cuda.end(), cuda)) return "";
  std::string known;
  for (const std::string& v : m.pypi_cuda) known += (known.empty() ? "" : ", ") + v;
  return "no CUDA " + cuda + " toolkit: " + (m.nvcc_version.empty() ? "no system nvcc" : "the system nvcc is " + m.nvcc_version) +
         (known.empty() ? "" : " and kb provisions CUDA " + known + " from PyPI (CUDA 12 wheels hold no nvcc)") +
         "; pass --cuda-home DIR with CUDA " + cuda;
}

// Why a CUDA `cuda` variant for another machine `cpu` cannot be built here ("" when it can): the
// host's nvcc compiles it, but its headers and libcudart come from that machine's (sbsa) toolkit
// wheels, which kb provisions only for the CUDA versions it has pins for.
std::string cross_cuda_blocker(const std::string& cuda, const std::string& cpu, const MachineFacts& m) {
  if (cpu == m.cpu || std::count(m.pypi_cuda.begin(), m.pypi_cuda.end(), cuda)) return "";
  return "CUDA " + cuda + " for " + cpu + " needs the toolkit's " + cpu +
         " (sbsa) wheels from PyPI, and kb has no pins for CUDA " + cuda;
}

PlannedVariant compiled(const config::BuildConfig& c, const TorchRelease& t, const std::string& backend,
                        const std::string& cuda, const MachineFacts& m, const std::string& cpu) {
  PlannedVariant p;
  p.variant = arch_variant(t.version, backend, cuda, cpu, m.os);
  p.name = p.variant.name();
  p.backend = backend;
  p.cpu = cpu;
  p.cuda = cuda;
  p.torch_version = t.version;
  // A CUDA version other than the PyPI wheel's comes from the --torch-index as +cuXYZ.
  if (backend == "cuda" && cuda != t.cuda) p.torch_version += "+cu" + flatten_version(cuda);
  p.required = is_required(major_minor(t.version), backend, cuda, cpu, m);
  p.reason = backend_blocker(backend, m);
  if (p.reason.empty() && backend == "cuda") p.reason = cuda_blocker(cuda, m);
  if (p.reason.empty() && backend == "cuda") p.reason = cross_cuda_blocker(cuda, cpu, m);
  if (p.reason.empty() && backend == "cuda" && !in_bounds(cuda, c.cuda_minver, c.cuda_maxver))
    p.reason = "CUDA " + cuda + " is outside general.cuda bounds";
  p.buildable = p.reason.empty();
  return p;
}

// The Torch release whose headers a stable-ABI build compiles against: the oldest kb provisions
// at or above the targeted version, so no header newer than the target can slip a newer shim in
// (docs/frameworks.md, "Which headers").
const TorchRelease* stable_abi_headers(const std::string& target) {
  for (const TorchRelease& t : pypi_torch_releases())
    if (compare_versions(major_minor(t.version), target) >= 0) return &t;
  return nullptr;
}

// A variant of a framework that does not follow the Torch release, for CUDA `bver` ("" unless
// backend is cuda).
PlannedVariant framework_variant(const config::BuildConfig& c, const std::string& backend, const std::string& bver,
                                 const MachineFacts& m, Variant::Shape shape, const std::string& version) {
  PlannedVariant p;
  p.variant = arch_variant(shape == Variant::Shape::tvm_ffi ? major_minor(version) : version, backend, bver, m.cpu, m.os);
  p.variant.shape = shape;
  p.variant.cxx_abi.clear();
  p.backend = backend;
  p.cpu = m.cpu;  // stable-ABI and tvm-ffi builds are planned for the host's machine only
  p.cuda = bver;
  p.reason = backend_blocker(backend, m);
  if (p.reason.empty() && backend == "cuda") p.reason = cuda_blocker(bver, m);
  p.name = p.variant.name();
  if (shape == Variant::Shape::tvm_ffi) {
    p.tvm_ffi = version;
  } else {
    p.stable_abi = version;
    const TorchRelease* t = stable_abi_headers(version);
    if (t) p.torch_version = t->version;
    else if (p.reason.empty()) p.reason = "no Torch release kb provisions has the stable ABI " + version + " headers";
  }
  if (p.reason.empty() && backend == "cuda" && !in_bounds(bver, c.cuda_minver, c.cuda_maxver))
    p.reason = "CUDA " + bver + " is outside general.cuda bounds";
  p.buildable = p.reason.empty();
  return p;
}

// The CUDA versions a stable-ABI or tvm-ffi CUDA variant is built for: every toolkit this machine
// has or kb provisions, within general.cuda bounds. Such a build links none of Torch's CUDA
// libraries, so it is not tied to the CUDA of any Torch wheel. With no toolkit at all the one
// listed (unbuildable) version is that of PyPI's newest Torch, as per-release planning shows it.
std::vector<std::string> framework_cuda_versions(const config::BuildConfig& c, const MachineFacts& m) {
  std::vector<std::string> out;
  auto add = [&](const std::string& v) {
    if (!v.empty() && in_bounds(v, c.cuda_minver, c.cuda_maxver) && std::count(out.begin(), out.end(), v) == 0) out.push_back(v);
  };
  add(m.nvcc_version);
  for (const std::string& v : m.pypi_cuda) add(v);
  if (out.empty()) out.push_back(!m.nvcc_version.empty() ? m.nvcc_version : pypi_torch_releases().back().cuda);
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return compare_versions(a, b) < 0; });
  return out;
}

// One variant per backend (per CUDA version for cuda) for a framework that does not follow the
// Torch release.
void add_framework_variants(const config::BuildConfig& c, const std::string& backend, const MachineFacts& m,
                            Variant::Shape shape, const std::string& version, std::vector<PlannedVariant>& out) {
  if (backend != "cuda") {
    out.push_back(framework_variant(c, backend, "", m, shape, version));
    return;
  }
  for (const std::string& cuda : framework_cuda_versions(c, m)) out.push_back(framework_variant(c, backend, cuda, m, shape, version));
}

// The CUDA versions a release is built for here: its PyPI wheel's, plus with --torch-index every
// CUDA version the Hub matrix lists for it on this host.
std::vector<std::string> cuda_versions(const TorchRelease& t, const MachineFacts& m, const std::string& cpu) {
  std::vector<std::string> out{t.cuda};
  if (!m.torch_index) return out;
  for (const MatrixEntry& e : hub_matrix())
    if (e.torch == major_minor(t.version) && e.backend == "cuda" && e.cpu == cpu && e.os == m.os &&
        std::count(out.begin(), out.end(), e.backend_version) == 0)
      out.push_back(e.backend_version);
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return compare_versions(a, b) < 0; });
  return out;
}

}  // namespace

std::vector<PlannedVariant> plan_variants(const config::BuildConfig& c, const MachineFacts& m,
                                          const std::vector<std::string>& torch_filter) {
  std::vector<PlannedVariant> out;
  if (c.universal) return {noarch("universal")};
  for (const std::string& backend : c.backends) {
    if (!c.compiles_backend(backend)) {
      out.push_back(noarch(backend));
      continue;
    }
    if (c.framework == config::Framework::tvm_ffi) {
      add_framework_variants(c, backend, m, Variant::Shape::tvm_ffi, k_tvm_ffi_version, out);
      continue;
    }
    if (auto sa = c.stable_abi.find(backend); sa != c.stable_abi.end()) {
      // Backends in [torch.stable-abi] get one build that loads in that Torch release and later.
      bool wanted = torch_filter.empty() || std::count(torch_filter.begin(), torch_filter.end(), sa->second) > 0;
      if (wanted) add_framework_variants(c, backend, m, Variant::Shape::stable_abi, sa->second, out);
      continue;
    }
    if (backend != "cuda" && !backend_blocker(backend, m).empty()) {
      // No toolchain here: list the Hub matrix's variants of that backend, each with the reason.
      for (PlannedVariant p : plan_hub_matrix(c, m))
        if (p.backend == backend) p.buildable = false, p.reason = backend_blocker(backend, m), out.push_back(p);
      continue;
    }
    // The host's machine first, then each one a cross g++ here builds for (PyPI has the Torch
    // releases for x86_64 and aarch64 alike).
    std::vector<std::string> cpus{m.cpu};
    cpus.insert(cpus.end(), m.cross_cpus.begin(), m.cross_cpus.end());
    for (const std::string& cpu : cpus)
      for (const TorchRelease& t : pypi_torch_releases()) {
        std::string mm = major_minor(t.version);
        // kb's default set is the Hub matrix's Torch releases (2.11 for the GPU host, 2.12, 2.13).
        bool wanted = torch_filter.empty() ? compare_versions(mm, "2.11") >= 0
                                           : std::count(torch_filter.begin(), torch_filter.end(), mm) > 0;
        if (!wanted || !in_bounds(t.version, c.torch_minver, c.torch_maxver)) continue;
        if (backend != "cuda") out.push_back(compiled(c, t, backend, "", m, cpu));
        else
          for (const std::string& cuda : cuda_versions(t, m, cpu)) out.push_back(compiled(c, t, backend, cuda, m, cpu));
      }
  }
  return out;
}

namespace {

// The framework (stable ABI or tvm-ffi) and its version that builds `backend`, if not per-release Torch.
std::optional<std::pair<Variant::Shape, std::string>> framework_of(const config::BuildConfig& c, const std::string& backend) {
  if (c.universal || !c.compiles_backend(backend)) return std::nullopt;
  if (c.framework == config::Framework::tvm_ffi) return std::make_pair(Variant::Shape::tvm_ffi, std::string(k_tvm_ffi_version));
  auto sa = c.stable_abi.find(backend);
  if (sa != c.stable_abi.end()) return std::make_pair(Variant::Shape::stable_abi, sa->second);
  return std::nullopt;
}

// Stable-ABI and tvm-ffi builds of the Hub's systems: one per (backend version, cpu, os), not
// per Torch release. None is required: the required set names per-release Torch variants only.
void add_framework_matrix(const config::BuildConfig& c, const MachineFacts& m, const std::string& backend,
                          std::vector<PlannedVariant>& out) {
  auto fw = framework_of(c, backend);
  std::set<std::string> seen;
  for (const MatrixEntry& e : hub_matrix()) {
    if (e.backend != backend) continue;
    MachineFacts target = m;
    target.cpu = e.cpu, target.os = e.os;
    std::string bver = backend == "cuda" ? e.backend_version : "";
    PlannedVariant p = framework_variant(c, backend, bver, target, fw->first, fw->second);
    if (!seen.insert(p.name).second) continue;
    if (e.cpu != m.cpu || e.os != m.os)
      p.reason = "target " + e.cpu + "-" + e.os + ": kb builds for this host (" + m.cpu + "-" + m.os + ") only";
    p.buildable = p.reason.empty();
    out.push_back(p);
  }
}

}  // namespace

std::vector<PlannedVariant> plan_hub_matrix(const config::BuildConfig& c, const MachineFacts& m) {
  std::vector<PlannedVariant> out;
  for (const std::string& backend : c.backends)
    if (framework_of(c, backend)) add_framework_matrix(c, m, backend, out);
  for (const MatrixEntry& e : hub_matrix()) {
    if (std::find(c.backends.begin(), c.backends.end(), e.backend) == c.backends.end()) continue;
    if (framework_of(c, e.backend)) continue;
    PlannedVariant p;
    p.variant = arch_variant(e.torch, e.backend, e.backend_version, e.cpu, e.os);
    p.name = p.variant.name();
    p.backend = e.backend;
    p.cpu = e.cpu;
    p.required = e.required;
    bool cross = std::count(m.cross_cpus.begin(), m.cross_cpus.end(), e.cpu) > 0;
    if (e.os != m.os || (e.cpu != m.cpu && !cross)) {
      p.reason = "target " + e.cpu + "-" + e.os + ": kb builds for this host (" + m.cpu + "-" + m.os + ")" +
                 (e.os == m.os ? " and, with the cross g++ (" + e.cpu + "-linux-gnu-g++) installed, for " + e.cpu
                               : " only");
    } else if (!c.compiles_backend(e.backend) || c.universal) {
      p.reason = "";  // noarch: the single torch-" + backend + " build covers it
      p.name = c.universal ? "torch-universal" : "torch-" + noarch_name(e.backend);
      p.noarch = true;
    } else {
      auto rel = std::find_if(pypi_torch_releases().rbegin(), pypi_torch_releases().rend(),
                              [&](const TorchRelease& t) { return major_minor(t.version) == e.torch; });
      if (rel == pypi_torch_releases().rend()) p.reason = "torch " + e.torch + " is not on PyPI";
      else if (e.backend == "cuda" && rel->cuda != e.backend_version && !m.torch_index)
        p.reason = "torch " + e.torch + "+cu" + flatten_version(e.backend_version) +
                   " wheels are not on PyPI (its torch " + rel->version + " is built for CUDA " + rel->cuda +
                   "); pass --torch-index URL (or KB_TORCH_INDEX), e.g. https://download.pytorch.org/whl/cu" +
                   flatten_version(e.backend_version);
      else p.reason = backend_blocker(e.backend, m);
      if (p.reason.empty() && e.backend == "cuda") p.reason = cuda_blocker(e.backend_version, m);
      if (p.reason.empty() && e.backend == "cuda") p.reason = cross_cuda_blocker(e.backend_version, e.cpu, m);
      if (rel != pypi_torch_releases().rend()) {
        p.torch_version = rel->version;
        if (e.backend == "cuda" && rel->cuda != e.backend_version) p.torch_version += "+cu" + flatten_version(e.backend_version);
      }
      if (e.backend == "cuda") p.cuda = e.backend_version;
    }
    p.buildable = p.reason.empty();
    out.push_back(p);
  }
  return out;
}

}  // namespace kb::build
