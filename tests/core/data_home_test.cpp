// SPDX-License-Identifier: Apache-2.0
// core/data is the one home of kb's tables: every file there is embedded byte for byte, and the
// consumers that used to keep their own copies (build.toml validation, the py.* rules) read it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/config/build_config.hpp"
#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/python_depends.hpp"
#include "inspect/catalog_data.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* k_head = "[general]\nname = \"relu\"\nversion = 1\nlicense = \"mit\"\nedition = 5\nbackends = [\"cuda\"]\n";

}  // namespace

TEST_CASE("every core/data table is embedded byte for byte", "[core][data][unit]") {
  int n = 0;
  for (const auto& e : fs::directory_iterator(fs::path(KB_SOURCE_DIR) / "core" / "data")) {
    std::string name = e.path().filename().string();
    if (name == "README.md") continue;
    INFO(name);
    CHECK(kb::embedded_data(name) == slurp(e.path()));
    ++n;
  }
  CHECK(n >= 8);
  CHECK_THROWS_AS(kb::embedded_data("no-such-table.json"), kb::Error);
}

TEST_CASE("build.toml and the py rules read one python-depends table", "[core][data][unit]") {
  const auto& table = kb::python_depends_table();
  REQUIRE(table.count("general") == 1);
  CHECK(table.at("general").count("einops") == 1);
  // The loader looks a dependency up in "general", then in the running backend's table: a
  // backend-only package at the general level would fail to load on other backends.
  CHECK(table.at("general").count("nvidia-cutlass-dsl") == 0);
  CHECK(table.at("cuda").count("nvidia-cutlass-dsl") == 1);
  CHECK(kb::inspect::catalog_data().python_depends == table);

  std::string ok = std::string(k_head) + "python-depends = [\"einops\"]\n[general.cuda]\n"
                   "python-depends = [\"nvidia-cutlass-dsl\"]\n[torch]\n";
  CHECK_NOTHROW(kb::config::parse_build_config(ok, "p/build.toml"));
  std::string general_only = std::string(k_head) + "python-depends = [\"nvidia-cutlass-dsl\"]\n[torch]\n";
  CHECK_THROWS_WITH(kb::config::parse_build_config(general_only, "p/build.toml"),
                    Catch::Contains("unknown python dependency \"nvidia-cutlass-dsl\""));
}
