// SPDX-License-Identifier: Apache-2.0
// Reads a source on a helper thread, hashing each chunk there, while libzip deflates (or CRCs and
// writes) the previous chunk on the caller's thread: on two cores the sha256 of every packaged
// file costs no wall time. At most k_chunks chunks of 1 MiB are in flight (bounded memory).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/digest.hpp"
#include "core/tree/byte_stream.hpp"

namespace kb::package {

class PrefetchStream {
 public:
  // Takes ownership of `source`; starts reading at once.
  PrefetchStream(std::unique_ptr<tree::ByteStream> source, bool want_sha512);
  ~PrefetchStream();  // stops and joins the reader, discarding unread chunks
  PrefetchStream(const PrefetchStream&) = delete;
  PrefetchStream& operator=(const PrefetchStream&) = delete;

  // Copies up to `size` bytes; 0 at the end. Rethrows the reader's error (Error naming the file).
  std::size_t read(void* data, std::size_t size);
  struct Digests {
    std::vector<std::uint8_t> sha256, sha512;  // sha512 empty unless asked for
  };
  // After the end was read: the digests of every byte.
  Digests finish();

 private:
  void run();

  static constexpr std::size_t k_chunk = 1 << 20, k_chunks = 4;
  std::unique_ptr<tree::ByteStream> m_source;
  Hasher m_sha256, m_sha512;
  bool m_want_sha512;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::vector<char>> m_ready;  // an empty chunk marks the end
  std::exception_ptr m_error;
  bool m_stop = false;
  std::vector<char> m_current;
  std::size_t m_offset = 0;
  bool m_done = false;
  std::thread m_thread;
};

}  // namespace kb::package
