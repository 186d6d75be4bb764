// SPDX-License-Identifier: Apache-2.0
// The python-depends allow-list (core/data/python_depends.json, the `kernels` loader's own table):
// which Python packages a kernel may declare, and the modules each lets it import. Read by
// build.toml validation and by the py.depends / py.imports rules, so both judge the same list.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace kb {

// Dependency name -> the import names it provides.
using PythonDependsScope = std::map<std::string, std::vector<std::string>>;

// "general" (allowed for every backend) and one entry per backend the loader knows. A backend
// missing here (tpu, cann) has no table, so any dependency it declares is unknown. Parsed on first
// use; throws Error(environment) if the embedded table is malformed.
const std::map<std::string, PythonDependsScope>& python_depends_table();

// The scope's table, or an empty one for a backend the loader has no table for.
const PythonDependsScope& python_depends_for(const std::string& scope);

}  // namespace kb
