// SPDX-License-Identifier: Apache-2.0
// The one version comparison kb build and kb inspect share.
#include <catch2/catch.hpp>

#include "core/version_number.hpp"

using kb::compare_versions;

TEST_CASE("versions compare by number, with suffixes and non-numeric tokens ordered", "[core][version][unit]") {
  CHECK(compare_versions("2.9", "2.10") < 0);
  CHECK(compare_versions("2.11.0", "2.11") == 0);
  CHECK(compare_versions("7", "7.0.0") == 0);
  CHECK(compare_versions("2.2.5", "2.28") < 0);
  CHECK(compare_versions("3.4.24", "3.4.9") > 0);
  // Arch letters and local versions do not take part.
  CHECK(compare_versions("9.0a", "9.0") == 0);
  CHECK(compare_versions("10.0f", "9.0") > 0);
  CHECK(compare_versions("2.12.1+cu130", "2.12.1") == 0);
  // A token with a non-numeric component sorts first; two of them compare as text.
  CHECK(compare_versions("TM_1", "1.3") < 0);
  CHECK(compare_versions("1.3", "TM_1") > 0);
  CHECK(compare_versions("TM_1", "TM_1") == 0);
  CHECK(compare_versions("TM_1", "TM_2") < 0);
  CHECK(kb::symbol_version_number("GLIBC_2.2.5") == "2.2.5");
  CHECK(kb::symbol_version_number("CXXABI_TM_1") == "TM_1");
  // The strict parser stays strict: symbol-version tokens with suffixes are not numbers.
  CHECK_FALSE(kb::parse_version("9.0a"));
  CHECK(kb::normalize_version_token("7.0.0") == "7");
}
