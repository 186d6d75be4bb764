// SPDX-License-Identifier: Apache-2.0
// The kernel-tree model (core/tree): one discovery rule over every input kind, and one check of
// hostile member names, on disk and in archives.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/tree/kernel_tree.hpp"
#include "core/tree/member_name.hpp"
#include "tests/package/package_fixture.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;

namespace {

std::vector<std::string> names_of(const tree::KernelTree& t) {
  std::vector<std::string> out;
  for (const auto& v : t.variants) out.push_back(v.name);
  return out;
}

void zip_dir(const fs::path& zip, const fs::path& cwd, const std::string& what) {
  REQUIRE(test::run({"zip", "-qr", zip.string(), what}, cwd).exit_code == 0);
}

}  // namespace

TEST_CASE("one discovery rule: project, result/, build/, variant dir, zip, wheel", "[core][tree][unit]") {
  test::TempDir dir;
  pkgtest::write_variant(dir / "proj/build", {"torch-cpu"});
  pkgtest::write_variant(dir / "proj/build", {"torch-cuda", "relu", "cuda"});
  test::write_text(dir / "proj/build.toml", "[general]\nname = \"relu\"\n");
  test::write_text(dir / "proj/build/CARD.md", "card\n");
  pkgtest::write_variant(dir / "nix/result", {"torch-cpu"});
  zip_dir(dir / "proj.zip", dir.path(), "proj");          // wraps one directory
  zip_dir(dir / "build.whl", dir / "proj", "build");      // build/<variant>/... at the top
  zip_dir(dir / "one.zip", dir / "proj/build/torch-cpu", ".");  // one variant at the top
  const std::vector<std::string> both{"torch-cpu", "torch-cuda"}, cpu{"torch-cpu"};
  struct Row {
    fs::path input;
    tree::TreeKind kind;
    std::vector<std::string> variants;
  };
  for (const Row& row : std::vector<Row>{{dir / "proj", tree::TreeKind::tree, both},
                                         {dir / "proj/build", tree::TreeKind::tree, both},
                                         {dir / "proj/build/torch-cpu", tree::TreeKind::variant, cpu},
                                         {dir / "nix", tree::TreeKind::tree, cpu},
                                         {dir / "proj.zip", tree::TreeKind::tree, both},
                                         {dir / "build.whl", tree::TreeKind::tree, both},
                                         {dir / "one.zip", tree::TreeKind::variant, {"one"}}}) {
    INFO(row.input);
    tree::KernelTree t = tree::open_kernel_tree(row.input);
    CHECK(t.kind == row.kind);
    CHECK(names_of(t) == row.variants);
    CHECK(t.refused.empty());
    for (const auto& v : t.variants) {
      REQUIRE(v.metadata);
      CHECK(v.metadata->json_ok);
      REQUIRE(v.find("_ops.py"));
      CHECK(v.find("_ops.py")->read_text().find("torch.ops") != std::string::npos);
    }
  }
  // build.toml and the card are found beside the variants the same way on disk and zipped.
  for (const fs::path& p : {dir / "proj", dir / "proj/build", dir / "proj.zip"}) {
    tree::KernelTree t = tree::open_kernel_tree(p);
    INFO(p);
    REQUIRE(t.container_file("build.toml"));
    CHECK(t.container_file("build.toml")->read_text().find("relu") != std::string::npos);
    CHECK(t.root_file("CARD.md"));
  }
}

TEST_CASE("a wheel that is no kernel tree lists every member", "[core][tree][unit]") {
  test::TempDir dir;
  pkgtest::write_raw_zip(dir / "pkg-1.0-py3-none-any.whl", {"pkg/__init__.py", "pkg/_native.so", "pkg-1.0.dist-info/RECORD"});
  tree::KernelTree t = tree::open_kernel_tree(dir / "pkg-1.0-py3-none-any.whl");
  CHECK(t.kind == tree::TreeKind::none);
  CHECK(t.variants.empty());
  REQUIRE(t.members.size() == 3);
  CHECK(t.members[1].rel == "pkg/_native.so");
}

TEST_CASE("hostile members are refused and never read, in zips and on disk", "[core][tree][unit]") {
  test::TempDir dir;
  for (const std::string evil : {"build/torch-cpu/../../x", "../x", "/etc/x", "build/torch-cpu/a\\..\\b"}) {
    pkgtest::write_raw_zip(dir / "evil.zip", {"build/torch-cpu/metadata.json", evil});
    tree::KernelTree t = tree::open_kernel_tree(dir / "evil.zip");
    INFO(evil);
    REQUIRE(t.refused.size() == 1);
    CHECK(t.refused[0].name == evil);
    CHECK_THROWS_AS(tree::require_shippable(t), Error);
    fs::remove(dir / "evil.zip");
  }
  pkgtest::write_raw_zip(dir / "link.zip", {"build/torch-cpu/metadata.json", "build/torch-cpu/passwd"}, true);
  CHECK(tree::open_kernel_tree(dir / "link.zip").refused.at(0).reason == "symlink entry");

  pkgtest::write_variant(dir / "b", {"torch-cpu"});
  fs::create_symlink("/etc/passwd", dir / "b/torch-cpu/passwd");
  test::write_text(dir / "b/torch-cpu/new\nline.py", "x = 1\n");
  tree::KernelTree t = tree::open_kernel_tree(dir / "b");
  REQUIRE(t.refused.size() == 2);
  CHECK(t.refused[0].reason == "control character in path");
  CHECK_THAT(t.refused[1].reason, Catch::Contains("leaves the tree"));
  CHECK_FALSE(t.variants.at(0).find("passwd"));
}

TEST_CASE("member names: what is unsafe and what is bytecode", "[core][tree][unit]") {
  for (const char* bad : {"../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a\\b", "C:/x", "a/\nb", ""})
    CHECK(tree::unsafe_member_reason(bad).has_value());
  for (const char* ok : {"build/torch-cpu/_ops.py", "README.md", "a..b/c", "..a"})
    CHECK_FALSE(tree::unsafe_member_reason(ok).has_value());
  CHECK(tree::is_bytecode("v/__pycache__/x.cpython-311.pyc"));
  CHECK(tree::is_bytecode("v/x.pyc"));
  CHECK_FALSE(tree::is_bytecode("v/my__pycache__.py"));
}
