// SPDX-License-Identifier: Apache-2.0
#include "publish/tree_source.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "core/digest.hpp"
#include "core/error.hpp"

namespace kb::publish {

std::string TreeSource::read_all(std::size_t i) const {
  auto reader = open(i, 0);
  std::string out(entry(i).size, '\0');
  std::size_t got = 0;
  while (got < out.size()) {
    std::size_t k = reader->read(out.data() + got, out.size() - got);
    if (k == 0) break;
    got += k;
  }
  if (got != out.size())
    throw Error(ErrorKind::bad_input, describe + ": " + entry(i).rel + ": file shrank while reading",
                "do not modify the tree during kb publish");
  return out;
}

namespace {

constexpr std::uint64_t k_regular_limit = 10u << 20;

HashedEntry hash_one(const TreeSource& src, std::size_t i) {
  Hasher sha256(HashAlgorithm::sha256), sha1(HashAlgorithm::sha1);
  std::uint64_t size = src.entry(i).size;
  bool want_sha1 = size < k_regular_limit;
  std::string prefix = "blob " + std::to_string(size) + std::string(1, '\0');
  sha1.update(prefix);
  HashedEntry out;
  auto reader = src.open(i, 0);
  std::vector<char> buf(1 << 20);
  std::uint64_t total = 0;
  for (std::size_t k; (k = reader->read(buf.data(), buf.size())) > 0; total += k) {
    if (out.sample.size() < 512) out.sample.append(buf.data(), std::min<std::size_t>(k, 512 - out.sample.size()));
    sha256.update(buf.data(), k);
    if (want_sha1) sha1.update(buf.data(), k);
  }
  if (total != size)
    throw Error(ErrorKind::bad_input, src.describe + ": " + src.entry(i).rel + ": size changed while hashing",
                "do not modify the tree during kb publish");
  out.sha256 = hex_encode(sha256.finish());
  out.git_sha1 = want_sha1 ? hex_encode(sha1.finish()) : std::string();
  return out;
}

}  // namespace

std::vector<HashedEntry> hash_entries(const TreeSource& src, int jobs, HashCache& cache) {
  std::size_t n = src.files.size() + (src.card ? 1 : 0);
  std::vector<HashedEntry> out(n);
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    for (std::size_t i; (i = next++) < n;) {
      try {
        std::string key = src.cache_key(i);
        if (auto hit = cache.get(key)) {
          out[i] = *hit;
          continue;
        }
        out[i] = hash_one(src, i);
        cache.put(key, out[i]);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next = n;
      }
    }
  };
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned threads = std::max<unsigned>(1, std::min<std::size_t>({jobs > 0 ? unsigned(jobs) : cores, cores, n}));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  return out;
}

}  // namespace kb::publish
