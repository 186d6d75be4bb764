// SPDX-License-Identifier: Apache-2.0
#include "build/ninja_file.hpp"

#include <sstream>

namespace kb::build {

std::string shell_word(const std::string& s) {
  bool plain = !s.empty() && s.find_first_not_of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=/.,:@%") == std::string::npos;
  std::string out;
  if (plain) {
    out = s;
  } else {
    out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += "'";
  }
  std::string escaped;
  for (char c : out) escaped += c == '$' ? std::string("$$") : std::string(1, c);
  return escaped;
}

std::string ninja_path(const std::filesystem::path& p) {
  std::string out;
  for (char c : p.string()) {
    if (c == '$' || c == ' ' || c == ':') out += '$';
    out += c;
  }
  return out;
}

namespace {

std::string words(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : " ") + shell_word(s);
  return out;
}

// A progress label as a ninja variable value: only $ and line breaks are special there.
std::string description(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') continue;
    out += c == '$' ? std::string("$$") : std::string(1, c);
  }
  return out;
}

}  // namespace

std::string render_variant_ninja(const VariantNinja& v) {
  std::ostringstream o;
  o << "# kb build: variant " << v.name << " (generated; edits are overwritten)\n";
  // The nvcc rule reads $nvcc from the edge's scope: this subninja's binding.
  if (!v.nvcc.empty()) o << "nvcc = " << shell_word(v.nvcc.string()) << "\n";
  // File scope of a subninja: the rules' $launch reads it for this variant's compiles only.
  if (!v.launch.empty()) o << "launch = " << words(v.launch) << "\n";
  // Likewise $cxx for the cxx and link rules: a cross variant compiles with aarch64-linux-gnu-g++.
  if (!v.cxx.empty()) o << "cxx = " << shell_word(v.cxx) << "\n";
  std::string objects;
  for (const CompileUnit& u : v.units) {
    o << "build " << ninja_path(u.object) << ": " << (u.cuda ? "nvcc " : "cxx ") << ninja_path(u.source) << "\n";
    o << "  flags = " << words(u.flags) << "\n";
    o << "  desc = " << description(v.name + ": " + (u.label.empty() ? u.source.string() : u.label)) << "\n";
    objects += " " + ninja_path(u.object);
  }
  o << "build " << ninja_path(v.output) << ": link" << objects << "\n";
  o << "  libs = " << words(v.link_flags) << "\n";
  o << "  desc = " << description(v.name + ": link " + v.output.filename().string()) << "\n";
  return o.str();
}

std::string render_top_ninja(const NinjaRules& rules, const std::vector<std::filesystem::path>& subninjas) {
  std::ostringstream o;
  o << "# kb build (generated; edits are overwritten)\nninja_required_version = 1.10\n\n";
  o << "cxx = " << shell_word(rules.cxx) << "\n\n";
  o << "pool nvcc_pool\n  depth = " << (rules.nvcc_jobs < 1 ? 1 : rules.nvcc_jobs) << "\n\n";
  o << "rule cxx\n  command = $launch $cxx $flags -MD -MF $out.d -c $in -o $out\n"
    << "  depfile = $out.d\n  deps = gcc\n  description = $desc\n\n";
  // $nvcc comes from each variant's subninja: variants may use different CUDA toolkits.
  o << "rule nvcc\n  command = $launch $nvcc $flags -MD -MF $out.d -c $in -o $out\n"
    << "  depfile = $out.d\n  deps = gcc\n  pool = nvcc_pool\n  description = $desc\n\n";
  o << "rule link\n  command = $cxx -shared -o $out $in $libs\n"
    << "  description = $desc\n\n";
  for (const auto& s : subninjas) o << "subninja " << ninja_path(s) << "\n";
  return o.str();
}

}  // namespace kb::build
