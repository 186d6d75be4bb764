// SPDX-License-Identifier: Apache-2.0
// Repo id and branch when the flags leave them out, as kernel-builder derives them
// (docs/publish.md, "What goes where"): build.toml general.hub.{repo-id,branch}, else v<version> where every
// variant's metadata.json must agree on `version`.
#pragma once
#include <string>

#include "publish/tree_source.hpp"

namespace kb::publish {

struct Target {
  std::string repo_id;
  std::string branch;
};

// Fills what `given` leaves empty. Throws Error(usage) when no repo id can be found and
// Error(bad_input) for an unreadable build.toml or metadata.json, or versions that disagree.
// TODO: read general.hub through the build.toml model of kb build once it is public.
Target resolve_target(const TreeSource& src, Target given);

// "org/name" with Hub-legal characters; throws Error(usage) naming the value otherwise.
void check_repo_id(const std::string& id);

}  // namespace kb::publish
