// Inlay hints through the in-process client: off by default, the long form after an acronym the
// draft never spells out when accord.inlayHints.enabled is on.
#include "feature_fixture.h"

using namespace accord;
using namespace accord::test;

namespace {
json everything(const std::string& uri) {
  return {
      {"textDocument", {{"uri", uri}}},
      {"range",
       {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 99}, {"character", 0}}}}}};
}
} // namespace

TEST_CASE("inlay hints are off by default") {
  FeatureClient client;
  Annotated doc("The ROK.\n");
  std::string uri = client.open(doc);
  CHECK(client.request("textDocument/inlayHint", everything(uri)) == json::array());
}

TEST_CASE("inlay hints: the long form after acronyms the draft never spells out") {
  FeatureClient client(LspClient::defaultCapabilities(), {{"inlayHints", {{"enabled", true}}}});
  Annotated doc("한국 😂 The [[ROK]]^ and the [[US]], the Proliferation Security Initiative (PSI) "
                "and the PSI.\r\n"
                "Again the ROK.\r\n");
  std::string uri = client.open(doc);
  json hints = client.request("textDocument/inlayHint", everything(uri));
  REQUIRE(hints.size() == 2);
  CHECK(hints[0]["position"] == json(doc.cursor));
  CHECK(hints[0]["label"] == ": Republic of Korea");
  CHECK(hints[0]["kind"] == 1);
  CHECK_THAT(hints[0]["tooltip"].get<std::string>(), Catch::Contains("Smith 2020"));
  CHECK(hints[1]["position"] == json({{"line", 1}, {"character", 13}}));
  // Only the range asked for.
  json firstLine = {
      {"textDocument", {{"uri", uri}}},
      {"range",
       {{"start", {{"line", 1}, {"character", 0}}}, {"end", {{"line", 1}, {"character", 14}}}}}};
  CHECK(client.request("textDocument/inlayHint", firstLine).size() == 1);
}
