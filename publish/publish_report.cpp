// SPDX-License-Identifier: Apache-2.0
// Renders a publish Result. The token never reaches a Result, so nothing here can leak it.
#include <sstream>

#include <nlohmann/json.hpp>

#include "publish/publish.hpp"

using nlohmann::json;

namespace kb::publish {

namespace {

std::string human_size(std::uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) v /= 1024, ++u;
  std::ostringstream s;
  s.precision(u == 0 ? 0 : 1);
  s << std::fixed << v << " " << units[u];
  return s.str();
}

json plan_json(const UploadPlan& p) {
  json uploads = json::array(), deletions = json::array(), commits = json::array();
  for (const auto& c : p.commits) {
    for (const auto& op : c.ops) {
      if (op.kind == Operation::Kind::remove) {
        deletions.push_back({{"path", op.path}, {"branch", c.branch}});
        continue;
      }
      const LocalFile& f = p.files[op.file];
      uploads.push_back({{"path", f.path}, {"branch", c.branch}, {"size", f.size},
                         {"mode", op.kind == Operation::Kind::add_lfs ? "lfs" : "regular"}, {"sha256", f.sha256}});
    }
    commits.push_back({{"branch", c.branch}, {"summary", c.summary}, {"operations", c.ops.size()}});
  }
  return {{"uploads", uploads}, {"deletions", deletions}, {"commits", commits},
          {"unchanged", p.unchanged}, {"ignored", p.ignored}, {"lfs_bytes", p.lfs_bytes()}};
}

}  // namespace

std::string render_json(const Result& r) {
  json prs = json::array();
  for (const auto& pr : r.pull_requests) prs.push_back({{"branch", pr.branch}, {"url", pr.url}});
  json j = {{"schema", 1},
            {"status", r.status},
            {"repo_id", r.repo_id},
            {"repo_type", r.repo_type == RepoType::kernel ? "kernel" : "model"},
            {"branch", r.branch},
            {"url", r.url},
            {"pull_requests", prs},
            {"commits", r.commits},
            {"bytes_uploaded", r.bytes_uploaded},
            {"files_uploaded", r.files_uploaded},
            {"files_deleted", r.files_deleted},
            {"plan", plan_json(r.plan)}};
  return j.dump(2) + "\n";
}

std::string render_text(const Result& r) {
  std::ostringstream out;
  const UploadPlan& p = r.plan;
  if (r.status == "dry_run") {
    out << "dry run: " << r.repo_id << " (" << (r.repo_type == RepoType::kernel ? "kernel" : "model") << "), branch "
        << r.branch << "\n";
    for (const auto& c : p.commits) {
      out << "commit to " << c.branch << ": \"" << c.summary << "\" (" << c.ops.size() << " operations)\n";
      for (const auto& op : c.ops) {
        if (op.kind == Operation::Kind::remove) {
          out << "  delete  " << op.path << "\n";
          continue;
        }
        const LocalFile& f = p.files[op.file];
        out << "  " << (op.kind == Operation::Kind::add_lfs ? "lfs    " : "regular") << " " << f.path << "  "
            << human_size(f.size) << "\n";
      }
    }
    out << p.unchanged.size() << " file(s) unchanged; would send up to " << human_size(p.lfs_bytes())
        << " through LFS; nothing was written\n";
    return out.str();
  }
  if (r.status == "no_changes") {
    out << r.repo_id << "@" << r.branch << ": up to date (" << p.unchanged.size() << " files unchanged), no commit\n";
    return out.str();
  }
  out << r.repo_id << "@" << r.branch << ": " << r.files_uploaded << " file(s) added or changed, " << r.files_deleted
      << " deleted, " << human_size(r.bytes_uploaded) << " uploaded in " << r.commits.size() << " commit(s)\n";
  for (const auto& pr : r.pull_requests) out << "pull request on " << pr.branch << ": " << pr.url << "\n";
  out << r.url << "\n";
  return out.str();
}

}  // namespace kb::publish
