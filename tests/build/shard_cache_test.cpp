// SPDX-License-Identifier: Apache-2.0
// N simulated CI runners (docs/sharding.md): separate clones build `kb build --shard I/N` with
// ccache in front of g++ and nvcc, sharing one redis-server on 127.0.0.1 as the remote cache;
// kb package merges their build/ trees. The merged bundle must be byte-identical to a one-machine
// build without any cache, and fresh clones with empty local caches must hit the shared one.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/process.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb::test;
using kb::CommandResult;

namespace {

CommandResult run_env(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                      const fs::path& cwd = {}) {
  kb::PosixProcessRunner runner;
  return runner.run(kb::Command{argv, cwd, env});
}

// A redis-server on 127.0.0.1 for the life of the test, on a port the kernel picked as free.
class Redis {
 public:
  explicit Redis(const fs::path& dir) : m_dir(dir) {
    std::string port = run({"python3", "-c",
                            "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"})
                           .output;
    m_port = port.substr(0, port.find('\n'));
    CommandResult r = run({"redis-server", "--port", m_port, "--bind", "127.0.0.1", "--daemonize", "yes", "--save", "",
                           "--appendonly", "no", "--dir", dir.string(), "--pidfile", (dir / "redis.pid").string(),
                           "--logfile", (dir / "redis.log").string()});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    for (int i = 0; i < 100 && run({"redis-cli", "-p", m_port, "ping"}).output.find("PONG") == std::string::npos; ++i)
      run({"sleep", "0.05"});
  }
  ~Redis() { run({"redis-cli", "-p", m_port, "shutdown", "nosave"}); }
  std::string url() const { return "redis://127.0.0.1:" + m_port; }

 private:
  fs::path m_dir;
  std::string m_port;
};

// The example as a git repository (fixed dates: the uid, provenance and zip time come from it).
fs::path make_origin(const TempDir& tmp) {
  fs::path src = tmp / "origin";
  fs::copy(source_dir() / "examples" / "relu-edition5", src, fs::copy_options::recursive);
  fs::remove_all(src / "build");
  fs::remove_all(src / ".kb-build");
  std::map<std::string, std::string> env{{"GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z"},
                                         {"GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z"}};
  for (const auto& argv : std::vector<std::vector<std::string>>{
           {"git", "init", "-q"}, {"git", "add", "-A"},
           {"git", "-c", "user.name=kb", "-c", "user.email=kb@localhost", "commit", "-q", "-m", "example"}})
    REQUIRE(run_env(argv, env, src).exit_code == 0);
  return src;
}

fs::path clone(const fs::path& origin, const fs::path& dest) {
  REQUIRE(run({"git", "clone", "-q", origin.string(), dest.string()}).exit_code == 0);
  return dest;
}

const std::vector<std::string> k_build_args{"--torch", "2.11", "--cuda-archs", "8.0"};

// Runner I of N: a fresh clone, its own empty local ccache, the shared remote; returns its build/.
fs::path run_shard(const TempDir& tmp, const fs::path& origin, const std::string& name, int i, int n,
                   const std::string& remote) {
  fs::path dir = clone(origin, tmp / name);
  write_text(tmp / "ccache.conf", "");  // none of the machine's ccache settings
  std::map<std::string, std::string> env{{"CCACHE_CONFIGPATH", (tmp / "ccache.conf").string()},
                                         {"CCACHE_DIR", (tmp / (name + "-ccache")).string()},
                                         {"CCACHE_REMOTE_STORAGE", remote},
                                         {"KB_LAUNCHER", ""}};
  std::vector<std::string> argv{kb_exe().string(), "build", dir.string(), "--shard",
                                std::to_string(i) + "/" + std::to_string(n)};
  argv.insert(argv.end(), k_build_args.begin(), k_build_args.end());
  CommandResult r = run_env(argv, env);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("kb: shard " + std::to_string(i) + "/" + std::to_string(n) + " builds:") != std::string::npos);
  return dir / "build";
}

struct CacheStats {
  long hits = 0, misses = 0, remote_hits = 0;
};

