// SPDX-License-Identifier: Apache-2.0
// A small Python tokenizer for the py.* and ops.* rules: enough to find imports, calls with
// their first argument or name= keyword, torch.ops.<X> attributes, string literals and simple
// `name = "literal"` assignments. Comments and string contents never produce false matches.
// It is not a parser: odd constructs are skipped, never reported as errors.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kb::inspect {

struct PyImport {
  int line = 0;
  bool top_level = false;  // the statement starts in column 0 (runs at import time)
  int level = 0;           // leading dots of a relative import
  std::string module;      // "torch.library", "" for `from . import x`
  std::vector<std::string> names;  // imported names of a `from` import
};

// An argument as the rules need it: a literal, a call of a named function, or something else.
struct PyArg {
  enum class Kind { missing, string, fstring, call, other } kind = Kind::missing;
  std::string text;  // string value (fstring: raw text with braces), or the callee's last name
};

struct PyCall {
  int line = 0;
  std::string callee;     // last name: "custom_op"
  std::string qualified;  // "torch.library.custom_op"
  bool decorator = false;
  PyArg first;            // first positional argument
  PyArg name_kwarg;       // name=...
};

struct PyString {
  int line = 0;
  std::string value;
  bool fstring = false;
};

struct PyScan {
  std::vector<PyImport> imports;
  std::vector<PyCall> calls;
  std::vector<PyString> strings;
  std::vector<std::string> torch_ops_attrs;          // X of every torch.ops.X
  std::map<std::string, std::string> str_assignments;  // name = "literal" (last one wins)
};

PyScan scan_python(std::string_view source);

}  // namespace kb::inspect
