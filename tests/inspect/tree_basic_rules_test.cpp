// SPDX-License-Identifier: Apache-2.0
// tree.metadata, tree.digest, tree.bytecode, tree.layout on trees written at test time.
#include <catch2/catch.hpp>

#include "tests/inspect/tree_fixture.hpp"
#include "tests/test_env.hpp"

using namespace kb;
using namespace kb::test;
namespace fs = std::filesystem;

namespace {
const std::string k_noarch = "torch-cuda";
}

TEST_CASE("tree.metadata: conformant noarch and arch variants pass", "[inspect][tree.metadata][unit]") {
  TempDir dir;
  write_variant(dir / "build", named(k_noarch));
  write_variant(dir / "build", VariantSpec{});
  auto found = run_tree_rule("tree.metadata", load_facts(dir.path()));
  CHECK(found.empty());
}

TEST_CASE("tree.metadata: missing, bad JSON, schema errors, mixed versions", "[inspect][tree.metadata][unit]") {
  TempDir dir;
  fs::path a = write_variant(dir / "build", named("torch212-cxx11-cu130-x86_64-linux"));
  VariantSpec v2 = named("torch213-cxx11-cu130-x86_64-linux");
  v2.extra["version"] = 2;
  write_variant(dir / "build", v2);
  fs::path c = write_variant(dir / "build", named("torch212-cxx11-cu126-x86_64-linux"));
  fs::remove(c / "metadata.json");
  auto found = run_tree_rule("tree.metadata", load_facts(dir.path()));
  CHECK(has_finding(found, Severity::error, "no metadata.json"));
  CHECK(has_finding(found, Severity::error, "variants disagree on version"));

  write_text(a / "metadata.json", "{\"name\": \"Relu_Kernel\", ");
  found = run_tree_rule("tree.metadata", load_facts(a));
  CHECK(has_finding(found, Severity::error, "not valid JSON"));
  write_text(a / "metadata.json",
             R"({"name":"Relu_Kernel","id":"_relu_cuda_abc1234","version":1,"license":"MIT","backend":{"type":"cuda12"},
                 "provenance":{"kernel":{"commit":"abc123","dirty":false}},"zzz":1})");
  found = run_tree_rule("tree.metadata", load_facts(a));
  CHECK(has_finding(found, Severity::error, "name"));
  CHECK(has_finding(found, Severity::error, "backend.type"));
  CHECK(has_finding(found, Severity::error, "python-depends"));
  CHECK(has_finding(found, Severity::error, "provenance.kernel.commit"));
  CHECK(has_finding(found, Severity::info, "zzz"));
}

TEST_CASE("tree.metadata: dirty provenance is a warning", "[inspect][tree.metadata][unit]") {
  TempDir dir;
  VariantSpec s = named(k_noarch);
  s.extra["provenance"] = {{"kernel", {{"commit", std::string(40, 'a')}, {"dirty", true}}}};
  auto found = run_tree_rule("tree.metadata", load_facts(write_variant(dir.path(), s)));
  CHECK(has_finding(found, Severity::warning, "dirty"));
  CHECK_FALSE(has_finding(found, Severity::error, "dirty"));
}

TEST_CASE("tree.digest: sha256 and sha512 trees pass, flipped, extra, missing files fail", "[inspect][tree.digest][unit]") {
  for (const char* algo : {"sha256", "sha512"}) {
    TempDir dir;
    VariantSpec s{};
    s.digest = algo;
    fs::path v = write_variant(dir.path(), s);
    write_text(v / "__pycache__/x.cpython-311.pyc", "bytecode");  // excluded from the digest
    CHECK(run_tree_rule("tree.digest", load_facts(v)).empty());

    std::string so = "_relu_cuda_abc1234.abi3.so";
    std::string bytes = read_text(v / so);
    bytes[bytes.size() / 2] ^= 1;
    write_text(v / so, bytes);
    write_text(v / "evil.py", "import os\n");
    fs::remove(v / "__init__.py");
    write_text(v / "sub/metadata.json", "{}");  // nested copies are hashed
    auto found = run_tree_rule("tree.digest", load_facts(v));
    CHECK(has_finding(found, Severity::error, "file hash mismatch for " + so));
    CHECK(has_finding(found, Severity::error, "unknown file: evil.py"));
    CHECK(has_finding(found, Severity::error, "unknown file: sub/metadata.json"));
    CHECK(has_finding(found, Severity::error, "missing file: __init__.py"));
  }
}

