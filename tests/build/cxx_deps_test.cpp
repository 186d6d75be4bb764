// SPDX-License-Identifier: Apache-2.0
// C++ dependencies: the table, local copies, and fetching from a file server on 127.0.0.1
// (tests/build/dep_server.py) with every failure leaving nothing under a final name in the cache.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "build/cxx_deps.hpp"
#include "core/digest.hpp"
#include "core/error.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb::build;

namespace {

class DepServer {
 public:
  DepServer() {
    fs::path port_file = m_dir / "port";
    std::vector<std::string> argv{kb::test::python().empty() ? "python3" : kb::test::python().string(),
                                  (kb::test::source_dir() / "tests/build/dep_server.py").string(), "--root",
                                  (m_dir / "www").string(), "--port-file", port_file.string()};
    m_pid = ::fork();
    if (m_pid == 0) {
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      std::freopen((m_dir / "server.out").c_str(), "w", stdout);
      std::freopen((m_dir / "server.out").c_str(), "a", stderr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    for (int i = 0; i < 200 && !fs::exists(port_file); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(fs::exists(port_file));
    m_port = std::stoi(kb::test::read_text(port_file));
  }
  ~DepServer() {
    ::kill(m_pid, SIGTERM);
    ::waitpid(m_pid, nullptr, 0);
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + "/" + path; }
  std::string zip_sha256() const { return kb::hex_encode(kb::hash_file(m_dir / "www" / "dep.zip", kb::HashAlgorithm::sha256)); }

 private:
  kb::test::TempDir m_dir;
  pid_t m_pid = -1;
  int m_port = 0;
};

CxxDepTable table_for(const std::string& url, const std::string& sha256) {
  std::string json = R"({"dependencies": {
    "fakedep_1_0": {"kind": "archive", "version": "1.0", "url": ")" + url + R"(", "sha256": )" +
                     (sha256.empty() ? std::string("null") : "\"" + sha256 + "\"") + R"(,
      "strip": "fakedep-1.0/", "include": ["include", "tools/util/include"], "marker": "include/fakedep/fakedep.h"},
    "torch": {"kind": "builtin"},
    "sycl_tla": {"kind": "unavailable", "reason": "needs icpx"}}})";
  return parse_cxx_dep_table(json, "test table");
}

// Every entry under the cache: a failed fetch may leave none under deps/ or downloads/.
std::vector<std::string> cache_entries(const fs::path& cache) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(cache, ec); it != fs::recursive_directory_iterator(); ++it)
    if (!it->is_directory()) out.push_back(fs::relative(it->path(), cache).string());
  return out;
}

std::string error_of(const std::vector<std::string>& names, const CxxDepTable& t, const DepOptions& o, int* kind) {
  try {
    resolve_cxx_deps(names, t, o);
  } catch (const kb::Error& e) {
    *kind = static_cast<int>(e.kind());
    return std::string(e.what()) + "\nhint: " + e.hint();
  }
  return {};
}

}  // namespace

TEST_CASE("a dependency is downloaded, verified, unpacked once and then served from the cache", "[build][deps][e2e]") {
  kb::test::TempDir cache;
  CxxDepTable t;
  {
    DepServer server;
    t = table_for(server.url("dep.zip"), server.zip_sha256());
    auto got = resolve_cxx_deps({"fakedep_1_0", "torch"}, t, {cache.path(), {}, false});
    REQUIRE(got.at("fakedep_1_0").include_dirs.size() == 2);
    CHECK(fs::exists(got.at("fakedep_1_0").include_dirs[0] / "fakedep/fakedep.h"));
    CHECK(fs::exists(got.at("fakedep_1_0").include_dirs[1] / "fakedep/util.h"));
    CHECK_FALSE(fs::exists(got.at("fakedep_1_0").root / "docs"));  // only the include dirs are unpacked
    CHECK(got.at("torch").include_dirs.empty());
  }
  // The server is gone and kb is offline: the cache alone answers.
  auto again = resolve_cxx_deps({"fakedep_1_0"}, t, {cache.path(), {}, true});
  CHECK(fs::exists(again.at("fakedep_1_0").include_dirs[0] / "fakedep/fakedep.h"));
  for (const std::string& e : cache_entries(cache.path())) CHECK(e.find(".tmp-") == std::string::npos);
}

TEST_CASE("a sha256 mismatch fails clearly and caches nothing", "[build][deps][e2e]") {
  DepServer server;
  kb::test::TempDir cache;
  std::string wrong(64, 'a');
  int kind = 0;
  std::string msg = error_of({"fakedep_1_0"}, table_for(server.url("dep.zip"), wrong), {cache.path(), {}, false}, &kind);
  CHECK(kind == static_cast<int>(kb::ErrorKind::network));
  CHECK(msg.find("dependency fakedep_1_0 1.0: sha256 mismatch for " + server.url("dep.zip")) != std::string::npos);
  CHECK(msg.find("expected " + wrong + ", got " + server.zip_sha256()) != std::string::npos);
  CHECK(cache_entries(cache.path()).empty());
}

