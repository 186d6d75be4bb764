// SPDX-License-Identifier: Apache-2.0
// Internal to core/config: typed, position-aware access to a toml++ table. Every accessor
// validates as it reads, so a problem becomes one Error naming file:line:column, the dotted
// key and a fix. Unknown keys are errors (upstream uses serde's deny_unknown_fields).
#pragma once
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/config/build_config.hpp"

namespace kb::config::detail {

enum class Type { string, integer, boolean, strings, table, any };

struct KeySpec {
  std::string_view key;
  Type type;
  bool required = false;
};

class Reader {
 public:
  explicit Reader(std::filesystem::path file) : m_file(std::move(file)) {}

  const std::filesystem::path& file() const { return m_file; }

  // Throws Error(bad_input) "<file>:<l>:<c>: <key>: <problem>" with `hint`.
  [[noreturn]] void fail(Pos pos, const std::string& key, const std::string& problem,
                         const std::string& hint) const;

  // Rejects keys not in `specs`, values of the wrong type and missing required keys.
  // `path` is the table's dotted name ("general", "kernel.activation").
  void check(const toml::table& table, const std::string& path,
             std::initializer_list<KeySpec> specs) const;

  std::string get_string(const toml::table& t, std::string_view key, std::string fallback = {}) const;
  std::vector<std::string> get_strings(const toml::table& t, std::string_view key) const;
  std::vector<Located> get_located(const toml::table& t, std::string_view key) const;
  bool get_bool(const toml::table& t, std::string_view key, bool fallback) const;
  const toml::table* get_table(const toml::table& t, std::string_view key) const;

  // A version string of dot-separated integers ("2.11", "12.8"); fails with a hint otherwise.
  std::string get_version(const toml::table& t, const std::string& path, std::string_view key) const;

  static Pos pos_of(const toml::node& node);
  static Pos pos_of_key(const toml::table& t, std::string_view key);

 private:
  std::filesystem::path m_file;
};

// Name of a TOML type for messages ("a string", "an array of strings").
std::string type_name(Type type);

// The closest candidate within edit distance 2, or empty.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kb::config::detail
