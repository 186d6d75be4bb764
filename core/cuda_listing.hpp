// SPDX-License-Identifier: Apache-2.0
// The device code of one file as a report carries it: what inspect's fatbin reader found, kept
// typed until a renderer writes it out (the JSON "cuda" object, kb inspect --archs, the HTML
// coverage matrix) or kb package sums it per arch. docs/fatbin.md describes the fields.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace kb {

struct CudaEntry {
  std::string kind;         // "sass", "ptx", "lto-ir", "unknown"
  std::string arch;         // sm_90a, compute_90, lto_90
  std::string ptx_version;  // "8.5" for PTX; empty otherwise (null in JSON)
  std::string compression;  // "none", "lz4", "zstd"
  std::string section;      // ".nv_fatbin" or "__nv_relfatbin"
  std::uint32_t container = 0;
  std::uint64_t size = 0;               // bytes the payload occupies in the file
  std::uint64_t uncompressed_size = 0;  // bytes once decompressed (the payload size when stored)
};

struct CudaProblem {
  std::string section;
  std::uint64_t offset = 0;
  std::string message;
};

struct CudaListing {
  std::string file;  // the file's path as the report names it
  std::vector<CudaEntry> entries;
  std::vector<std::string> sass, ptx;  // sorted, unique arch names (the executable SASS view; all PTX)
  std::vector<CudaProblem> problems;
};

}  // namespace kb
