// SPDX-License-Identifier: Apache-2.0
#include "core/variant.hpp"

#include <regex>

#include "core/backends.hpp"

namespace kb {

namespace {

// "a|b|c" of the table's `field` (entries with an empty one left out), for the name grammar.
std::string alternatives(std::string_view Backend::*field, bool versioned) {
  std::string out;
  for (const Backend& b : backends())
    if (!(b.*field).empty() && (field != &Backend::compute || b.versioned == versioned))
      out += (out.empty() ? "" : "|") + std::string(b.*field);
  return out;
}

}  // namespace

std::string Variant::compute_tag() const {
  for (const Backend& b : backends())
    if (b.name == backend && !b.compute.empty()) return std::string(b.compute) + backend_version;
  return backend + backend_version;
}

std::string Variant::name() const {
  if (shape == Shape::noarch) return "torch-" + backend;
  std::string torch = std::to_string(torch_major) + std::to_string(torch_minor);
  std::string head = shape == Shape::stable_abi ? "torch-stable-abi" + torch
                     : shape == Shape::tvm_ffi  ? "tvm-ffi" + torch
                                                : "torch" + torch;
  if (!cxx_abi.empty()) head += "-" + cxx_abi;
  return head + "-" + compute_tag() + "-" + cpu + "-" + os;
}

static bool parse_compute(const std::string& tag, Variant& v) {
  // Versioned tags (cu130, rocm71) then bare ones (metal, cpu), from the backend table.
  static const std::regex k_compute("(" + alternatives(&Backend::compute, true) + ")(\\d+)|(" +
                                    alternatives(&Backend::compute, false) + ")");
  std::smatch m;
  if (!std::regex_match(tag, m, k_compute)) return false;
  const std::string compute = m[3].matched ? m.str(3) : m.str(1);
  for (const Backend& b : backends())
    if (b.compute == compute) v.backend = b.name;
  if (!m[3].matched) v.backend_version = m[2];
  return true;
}

static bool parse_torch(const std::string& digits, Variant& v) {
  // torch210 -> 2.10, torch29 -> 2.9: the major is one digit for every Torch release so far.
  if (digits.size() < 2) return false;
  v.torch_major = digits[0] - '0';
  v.torch_minor = std::stoi(digits.substr(1));
  return true;
}

std::optional<Variant> parse_variant(std::string_view name_view) {
  const std::string name(name_view);
  static const std::regex k_arch(R"(torch(\d{2,3})-(cxx11|cxx98)-([a-z]+\d*)-(x86_64|aarch64)-(linux))");
  static const std::regex k_darwin(R"(torch(\d{2,3})-([a-z]+\d*)-(aarch64|x86_64)-(darwin))");
  static const std::regex k_stable(R"(torch-stable-abi(\d{2,3})-([a-z]+\d*)-(x86_64|aarch64)-(linux|darwin))");
  // tvm-ffi 0.1 is "tvm-ffi01": one major digit, then the minor (the kernels loader's reading).
  static const std::regex k_tvm_ffi(R"(tvm-ffi(\d{2,3})-([a-z]+\d*)-(x86_64|aarch64)-(linux|darwin))");
  // torch-<noarch name of a backend>, or torch-universal (the legacy pure-Python build).
  static const std::regex k_noarch("torch-(" + alternatives(&Backend::noarch, false) + "|universal)");
  Variant v;
  std::smatch m;
  if (std::regex_match(name, m, k_arch)) {
    v.shape = Variant::Shape::arch;
    v.cxx_abi = m[2];
    v.cpu = m[4];
    v.os = m[5];
    if (!parse_torch(m[1], v) || !parse_compute(m[3], v)) return std::nullopt;
  } else if (std::regex_match(name, m, k_darwin)) {
    v.shape = Variant::Shape::arch;
    v.cpu = m[3];
    v.os = m[4];
    if (!parse_torch(m[1], v) || !parse_compute(m[2], v)) return std::nullopt;
  } else if (std::regex_match(name, m, k_stable)) {
    v.shape = Variant::Shape::stable_abi;
    v.cpu = m[3];
    v.os = m[4];
    if (!parse_torch(m[1], v) || !parse_compute(m[2], v)) return std::nullopt;
  } else if (std::regex_match(name, m, k_tvm_ffi)) {
    v.shape = Variant::Shape::tvm_ffi;
    v.cpu = m[3];
    v.os = m[4];
    if (!parse_torch(m[1], v) || !parse_compute(m[2], v)) return std::nullopt;
  } else if (std::regex_match(name, m, k_noarch)) {
    v.shape = Variant::Shape::noarch;
    v.backend = m[1];
  } else {
    return std::nullopt;
  }
  return v;
}

std::string flatten_version(std::string_view dotted) {
  std::string out;
  int parts = 0;
  for (char c : dotted) {
    if (c == '.') {
      if (++parts == 2) break;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace kb
