// SPDX-License-Identifier: Apache-2.0
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

// kb build's default targets are the host plus every machine a cross g++ is installed for. The
// suite's cases build for the host unless they ask for another machine (--target, --variant), so
// installing the cross toolchain does not double every end-to-end case; a KB_TARGET set by the
// caller wins.
int main(int argc, char* argv[]) {
#if defined(__aarch64__)
  setenv("KB_TARGET", "aarch64-linux", 0);
#else
  setenv("KB_TARGET", "x86_64-linux", 0);
#endif
  return Catch::Session().run(argc, argv);
}
