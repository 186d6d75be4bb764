// SPDX-License-Identifier: Apache-2.0
// Live progress and the failure summary of kb build: ninja status lines, the first compiler error.
#include <catch2/catch.hpp>

#include <sstream>

#include "build/compile_errors.hpp"
#include "build/ninja_file.hpp"
#include "build/ninja_progress.hpp"

using namespace kb::build;

TEST_CASE("status lines are picked out of ninja's stream, split anywhere", "[build][progress][unit]") {
  NinjaOutputParser p;
  std::string stream =
      "[kb 1/3] torch211-cxx11-cpu-x86_64-linux: src/a.cpp\n"
      "src/a.cpp:3:5: warning: unused variable 'x'\n"
      "[kb 2/3] torch211-cxx11-cpu-x86_64-linux: src/b.cpp\n"
      "[kb 3/3] torch211-cxx11-cpu-x86_64-linux: link _x.abi3.so\n";
  std::vector<Step> steps;
  for (size_t i = 0; i < stream.size(); i += 7) {  // chunks that cut lines in the middle
    std::vector<Step> got = p.feed(stream.substr(i, 7));
    steps.insert(steps.end(), got.begin(), got.end());
  }
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].finished == 1);
  CHECK(steps[0].total == 3);
  CHECK(steps[0].description == "torch211-cxx11-cpu-x86_64-linux: src/a.cpp");
  CHECK(steps[2].description == "torch211-cxx11-cpu-x86_64-linux: link _x.abi3.so");
  CHECK(parse_status_line("[3/3] not ours").finished == 0);
  CHECK(parse_status_line("[kb x/3] bad").finished == 0);
}

TEST_CASE("non-terminal progress prints one line per finished step with the elapsed time", "[build][progress][unit]") {
  std::ostringstream out;
  {
    ProgressPrinter p(ProgressMode::lines, out);
    p.on_output("[kb 1/2] v: src/a.cpp\nwarning: noise\n[kb 2/2] v: link x.so\n");
  }
  std::string text = out.str();
  CHECK(text.rfind("[1/2] v: src/a.cpp  ", 0) == 0);
  CHECK(text.find("\n[2/2] v: link x.so  ") != std::string::npos);
  CHECK(text.find("noise") == std::string::npos);  // compiler output goes to the log, not the screen
  CHECK(text.find('\r') == std::string::npos);
  std::ostringstream quiet;
  {
    ProgressPrinter p(ProgressMode::quiet, quiet);
    p.on_output("[kb 1/1] v: src/a.cpp\n");
  }
  CHECK(quiet.str().empty());
}

TEST_CASE("terminal progress redraws one line and fits the width", "[build][progress][unit]") {
  std::ostringstream out;
  {
    ProgressPrinter p(ProgressMode::terminal, out, 40);
    p.on_step({1, 9, "torch211-cxx11-cu130-x86_64-linux: src/very/long/path/gemm.cu"});
  }
  std::string text = out.str();  // the ticker may have redrawn it: judge the last drawing
  size_t last = text.rfind("\r\x1b[K");
  REQUIRE(last != std::string::npos);
  REQUIRE(text.compare(last, 13, "\r\x1b[K[1/9] ...") == 0);
  std::string line = text.substr(last + 4, text.find('\n', last) - last - 4);
  CHECK(line.size() <= 39);
  CHECK(line.find("gemm.cu  ") != std::string::npos);
  CHECK(text.back() == '\n');
}

TEST_CASE("elapsed time is short and readable", "[build][progress][unit]") {
  using namespace std::chrono;
  CHECK(format_elapsed(milliseconds(4200)) == "4.2s");
  CHECK(format_elapsed(seconds(65)) == "1m05s");
  CHECK(format_elapsed(minutes(62)) == "1h02m");
}

TEST_CASE("ninja descriptions name the variant and the source", "[build][progress][unit]") {
  VariantNinja v;
  v.name = "torch211-cxx11-cpu-x86_64-linux";
  v.output = "/w/.kb-build/torch211-cxx11-cpu-x86_64-linux/_x.abi3.so";
  CompileUnit u;
  u.source = "/w/src/a$b.cpp";
  u.object = "/w/.kb-build/o.o";
  u.label = "src/a$b.cpp";
  v.units.push_back(u);
  std::string text = render_variant_ninja(v);
  CHECK(text.find("  desc = torch211-cxx11-cpu-x86_64-linux: src/a$$b.cpp\n") != std::string::npos);
  CHECK(text.find("  desc = torch211-cxx11-cpu-x86_64-linux: link _x.abi3.so\n") != std::string::npos);
  CHECK(render_top_ninja({}, {}).find("description = $desc") != std::string::npos);
}

