// SPDX-License-Identifier: Apache-2.0
// Internal: reading a Python wheel for --profile wheel. Every member is a candidate; the ones whose
// first bytes are a loadable ELF (shared object, executable, standalone cubin) are read. Members up
// to k_in_memory_limit are parsed in memory; bigger ones are streamed to a temporary file and read
// by mmap, so an 800 MB extension costs one window of pages, not its size (cuda.kernels releases
// pages as it goes).
#pragma once
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "inspect/so_facts.hpp"
#include "inspect/wheel_facts.hpp"

namespace kb::inspect {

constexpr std::uint64_t k_in_memory_limit = 64ull << 20;

class WheelReader {
 public:
  // Lists the wheel. Throws Error(bad_input) naming it when libzip cannot open it.
  explicit WheelReader(const std::filesystem::path& wheel);
  ~WheelReader();
  WheelReader(const WheelReader&) = delete;
  WheelReader& operator=(const WheelReader&) = delete;

  struct Candidate {
    std::string name;
    std::uint64_t index = 0, size = 0;
  };
  // Regular members with unsafe names (absolute, "..") left out; sorted biggest first.
  const std::vector<Candidate>& candidates() const { return m_candidates; }
  const std::vector<std::string>& members() const { return m_members; }
  const std::vector<std::string>& unsafe() const { return m_unsafe; }

  // The facts of candidate `c` when it is a loadable ELF (SoFacts::path = "<wheel>!<name>"),
  // else nullopt. `with_cuda` lists device code, `with_kernels` also reads kernel names.
  // Safe to call from several threads. Throws Error(bad_input) naming the member.
  std::optional<SoFacts> read(const Candidate& c, bool with_cuda, bool with_kernels) const;

 private:
  struct Handle;
  std::unique_ptr<Handle> acquire() const;
  void release(std::unique_ptr<Handle> h) const;

  std::filesystem::path m_path;
  std::vector<Candidate> m_candidates;
  std::vector<std::string> m_members, m_unsafe;
  mutable std::mutex m_pool_mutex;
  mutable std::vector<std::unique_ptr<Handle>> m_pool;  // one libzip handle per thread in flight
};

}  // namespace kb::inspect
