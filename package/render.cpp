// SPDX-License-Identifier: Apache-2.0
// Text summaries for the CLI; the JSON manifest is the machine interface.
#include <sstream>

#include "package/package.hpp"
#include "package/size_report.hpp"

namespace kb::package {

std::string render_size_report(const nlohmann::ordered_json& m) {
  std::ostringstream out;
  if (!m.contains("sizes")) return {};
  const auto& s = m["sizes"];
  out << "sizes:\n";
  for (const auto& v : s["variants"]) {
    out << "  " << v["name"].get<std::string>() << "  " << human_bytes(v["bytes"]) << " in " << v["files"].get<std::size_t>()
        << " file(s)\n";
    for (const auto& so : v["so"]) out << "    " << so["path"].get<std::string>() << "  " << human_bytes(so["bytes"]) << "\n";
    if (v.contains("cuda_archs"))
      for (const auto& [arch, bytes] : v["cuda_archs"].items()) out << "      " << arch << "  " << human_bytes(bytes) << "\n";
  }
  out << "  total  " << human_bytes(s["total_bytes"]) << "\n";
  for (const auto& o : s["outliers"])
    out << "  warning: " << o["kind"].get<std::string>() << ": " << o["subject"].get<std::string>() << ": "
        << o["message"].get<std::string>() << "\n";
  return out.str();
}

std::string render_text(const Result& r) {
  std::ostringstream out;
  if (!r.written) {
    out << "kb package: refused: the merged tree is not conformant (--allow-nonconformant writes it anyway)\n";
    return out.str();
  }
  out << render_size_report(r.manifest);
  if (!r.excluded.empty()) out << "left out " << r.excluded.size() << " bytecode file(s)\n";
  if (r.gate.exit_code() != 0) out << "warning: non-conformant bundle written (--allow-nonconformant); findings are in kb-manifest.json\n";
  if (!r.sha256.empty()) out << "sha256 " << r.sha256 << "\n";
  return out.str();
}

}  // namespace kb::package
