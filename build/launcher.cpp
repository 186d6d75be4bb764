// SPDX-License-Identifier: Apache-2.0
#include "build/launcher.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/digest.hpp"
#include "core/error.hpp"

namespace kb::build {

namespace {

std::string checked(const std::string& value, const std::string& source) {
  if (value == "ccache" || value == "sccache") return value;
  if (value == "none") return "";
  throw Error(ErrorKind::usage, source + ": unknown compiler launcher `" + value + "`",
              "use ccache, sccache or none");
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

std::string choose_launcher(const std::string& flag, const std::function<std::string(const char*)>& getenv) {
  if (!flag.empty()) return checked(flag, "--launcher");
  std::string env = getenv("KB_LAUNCHER");
  if (!env.empty()) return checked(env, "KB_LAUNCHER");
  for (const char* v : {"SCCACHE_REDIS", "SCCACHE_BUCKET", "SCCACHE_GHA_ENABLED", "SCCACHE_DIR"})
    if (!getenv(v).empty()) return "sccache";
  for (const char* v : {"CCACHE_REMOTE_STORAGE", "CCACHE_DIR"})
    if (!getenv(v).empty()) return "ccache";
  return "";
}

std::string toolchain_identity(const ToolchainFacts& f, const VariantNinja& v) {
  std::string text = "kb toolchain identity 1\nvariant " + f.variant + "\ntorch " + f.torch_version + " cuda " +
                     f.torch_cuda + "\npolicy " + f.policy + "\n";
  text += "cuda-toolkit sha256 " + hex_encode(hash_bytes(f.cuda_toolkit, HashAlgorithm::sha256)) + "\n";
  text += "compat";
  for (const std::string& c : f.compat_flags) text += " " + c;
  text += "\n";
  // Flags are on each command line already; they are listed again so the identity alone says
  // which configuration produced an entry (docs/compiler-cache.md).
  for (const CompileUnit& u : v.units) {
    text += (u.cuda ? "nvcc" : "cxx");
    for (const std::string& w : u.flags) text += " " + w;
    text += "\n";
  }
  return replace_all(text, f.project.string(), "<project>");
}

std::string cuda_toolkit_fingerprint(const std::filesystem::path& home) {
  std::ostringstream out;
  // A missing file's empty rdbuf() would put `out` in a failed state: stream only an open one.
  std::ifstream json(home / "version.json", std::ios::binary);
  if (json) out << json.rdbuf() << "\n";
  std::vector<std::string> dists;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(home / "dist-info", ec)) dists.push_back(e.path().filename().string());
  std::sort(dists.begin(), dists.end());
  for (const std::string& d : dists) out << d << "\n";
  std::ifstream cuda_h(home / "include" / "cuda.h");
  for (std::string line; std::getline(cuda_h, line);)
    if (line.rfind("#define CUDA_VERSION ", 0) == 0) out << line << "\n";
  return out.str();
}

std::vector<std::string> launcher_words(const std::string& launcher, const std::string& identity,
                                        const std::filesystem::path& identity_file,
                                        const std::filesystem::path& project) {
  if (launcher.empty()) return {};
  if (launcher == "ccache")
    return {"env", "CCACHE_BASEDIR=" + project.string(), "CCACHE_EXTRAFILES=" + identity_file.string(), "ccache"};
  std::string key = hex_encode(hash_bytes(identity, HashAlgorithm::sha256));
  return {"env", "SCCACHE_C_CUSTOM_CACHE_BUSTER=" + key, "sccache"};
}

}  // namespace kb::build
