// SPDX-License-Identifier: Apache-2.0
#include "core/digest.hpp"

#include <openssl/evp.h>

#include <fstream>

#include "core/error.hpp"

namespace kb {

HashAlgorithm parse_hash_algorithm(std::string_view name) {
  if (name == "sha256") return HashAlgorithm::sha256;
  if (name == "sha512") return HashAlgorithm::sha512;
  if (name == "sha1") return HashAlgorithm::sha1;
  throw Error(ErrorKind::bad_input, "unknown digest algorithm \"" + std::string(name) + "\"",
              "use sha256 or sha512");
}

const char* to_string(HashAlgorithm a) {
  switch (a) {
    case HashAlgorithm::sha1: return "sha1";
    case HashAlgorithm::sha256: return "sha256";
    case HashAlgorithm::sha512: return "sha512";
  }
  return "sha256";
}

static const EVP_MD* md_for(HashAlgorithm a) {
  switch (a) {
    case HashAlgorithm::sha1: return EVP_sha1();
    case HashAlgorithm::sha256: return EVP_sha256();
    case HashAlgorithm::sha512: return EVP_sha512();
  }
  return EVP_sha256();
}

Hasher::Hasher(HashAlgorithm a) : m_ctx(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(m_ctx), md_for(a), nullptr);
}

Hasher::~Hasher() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx)); }

void Hasher::update(const void* data, std::size_t size) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_ctx), data, size);
}

std::vector<std::uint8_t> Hasher::finish() {
  std::vector<std::uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int n = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(m_ctx), out.data(), &n);
  out.resize(n);
  return out;
}

std::vector<std::uint8_t> hash_file(const std::filesystem::path& p, HashAlgorithm a) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(ErrorKind::bad_input, p.string() + ": cannot open for hashing");
  Hasher h(a);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw Error(ErrorKind::bad_input, p.string() + ": read error while hashing");
  return h.finish();
}

std::vector<std::uint8_t> hash_bytes(std::string_view bytes, HashAlgorithm a) {
  Hasher h(a);
  h.update(bytes);
  return h.finish();
}

std::string base64_encode(const std::vector<std::uint8_t>& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string hex_encode(const std::vector<std::uint8_t>& bytes) {
  static const char* k_digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out += k_digits[b >> 4];
    out += k_digits[b & 15];
  }
  return out;
}

}  // namespace kb
