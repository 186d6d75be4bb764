// SPDX-License-Identifier: Apache-2.0
#include "core/error.hpp"
#include "core/error_from.hpp"

#include <cerrno>
#include <filesystem>
#include <new>
#include <ostream>
#include <system_error>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

namespace kb {

Error::Error(ErrorKind kind, std::string message, std::string hint)
    : std::runtime_error(std::move(message)), m_kind(kind), m_hint(std::move(hint)) {}

namespace {

Error from_filesystem(const std::filesystem::filesystem_error& e) {
  std::string paths = e.path1().string();
  if (!e.path2().empty()) paths += " -> " + e.path2().string();
  const std::string what = (paths.empty() ? std::string() : paths + ": ") + e.code().message();
  if (e.code() == std::errc::no_such_file_or_directory)
    return Error(ErrorKind::bad_input, what, "check the path");
  return Error(ErrorKind::environment, what,
               "check that each parent of the path is a directory you may write to, and that the disk has space");
}

}  // namespace

Error error_from(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& x) {
    return x;
  } catch (const std::filesystem::filesystem_error& x) {
    return from_filesystem(x);
  } catch (const nlohmann::json::exception& x) {
    return Error(ErrorKind::bad_input, std::string("malformed JSON: ") + x.what(), "fix or regenerate the file");
  } catch (const toml::parse_error& x) {
    return Error(ErrorKind::bad_input, std::string("malformed TOML: ") + std::string(x.description()),
                 "fix the file (kb check-config names the problem)");
  } catch (const std::bad_alloc&) {
    return Error(ErrorKind::environment, "out of memory", "free memory, or run with fewer --jobs");
  } catch (const std::system_error& x) {
    return Error(ErrorKind::environment, x.what(), "check the system's limits (threads, open files)");
  } catch (const std::exception& x) {
    return Error(ErrorKind::environment, std::string("unexpected failure: ") + x.what(),
                 "this is a bug in kb; please report it with the command line");
  } catch (...) {
    return Error(ErrorKind::environment, "unexpected failure", "this is a bug in kb; please report it with the command line");
  }
}

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return k_exit_usage;
    case ErrorKind::bad_input: return k_exit_bad_input;
    case ErrorKind::environment: return k_exit_environment;
    case ErrorKind::network: return k_exit_network;
    case ErrorKind::nonconformant: return k_exit_nonconformant;
  }
  return k_exit_environment;
}

void print_error(std::ostream& out, const Error& e) {
  out << "kb: error: " << e.what() << "\n";
  if (!e.hint().empty()) out << "  hint: " << e.hint() << "\n";
}

}  // namespace kb
