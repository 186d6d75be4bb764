// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "publish/upload_plan.hpp"

using namespace kb::publish;

namespace {

LocalFile file(std::string path, std::string branch = "v1", std::uint64_t size = 10) {
  LocalFile f;
  f.path = std::move(path);
  f.branch = std::move(branch);
  f.size = size;
  f.sha256 = "sha256-of-" + f.path;
  f.git_sha1 = "sha1-of-" + f.path;
  return f;
}

PreuploadAnswer answer(const std::string& path, UploadMode mode, std::string oid = "") {
  return {path, mode, false, std::move(oid)};
}

}  // namespace

TEST_CASE("stale deletions keep other variants on an existing branch", "[publish][plan][unit]") {
  std::vector<RemoteFile> remote = {{"build/a/x.py", "1", 1, ""}, {"build/a/old.py", "2", 1, ""},
                                    {"build/b/y.py", "3", 1, ""}, {"README.md", "4", 1, ""}};
  auto del = stale_deletions({"build/a/x.py"}, {"a"}, remote, false);
  REQUIRE(del == std::vector<std::string>{"build/a/old.py"});
}

TEST_CASE("a new branch drops every build/ file not uploaded, nothing else", "[publish][plan][unit]") {
  std::vector<RemoteFile> remote = {{"build/a/x.py", "1", 1, ""}, {"build/b/y.py", "3", 1, ""},
                                    {"benchmarks/b.py", "5", 1, ""}, {"README.md", "4", 1, ""}};
  auto del = stale_deletions({"build/a/x.py"}, {"a"}, remote, true);
  REQUIRE(del == std::vector<std::string>{"build/b/y.py"});
}

TEST_CASE("unchanged files are dropped by oid in the server's mode", "[publish][plan][unit]") {
  std::vector<LocalFile> files = {file("build/a/x.py"), file("build/a/k.so"), file("build/a/new.py")};
  BranchState b;
  b.branch = "v1";
  b.answers = {answer("build/a/x.py", UploadMode::regular, "sha1-of-build/a/x.py"),
               answer("build/a/k.so", UploadMode::lfs, "sha256-of-build/a/k.so"),
               answer("build/a/new.py", UploadMode::regular, "")};
  UploadPlan p = make_plan(files, {b}, {"a"});
  REQUIRE(p.unchanged.size() == 2);
  REQUIRE(p.commits.size() == 1);
  REQUIRE(p.commits[0].ops.size() == 1);
  CHECK(p.commits[0].ops[0].path == "build/a/new.py");
  CHECK(p.lfs_uploads.empty());
}

TEST_CASE("an oid of the other mode is a change, not a match", "[publish][plan][unit]") {
  BranchState b;
  b.branch = "v1";
  b.answers = {answer("build/a/k.so", UploadMode::lfs, "sha1-of-build/a/k.so")};
  UploadPlan p = make_plan({file("build/a/k.so")}, {b}, {"a"});
  REQUIRE(p.lfs_uploads.size() == 1);
  CHECK(p.lfs_bytes() == 10);
}

TEST_CASE("an unchanged tree plans no commit at all", "[publish][plan][unit]") {
  BranchState b;
  b.branch = "v1";
  b.files = {{"build/a/x.py", "sha1-of-build/a/x.py", 10, ""}};
  b.answers = {answer("build/a/x.py", UploadMode::regular, "sha1-of-build/a/x.py")};
  UploadPlan p = make_plan({file("build/a/x.py")}, {b}, {"a"});
  REQUIRE(p.commits.empty());
  REQUIRE(p.operation_count() == 0);
}

TEST_CASE("empty files are regular and ignored files are skipped", "[publish][plan][unit]") {
  BranchState b;
  b.branch = "v1";
  b.answers = {answer("build/a/empty", UploadMode::lfs), {"build/a/skip.pyc", UploadMode::lfs, true, ""}};
  UploadPlan p = make_plan({file("build/a/empty", "v1", 0), file("build/a/skip.pyc")}, {b}, {"a"});
  REQUIRE(p.commits.size() == 1);
  REQUIRE(p.commits[0].ops.size() == 1);
  CHECK(p.commits[0].ops[0].kind == Operation::Kind::add_regular);
  CHECK(p.ignored == std::vector<std::string>{"build/a/skip.pyc"});
}

TEST_CASE("the card goes to main first, the build to its branch", "[publish][plan][unit]") {
  BranchState main, v1;
  main.branch = "main";
  v1.branch = "v1";
  v1.files = {{"build/a/stale.py", "x", 1, ""}};
  UploadPlan p = make_plan({file("build/a/x.py"), file("README.md", "main")}, {v1, main}, {"a"});
  REQUIRE(p.commits.size() == 2);
  CHECK(p.commits[0].branch == "main");
  CHECK(p.commits[0].ops.size() == 1);
  CHECK(p.commits[1].branch == "v1");
  REQUIRE(p.commits[1].ops.size() == 2);
  CHECK(p.commits[1].ops[0].kind == Operation::Kind::remove);  // deletions precede additions
}

TEST_CASE("more than 1000 operations are split into batches", "[publish][plan][unit]") {
  std::vector<Operation> ops(2345, Operation{Operation::Kind::add_regular, "p", 0});
  ops[2000].kind = Operation::Kind::remove;
  auto commits = chunk_commits("v1", ops);
  REQUIRE(commits.size() == 3);
  CHECK(commits[0].ops.size() == 1000);
  CHECK(commits[2].ops.size() == 345);
  CHECK(commits[0].ops[0].kind == Operation::Kind::remove);
  CHECK(commits[1].summary == "Uploaded using `kb` (batch 2/3).");
}

TEST_CASE("calls are batched at 256 files", "[publish][plan][unit]") {
  auto b = batches(600);
  REQUIRE(b.size() == 3);
  CHECK(b[0] == std::make_pair<std::size_t, std::size_t>(0, 256));
  CHECK(b[2] == std::make_pair<std::size_t, std::size_t>(512, 600));
  CHECK(batches(0).empty());
}
