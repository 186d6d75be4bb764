// SPDX-License-Identifier: Apache-2.0
// Each stage's CLI11 subcommand: declares flags, fills that stage's Options, calls one library
// function, renders, sets the exit code. No logic a test would want to reach lives here.
#pragma once
#include <CLI/CLI.hpp>

namespace kb::cli {

struct Outcome {
  int exit_code = 0;
};

void add_inspect_command(CLI::App& app, Outcome& outcome);
void add_package_command(CLI::App& app, Outcome& outcome);
void add_publish_command(CLI::App& app, Outcome& outcome);
// check-config and update-build (build.toml).
void add_config_commands(CLI::App& app, Outcome& outcome);
void add_variants_command(CLI::App& app, Outcome& outcome);
void add_build_command(CLI::App& app, Outcome& outcome);
void add_init_command(CLI::App& app, Outcome& outcome);
// update-matrix: the Hub's required set from a build-variants.json into core/data/matrix.json.
void add_update_matrix_command(CLI::App& app, Outcome& outcome);
// Hidden: kb generate man|bash|zsh, from the CLI11 tree of `app` (add it last).
void add_generate_command(CLI::App& app, Outcome& outcome);

// True when stdout is a terminal and NO_COLOR is unset (https://no-color.org).
bool use_color();
// True when stderr (where progress goes) is a terminal and TERM is not "dumb".
bool stderr_is_terminal();
// stderr's terminal width in columns, 0 when unknown.
int terminal_columns();

}  // namespace kb::cli
