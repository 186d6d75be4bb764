// SPDX-License-Identifier: Apache-2.0
#include "build/wheel_unpack.hpp"

#include <sys/stat.h>
#include <zip.h>

#include <fstream>
#include <memory>

#include "core/error.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

bool safe_member(const std::string& name) {
  return !name.empty() && name.front() != '/' && name.back() != '/' && name.find("..") == std::string::npos;
}

void extract(zip_t* z, zip_uint64_t i, const fs::path& wheel, const std::string& name, const fs::path& out) {
  fs::create_directories(out.parent_path());
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(z, i, 0), &zip_fclose);
  if (!f) throw Error(ErrorKind::bad_input, "cannot read " + name + " from " + wheel.string(), "delete the cached wheel and retry");
  std::ofstream o(out, std::ios::binary);
  char buf[1 << 16];
  zip_int64_t n;
  while ((n = zip_fread(f.get(), buf, sizeof buf)) > 0) o.write(buf, n);
  if (n < 0 || !o) throw Error(ErrorKind::environment, "cannot extract " + name + " to " + out.string(), "check free disk space");
  o.close();
  zip_uint8_t opsys = 0;
  zip_uint32_t attr = 0;
  if (zip_file_get_external_attributes(z, i, 0, &opsys, &attr) == 0 && opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & 0111))
    ::chmod(out.c_str(), 0755);
}

}  // namespace

void unpack_wheel(const fs::path& wheel, const fs::path& dest, const WheelMemberMap& map) {
  int err = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> z(zip_open(wheel.c_str(), ZIP_RDONLY, &err), &zip_discard);
  if (!z) throw Error(ErrorKind::bad_input, "cannot open wheel " + wheel.string() + " (not a zip)", "delete it and retry");
  zip_int64_t n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z.get(), i, 0);
    if (!name || !safe_member(name)) continue;
    std::string rel = map(name);
    if (!rel.empty()) extract(z.get(), i, wheel, name, dest / rel);
  }
}

}  // namespace kb::build
