// SPDX-License-Identifier: Apache-2.0
#include "core/atomic_output.hpp"

#include <unistd.h>

#include <fstream>
#include <random>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace kb {

static std::string random_suffix() {
  std::random_device rd;
  return std::to_string(::getpid()) + "-" + std::to_string(rd());
}

AtomicOutput::AtomicOutput(fs::path target, bool is_dir) : m_target(std::move(target)) {
  fs::path parent = m_target.parent_path().empty() ? fs::path(".") : m_target.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw Error(ErrorKind::environment, parent.string() + ": cannot create directory: " + ec.message());
  m_temp = parent / ("." + m_target.filename().string() + ".tmp-" + random_suffix());
  if (is_dir) {
    fs::create_directory(m_temp, ec);
    if (ec) throw Error(ErrorKind::environment, m_temp.string() + ": cannot create: " + ec.message());
  }
}

AtomicOutput::~AtomicOutput() {
  if (m_committed) return;
  std::error_code ec;
  fs::remove_all(m_temp, ec);
}

void AtomicOutput::commit() {
  std::error_code ec;
  // A directory cannot be renamed over a non-empty one: move the old one aside first so the
  // swap loses nothing if the second rename fails.
  fs::path old;
  if (fs::is_directory(m_target, ec) && fs::is_directory(m_temp, ec)) {
    old = m_target.parent_path() / ("." + m_target.filename().string() + ".old-" + random_suffix());
    fs::rename(m_target, old, ec);
    if (ec) throw Error(ErrorKind::environment, m_target.string() + ": cannot replace: " + ec.message());
  }
  fs::rename(m_temp, m_target, ec);
  if (ec) {
    if (!old.empty()) fs::rename(old, m_target, ec);
    throw Error(ErrorKind::environment, m_target.string() + ": cannot move output into place: " + ec.message());
  }
  if (!old.empty()) fs::remove_all(old, ec);
  m_committed = true;
}

void write_file_atomic(const fs::path& target, std::string_view content) {
  AtomicOutput out(target, false);
  {
    std::ofstream f(out.temp_path(), std::ios::binary);
    f.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!f) throw Error(ErrorKind::environment, out.temp_path().string() + ": write failed");
  }
  out.commit();
}

}  // namespace kb