TEST_CASE("tree.digest: hex or unpadded values fail, no digest warns", "[inspect][tree.digest][unit]") {
  TempDir dir;
  VariantSpec s = named(k_noarch);
  s.digest = "";
  s.extra["digest"] = {{"algorithm", "sha256"},
                       {"files", {{"__init__.py", std::string(64, 'a')}, {"_ops.py", std::string(43, 'A')}}}};
  auto found = run_tree_rule("tree.digest", load_facts(write_variant(dir.path(), s)));
  CHECK(has_finding(found, Severity::error, "not standard padded base64"));
  TempDir dir2;
  VariantSpec none = named(k_noarch);
  none.digest = "";
  found = run_tree_rule("tree.digest", load_facts(write_variant(dir2.path(), none)));
  CHECK(has_finding(found, Severity::warning, "no digest"));
}

TEST_CASE("tree.bytecode: __pycache__ and .pyc fail, a clean tree passes", "[inspect][tree.bytecode][unit]") {
  TempDir dir;
  fs::path v = write_variant(dir.path(), named(k_noarch));
  CHECK(run_tree_rule("tree.bytecode", load_facts(v)).empty());
  write_text(v / "__pycache__/_ops.cpython-311.pyc", "x");
  write_text(v / "layers/old.pyc", "x");
  auto found = run_tree_rule("tree.bytecode", load_facts(v));
  CHECK(has_finding(found, Severity::error, "__pycache__"));
  CHECK(has_finding(found, Severity::error, "layers/old.pyc"));
  CHECK(found.size() == 2);
}

TEST_CASE("tree.layout: missing __init__/_ops, arch without .so, the layout the loader imports", "[inspect][tree.layout][unit]") {
  TempDir dir;
  fs::path ok = write_variant(dir / "ok", VariantSpec{});
  CHECK(run_tree_rule("tree.layout", load_facts(ok)).empty());

  VariantSpec no_so{};
  no_so.native = false;
  fs::path v = write_variant(dir / "noso", no_so);
  fs::remove(v / "__init__.py");
  fs::remove(v / "_ops.py");
  auto found = run_tree_rule("tree.layout", load_facts(v));
  CHECK(has_finding(found, Severity::error, "no native extension"));
  CHECK(has_finding(found, Severity::error, "no __init__.py"));
  CHECK(has_finding(found, Severity::error, "no _ops.py"));

  // kernels falls back to relu/__init__.py, imported as the top-level package: `from ..` leaves it.
  write_text(v / "relu/__init__.py", "from .. import *\n");
  write_text(v / "_ops.py", "import torch\nops = torch.ops._relu_cuda_abc1234\n");
  found = run_tree_rule("tree.layout", load_facts(v));
  CHECK_FALSE(has_finding(found, Severity::error, "no __init__.py"));
  CHECK(has_finding(found, Severity::info, "imports the legacy relu/__init__.py"));
  CHECK(has_finding(found, Severity::error, "`from .. import` goes above the package kernels imports"));
  // A legacy package that imports only what it holds loads.
  write_text(v / "relu/__init__.py", "from ._ops import ops\n");
  found = run_tree_rule("tree.layout", load_facts(v));
  CHECK(has_finding(found, Severity::error, "finds no module relu/_ops"));
  write_text(v / "relu/_ops.py", "import torch\nops = torch.ops._relu_cuda_abc1234\n");
  found = run_tree_rule("tree.layout", load_facts(v));
  CHECK_FALSE(has_finding(found, Severity::error, "relu/_ops"));
  // With the root __init__.py back, relu/ is a subpackage and `from ..` resolves to the root.
  write_text(v / "__init__.py", "from ._ops import ops\n");
  write_text(v / "relu/__init__.py", "from .. import *\n");
  found = run_tree_rule("tree.layout", load_facts(v));
  CHECK(has_finding(found, Severity::info, "legacy compat"));
  CHECK_FALSE(has_finding(found, Severity::error, "goes above"));

}
