// SPDX-License-Identifier: Apache-2.0
// What a publish will do, as plain values: which files go up (and how), which are deleted,
// and how operations are grouped into commits. Computed from local hashes and the Hub's
// answers (preupload, tree listing) before any write request; executing it is a short loop.
// Rules mirror `kernel-builder upload` (docs/publish.md, "What goes where").
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace kb::publish {

enum class UploadMode { regular, lfs };
const char* to_string(UploadMode m);

// One local file as it will appear in the repo.
struct LocalFile {
  std::string path;      // repo path: build/<variant>/<rel> or README.md
  std::string branch;    // branch it goes to (the card goes to main)
  std::uint64_t size = 0;
  std::string sha256;    // hex of the content: the LFS oid
  std::string git_sha1;  // hex of sha1("blob <size>\0" + content): the regular-file oid
  std::string sample;    // first <= 512 bytes, raw (preupload sends it base64)
  std::size_t source = 0;  // index of the entry in the TreeSource
};

// A file on the branch now (tree listing).
struct RemoteFile {
  std::string path;
  std::string oid;         // git blob id
  std::uint64_t size = 0;
  std::string lfs_sha256;  // empty for regular files
};

// The Hub's preupload verdict on one local file.
struct PreuploadAnswer {
  std::string path;
  UploadMode mode = UploadMode::regular;
  bool should_ignore = false;
  std::string oid;  // what is stored at that path now (sha1 or sha256); empty if new
};

struct Operation {
  enum class Kind { add_regular, add_lfs, remove };
  Kind kind = Kind::add_regular;
  std::string path;
  std::size_t file = 0;  // index into UploadPlan::files for adds
};

struct CommitPlan {
  std::string branch;
  std::string summary;
  std::vector<Operation> ops;
};

// Remote facts of one target branch, gathered before planning.
struct BranchState {
  std::string branch;
  bool is_new = false;             // created by this publish (forked from main)
  std::vector<RemoteFile> files;   // what the branch holds now
  std::vector<PreuploadAnswer> answers;  // for this branch's local files
};

struct UploadPlan {
  std::vector<LocalFile> files;
  std::vector<CommitPlan> commits;        // execution order: branches sorted (main first), batches
  std::vector<std::size_t> lfs_uploads;   // files whose content goes through LFS
  std::vector<std::string> unchanged;     // paths identical on the Hub already
  std::vector<std::string> ignored;       // paths the Hub's .gitignore excludes
  std::uint64_t lfs_bytes() const;
  std::size_t operation_count() const;
};

constexpr std::size_t k_max_ops_per_commit = 1000;  // as kernel-builder
constexpr std::size_t k_max_files_per_call = 256;   // preupload and LFS batch, as huggingface_hub

// Stale files of kernel-builder: on an existing branch, files under build/<v>/ of the uploaded
// variants that are not uploaded now (other variants are kept); on a new branch, every build/ file
// not uploaded. Sorted.
std::vector<std::string> stale_deletions(const std::vector<std::string>& local_paths,
                                         const std::vector<std::string>& variants,
                                         const std::vector<RemoteFile>& remote, bool branch_is_new);

// Local oid in the given mode (sha256 for lfs, git blob sha1 for regular).
const std::string& local_oid(const LocalFile& f, UploadMode mode);

// Splits a branch's operations into commits of at most `max_ops`, deletions first.
std::vector<CommitPlan> chunk_commits(const std::string& branch, std::vector<Operation> ops,
                                      std::size_t max_ops = k_max_ops_per_commit);

// The whole plan. Files whose preupload oid equals the local oid are dropped (only what changed
// is sent); an empty file is always regular. A branch with nothing to do gets no commit.
UploadPlan make_plan(std::vector<LocalFile> files, const std::vector<BranchState>& branches,
                     const std::vector<std::string>& variants, std::size_t max_ops = k_max_ops_per_commit);

// Splits `n` items into batches of at most `per_call` (preupload / LFS batch calls).
std::vector<std::pair<std::size_t, std::size_t>> batches(std::size_t n, std::size_t per_call = k_max_files_per_call);

}  // namespace kb::publish
