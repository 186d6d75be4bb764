// SPDX-License-Identifier: Apache-2.0
#include "build/compile_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "build/arch_select.hpp"
#include "build/matrix.hpp"
#include "build/openmp.hpp"
#include "build/shard.hpp"
#include "core/error.hpp"

namespace kb::build {

namespace fs = std::filesystem;

std::map<std::string, std::vector<std::string>> select_kernel_archs(const config::BuildConfig& cfg,
                                                                    const std::string& nvcc_version,
                                                                    const std::vector<std::string>& override_archs) {
  std::vector<std::string> supported = override_archs.empty() ? default_cuda_archs(nvcc_version) : override_archs;
  std::map<std::string, std::vector<std::string>> out;
  for (const config::Kernel* k : cfg.kernels_for("cuda")) {
    if (!k->cuda_capabilities) {
      out[k->name] = supported;
      continue;
    }
    std::vector<std::string> caps;
    for (const auto& c : *k->cuda_capabilities) caps.push_back(c.value);
    std::vector<std::string> archs = loose_intersection(caps, supported);
    if (archs.empty()) {
      std::string req, sup;
      for (const auto& c : caps) req += (req.empty() ? "" : " ") + c;
      for (const auto& s : supported) sup += (sup.empty() ? "" : " ") + s;
      throw Error(ErrorKind::bad_input,
                  config::where(cfg.file, k->caps_pos) + ": kernel." + k->name +
                      ".cuda-capabilities: empty set of CUDA capabilities after intersection (kernel: " + req +
                      "; supported" + (override_archs.empty() ? " by nvcc " + nvcc_version : " (--cuda-archs)") +
                      ": " + sup + ")",
                  "list at least one capability from the supported set");
    }
    out[k->name] = archs;
  }
  return out;
}

std::string torch_target_version(const std::string& mm) {
  size_t dot = mm.find('.');
  unsigned long long major = std::stoull(mm.substr(0, dot)), minor = std::stoull(mm.substr(dot + 1));
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%016llx", (major << 56) | (minor << 48));
  return buf;
}

namespace {

bool is_tvm_ffi(const CompileContext& c) { return c.variant.variant.shape == Variant::Shape::tvm_ffi; }

bool is_source(const std::string& path, bool* cuda) {
  std::string ext = fs::path(path).extension().string();
  *cuda = ext == ".cu";
  return ext == ".cu" || ext == ".cpp" || ext == ".cc" || ext == ".cxx" || ext == ".c";
}

std::string backend_macro(const std::string& backend) {
  if (backend == "cuda") return "CUDA_KERNEL";
  if (backend == "rocm") return "ROCM_KERNEL";
  if (backend == "xpu") return "XPU_KERNEL";
  if (backend == "metal") return "METAL_KERNEL";
  return "CPU_KERNEL";
}

// The framework's definitions: Torch's extension name and limited Python API (plus the stable-ABI
// target), or tvm-ffi's extension name (its functions are found by symbol name, not an import).
std::vector<std::string> framework_defines(const CompileContext& c) {
  if (is_tvm_ffi(c)) return {"-DTVM_FFI_EXTENSION_NAME=" + c.ops_id};
  std::vector<std::string> f{"-DTORCH_EXTENSION_NAME=" + c.ops_id, "-DPy_LIMITED_API=3"};
  // With a target version Torch's headers hide every non-stable API (they #error when included).
  if (!c.variant.stable_abi.empty()) f.push_back("-DTORCH_TARGET_VERSION=" + torch_target_version(c.variant.stable_abi));
  return f;
}

// System include dirs: Torch's (+ Python's for the module init), or only tvm-ffi's.
std::vector<fs::path> system_includes(const CompileContext& c) {
  std::vector<fs::path> system;
  if (is_tvm_ffi(c)) system.push_back(c.tvm_ffi.include_dir());
  else system = {c.torch.include_dir(), c.torch.api_include_dir()};
  if (c.variant.backend == "cuda") system.push_back(c.machine.cuda_home / "include");
  // nvcc's profile adds the toolkit's include/cccl under targets/<machine>/ of its own toolkit, which
  // holds the host's machine only; a cross variant names the target toolkit's copy itself.
  if (c.variant.backend == "cuda" && c.toolchain.cross()) system.push_back(c.machine.cuda_home / "include" / "cccl");
  if (!is_tvm_ffi(c)) system.push_back(c.python_include);
  return system;
}

// Definitions and include dirs shared by every TU of the variant.
std::vector<std::string> common_flags(const CompileContext& c) {
  std::vector<std::string> f = framework_defines(c);
  for (const std::string& d : {"-D" + c.ops_id + "_EXPORTS", std::string("-D_GLIBCXX_USE_CXX11_ABI=1"),
                               "-D" + backend_macro(c.variant.backend), std::string("-O3"), std::string("-DNDEBUG")})
    f.push_back(d);
  if (c.variant.backend == "cuda") f.insert(f.begin(), "-DUSE_CUDA=1");
  f.push_back("-I" + (c.work / "gen").string());
  for (const std::string& inc : c.config->include) f.push_back("-I" + (c.project / inc).string());
  // "-isystem DIR" as two words: nvcc rejects the joined "-isystemDIR" form g++ accepts.
  std::vector<fs::path> system = system_includes(c);
  for (const fs::path& p : system) f.insert(f.end(), {"-isystem", p.string()});
  return f;
}

// A kernel's `depends` as system include dirs (CUTLASS's own warnings stay out of the log).
std::vector<std::string> dep_flags(const CompileContext& c, const config::Kernel& k) {
  std::vector<std::string> f;
  for (const std::string& name : k.depends) {
    auto it = c.deps.find(name);
    if (it == c.deps.end()) continue;
    for (const fs::path& dir : it->second.include_dirs) f.insert(f.end(), {"-isystem", dir.string()});
  }
  return f;
}

// The language level the Torch headers ask for: C++20 from 2.12 (2.14's torch/all.h stops with
// #error below it, for nvcc as for g++), C++17 before and for tvm-ffi.
std::string cxx_level(const CompileContext& c) {
  if (is_tvm_ffi(c)) return "17";
  return compare_versions(major_minor(c.torch.version), "2.12") >= 0 ? "20" : "17";
}

// __FILE__ (TORCH_CHECK messages) names the project's sources and the cached Torch headers: without
// these maps the .so carried the clone's directory and $HOME, so shards built in other checkouts or
// on other machines differed from a one-machine build. Sources become project-relative, cached
// files "kb-cache/...".
std::vector<std::string> path_maps(const CompileContext& c) {
  std::vector<std::string> f{"-ffile-prefix-map=" + (c.project / "").string() + "="};
  // ccache (CCACHE_BASEDIR = the project) hands the compiler project paths relative to ninja's
  // directory, <project>/.kb-build: "../torch-ext/b.cpp" must read as "torch-ext/b.cpp" too.
  fs::path up = c.project.lexically_relative(c.work.parent_path());
  if (!up.empty() && up != ".") f.push_back("-ffile-prefix-map=" + (up / "").string() + "=");
  if (!c.cache_dir.empty()) f.push_back("-ffile-prefix-map=" + (c.cache_dir / "").string() + "=kb-cache/");
  return f;
}

CompileUnit cxx_unit(const CompileContext& c, const std::string& src, const std::vector<std::string>& extra) {
  CompileUnit u;
  u.source = c.project / src;
  u.object = c.work / "obj" / (src + ".o");
  u.label = src;
  u.flags = common_flags(c);
  for (const std::string& f : {"-std=gnu++" + cxx_level(c), std::string("-fPIC"), std::string("-fno-gnu-unique")}) u.flags.push_back(f);
  for (const std::string& f : path_maps(c)) u.flags.push_back(f);
  u.flags.insert(u.flags.end(), c.compat.cxx_flags.begin(), c.compat.cxx_flags.end());
  u.flags.insert(u.flags.end(), extra.begin(), extra.end());
  return u;
}

CompileUnit nvcc_unit(const CompileContext& c, const config::Kernel& k, const std::string& src) {
  CompileUnit u;
  u.cuda = true;
  u.source = c.project / src;
  u.object = c.work / "obj" / (src + ".o");
  u.label = src;
  u.flags = common_flags(c);
  // -fno-gnu-unique must reach the host compiler too: upstream's generator expression never matches .cu.
  u.flags.push_back("-std=c++" + cxx_level(c));
  for (const char* f : {"-Xcompiler=-fPIC", "-Xcompiler=-fno-gnu-unique", "--expt-relaxed-constexpr",
                        "--expt-extended-lambda", "-ccbin"})
    u.flags.push_back(f);
  u.flags.push_back(c.toolchain.cxx());
  u.flags.push_back("--threads=" + std::to_string(c.nvcc_threads));
  // nvcc names its host-side temp file tmpxft_<pid>_..., and that name lands in the object's
  // symbol table, so two compiles of one TU differed; next to the object it is named after it
  // (sharded builds and cache hits must give the same bytes: docs/sharding.md).
  u.flags.push_back("-objtemp");
  // Two words, not "-Xcompiler=...": ccache then drops the old prefix from its hash, so clones in
  // other directories still hit the shared cache.
  for (const std::string& f : path_maps(c)) u.flags.insert(u.flags.end(), {"-Xcompiler", f});
  // cudafe++ hashes the absolute source path into every internal-linkage name (_INTERNAL_<hash>_...),
  // so a clone in another directory gave another .so; the project-relative path is as unique within
  // the variant. (-Xcudafe splits its argument at commas: such a path keeps the default.)
  if (src.find(',') == std::string::npos) u.flags.insert(u.flags.end(), {"-Xcudafe", "--orig_src_path_name=" + src});
  // The compat layer hands nvcc options ready to use (its -Xcompiler/-ccbin forms included).
  u.flags.insert(u.flags.end(), c.compat.nvcc_host_flags.begin(), c.compat.nvcc_host_flags.end());
  for (const std::string& g : gencode_flags(c.kernel_archs.at(k.name))) u.flags.push_back(g);
  for (const std::string& inc : k.include) u.flags.push_back("-I" + (c.project / inc).string());
  for (const std::string& f : dep_flags(c, k)) u.flags.push_back(f);
  u.flags.insert(u.flags.end(), k.cuda_flags.begin(), k.cuda_flags.end());
  return u;
}

// Torch's own OpenMP runtime, by full path so the .so needs exactly its soname (openmp.hpp).
std::string openmp_runtime(const CompileContext& c) {
  fs::path rt = torch_openmp_runtime(c.torch.root);
  if (rt.empty())
    throw Error(ErrorKind::environment,
                "the kernel is compiled with -fopenmp, but torch " + c.torch.version + " (" + c.torch.root.string() +
                    ") ships no OpenMP runtime (no libgomp*.so in torch/lib or torch.libs)",
                "drop -fopenmp from cxx-flags/cuda-flags for this Torch, or delete the unpacked Torch so kb unpacks it again");
  return rt.string();
}

std::vector<std::string> link_flags(const CompileContext& c, bool openmp) {
  fs::path lib = c.torch.lib_dir();
  // The compat layer's stubs and archive come before Torch: libtorch exports unversioned copies of
  // libstdc++ code (std::filesystem, exception_ptr, futex waits), and ld binds a reference to the
  // first library that defines it, so after Torch the kernel silently depended on Torch's copies.
  std::vector<std::string> f = c.compat.link_flags;
  if (is_tvm_ffi(c) || !c.variant.stable_abi.empty()) {
    // tvm-ffi: its runtime only. Stable ABI: only the libraries that define the C shims
    // (aoti_torch_*, torch_*), whose sonames every Torch release keeps.
    if (is_tvm_ffi(c)) f.push_back(c.tvm_ffi.library().string());
    else f.push_back((lib / "libtorch_cpu.so").string());
    if (c.variant.backend == "cuda" && !is_tvm_ffi(c)) f.push_back((lib / "libtorch_cuda.so").string());
    if (c.variant.backend == "cuda") f.push_back((c.machine.cuda_home / "lib64" / "libcudart.so").string());
    if (!is_tvm_ffi(c)) f.push_back("-Wl,-rpath-link," + lib.string());
    return f;
  }
  // Full paths record the sonames with no rpath; rpath-link only lets ld follow Torch's own deps.
  for (const char* name : {"libtorch.so", "libtorch_cpu.so", "libc10.so"}) f.push_back((lib / name).string());
  if (openmp) f.push_back(openmp_runtime(c));
  if (c.variant.backend == "cuda") {
    f.push_back((lib / "libtorch_cuda.so").string());
    f.push_back((lib / "libc10_cuda.so").string());
    f.push_back((c.machine.cuda_home / "lib64" / "libcudart.so").string());  // shared runtime, never static
  }
  f.push_back("-Wl,-rpath-link," + lib.string());
  return f;
}

}  // namespace

VariantNinja plan_compile(const CompileContext& c) {
  VariantNinja v;
  v.name = c.variant.name;
  v.cxx = c.toolchain.cxx();
  // A tvm-ffi library is not a Python extension: tvm_ffi.load_module opens <ops id>.so.
  v.output = c.work / (c.ops_id + (is_tvm_ffi(c) ? ".so" : ".abi3.so"));
  bool cuda = false;
  bool openmp = false;
  for (const auto& s : c.config->src)
    if (is_source(s.value, &cuda)) {
      v.units.push_back(cxx_unit(c, s.value, c.config->cxx_flags));
      openmp = openmp || cxx_flags_use_openmp(c.config->cxx_flags);
    }
  for (const config::Kernel* k : c.config->kernels_for(c.variant.backend))
    for (const auto& s : k->src) {
      if (!is_source(s.value, &cuda)) continue;
      if (cuda) {
        v.units.push_back(nvcc_unit(c, *k, s.value));
        openmp = openmp || nvcc_flags_use_openmp(k->cuda_flags);
        v.nvcc = (c.nvcc_home.empty() ? c.machine.cuda_home : c.nvcc_home) / "bin" / "nvcc";
      } else {
        openmp = openmp || cxx_flags_use_openmp(k->cxx_flags);
        CompileUnit u = cxx_unit(c, s.value, k->cxx_flags);
        for (const std::string& inc : k->include) u.flags.push_back("-I" + (c.project / inc).string());
        for (const std::string& f : dep_flags(c, *k)) u.flags.push_back(f);
        v.units.push_back(u);
      }
    }
  v.link_flags = link_flags(c, openmp);
  return v;
}

long estimated_cost(const config::BuildConfig& cfg, const std::string& backend,
                    const std::map<std::string, std::vector<std::string>>& kernel_archs) {
  bool cuda = false;
  int cxx = 0;
  std::vector<int> nvcc;
  for (const auto& s : cfg.src) cxx += is_source(s.value, &cuda) ? 1 : 0;
  for (const config::Kernel* k : cfg.kernels_for(backend))
    for (const auto& s : k->src) {
      if (!is_source(s.value, &cuda)) continue;
      auto archs = kernel_archs.find(k->name);
      if (cuda) nvcc.push_back(archs == kernel_archs.end() ? 1 : static_cast<int>(archs->second.size()));
      else ++cxx;
    }
  return shard_cost(cxx, nvcc);
}

std::vector<std::string> variant_archs(const CompileContext& c) {
  std::set<std::string> all;
  for (const config::Kernel* k : c.config->kernels_for(c.variant.backend)) {
    auto it = c.kernel_archs.find(k->name);
    if (it != c.kernel_archs.end()) all.insert(it->second.begin(), it->second.end());
  }
  std::vector<std::string> out(all.begin(), all.end());
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    int c = compare_versions(a.substr(0, a.find_first_not_of("0123456789.")), b.substr(0, b.find_first_not_of("0123456789.")));
    return c != 0 ? c < 0 : a < b;
  });
  return out;
}

}  // namespace kb::build
