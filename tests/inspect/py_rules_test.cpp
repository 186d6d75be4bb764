// SPDX-License-Identifier: Apache-2.0
// py.imports, py.registration, py.depends and the Python scanner under them.
#include <catch2/catch.hpp>

#include "inspect/inspect.hpp"
#include "inspect/python_scan.hpp"
#include "tests/inspect/tree_fixture.hpp"
#include "tests/test_env.hpp"

using namespace kb;
using namespace kb::test;
using namespace kb::inspect;
namespace fs = std::filesystem;

TEST_CASE("python scan: imports, calls, literals, comments and strings are inert", "[inspect][python][unit]") {
  PyScan s = scan_python(
      "import os, numpy as np\nfrom . import _relu_cuda_abc\nfrom ..x.y import (a,\n  b as c)\n"
      "# import evil\nx = \"import fake\"\ndef f():\n    import json\n"
      "@torch.library.custom_op(\"myns::silu\", mutates_args=())\ndef g(): pass\n"
      "torch.library.register_fake(name=add_op_namespace_prefix(\"x\"))\nops = torch.ops._relu_cuda_abc\n"
      "s = '''a\nb'''\nkernel_name = \"relu\"\n");
  REQUIRE(s.imports.size() == 5);
  CHECK(s.imports[0].module == "os");
  CHECK(s.imports[1].module == "numpy");
  CHECK(s.imports[2].level == 1);
  CHECK(s.imports[2].names == std::vector<std::string>{"_relu_cuda_abc"});
  CHECK(s.imports[3].level == 2);
  CHECK(s.imports[3].names == std::vector<std::string>{"a", "b"});
  CHECK(s.imports[4].module == "json");
  CHECK_FALSE(s.imports[4].top_level);
  CHECK(s.torch_ops_attrs == std::vector<std::string>{"_relu_cuda_abc"});
  CHECK(s.str_assignments["kernel_name"] == "relu");
  bool saw_decorator = false, saw_kw = false;
  for (const PyCall& c : s.calls) {
    if (c.callee == "custom_op") {
      saw_decorator = c.decorator && c.first.kind == PyArg::Kind::string && c.first.text == "myns::silu" && c.line == 9;
    }
    if (c.callee == "register_fake") saw_kw = c.name_kwarg.kind == PyArg::Kind::call;
  }
  CHECK(saw_decorator);
  CHECK(saw_kw);
}

TEST_CASE("py.imports: absolute self-imports fail, undeclared imports warn", "[inspect][py.imports][unit]") {
  TempDir dir;
  VariantSpec s = named("torch-cuda");
  s.extra["python-depends"] = {"einops"};
  fs::path v = write_variant(dir.path(), s);
  write_text(v / "layers.py", "import math\nimport torch\nimport einops\nfrom . import _ops\n");
  CHECK(run_tree_rule("py.imports", load_facts(v)).empty());
  write_text(v / "layers.py", "from relu.layers import X\nimport numpy\ndef f():\n    import scipy\n");
  auto found = run_tree_rule("py.imports", load_facts(v));
  CHECK(has_finding(found, Severity::error, "absolute self-import of relu.layers"));
  CHECK(has_finding(found, Severity::warning, "import of numpy"));
  CHECK_FALSE(has_finding(found, Severity::warning, "import of scipy"));
}

