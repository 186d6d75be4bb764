// SPDX-License-Identifier: Apache-2.0
// metadata.json of a build variant: the model, a lenient reader that reports every schema
// problem (for inspect's tree.metadata) and a writer in the key order kernels-data uses
// (docs/conformance.md, docs/conformance.md). Used by kb build
// (writes it), kb inspect (checks it) and kb package (reads name/version).
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// One entry of `kernel-depends`: exactly one of version/revision is set.
struct KernelDepend {
  std::string repo_id;                  // "kernels-community/relu"
  std::optional<std::uint64_t> version;  // {"repo-id", "version": 1}
  std::optional<std::string> revision;   // {"repo-id", "revision": "main"}
};

struct BackendInfo {
  std::string type;                  // cann|cpu|cuda|metal|neuron|rocm|tpu|xpu
  std::optional<std::vector<std::string>> archs;  // CUDA "8.0", "9.0+PTX"; ROCm "gfx942"
};

// `digest`: relative path (forward slashes) -> standard padded base64 of the raw digest.
struct DigestInfo {
  std::string algorithm = "sha256";  // sha256 | sha512
  std::map<std::string, std::string> files;  // sorted bytewise, like the Rust BTreeMap
};

struct GitState {
  std::string commit;  // 40 or 64 lowercase hex
  bool dirty = false;
};

struct Provenance {
  struct Builder {
    std::string version;
    std::optional<GitState> git;  // commit+dirty, written inline in the builder object
  };
  std::optional<Builder> kernel_builder;  // key "kernel-builder" (kb writes its own version here)
  std::optional<GitState> kernel;
};

struct Metadata {
  std::string name;  // ^[a-z][-a-z0-9]*[a-z0-9]$
  std::string id;    // _<python_name>_<backend>_<uid>; the .so stem and torch.ops namespace
  std::uint64_t version = 0;
  std::string license;
  std::optional<std::string> upstream;
  std::optional<std::string> source;
  std::vector<std::string> python_depends;
  std::vector<KernelDepend> kernel_depends;
  BackendInfo backend;
  std::optional<DigestInfo> digest;
  std::optional<Provenance> provenance;

  // name with '-' -> '_' (the Python module name).
  std::string python_name() const;
};

// One schema violation: `key` is a JSON path such as "backend.type" or "kernel-depends[1]".
struct MetadataProblem {
  std::string key;
  std::string message;  // lower case, no trailing period
};

struct MetadataParse {
  bool json_ok = false;               // false: not JSON or not an object (problems says why)
  Metadata metadata;                  // best effort: what could be read
  std::vector<MetadataProblem> problems;  // empty: conforms to the schema
  std::vector<std::string> unknown_keys;  // top-level keys kernels ignores (forward compatible)
  // Which optional members were present (the struct cannot tell "absent" from "empty").
  bool has_python_depends = false;
};

// Reads metadata.json text leniently: never throws, reports every problem it finds.
MetadataParse parse_metadata(std::string_view json_text);

// Strict reader for producers/consumers (kb build, kb package): throws Error(bad_input)
// naming the file and the first problem when the file is missing or nonconformant.
Metadata read_metadata_file(const std::filesystem::path& path);

// Serialises in kernels-data's key order: name, id, version, license, upstream, source,
// python-depends, kernel-depends, backend{type,archs}, digest{algorithm,files}, provenance;
// 2-space indent and a trailing newline (what add_build_metadata.py and `hash` write).
std::string metadata_to_json(const Metadata& m);

// True for a name matching ^[a-z][-a-z0-9]*[a-z0-9]$ (C7).
bool is_valid_kernel_name(std::string_view name);

}  // namespace kb
