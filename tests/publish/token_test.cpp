// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "publish/publish.hpp"
#include "tests/test_env.hpp"

using namespace kb::publish;

TEST_CASE("token precedence is huggingface_hub's", "[publish][token][unit]") {
  kb::test::TempDir tmp;
  kb::test::write_text(tmp / "home/.cache/huggingface/token", "from-home\n");
  kb::test::write_text(tmp / "hf_home/token", "  from-hf-home \r\n");
  kb::test::write_text(tmp / "explicit", "from-path");
  kb::test::write_text(tmp / "xdg/huggingface/token", "from-xdg");
  TokenSources s{"", "", "", "", "", (tmp / "home").string()};
  CHECK(resolve_token(s) == "from-home");
  s.xdg_cache_home = (tmp / "xdg").string();
  CHECK(resolve_token(s) == "from-xdg");
  s.hf_home = (tmp / "hf_home").string();
  CHECK(resolve_token(s) == "from-hf-home");
  s.hf_token_path = (tmp / "explicit").string();
  CHECK(resolve_token(s) == "from-path");
  s.hugging_face_hub_token = "legacy";
  CHECK(resolve_token(s) == "legacy");
  s.hf_token = " env\n";
  CHECK(resolve_token(s) == "env");
  s.hf_token = " \n";  // blank counts as unset
  CHECK(resolve_token(s) == "legacy");
  CHECK(resolve_token(TokenSources{}) == "");
}

TEST_CASE("a token never travels over plain http to a non-loopback host", "[publish][token][unit]") {
  CHECK(checked_endpoint("http://127.0.0.1:8080/", true) == "http://127.0.0.1:8080");
  CHECK(checked_endpoint("http://localhost:1", true) == "http://localhost:1");
  CHECK(checked_endpoint("https://huggingface.co", true) == "https://huggingface.co");
  CHECK(checked_endpoint("http://hub.example.com", false) == "http://hub.example.com");
  REQUIRE_THROWS_AS(checked_endpoint("http://hub.example.com", true), kb::Error);
  REQUIRE_THROWS_AS(checked_endpoint("http://127.0.0.1.evil.com", true), kb::Error);
  REQUIRE_THROWS_AS(checked_endpoint("ftp://x", false), kb::Error);
}
