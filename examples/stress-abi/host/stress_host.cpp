// SPDX-License-Identifier: Apache-2.0
// A C++ host that dlopens a stress-abi build (RTLD_LOCAL) and checks it from outside: the
// kernel's own checks, exceptions thrown across the boundary, objects made on one side and
// used and freed on the other, and this process's std::regex / iostreams afterwards.
// Usage: stress_host [PRELOAD.so...] KERNEL.so; prints "N passed, M failed", exit 0 when M == 0.
// PRELOAD libraries are opened RTLD_GLOBAL first: a Torch extension leaves the Python C API
// undefined (its PyInit is never called here), so a host loading one preloads libpython.
#include <dlfcn.h>

#include <iostream>
#include <new>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "../stress_common/stress_abi.h"

namespace {
int passed = 0, failed = 0;
void expect(bool ok, const std::string& what) {
  (ok ? passed : failed)++;
  if (!ok) std::cout << "FAIL " << what << "\n";
}
template <class E>
bool throws_as(const stress_abi::Api& api, int kind) {
  try { api.throw_error(kind); } catch (const E&) { return true; } catch (...) { return false; }
  return false;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) { std::cerr << "usage: stress_host [PRELOAD.so...] KERNEL.so\n"; return 2; }
  for (int i = 1; i + 1 < argc; ++i)
    if (!dlopen(argv[i], RTLD_NOW | RTLD_GLOBAL)) { std::cerr << "dlopen: " << dlerror() << "\n"; return 3; }
  const char* kernel = argv[argc - 1];
  void* h = dlopen(kernel, RTLD_NOW | RTLD_LOCAL);
  if (!h) { std::cerr << "dlopen: " << dlerror() << "\n"; return 3; }
  auto get = reinterpret_cast<const stress_abi::Api* (*)()>(dlsym(h, "stress_abi_api"));
  if (!get) { std::cerr << "no stress_abi_api in " << kernel << "\n"; return 3; }
  const stress_abi::Api& api = *get();
  std::string failed_checks = api.failed_checks();
  expect(failed_checks.empty(), "kernel checks: " + failed_checks);
  expect(api.check_count() >= 15, "check count");
  expect(throws_as<std::runtime_error>(api, 0), "runtime_error crosses");
  try { api.throw_error(1); } catch (const std::system_error& e) { expect(e.code() == std::errc::timed_out, "system_error code"); }
  expect(throws_as<std::out_of_range>(api, 2), "out_of_range crosses");
  expect(throws_as<int>(api, 3), "int crosses");
  expect(throws_as<std::bad_array_new_length>(api, 4), "bad_array_new_length crosses");
  expect(throws_as<std::bad_alloc>(api, 4), "bad_array_new_length as bad_alloc");
  try { std::rethrow_exception(api.make_exception_ptr("from kernel")); } catch (const std::runtime_error& e) {
    expect(std::string(e.what()) == "from kernel", "exception_ptr from the kernel");
  }
  try { api.rethrow(std::make_exception_ptr(std::logic_error("from host"))); } catch (const std::logic_error& e) {
    expect(std::string(e.what()) == "from host", "exception_ptr from the host");
  }
  std::string s = api.make_string(100);
  expect(s.size() == 100 && s[99] == 'k', "string made in the kernel");
  std::ostream* os = api.make_stream();
  *os << "ok";
  auto* oss = dynamic_cast<std::ostringstream*>(os);
  expect(oss && oss->str() == "stress:ok", "ostringstream made in the kernel");
  delete os;
  expect(api.regex_match("[a-z]+[0-9]*", "abc123"), "std::regex in the kernel");
  expect(std::regex_search("host 2026", std::regex("\\d{4}")), "std::regex in the host after loading");
  std::ostringstream host_os;
  host_os << 3.25 << std::hex << 255;
  expect(host_os.str() == "3.25ff", "host iostreams after loading");
  std::cout << passed << " passed, " << failed << " failed\n";
  dlclose(h);
  return failed == 0 ? 0 : 1;
}
