// SPDX-License-Identifier: Apache-2.0
// The stress kernel's host API. Objects cross the .so boundary on purpose: strings, streams,
// exception_ptr and exceptions made on one side are used and freed on the other.
#pragma once
#include <cstdint>
#include <exception>
#include <ostream>
#include <string>

namespace stress_abi {

std::string failed_checks();  // comma-separated names of failing checks; empty when all pass
int check_count();
[[noreturn]] void throw_error(int64_t kind);  // 0 runtime_error, 1 system_error, 2 out_of_range, 3 int, 4 bad_array_new_length
bool regex_match(const std::string& pattern, const std::string& text);
std::exception_ptr make_exception_ptr(const std::string& what);
[[noreturn]] void rethrow(std::exception_ptr e);
std::string make_string(int n);
std::ostream* make_stream();  // an ostringstream the caller writes to and deletes

}  // namespace stress_abi

namespace stress_abi {

// For C++ hosts that dlopen the kernel .so directly: one C entry point, a table of the API.
struct Api {
  int version;
  std::string (*failed_checks)();
  int (*check_count)();
  void (*throw_error)(int64_t);
  bool (*regex_match)(const std::string&, const std::string&);
  std::exception_ptr (*make_exception_ptr)(const std::string&);
  void (*rethrow)(std::exception_ptr);
  std::string (*make_string)(int);
  std::ostream* (*make_stream)();
};

}  // namespace stress_abi

extern "C" const stress_abi::Api* stress_abi_api();
