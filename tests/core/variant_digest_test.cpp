// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/variant_digest.hpp"
#include "tests/test_env.hpp"

using namespace kb;
namespace fs = std::filesystem;

TEST_CASE("digest exclusions follow kernels-data (top-level metadata only)", "[core][digest][unit]") {
  CHECK(is_digest_excluded("metadata.json"));
  CHECK(is_digest_excluded("metadata.json.sigstore"));
  CHECK_FALSE(is_digest_excluded("sub/metadata.json"));
  CHECK(is_digest_excluded("__pycache__/x.cpython-311.pyc"));
  CHECK(is_digest_excluded("a/__pycache__/notes.txt"));
  CHECK(is_digest_excluded("a/b.pyc"));
  CHECK_FALSE(is_digest_excluded("a/__pycache__x/b.py"));
}

TEST_CASE("compute_digest hashes every covered file in standard base64", "[core][digest][unit]") {
  test::TempDir dir;
  test::write_text(dir / "hello.txt", "hello world");
  test::write_text(dir / "metadata.json", "{}");
  test::write_text(dir / "sub/metadata.json", "{}");
  test::write_text(dir / "__pycache__/a.pyc", "x");
  fs::create_symlink("hello.txt", dir / "link.txt");
  fs::create_directory_symlink("sub", dir / "sublink");
  DigestInfo d = compute_digest(dir.path(), HashAlgorithm::sha256);
  CHECK(d.algorithm == "sha256");
  std::vector<std::string> keys;
  for (const auto& kv : d.files) keys.push_back(kv.first);
  CHECK(keys == std::vector<std::string>{"hello.txt", "link.txt", "sub/metadata.json"});
  CHECK(d.files["hello.txt"] == "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=");  // C8 test vector
  CHECK(d.files["link.txt"] == d.files["hello.txt"]);
  CHECK(compute_digest(dir.path(), HashAlgorithm::sha512).files["hello.txt"].size() == 88);
  fs::create_symlink("nowhere", dir / "dangling");
  CHECK_THROWS_AS(digest_file_list(dir.path()), Error);
}
