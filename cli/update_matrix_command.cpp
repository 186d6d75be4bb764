// SPDX-License-Identifier: Apache-2.0
// kb update-matrix FILE: import the kernels project's build-variants.json as the Hub's required set
// of kb's variant matrix (core/data/matrix.json), keeping kb's Torch releases, arch lists and toolkits.
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/command.hpp"
#include "core/atomic_output.hpp"
#include "core/error.hpp"
#include "core/file_text.hpp"
#include "core/torch_matrix.hpp"

namespace kb::cli {

namespace {

struct UpdateMatrixArgs {
  std::string file;
  std::string output = "core/data/matrix.json";
  std::string base;  // "" : the matrix kb was built with
};

std::string read_input(const std::string& path, const std::string& what) {
  std::optional<std::string> text = kb::read_file(path);
  if (!text) throw Error(ErrorKind::bad_input, path + ": cannot read " + what, "check the path");
  return *text;
}

std::set<std::string> required_names(const TorchMatrix& m) {
  std::set<std::string> out;
  for (const auto& [system, backends] : m.required)
    for (const auto& [backend, names] : backends) out.insert(names.begin(), names.end());
  return out;
}

int run(const UpdateMatrixArgs& a) {
  TorchMatrix base = a.base.empty() ? torch_matrix() : parse_torch_matrix(read_input(a.base, "the matrix"), a.base);
  TorchMatrix next = import_build_variants(base, read_input(a.file, "build-variants.json"), a.file);
  std::set<std::string> before = required_names(base), after = required_names(next);
  for (const std::string& n : after)
    if (!before.count(n)) std::cout << "+ " << n << "\n";
  for (const std::string& n : before)
    if (!after.count(n)) std::cout << "- " << n << "\n";
  write_file_atomic(a.output, torch_matrix_to_json(next));
  std::cout << a.output << ": " << after.size() << " required variants (was " << before.size()
            << "); rebuild kb to embed it\n";
  return 0;
}

}  // namespace

void add_update_matrix_command(CLI::App& app, Outcome& outcome) {
  auto a = std::make_shared<UpdateMatrixArgs>();
  CLI::App* cmd = app.add_subcommand("update-matrix", "import the kernels project's build-variants.json as the required variant set");
  cmd->add_option("file", a->file, "build-variants.json ({\"<cpu>-<os>\": {\"<backend>\": [variant names]}})")->required();
  cmd->add_option("--output,-o", a->output, "matrix file to write (default core/data/matrix.json)");
  cmd->add_option("--matrix", a->base, "matrix to start from (default: the one kb was built with)");
  cmd->callback([a, &outcome] { outcome.exit_code = run(*a); });
}

}  // namespace kb::cli
