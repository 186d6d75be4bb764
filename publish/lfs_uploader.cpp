// SPDX-License-Identifier: Apache-2.0
#include "publish/lfs_uploader.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace kb::publish {

namespace {

class LimitedReader : public BodyReader {
 public:
  LimitedReader(std::unique_ptr<BodyReader> inner, std::uint64_t limit) : m_inner(std::move(inner)), m_left(limit) {}
  std::size_t read(char* buf, std::size_t n) override {
    std::size_t k = m_inner->read(buf, std::min<std::uint64_t>(n, m_left));
    m_left -= k;
    return k;
  }

 private:
  std::unique_ptr<BodyReader> m_inner;
  std::uint64_t m_left;
};

struct ObjectState {
  LfsAction action;
  std::size_t file = 0;  // a plan file with this content
  std::vector<std::string> etags;
  std::atomic<std::size_t> parts_left{0};
};

struct Task {
  ObjectState* object;
  std::size_t part;  // multipart part index; ignored for single PUTs
};

// Progress across workers: each task reports its own attempt's bytes; a retry restarts at 0.
class ProgressMeter {
 public:
  ProgressMeter(std::uint64_t total, const std::function<void(std::uint64_t, std::uint64_t)>& cb)
      : m_total(total), m_cb(cb) {}
  std::function<void(std::uint64_t)> for_task() {
    auto last = std::make_shared<std::uint64_t>(0);
    return [this, last](std::uint64_t now) {
      if (now > *last) m_done += now - *last;
      *last = now;
      if (m_cb) m_cb(std::min<std::uint64_t>(m_done, m_total), m_total);
    };
  }

 private:
  std::uint64_t m_total;
  std::atomic<std::uint64_t> m_done{0};
  const std::function<void(std::uint64_t, std::uint64_t)>& m_cb;
};

std::vector<std::unique_ptr<ObjectState>> request_actions(HubClient& hub, const RepoRef& repo, const UploadPlan& plan,
                                                          const std::optional<std::string>& ref) {
  std::map<std::string, std::size_t> by_oid;  // identical content is sent once
  for (std::size_t i : plan.lfs_uploads) by_oid.emplace(plan.files[i].sha256, i);
  std::vector<const LocalFile*> unique;
  for (auto& [_, i] : by_oid) unique.push_back(&plan.files[i]);
  std::vector<std::unique_ptr<ObjectState>> out;
  for (auto [from, to] : batches(unique.size())) {
    std::vector<const LocalFile*> slice(unique.begin() + from, unique.begin() + to);
    for (LfsAction& a : hub.lfs_batch(repo, slice, ref)) {
      if (a.upload_href.empty()) continue;  // the storage has it
      auto o = std::make_unique<ObjectState>();
      o->file = by_oid.at(a.oid);
      o->action = std::move(a);
      o->etags.resize(o->action.part_hrefs.size());
      o->parts_left = o->action.part_hrefs.size();
      out.push_back(std::move(o));
    }
  }
  return out;
}

}  // namespace

LfsUploadResult upload_lfs_objects(HubClient& hub, const RepoRef& repo, const UploadPlan& plan, const TreeSource& src,
                                   const std::optional<std::string>& ref, int jobs,
                                   const std::function<void(std::uint64_t, std::uint64_t)>& on_progress) {
  auto objects = request_actions(hub, repo, plan, ref);
  std::vector<Task> tasks;
  LfsUploadResult result;
  for (auto& o : objects) {
    result.bytes += o->action.size;
    std::size_t parts = std::max<std::size_t>(1, o->action.part_hrefs.size());
    for (std::size_t p = 0; p < parts; ++p) tasks.push_back({o.get(), p});
  }
  result.objects = objects.size();
  ProgressMeter meter(result.bytes, on_progress);
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto run_task = [&](const Task& t) {
    ObjectState& o = *t.object;
    auto body = [&](std::uint64_t off, std::uint64_t size) {
      Body b;
      b.size = size;
      b.open = [&src, file = o.file, off, size] { return std::make_unique<LimitedReader>(src.open(file, off), size); };
      return b;
    };
    if (o.action.chunk_size == 0) {
      hub.upload_single(o.action, body, meter.for_task());
      hub.verify(o.action);
      return;
    }
    o.etags[t.part] = hub.upload_part(o.action, t.part, body, meter.for_task());
    if (--o.parts_left == 0) {  // the last part to finish completes the object
      hub.complete_multipart(o.action, o.etags);
      hub.verify(o.action);
    }
  };
  auto work = [&] {
    for (std::size_t i; (i = next++) < tasks.size();) {
      try {
        run_task(tasks[i]);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        next = tasks.size();  // stop handing out work; nothing is committed after a failure
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::min<int>(std::max(jobs, 1), static_cast<int>(tasks.size())); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  return result;
}

}  // namespace kb::publish
