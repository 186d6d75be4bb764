// SPDX-License-Identifier: Apache-2.0
#include "core/version.hpp"

#include "kb_git_facts.h"  // generated at build time: KB_GIT_COMMIT, KB_GIT_DIRTY

namespace kb {

const KbVersion& kb_version() {
  static const KbVersion v{KB_VERSION, KB_GIT_COMMIT, KB_GIT_DIRTY};
  return v;
}

}  // namespace kb
