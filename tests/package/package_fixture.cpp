// SPDX-License-Identifier: Apache-2.0
#include "tests/package/package_fixture.hpp"

#include <catch2/catch.hpp>

#include "core/digest.hpp"
#include "tests/test_env.hpp"

namespace fs = std::filesystem;

namespace kb::pkgtest {

void write_variant(const fs::path& build_dir, const VariantSpec& s) {
  fs::path v = build_dir / s.name;
  std::string id = "_" + s.kernel + "_" + s.backend + "_abc1234";
  test::write_text(v / "__init__.py", "from ._ops import ops\n\n__all__ = [\"" + s.kernel + "\"]\n");
  test::write_text(v / "_ops.py", "import torch\nops = torch.ops." + id + "\n" + s.extra);
  test::write_text(v / "metadata.json", "{\"name\": \"" + s.kernel + "\", \"id\": \"" + id + "\", \"version\": " +
                                      std::to_string(s.version) + ", \"license\": \"" + s.license +
                                      "\", \"python-depends\": [], \"backend\": {\"type\": \"" + s.backend + "\"}}\n");
  if (s.with_so) {
    test::write_text(v / "k.c", "int " + s.kernel + "(int x) { return x > 0 ? x : 0; }\n");
    auto r = test::run({"cc", "-shared", "-fPIC", "-o", (v / (id + ".abi3.so")).string(), (v / "k.c").string()});
    REQUIRE(r.exit_code == 0);
    fs::remove(v / "k.c");
  }
}

void write_raw_zip(const fs::path& zip, const std::vector<std::string>& names, bool symlink) {
  std::string script =
      "import sys, zipfile\n"
      "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
      "    for i, n in enumerate(sys.argv[3:]):\n"
      "        info = zipfile.ZipInfo(n)\n"
      "        if sys.argv[2] == '1' and i == len(sys.argv) - 4:\n"
      "            info.create_system = 3\n"
      "            info.external_attr = 0o120777 << 16\n"
      "        z.writestr(info, 'content of ' + n + '\\n')\n";
  std::vector<std::string> argv{"python3", "-c", script, zip.string(), symlink ? "1" : "0"};
  argv.insert(argv.end(), names.begin(), names.end());
  auto r = test::run(argv);
  REQUIRE(r.exit_code == 0);
}

std::string sha256_of(const fs::path& p) { return hex_encode(hash_file(p, HashAlgorithm::sha256)); }

}  // namespace kb::test
