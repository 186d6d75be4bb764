// SPDX-License-Identifier: Apache-2.0
#include "package/prefetch_stream.hpp"

#include <algorithm>
#include <cstring>

namespace kb::package {

PrefetchStream::PrefetchStream(std::unique_ptr<tree::ByteStream> source, bool want_sha512)
    : m_source(std::move(source)),
      m_sha256(HashAlgorithm::sha256),
      m_sha512(HashAlgorithm::sha512),
      m_want_sha512(want_sha512),
      m_thread([this] { run(); }) {}

PrefetchStream::~PrefetchStream() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  m_thread.join();
}

void PrefetchStream::run() {
  try {
    for (;;) {
      std::vector<char> chunk(k_chunk);
      std::size_t filled = 0;
      for (std::size_t n; filled < k_chunk && (n = m_source->read(chunk.data() + filled, k_chunk - filled)) > 0;)
        filled += n;
      chunk.resize(filled);
      m_sha256.update(chunk.data(), filled);
      if (m_want_sha512) m_sha512.update(chunk.data(), filled);
      std::unique_lock<std::mutex> lock(m_mutex);
      m_changed.wait(lock, [this] { return m_stop || m_ready.size() < k_chunks; });
      if (m_stop) return;
      m_ready.push_back(std::move(chunk));
      m_changed.notify_all();
      if (filled == 0) return;
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_error = std::current_exception();
    m_changed.notify_all();
  }
}

std::size_t PrefetchStream::read(void* data, std::size_t size) {
  if (m_offset == m_current.size()) {
    if (m_done) return 0;
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_error || !m_ready.empty(); });
    if (m_ready.empty()) std::rethrow_exception(m_error);
    m_current = std::move(m_ready.front());
    m_ready.pop_front();
    m_offset = 0;
    m_changed.notify_all();
    if (m_current.empty()) {
      m_done = true;
      return 0;
    }
  }
  std::size_t n = std::min(size, m_current.size() - m_offset);
  std::memcpy(data, m_current.data() + m_offset, n);
  m_offset += n;
  return n;
}

PrefetchStream::Digests PrefetchStream::finish() {
  m_thread.join();  // it returned after queueing the end marker
  m_thread = std::thread([] {});  // keep the destructor's join valid
  Digests d;
  d.sha256 = m_sha256.finish();
  if (m_want_sha512) d.sha512 = m_sha512.finish();
  return d;
}

}  // namespace kb::package
