// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of the compat layer on this host's toolchain: generate it, build the
// stress-abi host code with and without it (a direct g++ link, as kb build does), and judge
// the results with readelf, kernel-abi-check, auditwheel, a dlopen host and valgrind.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "build/compat.hpp"
#include "build/compat/self_test.hpp"
#include "build/compat/versions.hpp"
#include "core/error.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb;
using namespace kb::build;

namespace {

const char* k_policy = "manylinux_2_28";

// The policy's versions from inspect's data; until that data is embedded in kb, from the
// auditwheel policy file of the referee venv (the same upstream table).
compat::AllowedVersions allowed_versions() {
  try {
    return compat::load_allowed_versions(k_policy);
  } catch (const Error&) {
  }
  fs::path venv = test::python().parent_path().parent_path();
  for (const auto& e : fs::recursive_directory_iterator(venv / "lib"))
    if (e.path().filename() == "manylinux-policy.json" && e.path().parent_path().filename() == "policy") {
      std::set<std::string> names;
      for (const auto& p : nlohmann::json::parse(std::ifstream(e.path())))
        if (p["name"] == k_policy)
          for (const auto& [dep, tokens] : p["symbol_versions"]["x86_64"].items())
            for (const auto& t : tokens) names.insert(dep + "_" + t.get<std::string>());
      return compat::AllowedVersions(names);
    }
  FAIL("no policy data: neither kb's inspect data nor auditwheel in the venv (make deps)");
  return {};
}

CompatFlags layer() {
  PosixProcessRunner runner;
  return compat::prepare_layer(k_policy, allowed_versions(), test::binary_dir() / "compat-cache", runner);
}

fs::path stress_dir() { return test::source_dir() / "examples/stress-abi"; }

// Compiles the stress host code and links it into a .so, with `flags` (empty: naive build).
fs::path build_stress(const fs::path& dir, const CompatFlags& flags, const std::string& name) {
  test::write_text(dir / "stress.cpp", "#include \"stress_impl.inc\"\n");
  std::vector<std::string> cc{"g++", "-O3", "-DNDEBUG", "-fPIC", "-fno-gnu-unique", "-std=gnu++17",
                              "-I" + (stress_dir() / "stress_common").string()};
  cc.insert(cc.end(), flags.cxx_flags.begin(), flags.cxx_flags.end());
  for (const char* a : {"-c", "stress.cpp", "-o"}) cc.push_back(a);
  cc.push_back(name + ".o");
  CommandResult c = test::run(cc, dir);
  INFO(c.output);
  REQUIRE(c.exit_code == 0);
  std::vector<std::string> ld{"g++", "-shared", "-o", name + ".so", name + ".o"};
  ld.insert(ld.end(), flags.link_flags.begin(), flags.link_flags.end());
  CommandResult l = test::run(ld, dir);
  INFO(l.output);
  REQUIRE(l.exit_code == 0);
  return dir / (name + ".so");
}

std::vector<std::string> version_leaks(const fs::path& so) {
  return compat::disallowed_version_needs(test::run({"readelf", "-W", "-V", so.string()}).output, allowed_versions());
}

nlohmann::json referees(const fs::path& so, const fs::path& work) {
  REQUIRE_FALSE(test::python().empty());
  CommandResult r = test::run({test::python().string(), (test::source_dir() / "tests/build/referee_abi.py").string(),
                               k_policy, so.string(), work.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.output);
}

// Rule id -> number of findings from `kb inspect --format json --libdir <system lib dir>`.
std::map<std::string, int> kb_inspect(const fs::path& so) {
  CommandResult r = test::run_kb({"inspect", so.string(), "--format", "json", "--libdir", "/lib/x86_64-linux-gnu"});
  INFO(r.output);
  REQUIRE(r.exit_code <= 1);
  std::map<std::string, int> counts;
  nlohmann::json report = nlohmann::json::parse(r.output);
  for (const auto& t : report["targets"])
    for (const auto& f : t["findings"]) counts[f["rule"].get<std::string>()]++;
  return counts;
}

// Links compat.o again with the layer's flags minus those `drop` matches (to prove each matters).
fs::path relink_without(const fs::path& dir, const CompatFlags& flags, const std::string& drop, const std::string& name) {
  std::vector<std::string> ld{"g++", "-shared", "-o", name, "compat.o"};
  for (const std::string& f : flags.link_flags)
    if (f.find(drop) == std::string::npos) ld.push_back(f);
  CommandResult r = test::run(ld, dir);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return dir / name;
}

fs::path stress_host(const fs::path& dir) {
  CommandResult r = test::run({"g++", "-O1", "-std=gnu++17", "-o", (dir / "stress_host").string(),
                               (stress_dir() / "host/stress_host.cpp").string(), "-ldl"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return dir / "stress_host";
}

}  // namespace

TEST_CASE("policy none turns the layer off", "[build][compat][unit]") {
  PosixProcessRunner runner;
  CompatFlags f = prepare_compat("none", "/nonexistent", runner);
  CHECK(f.cxx_flags.empty());
  CHECK(f.link_flags.empty());
  CHECK(f.nvcc_host_flags.empty());
}

TEST_CASE("the layer is generated once, self-tested, and cached by its inputs", "[build][compat][slow]") {
  CompatFlags a = layer();
  CompatFlags b = layer();
  CHECK(a.link_flags == b.link_flags);
  REQUIRE(a.cxx_flags.size() == 3);
  fs::path dir = fs::path(a.cxx_flags[1]).parent_path();
  CHECK(dir.parent_path() == test::binary_dir() / "compat-cache");
  CHECK(fs::exists(dir / "libkb_manylinux_compat.a"));
  CHECK(fs::exists(dir / "stubs/libc.so.6"));
  CHECK(fs::exists(dir / "include/bits/c++config.h"));
  nlohmann::json m = nlohmann::json::parse(test::read_text(dir / "layer.json"));
  CHECK(m["denied"].contains("locale-inst.o"));
  CHECK(m["privatised"] == nlohmann::json::array({"memory_resource.o"}));
  CHECK(m["taken"].size() >= 20);
}

TEST_CASE("stress-abi: the naive build leaks, the compat build needs nothing beyond the policy", "[build][compat][slow]") {
  test::TempDir t;
  fs::path naive = build_stress(t.path(), {}, "naive");
  fs::path shimmed = build_stress(t.path(), layer(), "compat");
  std::vector<std::string> before = version_leaks(naive), after = version_leaks(shimmed);
  CHECK(before.size() >= 5);  // distinct versions: GLIBC_2.29 .. 2.34, GLIBCXX_3.4.26 .. 3.4.30, CXXABI_1.3.13
  CHECK(after.empty());

  nlohmann::json ref_naive = referees(naive, t.path()), ref_compat = referees(shimmed, t.path());
  CHECK(ref_naive["abi_check"].size() >= 25);
  CHECK(ref_compat["abi_check"].empty());
  INFO(ref_compat["auditwheel_output"].get<std::string>());
  std::string tag = ref_compat["auditwheel_tag"];
  CHECK(tag.rfind("manylinux_2_", 0) == 0);
  CHECK(std::stoi(tag.substr(12)) <= 28);
  CHECK(ref_naive["auditwheel_tag"] != ref_compat["auditwheel_tag"]);

  // kb inspect agrees, and its compat rules see the layer's work.
  std::map<std::string, int> k_naive = kb_inspect(naive), k_compat = kb_inspect(shimmed);
  CHECK(k_naive["abi.manylinux"] >= 25);
  for (const char* rule : {"abi.manylinux", "elf.unresolved", "elf.compat-leak", "elf.pinned-needed", "elf.gnu-unique"}) {
    INFO(rule);
    CHECK(k_compat[rule] == 0);
  }
  CHECK(kb_inspect(relink_without(t.path(), layer(), "--exclude-libs", "leaky.so"))["elf.compat-leak"] > 0);
  CHECK(kb_inspect(relink_without(t.path(), layer(), "-l:lib", "unpinned.so"))["elf.pinned-needed"] > 0);

  fs::path host = stress_host(t.path());
  for (const fs::path& so : {naive, shimmed}) {
    CommandResult r = test::run({host.string(), so.string()});
    INFO(so << "\n" << r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find(" 0 failed") != std::string::npos);
  }
  REQUIRE_FALSE(kb::find_program("valgrind").empty());
  CommandResult v = test::run({"valgrind", "-q", "--error-exitcode=9", "--leak-check=full", "--errors-for-leak-kinds=definite",
                               host.string(), shimmed.string()});
  INFO(v.output);
  CHECK(v.exit_code == 0);
}

TEST_CASE("a denied feature fails with the symbol, its object and what to do instead", "[build][compat][slow]") {
  test::TempDir t;
  CompatFlags f = layer();
  test::write_text(t / "pmr.cpp",
                   "#include <memory_resource>\nextern \"C\" void* use_pmr() { return std::pmr::get_default_resource(); }\n");
  std::vector<std::string> cc{"g++", "-O2", "-fPIC", "-std=gnu++17", "-c", "pmr.cpp", "-o", "pmr.o"};
  cc.insert(cc.end(), f.cxx_flags.begin(), f.cxx_flags.end());
  REQUIRE(test::run(cc, t.path()).exit_code == 0);
  std::vector<std::string> ld{"g++", "-shared", "-o", "pmr.so", "pmr.o"};
  ld.insert(ld.end(), f.link_flags.begin(), f.link_flags.end());
  REQUIRE(test::run(ld, t.path()).exit_code == 0);  // a .so may leave symbols undefined
  PosixProcessRunner runner;
  try {
    check_denied_references(t / "pmr.so", {t / "pmr.o"}, runner);
    FAIL("std::pmr use was not denied");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::nonconformant);
    CHECK(std::string(e.what()).find("std::pmr::get_default_resource()") != std::string::npos);
    CHECK(std::string(e.what()).find("referenced by pmr.o") != std::string::npos);
    CHECK(e.hint().find("std::allocator") != std::string::npos);
  }
  // Without the layer the same symbol binds at GLIBCXX_3.4.26 and is not a denied reference.
  REQUIRE(test::run({"g++", "-shared", "-o", "plain.so", "pmr.o"}, t.path()).exit_code == 0);
  CHECK_NOTHROW(check_denied_references(t / "plain.so", {t / "pmr.o"}, runner));
}

TEST_CASE("another policy: manylinux_2_31 is reached and used, manylinux_2_17 is out of reach with a clear error",
          "[build][compat][slow]") {
  test::TempDir t;
  PosixProcessRunner runner;
  CompatFlags f = prepare_compat("manylinux_2_31", test::binary_dir() / "compat-cache", runner);
  fs::path so = build_stress(t.path(), f, "p231");
  std::string versions = test::run({"readelf", "-W", "-V", so.string()}).output;
  CHECK(compat::disallowed_version_needs(versions, compat::load_allowed_versions("manylinux_2_31")).empty());
  // The stubs default to the newest version the policy allows, so this build does use 2_31's room.
  CHECK_FALSE(compat::disallowed_version_needs(versions, compat::load_allowed_versions("manylinux_2_28")).empty());

  try {
    prepare_compat("manylinux_2_17", test::binary_dir() / "compat-cache", runner);
    FAIL("manylinux_2_17 was reached with this toolchain");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::environment);
    CHECK(std::string(e.what()).find("the compat layer for manylinux_2_17 failed its self-test with g++") != std::string::npos);
    CHECK(e.hint().find("choose a newer policy") != std::string::npos);
  }
  for (const auto& e : fs::directory_iterator(test::binary_dir() / "compat-cache"))
    CHECK(e.path().filename().string().find("manylinux_2_17") == std::string::npos);  // nothing half-made is left
}
