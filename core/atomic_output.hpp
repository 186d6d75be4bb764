// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <filesystem>
#include <string_view>

namespace kb {

// Writes go to a sibling temp path and are renamed into place by commit(), so a failure
// (or a crash) never leaves a half-written output or destroys the previous one.
// Destruction without commit() removes the temp path.
class AtomicOutput {
 public:
  // `is_dir` selects whether temp_path() is created as a directory or left for a file.
  AtomicOutput(std::filesystem::path target, bool is_dir);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& temp_path() const { return m_temp; }
  const std::filesystem::path& target() const { return m_target; }
  // Replaces the target (file or directory) with the temp path. Throws Error(environment).
  void commit();

 private:
  std::filesystem::path m_target;
  std::filesystem::path m_temp;
  bool m_committed = false;
};

// Convenience: atomically writes `content` to `target`.
void write_file_atomic(const std::filesystem::path& target, std::string_view content);

}  // namespace kb
