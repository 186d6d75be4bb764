// SPDX-License-Identifier: Apache-2.0
// CUDA toolkits from PyPI, without the network: a scripted pip writes small wheels shaped like
// NVIDIA's (nvidia/cu13/..., a dist-info, unix modes) into the download dir it was given.
#include <catch2/catch.hpp>
#include <zip.h>

#include <sys/stat.h>
#include <unistd.h>

#include <functional>

#include "build/cuda_toolkit.hpp"
#include "build/wheel_fetch.hpp"
#include "core/error.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb::build;
using kb::test::TempDir;

namespace {

// Writes a zip at `path` holding `members` (name -> content); names under bin/ get mode 0755.
void write_wheel(const fs::path& path, const std::map<std::string, std::string>& members) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  REQUIRE(z);
  for (const auto& [name, content] : members) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    zip_int64_t i = zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
    REQUIRE(i >= 0);
    mode_t mode = name.find("/bin/") != std::string::npos ? 0100755 : 0100644;
    zip_file_set_external_attributes(z, i, 0, ZIP_OPSYS_UNIX, static_cast<zip_uint32_t>(mode) << 16);
  }
  REQUIRE(zip_close(z) == 0);
}

std::string wheel_file(const std::string& dist, const std::string& version) {
  return wheel_dist_name(dist) + "-" + version + "-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl";
}

// A fake toolkit wheel: one file of the tree plus its dist-info.
std::map<std::string, std::string> members_of(const std::string& dist, const std::string& version) {
  std::string info = wheel_dist_name(dist) + "-" + version + ".dist-info/";
  std::map<std::string, std::string> m{{info + "METADATA", "Name: " + dist + "\nVersion: " + version + "\n"},
                                       {"nvidia/cu13/.metadata/scan.txt", "report"}};
  if (dist == "nvidia-cuda-nvcc") m["nvidia/cu13/bin/nvcc"] = "#!/bin/sh\n";
  if (dist == "nvidia-cuda-runtime") m["nvidia/cu13/lib/libcudart.so.13"] = "ELF", m["nvidia/cu13/include/cuda.h"] = "";
  if (dist == "nvidia-cusparse") m["nvidia/cu13/lib/libcusparse.so.12"] = "ELF", m["nvidia/cu13/include/cusparse.h"] = "";
  return m;
}

// pip as scripted by `act(download_dir, requirements)`; records every call.
struct ScriptedPip : kb::ProcessRunner {
  std::function<kb::CommandResult(const fs::path&, const std::vector<std::string>&)> act;
  std::vector<kb::Command> calls;
  kb::CommandResult run(const kb::Command& c) override {
    calls.push_back(c);
    auto d = std::find(c.argv.begin(), c.argv.end(), "-d");
    REQUIRE(d != c.argv.end());
    std::vector<std::string> reqs(d + 2, c.argv.end());
    return act(fs::path(*(d + 1)), reqs);
  }
};

ScriptedPip good_pip() {
  ScriptedPip pip;
  pip.act = [](const fs::path& dir, const std::vector<std::string>& reqs) {
    for (const std::string& r : reqs) {
      std::string dist = r.substr(0, r.find("==")), version = r.substr(r.find("==") + 2);
      write_wheel(dir / wheel_file(dist, version), members_of(dist, version));
    }
    return kb::CommandResult{0, 0, "Successfully downloaded"};
  };
  return pip;
}

