// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/digest.hpp"
#include "core/error.hpp"
#include "tests/test_env.hpp"

using namespace kb;

TEST_CASE("sha256 and sha512 of known vectors, standard base64", "[core][digest][unit]") {
  // FIPS 180-2 "abc" vectors.
  CHECK(hex_encode(hash_bytes("abc", HashAlgorithm::sha256)) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex_encode(hash_bytes("abc", HashAlgorithm::sha512)).substr(0, 16) == "ddaf35a193617aba");
  CHECK(base64_encode(hash_bytes("abc", HashAlgorithm::sha256)) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
  CHECK(base64_encode({}) == "");
  CHECK(base64_encode({'f', 'o'}) == "Zm8=");
}

TEST_CASE("hash_file streams a file and names a missing one", "[core][digest][unit]") {
  test::TempDir dir;
  test::write_text(dir / "a.txt", "abc");
  CHECK(hash_file(dir / "a.txt", HashAlgorithm::sha256) == hash_bytes("abc", HashAlgorithm::sha256));
  try {
    hash_file(dir / "missing", HashAlgorithm::sha256);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::bad_input);
    CHECK(std::string(e.what()).find("missing") != std::string::npos);
  }
  CHECK_THROWS_AS(parse_hash_algorithm("md5"), Error);
}
