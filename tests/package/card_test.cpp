// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "package/card.hpp"
#include "package/size_report.hpp"
#include "tests/test_env.hpp"

using namespace kb;
using nlohmann::json;

namespace {

package::SourceVariant variant(const std::string& name, json metadata) {
  package::SourceVariant v;
  v.name = name;
  v.variant = *parse_variant(name);
  v.metadata = std::move(metadata);
  v.init_py = "from ._ops import ops\nfrom .layers import Relu\n\n__all__ = [\n    \"relu\",  # functional\n    'Relu',\n]\n";
  return v;
}

package::Bundle relu_bundle(bool dirty) {
  json prov = {{"kernel", {{"commit", "0123456789abcdef0123456789abcdef01234567"}, {"dirty", dirty}}}};
  package::Bundle b;
  b.name = "relu";
  b.version = 2;
  b.license = "Apache-2.0";
  b.card_template = "# relu\n\nElement-wise ReLU for CUDA and CPU.\n";
  b.variants.push_back(variant("torch211-cxx11-cu130-x86_64-linux",
                               {{"id", "_relu_cuda_0123456"}, {"backend", {{"type", "cuda"}, {"archs", {"8.0", "9.0", "9.0+PTX"}}}}, {"provenance", prov}}));
  b.variants.push_back(variant("torch212-cxx11-cpu-x86_64-linux",
                               {{"id", "_relu_cpu_0123456"}, {"backend", {{"type", "cpu"}}}, {"provenance", prov}}));
  b.variants.push_back(variant("torch212-cxx11-cu130-x86_64-linux",
                               {{"id", "_relu_cuda_0123456"}, {"backend", {{"type", "cuda"}, {"archs", {"10.0", "12.0+PTX", "9.0"}}}}, {"provenance", prov}}));
  return b;
}

}  // namespace

TEST_CASE("the card matches the golden file", "[package][card][unit]") {
  std::string card = package::render_card(relu_bundle(true), {"kernels-community/relu"});
  std::string golden = test::read_text(test::source_dir() / "tests/package/golden/relu-card.md");
  // On a mismatch the actual text lands next to the binaries for review (never copied blindly).
  if (card != golden) test::write_text(test::binary_dir() / "relu-card.actual.md", card);
  CHECK(card == golden);
}

TEST_CASE("the dirty banner appears only for dirty builds", "[package][card][unit]") {
  CHECK_THAT(package::render_card(relu_bundle(true), {}), Catch::Contains("[!WARNING]"));
  std::string clean = package::render_card(relu_bundle(false), {});
  CHECK_THAT(clean, !Catch::Contains("[!WARNING]"));
  CHECK_THAT(clean, Catch::Contains("get_kernel(\"<namespace>/relu\", version=2)"));
}

TEST_CASE("CARD.md front matter is kept instead of the generated one", "[package][card][unit]") {
  auto b = relu_bundle(false);
  b.card_template = "---\nlicense: mit\ntags:\n- custom\n---\n\n# Relu\n";
  std::string card = package::render_card(b, {});
  CHECK(card.rfind("---\nlicense: mit\ntags:\n- custom\n---\n", 0) == 0);
  CHECK_THAT(card, !Catch::Contains("library_name"));
}

TEST_CASE("__all__ is read from list and tuple literals", "[package][card][unit]") {
  CHECK(package::parse_dunder_all("__all__ = ['a', \"b\"]\n") == std::vector<std::string>{"a", "b"});
  CHECK(package::parse_dunder_all("x = 1\n__all__ = (\n  'f',  # c\n  'g',\n)\n") == std::vector<std::string>{"f", "g"});
  CHECK(package::parse_dunder_all("print(__all__)\n").empty());
  CHECK(package::parse_dunder_all("").empty());
}

TEST_CASE("the size report flags outlier variants, large files and duplicates", "[package][sizes][unit]") {
  auto f = [](std::string p, std::uint64_t n, std::string h) { return package::SizedFile{std::move(p), n, std::move(h)}; };
  auto entries = [](std::vector<std::pair<std::string, std::uint64_t>> archs) {
    CudaListing l;
    l.file = "a.so";
    for (const auto& [arch, size] : archs) l.entries.push_back({"sass", arch, "", "none", ".nv_fatbin", 0, size, size});
    return l;
  };
  std::vector<package::VariantSizes> vs{
      {"torch210-cxx11-cu130-x86_64-linux", "cuda", {f("a.so", 10 << 20, "h1")}, {}},
      {"torch211-cxx11-cu130-x86_64-linux", "cuda", {f("a.so", 11 << 20, "h2")}, {}},
      {"torch212-cxx11-cu130-x86_64-linux", "cuda", {f("a.so", 50 << 20, "h1")}, {entries({{"sm_90", 30}, {"sm_100", 20}})}},
      {"torch212-cxx11-cpu-x86_64-linux", "cpu", {f("a.so", 1 << 10, "h3")}, {}},
  };
  auto r = package::size_report(vs);
  CHECK(r["total_bytes"] == (71ull << 20) + 1024);
  std::vector<std::string> kinds;
  for (const auto& o : r["outliers"]) kinds.push_back(o["kind"].get<std::string>() + " " + o["subject"].get<std::string>());
  CHECK(kinds == std::vector<std::string>{"variant torch212-cxx11-cu130-x86_64-linux",
                                          "duplicate build/torch212-cxx11-cu130-x86_64-linux/a.so"});
  CHECK(r["variants"][2]["cuda_archs"]["sm_90"] == 30);
  CHECK_FALSE(r["variants"][0].contains("cuda_archs"));
  // One arch may appear in several containers and several files.
  auto archs = package::arch_sizes({entries({{"sm_90a", 7}, {"compute_90", 3}}), entries({{"sm_90a", 5}})});
  CHECK(archs["sm_90a"] == 12);
  CHECK(archs["compute_90"] == 3);
}