// Everything under `dir`, relative, sorted (hidden temp entries included).
std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); ++it)
    out.push_back(fs::relative(it->path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("CUDA toolkit pins: 13.0 and 13.2 known, 12.x not (its nvcc wheel holds ptxas only)", "[unit][build][cuda-toolkit]") {
  CHECK(pypi_cuda_versions() == std::vector<std::string>{"13.0", "13.2"});
  WheelPins p = cuda_toolkit_pins("13.2");
  REQUIRE(p.size() == 9);  // nvcc's five, and cuBLAS/cuSOLVER/cuSPARSE/NVTX for the headers Torch includes
  CHECK(std::count(p.begin(), p.end(), std::make_pair(std::string("nvidia-cusparse"), std::string("12.7.10.12"))) == 1);
  CHECK(std::count(p.begin(), p.end(), std::make_pair(std::string("nvidia-cuda-nvcc"), std::string("13.2.86"))) == 1);
  CHECK(cuda_toolkit_pins("12.6").empty());
  CHECK(cuda_toolkit_dir("/c", "13.0") == fs::path("/c/cuda/13.0"));
  CHECK(cuda_toolkit_dir("/c", "13.0", "aarch64") == fs::path("/c/cuda/13.0-aarch64"));
  std::vector<std::string> arm = pip_platforms("aarch64");
  CHECK(std::count(arm.begin(), arm.end(), "manylinux_2_17_aarch64") == 1);
  CHECK(std::count(arm.begin(), arm.end(), "manylinux2010_aarch64") == 0);
}

TEST_CASE("a provisioned toolkit is the wheels' nvidia/cu13 tree with lib64, libcudart.so and exact versions", "[unit][build][cuda-toolkit]") {
  TempDir cache;
  ScriptedPip pip = good_pip();
  CudaToolkit t = provision_cuda_toolkit("13.0", cache.path(), pip);
  CHECK(t.cuda == "13.0");
  CHECK(t.from_pypi);
  CHECK(t.home == cache / "cuda/13.0");
  CHECK(t.packages.at("nvidia-cuda-nvcc") == "13.0.88");
  CHECK(t.packages.at("nvidia-cuda-runtime") == "13.0.96");
  CHECK(t.packages.size() == 9);
  // The math libraries give their headers only: Torch's CUDA headers include cusparse.h.
  CHECK(fs::exists(t.home / "include/cusparse.h"));
  CHECK_FALSE(fs::exists(t.home / "lib/libcusparse.so.12"));
  CHECK((fs::status(t.home / "bin/nvcc").permissions() & fs::perms::owner_exec) != fs::perms::none);
  CHECK((fs::status(t.home / "include/cuda.h").permissions() & fs::perms::owner_exec) == fs::perms::none);
  CHECK(fs::exists(t.home / "lib64/libcudart.so"));
  CHECK(fs::read_symlink(t.home / "lib/libcudart.so") == "libcudart.so.13");
  CHECK_FALSE(fs::exists(t.home / ".metadata"));
  REQUIRE(pip.calls.size() == 1);
  const std::vector<std::string>& argv = pip.calls[0].argv;
  CHECK(std::count(argv.begin(), argv.end(), "--no-deps") == 1);
  CHECK(std::count(argv.begin(), argv.end(), "nvidia-nvvm==13.0.88") == 1);
  // Cached: no second download, and the tree is read back the same.
  CudaToolkit again = provision_cuda_toolkit("13.0", cache.path(), pip);
  CHECK(pip.calls.size() == 1);
  CHECK(again.packages == t.packages);
  // A tree assembled from fewer pins (an older kb) is rebuilt, not used without the headers.
  fs::remove_all(t.home / "dist-info" / "nvidia_cusparse-12.6.3.3.dist-info");
  CudaToolkit rebuilt = provision_cuda_toolkit("13.0", cache.path(), pip);
  CHECK(pip.calls.size() == 1);  // from the cached wheels
  CHECK(rebuilt.packages == t.packages);
  CHECK(fs::exists(rebuilt.home / "include/cusparse.h"));
}

TEST_CASE("an interrupted toolkit download leaves no wheel, no toolkit and no temp dir in the cache", "[unit][build][cuda-toolkit]") {
  TempDir cache;
  ScriptedPip pip;
  pip.act = [](const fs::path& dir, const std::vector<std::string>& reqs) {
    // The first wheel arrives whole, the second is cut off, then pip dies of SIGINT.
    write_wheel(dir / wheel_file("nvidia-cuda-nvcc", "13.0.88"), members_of("nvidia-cuda-nvcc", "13.0.88"));
    kb::test::write_text(dir / wheel_file("nvidia-nvvm", "13.0.88"), "PK\x03\x04 truncated");
    return kb::CommandResult{-1, 2, "KeyboardInterrupt"};
  };
  try {
    provision_cuda_toolkit("13.0", cache.path(), pip);
    FAIL("expected an error");
  } catch (const kb::Error& e) {
    CHECK(e.kind() == kb::ErrorKind::network);
    CHECK(std::string(e.what()).find("nvidia-cuda-nvcc==13.0.88") != std::string::npos);
  }
  CHECK(listing(cache.path()) == std::vector<std::string>{"wheels"});
}

TEST_CASE("a truncated wheel that pip reports as downloaded is refused and not cached", "[unit][build][cuda-toolkit]") {
  TempDir cache;
  ScriptedPip pip;
  pip.act = [](const fs::path& dir, const std::vector<std::string>&) {
    kb::test::write_text(dir / wheel_file("nvidia-cuda-nvcc", "13.2.86"), "PK\x03\x04 truncated");
    return kb::CommandResult{0, 0, ""};
  };
  CHECK_THROWS_AS(provision_cuda_toolkit("13.2", cache.path(), pip), kb::Error);
  CHECK(listing(cache.path()) == std::vector<std::string>{"wheels"});
}

TEST_CASE("a temp download dir of a killed kb run is swept, a live one is kept", "[unit][build][cuda-toolkit]") {
  TempDir cache;
  fs::create_directories(cache / "wheels/.download.tmp-999999999-1");  // no such pid
  fs::create_directories(cache / ("wheels/.download.tmp-" + std::to_string(::getpid()) + "-1"));
  ScriptedPip pip = good_pip();
  provision_cuda_toolkit("13.0", cache.path(), pip);
  CHECK_FALSE(fs::exists(cache / "wheels/.download.tmp-999999999-1"));
  CHECK(fs::exists(cache / ("wheels/.download.tmp-" + std::to_string(::getpid()) + "-1")));
}

TEST_CASE("an unknown CUDA version names the known ones and --cuda-home", "[unit][build][cuda-toolkit]") {
  TempDir cache;
  ScriptedPip pip = good_pip();
  try {
    provision_cuda_toolkit("12.6", cache.path(), pip);
    FAIL("expected an error");
  } catch (const kb::Error& e) {
    CHECK(e.kind() == kb::ErrorKind::usage);
    CHECK(std::string(e.what()).find("12.6") != std::string::npos);
    CHECK(std::string(e.what()).find("13.0, 13.2") != std::string::npos);
    CHECK(e.hint().find("--cuda-home") != std::string::npos);
  }
  CHECK(pip.calls.empty());
}

TEST_CASE("a runfile toolkit's versions come from version.json", "[unit][build][cuda-toolkit]") {
  TempDir home;
  kb::test::write_text(home / "version.json", R"({"cuda": {"version": "13.0.0"}, "cuda_nvcc": {"version": "13.0.48"},
                                                 "cuda_cudart": {"version": "13.0.48"}})");
  CudaToolkit t = read_cuda_toolkit(home.path());
  CHECK(t.cuda == "13.0");
  CHECK_FALSE(t.from_pypi);
  CHECK(t.packages.at("cuda_nvcc") == "13.0.48");
  CHECK(t.packages.at("cuda_cudart") == "13.0.48");
}
