// SPDX-License-Identifier: Apache-2.0
#include "package/size_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace kb::package {

namespace {

using ojson = nlohmann::ordered_json;

bool is_so(const std::string& p) { return p.size() > 3 && (p.compare(p.size() - 3, 3, ".so") == 0); }

std::uint64_t total(const VariantSizes& v) {
  std::uint64_t n = 0;
  for (const auto& f : v.files) n += f.size;
  return n;
}

ojson variant_outliers(const std::vector<VariantSizes>& vs) {
  ojson out = ojson::array();
  std::map<std::string, std::vector<std::uint64_t>> by_backend;
  for (const auto& v : vs) by_backend[v.backend].push_back(total(v));
  for (const auto& v : vs) {
    auto sizes = by_backend[v.backend];
    if (sizes.size() < 3) continue;
    std::sort(sizes.begin(), sizes.end());
    std::uint64_t median = sizes[sizes.size() / 2];
    if (median > 0 && total(v) > 2 * median) {
      char ratio[32];
      std::snprintf(ratio, sizeof ratio, "%.1fx", double(total(v)) / double(median));
      out.push_back({{"kind", "variant"}, {"subject", v.name},
                     {"message", std::string(ratio) + " the median " + v.backend + " variant (" + human_bytes(total(v)) +
                                     " vs " + human_bytes(median) + ")"}});
    }
  }
  return out;
}

ojson file_outliers(const std::vector<VariantSizes>& vs) {
  ojson out = ojson::array();
  std::map<std::string, std::string> first_path_of;  // sha256 -> first path holding it
  for (const auto& v : vs) {
    for (const auto& f : v.files) {
      std::string path = "build/" + v.name + "/" + f.path;
      if (f.size > (std::uint64_t(1) << 30))
        out.push_back({{"kind", "large"}, {"subject", path}, {"message", human_bytes(f.size) + " in one file"}});
      if (!is_so(f.path) || f.size < (1u << 20) || f.sha256.empty()) continue;
      auto [it, fresh] = first_path_of.emplace(f.sha256, path);
      if (!fresh)
        out.push_back({{"kind", "duplicate"}, {"subject", path},
                       {"message", "same content as " + it->second + " (" + human_bytes(f.size) + ")"}});
    }
  }
  return out;
}

}  // namespace

std::string human_bytes(std::uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double x = double(n);
  int u = 0;
  while (x >= 1024 && u < 4) x /= 1024, ++u;
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
  else std::snprintf(buf, sizeof buf, "%.1f %s", x, units[u]);
  return buf;
}

ojson arch_sizes(const std::vector<CudaListing>& cuda) {
  std::map<std::string, std::uint64_t> acc;
  for (const CudaListing& c : cuda)
    for (const CudaEntry& e : c.entries) acc[e.arch] += e.size;
  ojson out = ojson::object();
  for (const auto& [arch, bytes] : acc) out[arch] = bytes;
  return out;
}

ojson size_report(const std::vector<VariantSizes>& vs) {
  ojson report;
  report["variants"] = ojson::array();
  std::uint64_t all = 0;
  for (const auto& v : vs) {
    ojson jv{{"name", v.name}, {"backend", v.backend}, {"files", v.files.size()}, {"bytes", total(v)}};
    jv["so"] = ojson::array();
    for (const auto& f : v.files)
      if (is_so(f.path)) jv["so"].push_back({{"path", f.path}, {"bytes", f.size}});
    ojson archs = arch_sizes(v.cuda);
    if (!archs.empty()) jv["cuda_archs"] = archs;
    all += total(v);
    report["variants"].push_back(std::move(jv));
  }
  report["total_bytes"] = all;
  report["outliers"] = variant_outliers(vs);
  for (ojson& o : file_outliers(vs)) report["outliers"].push_back(std::move(o));
  return report;
}

}  // namespace kb::package
