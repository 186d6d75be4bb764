// SPDX-License-Identifier: Apache-2.0
#include "publish/hash_cache.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/atomic_output.hpp"
#include "core/digest.hpp"

using nlohmann::json;

namespace kb::publish {

std::string stat_key(const std::filesystem::path& p) {
  struct stat st;
  if (::stat(p.c_str(), &st) != 0) return "";
  std::ostringstream k;
  k << std::filesystem::absolute(p).string() << '|' << st.st_size << '|' << st.st_mtim.tv_sec << '.'
    << st.st_mtim.tv_nsec << '|' << st.st_ctim.tv_sec << '.' << st.st_ctim.tv_nsec << '|' << st.st_ino;
  return k.str();
}

namespace {
std::string unhex(const std::string& s) {
  // The sample is stored hex-encoded: no decoder needed, and it is at most 512 bytes.
  std::string out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(static_cast<char>(std::stoi(s.substr(i, 2), nullptr, 16)));
  return out;
}
}  // namespace

HashCache::HashCache(std::filesystem::path file) : m_file(std::move(file)) {
  if (m_file.empty()) return;
  std::ifstream in(m_file);
  if (!in) return;
  json j = json::parse(in, nullptr, false);
  if (!j.is_object() || j.value("schema", 0) != 1) return;
  for (auto& [key, v] : j["entries"].items())
    if (v.is_array() && v.size() == 3)
      m_old[key] = {v[0].get<std::string>(), v[1].get<std::string>(), unhex(v[2].get<std::string>())};
}

std::optional<HashedEntry> HashCache::get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (key.empty()) return std::nullopt;
  auto it = m_old.find(key);
  if (it == m_old.end()) return std::nullopt;
  return it->second;
}

void HashCache::put(const std::string& key, const HashedEntry& e) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (!key.empty()) m_new[key] = e;
}

void HashCache::save() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_file.empty()) return;
  json entries = json::object();
  auto add = [&](const std::unordered_map<std::string, HashedEntry>& m) {
    for (const auto& [k, e] : m) {
      if (entries.size() >= 50000) return;
      if (!entries.contains(k))
        entries[k] = {e.sha256, e.git_sha1, hex_encode(std::vector<std::uint8_t>(e.sample.begin(), e.sample.end()))};
    }
  };
  add(m_new);
  add(m_old);
  try {
    std::filesystem::create_directories(m_file.parent_path());
    write_file_atomic(m_file, json{{"schema", 1}, {"entries", entries}}.dump());
  } catch (...) {
  }
}

}  // namespace kb::publish
