// SPDX-License-Identifier: Apache-2.0
// Entry points: edition detection and dispatch, file loading, the source check.
#include <fstream>
#include <sstream>

#include "core/config/parse_common.hpp"
#include "core/error.hpp"
#include "core/file_text.hpp"

namespace kb::config {

using detail::Reader;

std::string where(const std::filesystem::path& file, Pos pos) {
  std::string s = file.string();
  if (pos.line > 0) s += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
  return s;
}

std::string BuildConfig::python_name() const {
  std::string out = name;
  for (char& c : out)
    if (c == '-') c = '_';
  return out;
}

std::string BuildConfig::ext_dir() const { return framework == Framework::tvm_ffi ? "tvm-ffi-ext" : "torch-ext"; }

std::vector<const Kernel*> BuildConfig::kernels_for(const std::string& backend) const {
  std::vector<const Kernel*> out;
  for (const Kernel& k : kernels)
    if (k.backend == backend) out.push_back(&k);
  return out;
}

bool BuildConfig::compiles_backend(const std::string& backend) const {
  if (universal || framework == Framework::torch_noarch) return false;
  return !kernels_for(backend).empty() || (framework == Framework::tvm_ffi);
}

namespace {

bool has_v2_markers(const toml::table& root, const toml::table& general) {
  for (const char* k : {"universal", "cuda-minver", "cuda-maxver", "hub", "python-depends"})
    if (general.contains(k)) return true;
  if (const toml::table* kernels = root["kernel"].as_table())
    for (auto&& [name, node] : *kernels)
      if (node.is_table() && node.as_table()->contains("backend")) return true;
  return false;
}

// [K] kernels-data/src/config/compat.rs probes general.edition; older editions are told apart by
// the keys only they have (backends since v3, mandatory version+license and a framework table in v4,
// per-kernel backend in v2), so a file gets the errors of the edition it was written in.
int detect_edition(const Reader& r, const toml::table& root) {
  const toml::table* general = root["general"].as_table();
  if (!general)
    r.fail(Reader::pos_of(root), "general", root.contains("general") ? "expected a table" : "missing [general] section",
           "add [general] with name = \"my-kernel\"");
  if (const toml::node* e = general->get("edition")) {
    std::optional<int64_t> v = e->value<int64_t>();
    if (!v) r.fail(Reader::pos_of(*e), "general.edition", "expected an integer", "write edition = 5");
    if (*v != 5)
      r.fail(Reader::pos_of(*e), "general.edition", "unsupported build edition " + std::to_string(*v),
             "kb reads the seed format and editions 2-5; write edition = 5 or upgrade kb");
    return 5;
  }
  if (general->contains("backends")) {
    bool framework = root.contains("torch") || root.contains("torch-noarch") || root.contains("tvm-ffi");
    bool v4 = general->contains("version") && general->contains("license") && framework;
    return v4 || root.contains("torch-noarch") ? 4 : 3;
  }
  return has_v2_markers(root, *general) ? 2 : 1;
}

}  // namespace

BuildConfig parse_build_config(const std::string& text, const std::filesystem::path& file) {
  Reader r(file);
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    Pos pos{static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)};
    r.fail(pos, "", "TOML syntax error: " + std::string(e.description()),
           "fix the syntax at that position (https://toml.io/en/v1.0.0)");
  }
  BuildConfig cfg;
  cfg.file = file;
  cfg.source_edition = detect_edition(r, root);
  switch (cfg.source_edition) {
    case 1: detail::parse_v1(r, root, cfg); break;
    case 2: detail::parse_v2(r, root, cfg); break;
    case 3: detail::parse_v3(r, root, cfg); break;
    default: detail::parse_v4_v5(r, root, cfg.source_edition, cfg); break;
  }
  return cfg;
}

BuildConfig load_build_config(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw Error(ErrorKind::bad_input, "`" + dir.string() + "` is not a directory", "pass a kernel project directory");
  std::filesystem::path file = dir / "build.toml";
  std::optional<std::string> text = read_file(file);
  if (!text)
    throw Error(ErrorKind::bad_input, "cannot open " + file.string() + " for reading",
                "run kb in a kernel project, or create one with `kb init`");
  return parse_build_config(*text, file);
}

namespace {

void require_file(const BuildConfig& cfg, const std::filesystem::path& dir, const Located& e, const std::string& key) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(dir / e.value, ec)) return;
  throw Error(ErrorKind::bad_input, where(cfg.file, e.pos) + ": " + key + ": source file \"" + e.value + "\" does not exist",
              "create it, or correct the path (relative to " + dir.string() + ")");
}

}  // namespace

void check_sources(const BuildConfig& cfg, const std::filesystem::path& dir) {
  std::string fw = cfg.framework == Framework::tvm_ffi ? "tvm-ffi" : "torch";
  for (const Located& e : cfg.src) require_file(cfg, dir, e, fw + ".src");
  for (const Kernel& k : cfg.kernels)
    for (const Located& e : k.src) require_file(cfg, dir, e, "kernel." + k.name + ".src");
  // Layout rule of [K] nix-builder kernel-layout-check: the Python package must exist.
  // Each framework has its own package dir: torch-ext/<module>/, or tvm-ffi-ext/<module>/ for [tvm-ffi].
  const std::string pkg = cfg.ext_dir() + "/" + cfg.python_name();
  std::filesystem::path init = dir / pkg / "__init__.py";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(init, ec))
    throw Error(ErrorKind::bad_input, cfg.file.string() + ": general.name: " + pkg + "/__init__.py does not exist",
                "the Python package of kernel \"" + cfg.name + "\" lives in " + pkg + "/ for a [" + fw + "] project");
}

}  // namespace kb::config
