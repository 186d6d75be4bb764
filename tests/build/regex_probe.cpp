// SPDX-License-Identifier: Apache-2.0
// A library built without kb's compat layer that uses the process's libstdc++ std::regex and
// iostreams. kernels_stress.py calls it after loading a kernel, to show the kernel's private
// copies of libstdc++ code did not leak into the process.
#include <regex>
#include <sstream>

extern "C" int kb_regex_probe(const char* pattern, const char* text) {
  std::ostringstream os;
  os << text;
  return std::regex_search(os.str(), std::regex(pattern)) ? 1 : 0;
}
