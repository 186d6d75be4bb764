// SPDX-License-Identifier: Apache-2.0
// Sends the LFS objects of a plan: batch calls (<= 256 objects), then every single PUT and every
// multipart part as one task of a worker pool; the last part of an object completes it; each object
// is verified when the batch offers it.
#pragma once
#include <functional>
#include <optional>

#include "publish/hub_client.hpp"
#include "publish/tree_source.hpp"
#include "publish/upload_plan.hpp"

namespace kb::publish {

struct LfsUploadResult {
  std::uint64_t bytes = 0;      // bytes PUT (objects the storage already had cost nothing)
  std::size_t objects = 0;      // objects sent
};

LfsUploadResult upload_lfs_objects(HubClient& hub, const RepoRef& repo, const UploadPlan& plan,
                                   const TreeSource& src, const std::optional<std::string>& ref, int jobs,
                                   const std::function<void(std::uint64_t, std::uint64_t)>& on_progress);

}  // namespace kb::publish
