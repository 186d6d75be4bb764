// SPDX-License-Identifier: Apache-2.0
// Bad build.toml files each give one clear error at file:line:column with the key and a fix.
#include <catch2/catch.hpp>

#include "core/config/build_config.hpp"
#include "core/error.hpp"
#include "tests/test_env.hpp"

using kb::config::parse_build_config;

namespace {

kb::Error error_of(const std::string& text) {
  try {
    parse_build_config(text, "p/build.toml");
  } catch (const kb::Error& e) {
    return e;
  }
  FAIL("no error for:\n" << text);
  throw;
}

const char* k_v5_head = "[general]\nname = \"relu\"\nversion = 1\nlicense = \"mit\"\nedition = 5\nbackends = [\"cuda\"]\n";

}  // namespace

TEST_CASE("syntax error names line and column", "[config][errors][unit]") {
  kb::Error e = error_of("[general]\nname = \"relu\n");
  CHECK(e.kind() == kb::ErrorKind::bad_input);
  CHECK(std::string(e.what()).rfind("p/build.toml:2:", 0) == 0);
  CHECK(std::string(e.what()).find("TOML syntax error") != std::string::npos);
}

TEST_CASE("unknown key is an error with a suggestion", "[config][errors][unit]") {
  kb::Error e = error_of(std::string(k_v5_head) +
                         "[torch]\nsrc = []\n[kernel.a]\nbackend = \"cuda\"\ncuda-capabilites = [\"8.0\"]\n"
                         "depends = [\"torch\"]\nsrc = [\"a.cu\"]\n");
  CHECK(std::string(e.what()) == "p/build.toml:11:1: kernel.a.cuda-capabilites: unknown key");
  CHECK(e.hint().find("did you mean \"cuda-capabilities\"") != std::string::npos);
}

TEST_CASE("unknown top-level table is an error", "[config][errors][unit]") {
  kb::Error e = error_of(std::string(k_v5_head) + "[torch]\nsrc = []\n[kernels.a]\nsrc = []\n");
  CHECK(std::string(e.what()).find("kernels: unknown key") != std::string::npos);
  CHECK(e.hint().find("did you mean \"kernel\"") != std::string::npos);
}

TEST_CASE("wrong type names expected and found", "[config][errors][unit]") {
  kb::Error e = error_of("[general]\nname = \"relu\"\nversion = \"1\"\nlicense = \"mit\"\nedition = 5\n"
                         "backends = [\"cuda\"]\n[torch]\nsrc = []\n");
  CHECK(std::string(e.what()) == "p/build.toml:3:11: general.version: expected an integer, found a string");
  CHECK(e.hint() == "write it as version = 1");
}

TEST_CASE("missing required key names the section", "[config][errors][unit]") {
  kb::Error e = error_of("[general]\nname = \"relu\"\nversion = 1\nedition = 5\nbackends = [\"cuda\"]\n[torch]\n");
  CHECK(std::string(e.what()).find("general.license: missing required key") != std::string::npos);
}

TEST_CASE("bad values: backend, dependency, capability, name", "[config][errors][unit]") {
  CHECK_THROWS_WITH(parse_build_config(std::string(k_v5_head).replace(
                        std::string(k_v5_head).find("[\"cuda\"]"), 8, "[\"cuda13\"]") + "[torch]\n", "p/build.toml"),
                    Catch::Contains("general.backends: unknown backend \"cuda13\""));
  std::string kernel = std::string(k_v5_head) + "[torch]\n[kernel.a]\nbackend = \"cuda\"\nsrc = [\"a.cu\"]\n";
  CHECK_THROWS_WITH(parse_build_config(kernel + "depends = [\"cutlass_9\"]\n", "p/build.toml"),
                    Catch::Contains("unknown dependency \"cutlass_9\""));
  CHECK_THROWS_WITH(parse_build_config(kernel + "depends = []\ncuda-capabilities = [\"sm_80\"]\n", "p/build.toml"),
                    Catch::Contains("p/build.toml:12:22: kernel.a.cuda-capabilities: malformed CUDA capability"));
  CHECK_THROWS_WITH(parse_build_config("[general]\nname = \"Relu_K\"\nversion = 1\nlicense = \"mit\"\nedition = 5\n"
                                       "backends = [\"cpu\"]\n[torch]\n", "p/build.toml"),
                    Catch::Contains("invalid kernel name \"Relu_K\""));
}

TEST_CASE("missing src file points at the entry", "[config][errors][unit]") {
  kb::test::TempDir dir;
  kb::test::write_text(dir / "build.toml", std::string(k_v5_head) +
                       "[torch]\nsrc = [\"torch-ext/b.cpp\"]\n[kernel.a]\nbackend = \"cuda\"\n"
                       "depends = [\"torch\"]\nsrc = [\"a.cu\"]\n");
  kb::test::write_text(dir / "torch-ext/b.cpp", "");
  kb::test::write_text(dir / "torch-ext/relu/__init__.py", "");
  kb::config::BuildConfig c = kb::config::load_build_config(dir.path());
  try {
    kb::config::check_sources(c, dir.path());
    FAIL("no error");
  } catch (const kb::Error& e) {
    CHECK(std::string(e.what()) == (dir / "build.toml").string() +
                                       ":12:8: kernel.a.src: source file \"a.cu\" does not exist");
  }
}

TEST_CASE("kb check-config exits 3 on a bad file and 0 on the seed example", "[config][cli][e2e]") {
  kb::test::TempDir dir;
  kb::test::write_text(dir / "build.toml", "[general]\nname = \"relu\"\nnmae = 1\n[torch]\n");
  kb::CommandResult bad = kb::test::run_kb({"check-config", dir.path().string()});
  CHECK(bad.exit_code == 3);
  CHECK(bad.output.find("build.toml:3:1: general.nmae: unknown key") != std::string::npos);
  kb::CommandResult ok = kb::test::run_kb({"check-config", (kb::test::source_dir() / "examples/relu").string()});
  CHECK(ok.exit_code == 0);
  CHECK(ok.output.find("the seed format (v1)") != std::string::npos);
}

TEST_CASE("every example project passes kb check-config", "[config][cli][e2e]") {
  int seen = 0;
  for (const auto& e : std::filesystem::directory_iterator(kb::test::source_dir() / "examples")) {
    if (!std::filesystem::exists(e.path() / "build.toml")) continue;
    ++seen;
    kb::CommandResult r = kb::test::run_kb({"check-config", e.path().string()});
    INFO(r.output);
    CHECK(r.exit_code == 0);
  }
  CHECK(seen >= 3);
}