CacheStats stats(const TempDir& tmp, const std::string& name) {
  CommandResult r = run_env({"ccache", "--print-stats"}, {{"CCACHE_CONFIGPATH", (tmp / "ccache.conf").string()},
                                                          {"CCACHE_DIR", (tmp / (name + "-ccache")).string()}});
  std::map<std::string, long> v;
  std::istringstream in(r.output);
  std::string key;
  long value;
  while (in >> key >> value) v[key] = value;
  return {v["direct_cache_hit"] + v["preprocessed_cache_hit"], v["cache_miss"], v["remote_storage_hit"]};
}

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every .so and metadata.json under the given build/ trees, by path relative to its tree.
std::map<std::string, std::string> artefacts(const std::vector<fs::path>& trees) {
  std::map<std::string, std::string> out;
  for (const fs::path& t : trees) {
    if (!fs::exists(t)) continue;
    for (const auto& e : fs::recursive_directory_iterator(t)) {
      std::string rel = fs::relative(e.path(), t).string();
      if (e.path().extension() == ".so" || e.path().filename() == "metadata.json") {
        INFO(rel);
        CHECK(out.count(rel) == 0);  // shards are disjoint
        out[rel] = file_bytes(e.path());
      }
    }
  }
  return out;
}

// Names the artefact that differs (a map comparison alone prints only "{?} == {?}").
void same_artefacts(const std::map<std::string, std::string>& got, const std::map<std::string, std::string>& want) {
  CHECK(got.size() == want.size());
  for (const auto& [rel, bytes] : want) {
    INFO(rel);
    auto it = got.find(rel);
    REQUIRE(it != got.end());
    CHECK(it->second.size() == bytes.size());
    CHECK((it->second == bytes));
  }
}

// kb package of the shards' build/ trees, copied as CI artifacts are (build-shard-I/<variant>/...).
std::string package(const TempDir& tmp, const std::vector<fs::path>& trees, const std::string& name) {
  std::vector<std::string> args{"package"};
  for (size_t i = 0; i < trees.size(); ++i) {
    fs::path artifact = tmp / (name + "-artifacts") / ("build-shard-" + std::to_string(i + 1));
    fs::create_directories(artifact);
    if (fs::exists(trees[i])) fs::copy(trees[i], artifact, fs::copy_options::recursive);
    args.push_back(artifact.string());
  }
  args.insert(args.end(), {"--output", (tmp / (name + ".zip")).string()});
  CommandResult r = run_kb(args);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return file_bytes(tmp / (name + ".zip"));
}

}  // namespace

TEST_CASE("shards on simulated runners sharing a redis ccache merge into the one-machine bytes",
          "[build][shard][launcher][slow]") {
  for (const char* tool : {"redis-server", "redis-cli", "ccache", "git"})
    if (kb::find_program(tool).empty()) FAIL(std::string(tool) + " missing: run `make deps`");
  TempDir tmp;
  fs::path origin = make_origin(tmp);
  Redis redis(tmp.path());

  fs::path one = clone(origin, tmp / "one");
  std::vector<std::string> argv{"build", one.string(), "--launcher", "none"};
  argv.insert(argv.end(), k_build_args.begin(), k_build_args.end());
  CommandResult single = run_kb(argv);
  INFO(single.output);
  REQUIRE(single.exit_code == 0);
  std::map<std::string, std::string> expected = artefacts({one / "build"});
  REQUIRE(expected.size() == 4);  // cuda and cpu: one .so and one metadata.json each
  std::string expected_zip = package(tmp, {one / "build"}, "one");

  // Cold: each runner compiles its own variant; no entry can come from the other.
  std::vector<fs::path> cold{run_shard(tmp, origin, "cold1", 1, 2, redis.url()),
                             run_shard(tmp, origin, "cold2", 2, 2, redis.url())};
  CHECK(fs::exists(cold[0]));
  CHECK(fs::exists(cold[1]));
  same_artefacts(artefacts(cold), expected);
  CHECK(package(tmp, cold, "cold") == expected_zip);
  CacheStats c1 = stats(tmp, "cold1"), c2 = stats(tmp, "cold2");
  CHECK(c1.misses + c2.misses >= 4);
  CHECK(c1.hits + c2.hits == 0);

  // Warm: fresh clones with empty local caches; every compile is a hit from redis.
  std::vector<fs::path> warm{run_shard(tmp, origin, "warm1", 1, 2, redis.url()),
                             run_shard(tmp, origin, "warm2", 2, 2, redis.url())};
  CacheStats w1 = stats(tmp, "warm1"), w2 = stats(tmp, "warm2");
  CHECK(w1.misses + w2.misses == 0);
  CHECK(w1.hits + w2.hits == c1.misses + c2.misses);
  CHECK(w1.remote_hits + w2.remote_hits == w1.hits + w2.hits);
  same_artefacts(artefacts(warm), expected);
  CHECK(package(tmp, warm, "warm") == expected_zip);
}
