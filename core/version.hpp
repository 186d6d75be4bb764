// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

namespace kb {

// kb's own identity, baked in at configure time (for metadata provenance and --version).
struct KbVersion {
  std::string version;
  std::string commit;  // full hex sha of the kb checkout, empty outside git
  bool dirty = false;
};
const KbVersion& kb_version();

}  // namespace kb
