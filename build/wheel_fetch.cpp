// SPDX-License-Identifier: Apache-2.0
#include "build/wheel_fetch.hpp"

#include <signal.h>
#include <zip.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "core/atomic_output.hpp"
#include "core/error.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

const std::string k_temp_prefix = ".download.tmp-";

bool is_zip(const fs::path& p) {
  int err = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> z(zip_open(p.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err), &zip_discard);
  return z != nullptr;
}

// Temp dirs of kb runs that were killed (SIGKILL skips the destructor that removes them).
void sweep_stale_downloads(const fs::path& wheels) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(wheels, ec)) {
    std::string n = e.path().filename().string();
    if (n.rfind(k_temp_prefix, 0) != 0) continue;
    long pid = std::atol(n.c_str() + k_temp_prefix.size());
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(e.path(), ec);
  }
}

Command pip_command(const std::vector<std::string>& requirements, const WheelFetch& w, const fs::path& dest) {
  std::string pip = !find_program("pip3").empty() ? "pip3" : "pip";
  if (find_program(pip).empty())
    throw Error(ErrorKind::environment, "pip is needed to download " + requirements.front(), "install python3-pip");
  Command c;
  c.argv = {pip, "download", "--no-deps", "--only-binary=:all:", "--no-cache-dir", "--python-version", w.python};
  for (const std::string& p : pip_platforms(w.cpu)) c.argv.insert(c.argv.end(), {"--platform", p});
  if (!w.index_url.empty()) c.argv.insert(c.argv.end(), {"--index-url", w.index_url});
  c.argv.insert(c.argv.end(), {"-d", dest.string()});
  c.argv.insert(c.argv.end(), requirements.begin(), requirements.end());
  return c;
}

void download(const std::vector<std::string>& requirements, const WheelFetch& w, ProcessRunner& runner) {
  fs::path wheels = w.cache_dir / "wheels";
  fs::create_directories(wheels);
  sweep_stale_downloads(wheels);
  AtomicOutput tmp(wheels / "download", true);  // its temp name, .download.tmp-<pid>-..., is k_temp_prefix
  std::string what;
  for (const std::string& r : requirements) what += (what.empty() ? "" : " ") + r;
  std::cerr << "kb: downloading " << what << " (" << w.cpu << ", no deps) from "
            << (w.index_url.empty() ? "PyPI" : w.index_url) << " into " << wheels.string() << "\n";
  CommandResult r = runner.run(pip_command(requirements, w, tmp.temp_path()));
  if (r.exit_code != 0)
    throw Error(ErrorKind::network, "pip download " + what + " failed:\n" + r.output,
                "check network access to " + (w.index_url.empty() ? std::string("PyPI") : w.index_url) +
                    " and that the version exists for " + w.cpu + ", or put the wheel into " + wheels.string());
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(tmp.temp_path())) {
    if (e.path().extension() != ".whl") continue;
    if (!is_zip(e.path()))
      throw Error(ErrorKind::bad_input, "downloaded " + e.path().filename().string() + " is not a complete wheel",
                  "retry; nothing was added to " + wheels.string());
    fs::rename(e.path(), wheels / e.path().filename(), ec);
    if (ec) throw Error(ErrorKind::environment, "cannot move a wheel into " + wheels.string() + ": " + ec.message());
  }
}

}  // namespace

std::vector<std::string> pip_platforms(const std::string& cpu) {
  std::vector<std::string> out;
  for (const char* t : {"manylinux_2_28_", "manylinux_2_27_", "manylinux_2_17_", "manylinux2014_", "manylinux_2_12_", "manylinux2010_", "linux_"})
    if (cpu == "x86_64" || std::string(t).find("2010") == std::string::npos) out.push_back(t + cpu);
  return out;
}

std::string wheel_dist_name(const std::string& dist) {
  std::string out = dist;
  std::replace(out.begin(), out.end(), '-', '_');
  std::replace(out.begin(), out.end(), '.', '_');
  return out;
}

fs::path find_cached_wheel(const fs::path& wheels_dir, const std::string& dist, const std::string& version,
                           const std::string& cpu) {
  const std::string prefix = wheel_dist_name(dist) + "-" + version + "-";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(wheels_dir, ec)) {
    std::string n = e.path().filename().string();
    if (n.rfind(prefix, 0) != 0 || e.path().extension() != ".whl") continue;
    if (n.find(cpu) != std::string::npos || n.find("-none-any.whl") != std::string::npos) return e.path();
  }
  return {};
}

std::vector<fs::path> fetch_wheels(const std::vector<std::pair<std::string, std::string>>& pins, const WheelFetch& w,
                                   ProcessRunner& runner) {
  fs::path wheels = w.cache_dir / "wheels";
  std::vector<std::string> missing;
  for (const auto& [dist, version] : pins)
    if (find_cached_wheel(wheels, dist, version, w.cpu).empty()) missing.push_back(dist + "==" + version);
  if (!missing.empty()) download(missing, w, runner);
  std::vector<fs::path> out;
  for (const auto& [dist, version] : pins) {
    fs::path p = find_cached_wheel(wheels, dist, version, w.cpu);
    if (p.empty())
      throw Error(ErrorKind::network, "pip download " + dist + "==" + version + " left no " + w.cpu + " wheel",
                  "check that " + dist + " " + version + " has a wheel for " + w.cpu + " linux on " +
                      (w.index_url.empty() ? std::string("PyPI") : w.index_url));
    out.push_back(p);
  }
  return out;
}

}  // namespace kb::build
