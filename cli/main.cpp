// SPDX-License-Identifier: Apache-2.0
#include <iostream>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/error_from.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"kb: build, check, package and publish Hugging Face Hub kernels"};
  app.set_version_flag("--version", kb::kb_version().version + " (" + kb::kb_version().commit + ")");
  app.require_subcommand(1);
  kb::cli::Outcome outcome;
  kb::cli::add_inspect_command(app, outcome);
  kb::cli::add_package_command(app, outcome);
  kb::cli::add_publish_command(app, outcome);
  kb::cli::add_config_commands(app, outcome);
  kb::cli::add_variants_command(app, outcome);
  kb::cli::add_build_command(app, outcome);
  kb::cli::add_init_command(app, outcome);
  kb::cli::add_update_matrix_command(app, outcome);
  kb::cli::add_generate_command(app, outcome);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kb::k_exit_usage;  // --help prints and yields 0
  } catch (...) {
    // Every failure, a kb::Error or not (filesystem, allocation, parse), ends in the exit-code table.
    const kb::Error e = kb::error_from(std::current_exception());
    kb::print_error(std::cerr, e);
    return kb::exit_code_for(e.kind());
  }
  return outcome.exit_code;
}
