// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/metadata.hpp"
#include "tests/test_env.hpp"

using namespace kb;

namespace {

const char* k_good = R"({
  "name": "relu",
  "id": "_relu_cuda_abc1234",
  "version": 1,
  "license": "Apache-2.0",
  "upstream": "https://github.com/org/relu",
  "python-depends": ["einops"],
  "kernel-depends": [{"repo-id": "kernels-community/act", "version": 2}],
  "backend": {"type": "cuda", "archs": ["8.0", "9.0+PTX"]},
  "digest": {"algorithm": "sha256", "files": {"_ops.py": "AAAA"}},
  "provenance": {"kernel-builder": {"version": "0.1.0"},
                 "kernel": {"sha": "0123456789ABCDEF0123456789abcdef01234567", "dirty": false}}
})";

bool has_problem(const MetadataParse& p, const std::string& key) {
  for (const auto& pr : p.problems)
    if (pr.key == key) return true;
  return false;
}

}  // namespace

TEST_CASE("metadata: a conformant file parses with no problems", "[core][metadata][unit]") {
  MetadataParse p = parse_metadata(k_good);
  REQUIRE(p.json_ok);
  CHECK(p.problems.empty());
  CHECK(p.metadata.id == "_relu_cuda_abc1234");
  CHECK(p.metadata.version == 1);
  CHECK(p.metadata.backend.archs->size() == 2);
  CHECK(p.metadata.kernel_depends.at(0).version == 2u);
  REQUIRE(p.metadata.provenance->kernel);
  CHECK(p.metadata.provenance->kernel->commit == "0123456789abcdef0123456789abcdef01234567");  // sha alias, lowered
}

TEST_CASE("metadata: schema problems are all reported with their key", "[core][metadata][unit]") {
  MetadataParse p = parse_metadata(R"({"name": "Relu_Kernel", "id": "_x_cpu_1", "version": -1,
    "license": "MIT", "backend": {"type": "cuda12"}, "upstream": "ftp://x",
    "kernel-depends": [{"repo-id": "a/b", "version": 1, "revision": "main"}],
    "provenance": {"kernel": {"commit": "abc123", "dirty": true}, "kernel-builder": {"version": "1", "commit": "0123456789abcdef0123456789abcdef01234567"}},
    "extra-key": 1})");
  REQUIRE(p.json_ok);
  CHECK(has_problem(p, "name"));
  CHECK(has_problem(p, "version"));
  CHECK(has_problem(p, "backend.type"));
  CHECK(has_problem(p, "python-depends"));
  CHECK(has_problem(p, "upstream"));
  CHECK(has_problem(p, "kernel-depends[0]"));
  CHECK(has_problem(p, "provenance.kernel.commit"));
  CHECK(has_problem(p, "provenance.kernel-builder"));  // commit without dirty
  CHECK(p.unknown_keys == std::vector<std::string>{"extra-key"});
  CHECK_FALSE(parse_metadata("{not json").json_ok);
  CHECK_FALSE(parse_metadata("[1]").json_ok);
}

TEST_CASE("metadata: writer uses kernels-data key order and round-trips", "[core][metadata][unit]") {
  Metadata m = parse_metadata(k_good).metadata;
  std::string text = metadata_to_json(m);
  CHECK(text.back() == '\n');
  std::vector<std::string> keys{"\"name\"", "\"id\"", "\"version\"", "\"license\"", "\"upstream\"",
                                "\"python-depends\"", "\"kernel-depends\"", "\"backend\"", "\"digest\"",
                                "\"provenance\""};
  size_t last = 0;
  for (const auto& k : keys) {
    size_t at = text.find(k);
    REQUIRE(at != std::string::npos);
    CHECK(at >= last);
    last = at;
  }
  CHECK(text.find("\n  \"name\"") != std::string::npos);  // 2-space indent
  MetadataParse again = parse_metadata(text);
  CHECK(again.problems.empty());
  CHECK(metadata_to_json(again.metadata) == text);
}

TEST_CASE("metadata: strict reader names the file and the key", "[core][metadata][unit]") {
  test::TempDir dir;
  test::write_text(dir / "metadata.json", R"({"name": "relu"})");
  try {
    read_metadata_file(dir / "metadata.json");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::bad_input);
    CHECK(std::string(e.what()).find("metadata.json") != std::string::npos);
  }
  CHECK_THROWS_AS(read_metadata_file(dir / "missing.json"), Error);
  test::write_text(dir / "ok.json", k_good);
  CHECK(read_metadata_file(dir / "ok.json").name == "relu");
}
