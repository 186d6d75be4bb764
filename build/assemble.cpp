// SPDX-License-Identifier: Apache-2.0
#include "build/assemble.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "build/codegen.hpp"
#include "core/atomic_output.hpp"
#include "core/error.hpp"
#include "core/metadata.hpp"
#include "core/variant_digest.hpp"
#include "core/version.hpp"

namespace kb::build {

namespace fs = std::filesystem;

std::vector<fs::path> python_files(const config::BuildConfig& cfg, const fs::path& project) {
  fs::path pkg = project / cfg.ext_dir() / cfg.python_name();
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(pkg, ec); !ec && it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().filename() == "__pycache__") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    std::string ext = it->path().extension().string();
    if (ext.size() < 2) continue;
    if (std::count(cfg.pyext.begin(), cfg.pyext.end(), ext.substr(1))) out.push_back(fs::relative(it->path(), pkg));
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  write_file_atomic(p, text);
}

Metadata make_metadata(const AssembleInput& in, const fs::path& staged) {
  const config::BuildConfig& c = *in.config;
  Metadata m;
  m.name = c.name;
  m.id = in.so.empty() ? "_" + c.python_name() + "_" + in.backend + "_" + in.uid : in.ops_id;
  m.version = static_cast<std::uint64_t>(c.version);
  m.license = c.license;
  if (!c.upstream.empty()) m.upstream = c.upstream;
  if (!c.source.empty()) m.source = c.source;
  m.python_depends = c.python_depends;
  auto bd = c.backend_deps.find(in.backend);
  if (bd != c.backend_deps.end())
    m.python_depends.insert(m.python_depends.end(), bd->second.python_depends.begin(), bd->second.python_depends.end());
  for (const config::KernelDep& d : c.kernel_depends) {
    KernelDepend k;
    k.repo_id = d.repo_id;
    if (d.version) k.version = static_cast<std::uint64_t>(*d.version);
    else k.revision = d.revision;
    m.kernel_depends.push_back(k);
  }
  m.backend.type = in.backend == "universal" ? "cpu" : in.backend;
  if (!in.archs.empty()) m.backend.archs = in.archs;
  Provenance p;
  Provenance::Builder b;
  b.version = "kb " + kb_version().version;
  if (!kb_version().commit.empty()) b.git = GitState{kb_version().commit, kb_version().dirty};
  p.kernel_builder = b;
  if (in.git.in_git) p.kernel = GitState{in.git.commit, in.git.dirty};
  m.provenance = p;
  m.digest = compute_digest(staged, HashAlgorithm::sha256);
  return m;
}

// kb's addition to provenance, ignored by the kernels library (its parser skips unknown keys):
// "toolchain": the exact Torch and CUDA toolkit versions the variant was built with.
std::string with_toolchain(const std::string& metadata, const std::map<std::string, std::string>& toolchain) {
  if (toolchain.empty()) return metadata;
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(metadata);
  j["provenance"]["toolchain"] = toolchain;
  return j.dump(2) + "\n";
}

}  // namespace

fs::path assemble_variant(const AssembleInput& in, const fs::path& out_root) {
  const config::BuildConfig& c = *in.config;
  fs::create_directories(out_root);
  fs::path target = out_root / in.variant_name;
  AtomicOutput out(target, true);
  const fs::path& dir = out.temp_path();
  fs::path pkg = in.project / c.ext_dir() / c.python_name();
  for (const fs::path& rel : python_files(c, in.project)) {
    fs::create_directories((dir / rel).parent_path());
    fs::copy_file(pkg / rel, dir / rel, fs::copy_options::overwrite_existing);
  }
  if (in.so.empty()) {
    write_text(dir / "_ops.py", noarch_ops_py(c.python_name(), in.uid));
  } else if (c.framework == config::Framework::tvm_ffi) {
    write_text(dir / "_ops.py", tvm_ffi_ops_py(in.so.filename().string()));
    fs::copy_file(in.so, dir / in.so.filename(), fs::copy_options::overwrite_existing);
  } else {
    write_text(dir / "_ops.py", ops_py(in.ops_id));
    fs::copy_file(in.so, dir / in.so.filename(), fs::copy_options::overwrite_existing);
  }
  write_text(dir / c.python_name() / "__init__.py", compat_init_py());
  write_text(dir / "metadata.json", with_toolchain(metadata_to_json(make_metadata(in, dir)), in.toolchain));
  out.commit();
  return target;
}

}  // namespace kb::build
