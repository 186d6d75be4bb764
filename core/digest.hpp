// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

enum class HashAlgorithm { sha1, sha256, sha512 };

// Parses "sha256"/"sha512"/"sha1"; throws Error(bad_input) naming the value otherwise.
HashAlgorithm parse_hash_algorithm(std::string_view name);
const char* to_string(HashAlgorithm a);

// Incremental hasher over OpenSSL EVP; feed bytes, then take the raw digest once.
class Hasher {
 public:
  explicit Hasher(HashAlgorithm a);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  void update(const void* data, std::size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  std::vector<std::uint8_t> finish();

 private:
  void* m_ctx;
};

// Streams a file through the hasher (64 KiB reads, no slurp). Throws Error(bad_input) if unreadable.
std::vector<std::uint8_t> hash_file(const std::filesystem::path& p, HashAlgorithm a);
std::vector<std::uint8_t> hash_bytes(std::string_view bytes, HashAlgorithm a);

// Standard (RFC 4648 §4, padded) base64, as metadata.json digests use; via OpenSSL.
std::string base64_encode(const std::vector<std::uint8_t>& bytes);
std::string hex_encode(const std::vector<std::uint8_t>& bytes);

}  // namespace kb
