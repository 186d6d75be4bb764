// SPDX-License-Identifier: Apache-2.0
#include "tests/build/examples_fixture.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "core/variant.hpp"

namespace fs = std::filesystem;

namespace kb::test {

fs::path copy_example(const TempDir& tmp, const std::string& example, const std::string& as) {
  fs::path dest = tmp / as;
  fs::copy(source_dir() / "examples" / example, dest, fs::copy_options::recursive);
  fs::remove_all(dest / "build");
  fs::remove_all(dest / ".kb-build");
  return dest;
}

std::vector<fs::path> built_variants(const fs::path& project) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(project / "build", ec))
    if (e.is_directory()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

fs::path variant_so(const fs::path& variant_dir) {
  for (const auto& e : fs::directory_iterator(variant_dir))
    if (e.path().extension() == ".so") return e.path();
  return {};
}

std::vector<fs::path> variant_libdirs(const fs::path& variant_dir) {
  std::optional<Variant> v = parse_variant(variant_dir.filename().string());
  if (!v || v->is_noarch()) return {};
  std::string want = std::to_string(v->torch_major) + "." + std::to_string(v->torch_minor) + ".";
  const char* cache = std::getenv("KB_CACHE");
  fs::path root = cache && *cache ? fs::path(cache) : fs::path(std::getenv("HOME")) / ".cache/kb";
  std::vector<fs::path> dirs;
  std::error_code ec;
  // kb build unpacks each machine's Torch apart: torch/<version> (x86_64), torch/<version>-<cpu>.
  std::string suffix = v->cpu == "x86_64" ? "" : "-" + v->cpu;
  for (const auto& e : fs::directory_iterator(root / "torch", ec)) {
    std::string n = e.path().filename().string();
    bool same_cpu = suffix.empty() ? n.find('-') == std::string::npos
                                   : n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
    if (n.rfind(want, 0) == 0 && same_cpu) dirs.push_back(e.path() / "torch" / "lib");
  }
  // Another machine's CUDA libraries come from its toolkit wheels: cuda/<X.Y>-<cpu> ("130" -> 13.0).
  const std::string& cu = v->backend_version;
  if (v->backend == "cuda" && suffix.empty()) dirs.push_back("/usr/local/cuda/lib64");
  else if (v->backend == "cuda" && cu.size() > 1)
    dirs.push_back(root / "cuda" / (cu.substr(0, cu.size() - 1) + "." + cu.substr(cu.size() - 1) + suffix) / "lib64");
  return dirs;
}

fs::path venv_torch_lib() {
  if (python().empty()) return {};
  CommandResult r = run({python().string(), "-c",
                         "import importlib.util as u; s = u.find_spec('torch'); print(s.submodule_search_locations[0] if s else '')"});
  std::string dir = r.output.substr(0, r.output.find('\n'));
  if (r.exit_code != 0 || dir.empty()) return {};
  return fs::path(dir) / "lib";
}

}  // namespace kb::test
