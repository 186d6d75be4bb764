// SPDX-License-Identifier: Apache-2.0
// Real trees: kb inspect finds errors in a tree exactly when the kernels loader cannot import
// it or run its op (kernels.get_local_kernel on a CPU noarch kernel with a real torch op).
#include <catch2/catch.hpp>

#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/inspect/tree_fixture.hpp"
#include "tests/test_env.hpp"

using namespace kb;
using namespace kb::test;
namespace fs = std::filesystem;

namespace {

const char* k_init =
    "import torch\nfrom ._ops import ops, add_op_namespace_prefix\n\n__all__ = [\"relu\"]\n\n"
    "@torch.library.custom_op(add_op_namespace_prefix(\"relu\"), mutates_args=())\n"
    "def relu(x: torch.Tensor) -> torch.Tensor:\n    return torch.relu(x)\n";

struct Case {
  std::string name;
  std::function<void(const fs::path&)> change;  // applied to the variant dir, then the digest is redone
};

std::vector<Case> cases() {
  return {
      {"ok", [](const fs::path&) {}},
      {"ok-layers", [](const fs::path& v) {
         write_text(v / "layers.py", "import torch\nfrom ._ops import ops\n\nclass ReLU(torch.nn.Module):\n"
                                     "    def forward(self, x):\n        return ops.relu(x)\n");
         write_text(v / "__init__.py", std::string(k_init) + "from . import layers\n");
       }},
      {"self-import", [](const fs::path& v) {
         std::string init = k_init;
         init.replace(init.find("from ._ops"), 10, "from relu._ops");
         write_text(v / "__init__.py", init);
       }},
      {"no-init", [](const fs::path& v) { fs::remove(v / "__init__.py"); }},
      {"no-metadata", [](const fs::path& v) { fs::remove(v / "metadata.json"); }},
      {"bad-metadata", [](const fs::path& v) {
         std::string m = read_text(v / "metadata.json");
         m.replace(m.find("\"cpu\""), 5, "\"cpu12\"");
         write_text(v / "metadata.json", m);
       }},
      {"unknown-dependency", [](const fs::path& v) {
         auto m = nlohmann::ordered_json::parse(read_text(v / "metadata.json"));
         m["python-depends"] = {"scipy"};
         write_text(v / "metadata.json", m.dump(2));
       }},
  };
}

}  // namespace

TEST_CASE("kb's verdict on real trees matches whether kernels can load them", "[inspect][referee][tree]") {
  REQUIRE_FALSE(python().empty());  // make deps installs kernels and torch (tests/requirements.txt)
  TempDir dir;
  std::vector<std::string> repos;
  int uid = 0;
  for (const Case& c : cases()) {
    VariantSpec s = named("torch-cpu");
    s.uid = "load" + std::to_string(uid++);  // one process loads them all: distinct namespaces
    fs::path v = write_variant(dir / c.name / "build", s);
    write_text(v / "__init__.py", k_init);
    c.change(v);
    if (fs::exists(v / "metadata.json")) rehash(v);  // only the intended fault remains
    repos.push_back((dir / c.name).string());
  }
  std::vector<std::string> argv{python().string(), (source_dir() / "tests/inspect/kernels_load.py").string()};
  argv.insert(argv.end(), repos.begin(), repos.end());
  CommandResult ref = run(argv);
  REQUIRE(ref.exit_code == 0);
  std::istringstream lines(ref.output);
  size_t i = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;
    auto r = nlohmann::json::parse(line);
    REQUIRE(i < repos.size());
    CommandResult kb = run_kb({"inspect", repos[i]});
    INFO("case " << cases()[i].name << "\nkernels: " << r.dump() << "\nkb:\n" << kb.output);
    CHECK(r["repo"] == repos[i]);
    bool kb_errors = kb.exit_code != 0;
    CHECK(kb_errors == !r["ok"].get<bool>());
    if (cases()[i].name.rfind("ok", 0) == 0) CHECK(r["ok"].get<bool>());
    ++i;
  }
  CHECK(i == repos.size());
}
