// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include <thread>

#include "publish/hash_cache.hpp"
#include "tests/test_env.hpp"

using namespace kb::publish;

TEST_CASE("the digest cache survives a save and misses on a rewritten file", "[publish][hash-cache][unit]") {
  kb::test::TempDir tmp;
  auto f = tmp / "a.so";
  kb::test::write_text(f, "abc");
  std::string key = stat_key(f);
  REQUIRE_FALSE(key.empty());
  {
    HashCache cache(tmp / "cache.json");
    CHECK_FALSE(cache.get(key));
    cache.put(key, {"s256", "s1", std::string("a\0b", 3)});
    cache.save();
  }
  HashCache again(tmp / "cache.json");
  auto hit = again.get(key);
  REQUIRE(hit);
  CHECK(hit->sha256 == "s256");
  CHECK(hit->sample == std::string("a\0b", 3));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kb::test::write_text(f, "xyz");  // same size, new content
  CHECK(stat_key(f) != key);
  CHECK(stat_key(tmp / "missing").empty());
  kb::test::write_text(tmp / "bad.json", "{not json");
  HashCache corrupt(tmp / "bad.json");
  CHECK_FALSE(corrupt.get(key));
}
