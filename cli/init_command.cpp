// SPDX-License-Identifier: Apache-2.0
// kb init [DIR] --name org/name --backends cuda,cpu: a project kb build builds as it is.
#include <iostream>

#include "build/scaffold.hpp"
#include "cli/command.hpp"

namespace kb::cli {

void add_init_command(CLI::App& app, Outcome& outcome) {
  auto o = std::make_shared<kb::build::ScaffoldOptions>();
  auto dir = std::make_shared<std::string>(".");
  o->backends = {"cuda", "cpu"};
  CLI::App* cmd = app.add_subcommand("init", "scaffold a kernel project (edition 5) that kb build builds as it is");
  cmd->add_option("dir", *dir, "project directory (default .)");
  cmd->add_option("--name", o->repo_id, "Hub repo id, org/name")->required();
  cmd->add_option("--backends", o->backends, "backends to scaffold (default cuda,cpu)")->delimiter(',');
  cmd->add_option("--license", o->license, "license id (default apache-2.0)");
  cmd->callback([o, dir, &outcome] {
    o->dir = *dir;
    for (const auto& f : kb::build::scaffold(*o)) std::cout << (o->dir / f).string() << "\n";
    outcome.exit_code = 0;
  });
}

}  // namespace kb::cli
