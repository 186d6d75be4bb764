// SPDX-License-Identifier: Apache-2.0
#include "build/compat/archive_plan.hpp"

#include <deque>

namespace kb::build::compat {
namespace {

bool is_def(const ElfSymbol& s) {
  return s.defined && s.bind != "LOCAL" && s.type != "SECTION" && s.type != "FILE";
}

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// Written only by the dynamic loader (relro) or personality references: not program state.
bool relro_like(const std::string& sec) {
  return starts_with(sec, ".data.rel.ro") || starts_with(sec, ".init_array") ||
         starts_with(sec, ".fini_array") || starts_with(sec, ".data.rel.local.DW.ref.") ||
         starts_with(sec, ".tm_clone_table");
}

struct Planner {
  const std::vector<ElfObject>& members;
  const std::set<std::string>& resolvable;
  const CompatData& data;
  std::map<std::string, const ElfObject*> by_name;
  std::map<std::string, std::vector<const ElfObject*>> providers;  // strong or weak definitions
  std::set<std::string> chosen;
  ArchivePlan plan;

  // Decides one member: the data file first, then the writable-state scan.
  bool admit(const ElfObject& m) {
    if (plan.denied.count(m.name)) return false;
    auto it = data.members.find(m.name);
    if (it != data.members.end()) {
      if (it->second.action == MemberAction::deny) plan.denied[m.name] = it->second.reason;
      return it->second.action != MemberAction::deny;
    }
    std::string state = writable_state(m);
    plan.unreviewed[m.name] = state.empty() ? "taken: no writable state" : "denied: writable state " + state;
    if (!state.empty()) plan.denied[m.name] = "writable state " + state + " (not reviewed in compat-symbols.json)";
    return state.empty();
  }

  // A member's references that nothing allowed defines; empty when all resolve.
  std::string missing_ref(const ElfObject& m) {
    for (const ElfSymbol& s : m.symbols) {
      if (s.defined || s.bind == "WEAK" || s.name.empty() || resolvable.count(s.name)) continue;
      bool ok = false;
      for (const ElfObject* p : providers[s.name])
        if (p == &m || chosen.count(p->name) || (admit(*p) && (chosen.insert(p->name), true))) ok = true;
      if (!ok) return s.name;
    }
    return {};
  }
};

}  // namespace

std::string writable_state(const ElfObject& member) {
  for (const ElfSymbol& s : member.symbols) {
    if (!s.defined || s.section < 0 || (s.type != "OBJECT" && s.type != "TLS")) continue;
    auto sec = member.sections.find(s.section);
    if (sec == member.sections.end() || !sec->second.writable || relro_like(sec->second.name)) continue;
    return s.name + " in " + sec->second.name;
  }
  return {};
}

ArchivePlan plan_archive(const std::vector<ElfObject>& members, const std::set<std::string>& too_new,
                         const std::set<std::string>& resolvable, const CompatData& data) {
  Planner p{members, resolvable, data, {}, {}, {}, {}};
  for (const ElfObject& m : members) {
    p.by_name[m.name] = &m;
    for (const ElfSymbol& s : m.symbols)
      if (is_def(s)) p.providers[s.name].push_back(&m);
  }
  for (const ElfObject& m : members)
    for (const ElfSymbol& s : m.symbols)
      if (is_def(s) && too_new.count(s.name) && !p.chosen.count(m.name) && p.admit(m)) p.chosen.insert(m.name);
  // Drop members whose references only a denied member could satisfy, until nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for (const std::string& name : std::set<std::string>(p.chosen)) {
      std::string miss = p.missing_ref(*p.by_name[name]);
      if (miss.empty()) continue;
      p.chosen.erase(name);
      p.plan.denied[name] = "needs " + demangle(miss) + ", which only denied members define";
      changed = true;
    }
  }
  for (const std::string& name : p.chosen) {
    auto it = data.members.find(name);
    bool priv = it != data.members.end() && it->second.action == MemberAction::privatise;
    (priv ? p.plan.privatise : p.plan.take).push_back(name);
  }
  return p.plan;
}

}  // namespace kb::build::compat