TEST_CASE("an interrupted download fails clearly and caches nothing", "[build][deps][e2e]") {
  DepServer server;
  kb::test::TempDir cache;
  int kind = 0;
  std::string msg = error_of({"fakedep_1_0"}, table_for(server.url("dep.zip.short"), server.zip_sha256()),
                             {cache.path(), {}, false}, &kind);
  CHECK(kind == static_cast<int>(kb::ErrorKind::network));
  CHECK(msg.find("dependency fakedep_1_0 1.0: download failed: ") != std::string::npos);
  CHECK(msg.find("--dep fakedep_1_0=DIR") != std::string::npos);
  CHECK(cache_entries(cache.path()).empty());
}

TEST_CASE("offline or unreachable: the error names the dependency, its version and both ways to supply it",
          "[build][deps][unit]") {
  kb::test::TempDir cache;
  CxxDepTable t = table_for("http://127.0.0.1:9/dep.zip", std::string(64, 'b'));  // port 9: nothing listens
  int kind = 0;
  std::string offline = error_of({"fakedep_1_0"}, t, {cache.path(), {}, true}, &kind);
  CHECK(kind == static_cast<int>(kb::ErrorKind::network));
  CHECK(offline.find("dependency fakedep_1_0 1.0 is not in the cache and kb is offline") != std::string::npos);
  CHECK(offline.find("pass --dep fakedep_1_0=DIR or set KB_DEP_FAKEDEP_1_0=DIR") != std::string::npos);
  std::string refused = error_of({"fakedep_1_0"}, t, {cache.path(), {}, false}, &kind);
  CHECK(refused.find("dependency fakedep_1_0 1.0: download failed: ") != std::string::npos);
  CHECK(refused.find("KB_DEP_FAKEDEP_1_0=DIR") != std::string::npos);
  CHECK(cache_entries(cache.path()).empty());
}

TEST_CASE("unknown, unavailable and unverified dependencies are refused with what to do", "[build][deps][unit]") {
  kb::test::TempDir cache;
  CxxDepTable t = table_for("http://127.0.0.1:9/dep.zip", "");
  int kind = 0;
  std::string unknown = error_of({"cutlass_9_9"}, t, {cache.path(), {}, false}, &kind);
  CHECK(kind == static_cast<int>(kb::ErrorKind::bad_input));
  CHECK(unknown.find("unknown C++ dependency \"cutlass_9_9\"") != std::string::npos);
  CHECK(unknown.find("known dependencies: fakedep_1_0, sycl_tla, torch") != std::string::npos);
  std::string sycl = error_of({"sycl_tla"}, t, {cache.path(), {}, false}, &kind);
  CHECK(kind == static_cast<int>(kb::ErrorKind::environment));
  CHECK(sycl.find("dependency sycl_tla cannot be built here: needs icpx") != std::string::npos);
  std::string unpinned = error_of({"fakedep_1_0"}, t, {cache.path(), {}, false}, &kind);
  CHECK(unpinned.find("kb has no verified sha256 for http://127.0.0.1:9/dep.zip") != std::string::npos);
  CHECK(cache_entries(cache.path()).empty());
}

TEST_CASE("a local copy wins over the table, and one without the marker is refused", "[build][deps][unit]") {
  kb::test::TempDir tmp;
  CxxDepTable t = table_for("http://127.0.0.1:9/dep.zip", "");
  kb::test::write_text(tmp / "good/include/fakedep/fakedep.h", "#pragma once\n");
  auto got = resolve_cxx_deps({"fakedep_1_0"}, t, {tmp / "cache", {{"fakedep_1_0", tmp / "good"}}, true});
  CHECK(got.at("fakedep_1_0").local);
  REQUIRE(got.at("fakedep_1_0").include_dirs.size() == 1);  // tools/util/include is absent: skipped
  CHECK(got.at("fakedep_1_0").include_dirs[0] == tmp / "good/include");
  fs::create_directories(tmp / "empty");
  int kind = 0;
  std::string msg = error_of({"fakedep_1_0"}, t, {tmp / "cache", {{"fakedep_1_0", tmp / "empty"}}, true}, &kind);
  CHECK(kind == static_cast<int>(kb::ErrorKind::bad_input));
  CHECK(msg.find("the local copy " + (tmp / "empty").string() + " has no include/fakedep/fakedep.h") != std::string::npos);
}

TEST_CASE("kb's own table covers every name build.toml accepts, pinned where it downloads", "[build][deps][unit]") {
  const CxxDepTable& t = builtin_cxx_dep_table();
  for (const char* name : {"torch", "cutlass_2_10", "cutlass_3_5", "cutlass_3_6", "cutlass_3_8", "cutlass_3_9",
                           "cutlass_4_0", "cutlass_4_4", "cutlass_4_5", "sycl_tla", "cutlass_sycl", "metal-cpp"}) {
    INFO(name);
    REQUIRE(t.count(name));
  }
  for (const char* name : {"cutlass_3_5", "cutlass_3_6", "cutlass_3_8"}) {
    INFO(name);
    CHECK(t.at(name).sha256.size() == 64);
    CHECK(t.at(name).url.find("https://files.pythonhosted.org/") == 0);
    CHECK(t.at(name).strip == "cutlass_library/source/");
  }
  CHECK(t.at("sycl_tla").kind == "unavailable");
  CHECK(t.at("metal-cpp").kind == "unavailable");
  CHECK_THROWS_AS(parse_cxx_dep_table(R"({"dependencies": {"x": {"kind": "archive"}}})", "t"), kb::Error);
}
