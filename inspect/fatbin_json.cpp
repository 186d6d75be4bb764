// SPDX-License-Identifier: Apache-2.0
#include "inspect/fatbin_json.hpp"

namespace kb::inspect {

nlohmann::json fatbin_json(const FatbinListing& listing) {
  nlohmann::json entries = nlohmann::json::array();
  for (const FatbinEntry& e : listing.entries) {
    nlohmann::json j = {{"kind", to_string(e.kind)},
                        {"arch", e.arch},
                        {"ptx_version", nullptr},
                        {"compression", to_string(e.compression)},
                        {"section", e.section},
                        {"container", e.container},
                        {"size", e.stored_size()},
                        {"uncompressed_size", e.compression == FatbinCompression::none ? e.payload_size
                                                                                       : e.uncompressed_size}};
    if (e.kind == FatbinKind::ptx) j["ptx_version"] = e.version();
    entries.push_back(std::move(j));
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const FatbinProblem& p : listing.problems)
    problems.push_back({{"section", p.section}, {"offset", p.offset}, {"message", p.message}});
  return {{"entries", entries}, {"sass", listing.sass_archs()}, {"ptx", listing.ptx_archs()}, {"problems", problems}};
}

}  // namespace kb::inspect
