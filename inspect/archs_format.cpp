// SPDX-License-Identifier: Apache-2.0
// `kb inspect --archs`: a cuobjdump-like table of the device code per .so, rendered from the
// same typed listings as the JSON "cuda" objects (so text and JSON agree).
#include <cstdio>
#include <map>
#include <sstream>
#include <tuple>

#include "inspect/fatbin_arch.hpp"
#include "inspect/fatbin_json.hpp"
#include "inspect/inspect.hpp"

namespace kb::inspect {

namespace {

struct Row {
  int count = 0;
  std::uint64_t bytes = 0, uncompressed = 0;
  std::string compression;
};

void render_one(std::ostringstream& out, const std::string& file, const CudaListing& cuda) {
  out << file << "\n";
  // (section, kind, arch) in arch order within each section/kind.
  using Key = std::tuple<std::string, std::string, std::string>;
  auto less = [](const Key& a, const Key& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) == ".nv_fatbin";  // executable code first
    if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) > std::get<1>(b);  // sass, ptx, lto-ir
    return arch_less(std::get<2>(a), std::get<2>(b));
  };
  std::map<Key, Row, decltype(less)> rows(less);
  for (const CudaEntry& e : cuda.entries) {
    Row& r = rows[Key{e.section, e.kind, e.arch}];
    ++r.count;
    r.bytes += e.size;
    r.uncompressed += e.uncompressed_size;
    const std::string& c = e.compression;
    if (r.compression.empty()) r.compression = c;
    else if (r.compression != c && r.compression != "mixed") r.compression = "mixed";
  }
  char line[256];
  std::snprintf(line, sizeof line, "  %-15s %-7s %-13s %6s %14s %14s  %s\n", "section", "kind", "arch", "count",
                "bytes", "uncompressed", "compression");
  out << line;
  for (const auto& [k, r] : rows) {
    std::snprintf(line, sizeof line, "  %-15s %-7s %-13s %6d %14llu %14llu  %s\n", std::get<0>(k).c_str(),
                  std::get<1>(k).c_str(), std::get<2>(k).c_str(), r.count, (unsigned long long)r.bytes,
                  (unsigned long long)r.uncompressed, r.compression.c_str());
    out << line;
  }
  if (rows.empty()) out << "  (fatbin sections hold no entries)\n";
  for (const CudaProblem& p : cuda.problems)
    out << "  problem: " << p.section << " +" << p.offset << ": " << p.message << "\n";
}

}  // namespace

std::string render_archs(const Report& report) {
  std::ostringstream out;
  for (const TargetReport& t : report.targets) {
    for (const CudaListing* c : listings_by_file(t)) render_one(out, t.kind == "so" ? t.path : c->file, *c);
    if (t.cuda.empty()) out << t.path << "\n  no CUDA device code\n";
    for (const Finding& f : t.findings)
      if (f.rule == "input.unreadable") out << "  unreadable: " << f.file << ": " << f.message << "\n";
  }
  return out.str();
}

}  // namespace kb::inspect