TEST_CASE("py.registration: literal namespaces fail in decorator and keyword forms", "[inspect][py.registration][unit]") {
  TempDir dir;
  fs::path v = write_variant(dir.path(), named("torch-cuda"));
  write_text(v / "layers.py",
             "import torch\nfrom ._ops import add_op_namespace_prefix, ops\n"
             "@torch.library.custom_op(add_op_namespace_prefix(\"silu\"), mutates_args=())\ndef silu(x): ...\n"
             "@torch.library.register_fake(ops.silu.default)\ndef _(x): ...\n");
  CHECK(run_tree_rule("py.registration", load_facts(v)).empty());
  write_text(v / "layers.py",
             "import torch\n@torch.library.custom_op(\"myns::silu_and_mul\", mutates_args=())\ndef a(x): ...\n"
             "class K:\n    @torch.library.custom_op(name=\"myns::x\", mutates_args=())\n    def b(x): ...\n"
             "torch.library.define(\"myns::y(Tensor x) -> Tensor\")\nlib = torch.library.Library(\"myns\", \"DEF\")\n");
  auto found = run_tree_rule("py.registration", load_facts(v));
  CHECK(has_finding(found, Severity::error, "registers \"myns::silu_and_mul\""));
  CHECK(has_finding(found, Severity::error, "registers \"myns::x\""));
  CHECK(has_finding(found, Severity::error, "hard-coded namespace"));
  CHECK(has_finding(found, Severity::error, "Library(\"myns\")"));
}

TEST_CASE("py.depends: allow-list per backend, tpu has none", "[inspect][py.depends][unit]") {
  TempDir dir;
  VariantSpec ok = named("torch-cuda");
  ok.extra["python-depends"] = {"einops", "nvidia-cutlass-dsl"};
  CHECK(run_tree_rule("py.depends", load_facts(write_variant(dir / "a", ok))).empty());
  VariantSpec cpu = named("torch-cpu");
  cpu.extra["python-depends"] = {"nvidia-cutlass-dsl", "scipy"};
  auto found = run_tree_rule("py.depends", load_facts(write_variant(dir / "b", cpu)));
  CHECK(has_finding(found, Severity::error, "not allowed for backend cpu"));
  CHECK(has_finding(found, Severity::error, "scipy"));
  VariantSpec tpu = named("torch-tpu");
  tpu.backend = "tpu";
  tpu.extra["python-depends"] = {"einops"};
  CHECK(has_finding(run_tree_rule("py.depends", load_facts(write_variant(dir / "c", tpu))), Severity::error,
                    "no dependencies are defined for backend tpu"));
}

TEST_CASE("every rule documents itself with an example", "[inspect][rules][e2e]") {
  for (const RuleInfo& r : list_rules()) {
    INFO(r.id);
    CHECK_FALSE(r.summary.empty());
    CHECK(r.explanation.find("example") != std::string::npos);
    CommandResult e = run_kb({"inspect", "--explain", r.id});
    CHECK(e.exit_code == 0);
    CHECK(e.output.find("example") != std::string::npos);
  }
  CommandResult l = run_kb({"inspect", "--list-rules"});
  for (const char* id : {"ops.namespace", "ops.collision", "tree.variant-name", "tree.layout", "tree.metadata",
                         "tree.digest", "tree.bytecode", "tree.completeness", "py.imports", "py.registration",
                         "py.depends"})
    CHECK(l.output.find(id) != std::string::npos);
}

TEST_CASE("python scan: truncated and random sources never crash", "[inspect][python][unit]") {
  for (const char* s : {"from", "import", "@", "f(", "'''unterminated", "x = ", "torch.ops.", "from . import (",
                        "custom_op(name=", "\"\\", "a\\\n", "((((", "))))", "f\"{x}::y\"", "rb'x' 'y'", "\0x"}) {
    PyScan scan = scan_python(s);
    CHECK(scan.imports.size() <= 2);
  }
  const std::string alphabet = "abf rmiotc._()[]{}@=,:'\"\\#\n\t0123";
  std::uint32_t state = 12345;
  for (int i = 0; i < 3000; ++i) {
    std::string src;
    int n = static_cast<int>(state % 200);
    for (int k = 0; k < n; ++k) {
      state = state * 1664525u + 1013904223u;  // LCG: reproducible inputs
      src += alphabet[(state >> 16) % alphabet.size()];
    }
    PyScan scan = scan_python(src);
    CHECK(scan.strings.size() <= src.size());
  }
}
