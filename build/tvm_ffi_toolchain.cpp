// SPDX-License-Identifier: Apache-2.0
#include "build/tvm_ffi_toolchain.hpp"

#include <fstream>
#include <iostream>
#include <memory>

#include "build/wheel_unpack.hpp"
#include "core/atomic_output.hpp"
#include "core/error.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

// Headers and the runtime library only: the wheel also carries Cython sources and libbacktrace.
bool wanted(const std::string& name) {
  return name.rfind("tvm_ffi/include/", 0) == 0 || name == "tvm_ffi/lib/libtvm_ffi.so";
}


fs::path find_wheel(const fs::path& wheels, const std::string& version) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(wheels, ec)) {
    std::string n = e.path().filename().string();
    if (n.rfind("apache_tvm_ffi-" + version + "-", 0) == 0 && n.find("x86_64") != std::string::npos &&
        e.path().extension() == ".whl")
      return e.path();
  }
  return {};
}

fs::path download(const std::string& version, const fs::path& cache_dir, ProcessRunner& runner) {
  fs::path wheels = cache_dir / "wheels";
  fs::create_directories(wheels);
  std::string pip = !find_program("pip3").empty() ? "pip3" : "pip";
  if (find_program(pip).empty())
    throw Error(ErrorKind::environment, "pip is needed to download apache-tvm-ffi " + version, "install python3-pip");
  std::cerr << "kb: downloading apache-tvm-ffi==" << version << " from PyPI (no deps) into " << wheels.string() << "\n";
  CommandResult r = runner.run({{pip, "download", "--no-deps", "--only-binary=:all:", "--python-version", "3.11",
                                 "--platform", "manylinux_2_28_x86_64", "-d", wheels.string(),
                                 "apache-tvm-ffi==" + version},
                                {}, {{"PIP_CACHE_DIR", (cache_dir / "pip").string()}}});
  fs::path w = find_wheel(wheels, version);
  if (r.exit_code != 0 || w.empty())
    throw Error(ErrorKind::network, "pip download apache-tvm-ffi==" + version + " failed:\n" + r.output,
                "check network access to PyPI, or put the wheel into " + wheels.string());
  return w;
}

}  // namespace

TvmFfiToolchain provision_tvm_ffi(const std::string& version, const fs::path& cache_dir, ProcessRunner& runner) {
  fs::path dest = cache_dir / "tvm-ffi" / version;
  TvmFfiToolchain t{version, dest / "tvm_ffi"};
  std::error_code ec;
  if (fs::exists(t.library(), ec)) return t;
  fs::path wheel = find_wheel(cache_dir / "wheels", version);
  if (wheel.empty()) wheel = download(version, cache_dir, runner);
  fs::create_directories(dest.parent_path());
  std::cerr << "kb: unpacking " << wheel.filename().string() << " (headers and libtvm_ffi.so) into " << dest.string() << "\n";
  AtomicOutput out(dest, true);
  unpack_wheel(wheel, out.temp_path(), [](const std::string& name) { return wanted(name) ? name : std::string(); });
  if (!fs::exists(out.temp_path() / "tvm_ffi" / "lib" / "libtvm_ffi.so", ec))
    throw Error(ErrorKind::bad_input, wheel.string() + " holds no tvm_ffi/lib/libtvm_ffi.so",
                "delete the wheel and retry, or pick another apache-tvm-ffi release");
  out.commit();
  return t;
}

}  // namespace kb::build
