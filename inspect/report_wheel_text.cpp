// SPDX-License-Identifier: Apache-2.0
// The "wheel" summary of a --profile wheel target, as the first lines of its text-report block.
#include <sstream>

#include "inspect/wheel_summary.hpp"

namespace kb::inspect {

namespace {

using json = nlohmann::json;

std::string join_keys(const json& obj) {
  std::string out;
  for (auto it = obj.begin(); it != obj.end(); ++it) out += (out.empty() ? "" : ", ") + it.key();
  return out.empty() ? "none" : out;
}

std::string files_of(const json& list, std::size_t max = 3) {
  std::string out;
  std::size_t n = 0;
  for (const auto& f : list) {
    if (n++ == max) return out + ", +" + std::to_string(list.size() - max) + " more";
    out += (out.empty() ? "" : ", ") + f.get<std::string>();
  }
  return out;
}

void manylinux_line(std::ostringstream& out, const json& m) {
  out << "  manylinux: claimed " << (m["claimed"].empty() ? "none" : m["claimed"][0].get<std::string>())
      << ", needed " << (m["needed"].is_null() ? "none (no host ELF)" : m["needed"].get<std::string>());
  if (!m["needed_by"].is_null())
    out << " (by " << m["needed_by"].get<std::string>()
        << (m["because"].get<std::string>().empty() ? "" : ": " + m["because"].get<std::string>()) << ")";
  out << "\n";
}

}  // namespace

std::string render_wheel_summary_text(const json& s) {
  std::ostringstream out;
  manylinux_line(out, s["manylinux"]);
  const json& a = s["abi3"];
  out << "  abi3: " << (a["claimed"].get<bool>() ? "claimed (Python >= " + a["floor"].get<std::string>() + "), " +
                                                     (a["holds"].get<bool>() ? "holds" : "broken by " + std::to_string(a["violations"].get<int>()) + " symbol(s)")
                                               : std::string("not claimed"))
      << "\n  op namespaces: " << join_keys(s["op_namespaces"]) << "\n  CUDA majors linked:";
  if (s["cuda_majors"].empty()) out << " none";
  for (auto it = s["cuda_majors"].begin(); it != s["cuda_majors"].end(); ++it) {
    json files = json::array();
    for (auto lib = it->begin(); lib != it->end(); ++lib)
      for (const auto& f : *lib) files.push_back(f);
    out << " " << it.key() << " (" << files_of(files) << ")";
  }
  out << "\n  GPUs:";
  for (auto it = s["gpus"].begin(); it != s["gpus"].end(); ++it)
    out << " " << it.key() << "=" << (*it)["runs"].get<std::string>();
  out << "\n  dependencies outside the system:";
  if (s["dependencies"].empty()) out << " none";
  for (auto it = s["dependencies"].begin(); it != s["dependencies"].end(); ++it)
    out << " " << it.key() << " [" << (*it)["source"].get<std::string>() << "]";
  const json& c = s["standalone_cubins"];
  if (c["count"].get<int>() > 0) out << "\n  standalone cubins: " << c["count"].get<int>() << " (" << join_keys(c["per_arch"]) << ")";
  out << "\n";
  return out.str();
}

}  // namespace kb::inspect