TEST_CASE("the first error leads, not the tail of the log", "[build][progress][unit]") {
  std::string gcc =
      "In file included from /p/src/gemm.cu:3:\n"
      "/p/src/util.cuh:1:10: fatal error: cutlass/cutlass.h: No such file or directory\n"
      "    1 | #include <cutlass/cutlass.h>\n"
      "      |          ^~~~~~~~~~~~~~~~~~~\n"
      "compilation terminated.\n";
  CHECK(first_error(gcc) ==
        "/p/src/util.cuh:1:10: fatal error: cutlass/cutlass.h: No such file or directory\n"
        "    1 | #include <cutlass/cutlass.h>\n"
        "      |          ^~~~~~~~~~~~~~~~~~~");
  std::string noisy = "/p/a.cpp:2:7: warning: unused\n" + std::string(5000, 'w') + "\n/p/a.cpp:9:3: error: 'f' was not declared\n"
                      "/p/a.cpp:12:3: error: second\n";
  CHECK(first_error(noisy) == "/p/a.cpp:9:3: error: 'f' was not declared");
  CHECK(first_error("/p/k.cu(12): error: identifier \"foo\" is undefined\n  detected during instantiation\n") ==
        "/p/k.cu(12): error: identifier \"foo\" is undefined\n  detected during instantiation");
  CHECK(first_error("nvcc fatal   : Unsupported gpu architecture 'compute_99'\n") ==
        "nvcc fatal   : Unsupported gpu architecture 'compute_99'");
  CHECK(first_error("/usr/bin/ld: a.o: in function `f':\na.cpp:(.text+0x5): undefined reference to `GOMP_parallel'\n"
                    "collect2: error: ld returned 1 exit status\n") == "a.cpp:(.text+0x5): undefined reference to `GOMP_parallel'");
  CHECK(first_error("something odd\nInternal Error here\n") == "Internal Error here");
  CHECK(first_error("\nonly this\n") == "only this");
}

TEST_CASE("failed steps are split per step with their variant", "[build][progress][unit]") {
  std::string log =
      "[kb 1/4] va: src/ok.cpp\n"
      "/p/src/ok.cpp:1:1: warning: fine\n"
      "[kb 2/4] va: src/bad.cpp\n"
      "FAILED: /p/.kb-build/va/obj/src/bad.cpp.o \n"
      "g++ -c /p/src/bad.cpp -o /p/.kb-build/va/obj/src/bad.cpp.o\n"
      "/p/src/bad.cpp:4:2: error: expected ';'\n"
      "[kb 3/4] vb: src/k.cu\n"
      "FAILED: /p/.kb-build/vb/obj/src/k.cu.o \n"
      "nvcc -c k.cu\n"
      "/p/src/k.cu(7): error: bad thing\n"
      "ninja: build stopped: subcommand failed.\n";
  std::vector<FailedStep> f = failed_steps(log);
  REQUIRE(f.size() == 2);
  CHECK(f[0].description == "va: src/bad.cpp");
  CHECK(f[0].outputs == "/p/.kb-build/va/obj/src/bad.cpp.o ");
  CHECK(f[0].first_error == "/p/src/bad.cpp:4:2: error: expected ';'");
  CHECK(f[0].output.find("g++ -c") == std::string::npos);  // the echoed command is not output
  CHECK(f[1].description == "vb: src/k.cu");
  CHECK(f[1].first_error == "/p/src/k.cu(7): error: bad thing");
}

TEST_CASE("a failed step is reported as it happens, once, not as a success", "[build][progress][unit]") {
  NinjaOutputParser p;
  std::vector<Step> steps = p.feed("[kb 1/3] v: src/a.cpp\nFAILED: /w/.kb-build/v/obj/src/a.cpp.o \ng++ -c a.cpp\n"
                                   "a.cpp:1:1: error: x\n[kb 2/3] v: src/b.cpp\n");
  REQUIRE(steps.size() == 3);
  CHECK_FALSE(steps[0].failed);
  CHECK(steps[1].failed);
  CHECK(steps[1].description == "v: src/a.cpp");
  CHECK_FALSE(steps[2].failed);
  std::ostringstream out;
  {
    ProgressPrinter printer(ProgressMode::lines, out);
    for (const Step& s : steps) printer.on_step(s);
  }
  CHECK(out.str().find("\nFAILED v: src/a.cpp (first error in the summary at the end)\n[2/3] v: src/b.cpp  ") !=
        std::string::npos);
}
