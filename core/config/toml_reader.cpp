// SPDX-License-Identifier: Apache-2.0
#include "core/config/toml_reader.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace kb::config::detail {

namespace {

bool has_type(const toml::node& n, Type type) {
  switch (type) {
    case Type::string: return n.is_string();
    case Type::integer: return n.is_integer();
    case Type::boolean: return n.is_boolean();
    case Type::table: return n.is_table();
    case Type::any: return true;
    case Type::strings: {
      const toml::array* a = n.as_array();
      return a && std::all_of(a->begin(), a->end(), [](const toml::node& e) { return e.is_string(); });
    }
  }
  return false;
}

std::string found_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    default: return "a date/time";
  }
}

std::string example_for(Type type) {
  switch (type) {
    case Type::string: return "\"...\"";
    case Type::integer: return "1";
    case Type::boolean: return "true";
    case Type::strings: return "[\"a\", \"b\"]";
    case Type::table: return "{ ... } or a [section]";
    case Type::any: return "a value";
  }
  return {};
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

std::string join_keys(std::initializer_list<KeySpec> specs) {
  std::string out;
  for (const KeySpec& s : specs) out += (out.empty() ? "" : ", ") + std::string(s.key);
  return out;
}

}  // namespace

std::string type_name(Type type) {
  switch (type) {
    case Type::string: return "a string";
    case Type::integer: return "an integer";
    case Type::boolean: return "a boolean";
    case Type::strings: return "an array of strings";
    case Type::table: return "a table";
    case Type::any: return "a value";
  }
  return {};
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = 3;
  for (const std::string& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

Pos Reader::pos_of(const toml::node& node) {
  const toml::source_region& s = node.source();
  return Pos{static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)};
}

Pos Reader::pos_of_key(const toml::table& t, std::string_view key) {
  for (auto&& [k, v] : t)
    if (k.str() == key) {
      const toml::source_region& s = k.source();
      if (s.begin.line) return Pos{static_cast<int>(s.begin.line), static_cast<int>(s.begin.column)};
      return pos_of(v);
    }
  return pos_of(t);
}

void Reader::fail(Pos pos, const std::string& key, const std::string& problem, const std::string& hint) const {
  std::string msg = where(m_file, pos) + ": ";
  if (!key.empty()) msg += key + ": ";
  throw Error(ErrorKind::bad_input, msg + problem, hint);
}

void Reader::check(const toml::table& table, const std::string& path, std::initializer_list<KeySpec> specs) const {
  std::string prefix = path.empty() ? "" : path + ".";
  for (auto&& [k, v] : table) {
    auto it = std::find_if(specs.begin(), specs.end(), [&](const KeySpec& s) { return s.key == k.str(); });
    if (it == specs.end()) {
      std::vector<std::string> names;
      for (const KeySpec& s : specs) names.emplace_back(s.key);
      std::string near = closest(k.str(), names);
      std::string hint = near.empty() ? "remove it; allowed keys here: " + join_keys(specs)
                                      : "did you mean \"" + near + "\"? allowed keys here: " + join_keys(specs);
      fail(pos_of_key(table, k.str()), prefix + std::string(k.str()), "unknown key", hint);
    }
    if (!has_type(v, it->type))
      fail(pos_of(v), prefix + std::string(k.str()),
           "expected " + type_name(it->type) + ", found " + found_name(v),
           "write it as " + std::string(k.str()) + " = " + example_for(it->type));
  }
  for (const KeySpec& s : specs)
    if (s.required && !table.contains(s.key))
      fail(pos_of(table), prefix + std::string(s.key), "missing required key",
           "add " + std::string(s.key) + " = " + example_for(s.type) + " to [" + path + "]");
}

std::string Reader::get_string(const toml::table& t, std::string_view key, std::string fallback) const {
  if (auto v = t[key].value<std::string>()) return *v;
  return fallback;
}

std::vector<std::string> Reader::get_strings(const toml::table& t, std::string_view key) const {
  std::vector<std::string> out;
  if (const toml::array* a = t[key].as_array())
    for (const toml::node& e : *a)
      if (auto s = e.value<std::string>()) out.push_back(*s);
  return out;
}

std::vector<Located> Reader::get_located(const toml::table& t, std::string_view key) const {
  std::vector<Located> out;
  if (const toml::array* a = t[key].as_array())
    for (const toml::node& e : *a)
      if (auto s = e.value<std::string>()) out.push_back({*s, pos_of(e)});
  return out;
}

bool Reader::get_bool(const toml::table& t, std::string_view key, bool fallback) const {
  return t[key].value<bool>().value_or(fallback);
}

const toml::table* Reader::get_table(const toml::table& t, std::string_view key) const {
  return t[key].as_table();
}

std::string Reader::get_version(const toml::table& t, const std::string& path, std::string_view key) const {
  std::string v = get_string(t, key);
  if (!t.contains(key)) return {};
  bool ok = !v.empty() && v.front() != '.' && v.back() != '.' && v.find("..") == std::string::npos &&
            v.find_first_not_of("0123456789.") == std::string::npos;
  if (!ok)
    fail(pos_of(*t.get(key)), path + "." + std::string(key),
         v.empty() ? "empty version string" : "version must consist of numbers: " + v,
         "write dot-separated integers, e.g. \"2.11\"");
  return v;
}

}  // namespace kb::config::detail
