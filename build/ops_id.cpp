// SPDX-License-Identifier: Apache-2.0
#include "build/ops_id.hpp"

#include <random>

#include "core/error.hpp"

namespace kb::build {

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

bool is_hex_oid(const std::string& s) {
  return (s.size() == 40 || s.size() == 64) && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// 8 random bytes as RFC 4648 base32, lower case, unpadded (13 characters), as upstream does.
std::string random_uid() {
  std::random_device rd;
  uint64_t v = (uint64_t(rd()) << 32) ^ rd();
  const char* alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  unsigned char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(v >> (8 * i));  // little endian
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) out += alphabet[(buffer >> (bits - 5)) & 31], bits -= 5;
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

}  // namespace

KernelGit probe_git(const std::filesystem::path& dir, ProcessRunner& runner) {
  KernelGit g;
  if (find_program("git").empty()) return g;
  CommandResult commit = runner.run({{"git", "rev-parse", "HEAD"}, dir, {}});
  CommandResult tree = runner.run({{"git", "rev-parse", "HEAD:./"}, dir, {}});
  if (commit.exit_code != 0 || tree.exit_code != 0) return g;  // not a repository, or no commit yet
  g.commit = trimmed(commit.output);
  g.tree = trimmed(tree.output);
  if (!is_hex_oid(g.commit) || !is_hex_oid(g.tree)) return KernelGit{};
  CommandResult status = runner.run({{"git", "status", "--porcelain", "--untracked-files=no", "--", "."}, dir, {}});
  g.in_git = status.exit_code == 0;
  g.dirty = !trimmed(status.output).empty();
  return g;
}

std::string choose_uid(const std::string& unique_id, const KernelGit& git) {
  if (!unique_id.empty()) {
    if (unique_id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos)
      throw Error(ErrorKind::usage, "--unique-id \"" + unique_id + "\" is not a valid identifier part",
                  "use letters, digits and '_' only (it becomes part of a C and Python identifier)");
    return unique_id;
  }
  if (git.in_git) return git.tree.substr(0, 7) + (git.dirty ? "_dirty" : "");
  return random_uid();
}

std::string ops_id(const std::string& python_name, const std::string& backend, const std::string& uid) {
  return "_" + python_name + "_" + backend + "_" + uid;
}

}  // namespace kb::build
