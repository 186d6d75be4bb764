// SPDX-License-Identifier: Apache-2.0
// Wheels from a PEP 503 simple index (--torch-index): a local index on 127.0.0.1 serving real
// wheels (NVIDIA's 134 KB nvidia-cuda-crt for x86_64 and aarch64, plus a copy relabelled 13.0.88+cu126
// the way PyTorch's index labels Torch) must yield exactly the version, local label and platform
// asked for, through kb's own pip command line.
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "build/torch_toolchain.hpp"
#include "build/wheel_fetch.hpp"
#include "core/error.hpp"
#include "tests/build/torch_runtime_fixture.hpp"
#include "tests/test_env.hpp"

extern char** environ;

namespace fs = std::filesystem;
using namespace kb::build;
using kb::test::TempDir;

namespace {

// The index server, stopped (by its pid) when the test ends.
class LocalIndex {
 public:
  explicit LocalIndex(const fs::path& root, const fs::path& work) : m_log(work / "requests.log") {
    fs::path port_file = work / "port";
    std::vector<std::string> args{kb::test::python().string(),
                                  (kb::test::source_dir() / "tests/build/simple_index.py").string(), root.string(),
                                  port_file.string(), m_log.string()};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&m_pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
    for (int i = 0; i < 100 && !fs::exists(port_file); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(fs::exists(port_file));
    m_url = "http://127.0.0.1:" + kb::test::read_text(port_file) + "/simple/";
  }
  ~LocalIndex() {
    ::kill(m_pid, SIGTERM);
    ::waitpid(m_pid, nullptr, 0);
  }
  const std::string& url() const { return m_url; }
  std::string requests() const { return kb::test::read_text(m_log); }

 private:
  pid_t m_pid = 0;
  fs::path m_log;
  std::string m_url;
};

// Copies `wheel` as version `label`ed (dist-info dir, METADATA Version and file name), like
// PyTorch's +cuXYZ wheels; pip checks that name and metadata agree.
fs::path relabel(const fs::path& wheel, const std::string& version, const std::string& labelled, const fs::path& dir) {
  std::string name = wheel.filename().string();
  fs::path out = dir / (name.substr(0, name.find(version)) + labelled + name.substr(name.find(version) + version.size()));
  kb::CommandResult r = kb::test::run(
      {kb::test::python().string(), "-c",
       "import sys, zipfile\n"
       "src, dst, v, lv = sys.argv[1:]\n"
       "with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as b:\n"
       "    for i in a.infolist():\n"
       "        data = a.read(i)\n"
       "        n = i.filename.replace('-' + v + '.dist-info', '-' + lv + '.dist-info')\n"
       "        if n.endswith('.dist-info/METADATA'): data = data.replace(b'Version: ' + v.encode(), b'Version: ' + lv.encode())\n"
       "        b.writestr(n, data)\n",
       wheel.string(), out.string(), version, labelled});
  REQUIRE(r.exit_code == 0);
  return out;
}

struct Recorder : kb::ProcessRunner {
  std::vector<kb::Command> calls;
  kb::CommandResult run(const kb::Command& c) override {
    calls.push_back(c);
    return {1, 0, "no network in this test"};
  }
};

}  // namespace

TEST_CASE("only a Torch version with a local label is fetched from --torch-index", "[unit][build][torch-index]") {
  TempDir cache;
  Recorder pip;
  CHECK_THROWS_AS(provision_torch("2.12.1+cu126", cache.path(), pip, "http://127.0.0.1:9/simple/"), kb::Error);
  CHECK_THROWS_AS(provision_torch("2.12.1", cache.path(), pip, "http://127.0.0.1:9/simple/"), kb::Error);
  REQUIRE(pip.calls.size() == 2);
  const auto& labelled = pip.calls[0].argv;
  const auto& plain = pip.calls[1].argv;
  CHECK(std::count(labelled.begin(), labelled.end(), "--index-url") == 1);
  CHECK(std::count(labelled.begin(), labelled.end(), "torch==2.12.1+cu126") == 1);
  CHECK(std::count(plain.begin(), plain.end(), "--index-url") == 0);
  CHECK(std::count(plain.begin(), plain.end(), "manylinux_2_28_x86_64") == 1);
  CHECK(std::count(plain.begin(), plain.end(), "3.11") == 1);
}

TEST_CASE("a local simple index serves the asked version, local label and platform", "[e2e][build][torch-index]") {
  REQUIRE_FALSE(kb::test::python().empty());
  kb::PosixProcessRunner runner;
  // Real wheels, from PyPI once into the shared cache (134 KB each).
  WheelFetch pypi{kb::test::kb_cache(), "x86_64", "3.11", ""};
  fs::path x86 = fetch_wheels({{"nvidia-cuda-crt", "13.0.88"}}, pypi, runner).front();
  pypi.cpu = "aarch64";
  fs::path arm = fetch_wheels({{"nvidia-cuda-crt", "13.0.88"}}, pypi, runner).front();
  TempDir tmp;
  fs::path project = tmp / "index/nvidia-cuda-crt";
  fs::create_directories(project);
  fs::copy_file(x86, project / x86.filename());
  fs::copy_file(arm, project / arm.filename());
  relabel(x86, "13.0.88", "13.0.88+cu126", project);
  LocalIndex index(tmp / "index", tmp.path());

  TempDir cache;
  WheelFetch local{cache.path(), "x86_64", "3.11", index.url()};
  fs::path labelled = fetch_wheels({{"nvidia-cuda-crt", "13.0.88+cu126"}}, local, runner).front();
  CHECK(labelled.filename().string().rfind("nvidia_cuda_crt-13.0.88+cu126-", 0) == 0);
  CHECK(labelled.parent_path() == cache / "wheels");
  local.cpu = "aarch64";
  fs::path got_arm = fetch_wheels({{"nvidia-cuda-crt", "13.0.88"}}, local, runner).front();
  CHECK(got_arm.filename() == arm.filename());
  CHECK(index.requests().find("/simple/nvidia-cuda-crt/") != std::string::npos);
  // A version the index lacks: a network error naming the index, and nothing cached.
  try {
    fetch_wheels({{"nvidia-cuda-crt", "13.0.99"}}, local, runner);
    FAIL("expected an error");
  } catch (const kb::Error& e) {
    CHECK(e.kind() == kb::ErrorKind::network);
    CHECK(e.hint().find(index.url()) != std::string::npos);
  }
  std::vector<std::string> cached;
  for (const auto& e : fs::directory_iterator(cache / "wheels")) cached.push_back(e.path().filename().string());
  CHECK(cached.size() == 2);
}
