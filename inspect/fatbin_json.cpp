// SPDX-License-Identifier: Apache-2.0
#include "inspect/fatbin_json.hpp"

#include <map>

namespace kb::inspect {

CudaListing cuda_listing(const std::string& file, const FatbinListing& listing) {
  CudaListing out;
  out.file = file;
  for (const FatbinEntry& e : listing.entries)
    out.entries.push_back({to_string(e.kind), e.arch, e.kind == FatbinKind::ptx ? e.version() : std::string(),
                           to_string(e.compression), e.section, e.container, e.stored_size(),
                           e.compression == FatbinCompression::none ? e.payload_size : e.uncompressed_size});
  out.sass = listing.sass_archs();
  out.ptx = listing.ptx_archs();
  for (const FatbinProblem& p : listing.problems) out.problems.push_back({p.section, p.offset, p.message});
  return out;
}

nlohmann::json cuda_json(const CudaListing& listing) {
  nlohmann::json entries = nlohmann::json::array();
  for (const CudaEntry& e : listing.entries) {
    nlohmann::json j = {{"kind", e.kind},
                        {"arch", e.arch},
                        {"ptx_version", nullptr},
                        {"compression", e.compression},
                        {"section", e.section},
                        {"container", e.container},
                        {"size", e.size},
                        {"uncompressed_size", e.uncompressed_size}};
    if (!e.ptx_version.empty()) j["ptx_version"] = e.ptx_version;
    entries.push_back(std::move(j));
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const CudaProblem& p : listing.problems)
    problems.push_back({{"section", p.section}, {"offset", p.offset}, {"message", p.message}});
  return {{"entries", entries}, {"sass", listing.sass}, {"ptx", listing.ptx}, {"problems", problems}};
}

std::vector<const CudaListing*> listings_by_file(const TargetReport& t) {
  std::map<std::string, const CudaListing*> by_file;
  for (const CudaListing& c : t.cuda) by_file[c.file] = &c;
  std::vector<const CudaListing*> out;
  for (const auto& [file, c] : by_file) out.push_back(c);
  return out;
}

nlohmann::json extra_with_cuda(const TargetReport& t) {
  nlohmann::json extra = t.extra;
  for (const CudaListing& c : t.cuda) {
    if (t.kind == "so") extra["cuda"] = cuda_json(c);
    else extra["files"][c.file]["cuda"] = cuda_json(c);
  }
  return extra;
}

}  // namespace kb::inspect
