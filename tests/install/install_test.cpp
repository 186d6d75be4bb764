// SPDX-License-Identifier: Apache-2.0
// kb as an installed CLI (docs/install.md): the generated man page and completions follow the
// CLI, and the .deb CPack makes installs into a scratch root where kb, man and bash completion work.
#include <catch2/catch.hpp>

#include "core/process.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;
using namespace kb::test;
using kb::CommandResult;

namespace {

// The subcommands `kb --help` lists.
std::vector<std::string> subcommands() {
  std::string help = run_kb({"--help"}).output;
  std::vector<std::string> out;
  size_t at = help.find("Subcommands:");
  REQUIRE(at != std::string::npos);
  std::istringstream in(help.substr(at));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos) break;
    out.push_back(line.substr(start, line.find(' ', start) - start));
  }
  return out;
}

std::string bash_complete(const fs::path& script, const std::string& words, int cword) {
  CommandResult r = run({"bash", "-c", "source \"$0\"; COMP_WORDS=(" + words + "); COMP_CWORD=" + std::to_string(cword) +
                                           "; _kb; printf '%s\\n' \"${COMPREPLY[@]}\"; complete -p kb",
                         script.string()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return r.output;
}

}  // namespace

TEST_CASE("install: kb generate man and bash list every subcommand and flag", "[install][unit]") {
  std::vector<std::string> cmds = subcommands();
  REQUIRE(cmds.size() >= 7);
  std::string man = run_kb({"generate", "man"}).output;
  std::string bash = run_kb({"generate", "bash"}).output;
  std::string zsh = run_kb({"generate", "zsh"}).output;
  CHECK(man.rfind(".TH KB 1", 0) == 0);
  for (const std::string& c : cmds) {
    INFO(c);
    CHECK(man.find(".SS \"kb " + c + "\"") != std::string::npos);
    CHECK(bash.find("    " + c + ") opts=") != std::string::npos);
    CHECK(zsh.find("    " + c + ")\n") != std::string::npos);
  }
  CHECK(man.find("\\fB\\-\\-shard\\fR \\fIVALUE\\fR") != std::string::npos);
  CHECK(bash.find("--launcher") != std::string::npos);
  CHECK(zsh.rfind("#compdef kb", 0) == 0);
  CHECK(run_kb({"generate", "fish"}).exit_code == 2);
  CHECK(run_kb({"--help"}).output.find("generate") == std::string::npos);  // plumbing stays hidden
}

TEST_CASE("install: the .deb installs into a scratch root and kb, man kb and completion work from it",
          "[install][e2e]") {
  if (kb::find_program("dpkg").empty() || kb::find_program("cpack").empty()) FAIL("dpkg or cpack missing: run `make deps`");
  TempDir tmp;
  CommandResult pack = run({"cpack", "-G", "DEB", "-B", (tmp / "pkg").string(), "--config",
                            (binary_dir() / "CPackConfig.cmake").string()});
  INFO(pack.output);
  REQUIRE(pack.exit_code == 0);
  fs::path deb;
  for (const auto& e : fs::directory_iterator(tmp / "pkg"))
    if (e.path().extension() == ".deb") deb = e.path();
  REQUIRE(!deb.empty());

  std::string depends = run({"dpkg-deb", "--field", deb.string(), "Depends"}).output;
  for (const char* dep : {"libzip4", "libcurl4", "libssl3", "libstdc++6", "g++", "ninja-build"}) {
    INFO(depends);
    CHECK(depends.find(dep) != std::string::npos);
  }

  // A dpkg database of its own: the package's dependencies are not in it, hence --force-depends.
  fs::path root = tmp / "root";
  for (const char* d : {"var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers"})
    fs::create_directories(root / d);
  write_text(root / "var/lib/dpkg/status", "");
  CommandResult inst = run({"dpkg", "--root=" + root.string(), "--log=/dev/null", "--force-depends",
                            "--force-not-root", "--force-script-chrootless", "-i", deb.string()});
  INFO(inst.output);
  REQUIRE(inst.exit_code == 0);
  CHECK(run({"dpkg", "--root=" + root.string(), "-s", "kb"}).output.find("Status: install ok installed") !=
        std::string::npos);

  CommandResult version = run({(root / "usr/bin/kb").string(), "--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.output.find(run_kb({"--version"}).output.substr(0, 5)) != std::string::npos);

  CommandResult man = run({"man", "-P", "cat", "-l", (root / "usr/share/man/man1/kb.1.gz").string()});
  INFO(man.output);
  CHECK(man.exit_code == 0);
  CHECK(man.output.find("kb build") != std::string::npos);
  CHECK(man.output.find("--launcher") != std::string::npos);

  fs::path bash = root / "usr/share/bash-completion/completions/kb";
  CHECK(bash_complete(bash, "kb bu", 1).find("build\n") != std::string::npos);
  std::string flags = bash_complete(bash, "kb build --sh", 2);
  CHECK(flags.find("--shard\n") != std::string::npos);
  CHECK(flags.find("complete -o filenames -F _kb kb") != std::string::npos);
  CHECK(fs::exists(root / "usr/share/zsh/vendor-completions/_kb"));
  if (!kb::find_program("zsh").empty()) CHECK(run({"zsh", "-n", (root / "usr/share/zsh/vendor-completions/_kb").string()}).exit_code == 0);
}
