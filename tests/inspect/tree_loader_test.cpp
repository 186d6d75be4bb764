// SPDX-License-Identifier: Apache-2.0
// Input discovery (core/tree's rule) and archives read with libzip, end to end through kb inspect.
#include <catch2/catch.hpp>

#include "core/tree/kernel_tree.hpp"
#include "inspect/tree_loader.hpp"
#include "tests/inspect/tree_fixture.hpp"
#include "tests/test_env.hpp"

using namespace kb;
using namespace kb::test;
using namespace kb::inspect;
namespace fs = std::filesystem;

TEST_CASE("discovery: result/ before build/ before the dir, variant dirs, dirs named like variants", "[inspect][tree][unit]") {
  TempDir dir;
  auto open = [](const fs::path& p) { return tree::open_kernel_tree(p); };
  write_variant(dir / "build", named("torch-cuda"));
  CHECK(open(dir.path()).kind == tree::TreeKind::tree);
  CHECK(open(dir.path()).root_display == (dir / "build").string());
  CHECK(open(dir / "build").kind == tree::TreeKind::tree);
  CHECK(open(dir / "build/torch-cuda").kind == tree::TreeKind::variant);
  write_variant(dir / "result", named("torch-cpu"));
  CHECK(open(dir.path()).root_display == (dir / "result").string());
  // A variant-named dir without metadata.json is still found (kernel-builder would skip it).
  fs::create_directories(dir / "other/torch212-cxx11-cpu-x86_64-linux");
  CHECK(open(dir / "other").root_display == (dir / "other").string());
  CHECK(open(dir / "other").variants.size() == 1);
  fs::create_directories(dir / "plain/lib");
  CHECK(open(dir / "plain").kind == tree::TreeKind::none);
  CHECK(tree::is_archive_name(dir / "x.whl"));

  TreeFacts t = load_facts(dir.path());
  REQUIRE(t.variants.size() == 1);
  CHECK(t.variants[0].name == "torch-cpu");
  CHECK(t.variants[0].has_metadata);
  CHECK(t.variants[0].python_file("_ops.py") != nullptr);
}

TEST_CASE("archive: a zipped project is inspected in memory like the directory", "[inspect][tree][e2e]") {
  TempDir dir;
  write_variant(dir / "relu/build", named("torch-cuda"));
  fs::path noarch = write_variant(dir / "relu/build", named("torch-cpu"));
  write_text(noarch / "__pycache__/x.pyc", "x");
  CommandResult z = run({"zip", "-qr", (dir / "relu.zip").string(), "relu"}, dir.path());
  REQUIRE(z.exit_code == 0);

  LoadedTree a = load_tree(std::make_shared<const tree::KernelTree>(tree::open_kernel_tree(dir / "relu.zip")));
  CHECK(a.tree->refused.empty());
  REQUIRE(a.facts.variants.size() == 2);
  const VariantFacts& v = a.facts.variants[0];
  CHECK(v.name == "torch-cpu");
  CHECK(v.path == (dir / "relu.zip").string() + "!relu/build/torch-cpu");
  CHECK(v.has_dir("__pycache__"));
  CHECK(a.digest(v, "_ops.py", HashAlgorithm::sha256) ==
        base64_encode(hash_file(noarch / "_ops.py", HashAlgorithm::sha256)));

  CommandResult r = run_kb({"inspect", "--format", "json", (dir / "relu.zip").string()});
  CHECK(r.exit_code == 1);  // the bytecode
  CHECK(r.output.find("\"kind\": \"archive\"") != std::string::npos);
  CHECK(r.output.find("tree.bytecode") != std::string::npos);
  CHECK(r.output.find("tree.digest") == std::string::npos);  // pyc is excluded from the digest

  fs::remove_all(noarch / "__pycache__");
  CHECK(run_kb({"inspect", (dir / "relu").string()}).exit_code == 0);
  write_text(dir / "bad.zip", "not a zip");
  CommandResult bad = run_kb({"inspect", (dir / "bad.zip").string()});
  CHECK(bad.exit_code == 3);
  CHECK(bad.output.find("bad.zip") != std::string::npos);
}

TEST_CASE("archive: hostile member names are refused, not read", "[inspect][tree][e2e]") {
  TempDir dir;
  write_variant(dir / "build", named("torch-cpu"));
  write_text(dir / "x", "x");
  // zip stores "../x" verbatim when asked to from a subdirectory.
  REQUIRE(run({"zip", "-qr", (dir / "a.zip").string(), "build"}, dir.path()).exit_code == 0);
  REQUIRE(run({"zip", "-q", (dir / "a.zip").string(), "../x"}, dir / "build").exit_code == 0);
  tree::KernelTree a = tree::open_kernel_tree(dir / "a.zip");
  REQUIRE(a.refused.size() == 1);
  CHECK(a.refused[0].name == "../x");
  CommandResult r = run_kb({"inspect", (dir / "a.zip").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("unsafe archive member") != std::string::npos);
}
