// SPDX-License-Identifier: Apache-2.0
// The IO of C++ dependencies: an HTTP download with libcurl and a selective unzip with libzip.
#include <curl/curl.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "build/cxx_deps.hpp"
#include "core/error.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

size_t write_to_file(char* data, size_t size, size_t n, void* file) {
  return std::fwrite(data, size, n, static_cast<std::FILE*>(file)) * size;
}

bool is_member_wanted(const std::string& name, const CxxDep& d) {
  if (name.empty() || name.back() == '/' || name.front() == '/' || name.find("..") != std::string::npos) return false;
  if (name.rfind(d.strip, 0) != 0) return false;
  std::string rel = name.substr(d.strip.size());
  for (const std::string& inc : d.include)
    if (rel.rfind(inc + "/", 0) == 0) return true;
  return false;
}

void extract(zip_t* z, zip_uint64_t i, const fs::path& out, const fs::path& archive) {
  fs::create_directories(out.parent_path());
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(z, i, 0), &zip_fclose);
  if (!f) throw Error(ErrorKind::bad_input, "cannot read member " + std::to_string(i) + " of " + archive.string(), "delete it and retry");
  std::ofstream o(out, std::ios::binary);
  char buf[1 << 16];
  zip_int64_t n;
  while ((n = zip_fread(f.get(), buf, sizeof buf)) > 0) o.write(buf, n);
  if (n < 0 || !o) throw Error(ErrorKind::environment, "cannot extract " + out.string(), "check free disk space");
}

}  // namespace

void http_download(const std::string& url, const fs::path& dest) {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(dest.c_str(), "wb"), &std::fclose);
  if (!file) throw Error(ErrorKind::environment, dest.string() + ": cannot write");
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) throw Error(ErrorKind::environment, "libcurl failed to initialise");
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);  // GitHub archives redirect to codeload
  curl_easy_setopt(curl.get(), CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1024L);  // < 1 KB/s for 60 s: give up
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &write_to_file);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, file.get());
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "kb");
  CURLcode rc = curl_easy_perform(curl.get());
  if (std::fflush(file.get()) != 0 && rc == CURLE_OK) throw Error(ErrorKind::environment, dest.string() + ": write failed");
  if (rc != CURLE_OK)
    throw Error(ErrorKind::network, std::string(*error ? error : curl_easy_strerror(rc)) + " (" + url + ")");
}

void unpack_dep_archive(const fs::path& archive, const CxxDep& d, const fs::path& dest) {
  int err = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> z(zip_open(archive.c_str(), ZIP_RDONLY, &err), &zip_discard);
  if (!z) throw Error(ErrorKind::bad_input, "cannot open " + archive.string() + " (not a zip)", "delete it and retry");
  zip_int64_t n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), 0);
    if (name && is_member_wanted(name, d))
      extract(z.get(), static_cast<zip_uint64_t>(i), dest / std::string(name).substr(d.strip.size()), archive);
  }
}

}  // namespace kb::build
