// A commentary opened in the editor (go to definition lands there) is read, not drafted: no
// drafting checks on it, pulled or pushed, while hover and definition keep working.
#include "feature_fixture.h"

using namespace accord;
using namespace accord::test;

namespace {
const char* kSmith = "smith-2020-alliances.txt";

/// The pulled diagnostics of `uri`, once the Knowledge is there (a hover waits for it; before
/// it the server answers an empty report).
json pulled(FeatureClient& client, const std::string& uri) {
  client.request("textDocument/hover", LspClient::at(uri, lsp::Position{0, 0}));
  return client.request("textDocument/diagnostic", {{"textDocument", {{"uri", uri}}}});
}
} // namespace

TEST_CASE("commentary: no drafting diagnostics on a file under a corpus root") {
  FeatureClient client;
  // The commentary with a use before its definition: a draft with this text is warned.
  std::string text = "GSOMIA matters.\n\n" + slurp(corpusPath(kSmith));
  client.didOpen("file:///drafts/copy.txt", text, "plaintext");
  json draft = pulled(client, "file:///drafts/copy.txt");
  REQUIRE(draft["items"].is_array());
  CHECK_FALSE(draft["items"].empty());

  // The same words in the corpus root (as an unsaved buffer of the commentary): silent.
  std::string uri = corpusUri(kSmith);
  client.didOpen(uri, text, "plaintext");
  json commentary = pulled(client, uri);
  REQUIRE(commentary["items"].is_array());
  CHECK(commentary["items"].empty());

  // Hover and definition still answer on the commentary.
  lsp::Position onPsi = corpusRange(kSmith, "PSI").start;
  onPsi.line += 2; // the two lines prepended above
  json hover = client.request("textDocument/hover", LspClient::at(uri, onPsi));
  CHECK_FALSE(hover.is_null());
  json defs = client.request("textDocument/definition", LspClient::at(uri, onPsi));
  CHECK(defs.is_array());
  CHECK_FALSE(defs.empty());
}

TEST_CASE("commentary: pushed diagnostics are empty for a commentary, not for a draft") {
  json caps = LspClient::defaultCapabilities();
  caps["textDocument"].erase("diagnostic");
  FeatureClient client(caps);
  std::string text = "GSOMIA matters.\n\n" + slurp(corpusPath(kSmith));
  client.didOpen("file:///drafts/copy.txt", text, "plaintext");
  client.didOpen(corpusUri(kSmith), text, "plaintext");
  REQUIRE(client.runUntil([&] {
    return client.diagnostics("file:///drafts/copy.txt") && client.diagnostics(corpusUri(kSmith));
  }));
  CHECK_FALSE((*client.diagnostics("file:///drafts/copy.txt"))["diagnostics"].empty());
  CHECK((*client.diagnostics(corpusUri(kSmith)))["diagnostics"].empty());
}
