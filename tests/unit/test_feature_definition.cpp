// Go to definition and declaration through the in-process client: the commentary's exact
// "long form (SF)", the draft's and the workspace's own definitions first, links and locations.
#include "feature_fixture.h"

using namespace accord;
using namespace accord::test;

namespace {
const char* kSmith = "smith-2020-alliances.txt";
}

TEST_CASE("definition: the exact long form (SF) in the commentary, as a LocationLink") {
  FeatureClient client;
  Annotated doc("한국 😂 [[GSO^MIA]] text.\n");
  std::string uri = client.open(doc);
  json defs = client.request("textDocument/definition", client.at(uri, doc));
  REQUIRE(defs.is_array());
  REQUIRE(defs.size() == 1);
  const json& link = defs[0];
  CHECK(link["targetUri"] == corpusUri(kSmith));
  CHECK(link["targetSelectionRange"] ==
        rangeJson(
            corpusRange(kSmith, "General Security of Military\nInformation Agreement (GSOMIA)")));
  CHECK(link["originSelectionRange"] == rangeJson(doc.range(0)));
  // The target range is the defining sentence, which holds the selection.
  lsp::Range full = link["targetRange"].get<lsp::Range>();
  lsp::Range sel = link["targetSelectionRange"].get<lsp::Range>();
  CHECK(full.start <= sel.start);
  CHECK(sel.end <= full.end);
  CHECK(full.start == corpusRange(kSmith, "Japan and the Republic").start);
}

TEST_CASE("definition: plain Locations when the client has no linkSupport, UTF-8 ranges") {
  json caps = LspClient::defaultCapabilities();
  caps["textDocument"]["definition"]["linkSupport"] = false;
  caps["general"]["positionEncodings"] = {"utf-8"};
  FeatureClient client(caps);
  Annotated doc("The [[P^SI]] again.\n", PositionEncoding::Utf8);
  std::string uri = client.open(doc);
  json defs = client.request("textDocument/definition", client.at(uri, doc));
  REQUIRE(defs.size() == 1);
  CHECK(defs[0]["uri"] == corpusUri(kSmith));
  CHECK(defs[0]["range"] == rangeJson(corpusRange(kSmith, "Proliferation Security Initiative (PSI)",
                                                  0, PositionEncoding::Utf8)));
  CHECK_FALSE(defs[0].contains("targetUri"));
}

TEST_CASE("definition: the draft's own definition, alone, so the editor jumps") {
  FeatureClient client;
  Annotated doc("We mean the [[Global Security of Military Information Accord "
                "(GSOMIA)]].\r\n\r\n[[GSOMIA^]] again.\r\n");
  std::string uri = client.open(doc);
  json defs = client.request("textDocument/definition", client.at(uri, doc));
  REQUIRE(defs.size() == 1);
  CHECK(defs[0]["targetUri"] == uri);
  CHECK(defs[0]["targetSelectionRange"] == rangeJson(doc.range(0)));
  // On the definition itself as well.
  lsp::Position onShort = doc.range(0).end;
  onShort.character -= 3; // inside "(GSOMIA)"
  json again = client.request("textDocument/definition", LspClient::at(uri, onShort));
  REQUIRE(again.size() == 1);
  CHECK(again[0]["targetSelectionRange"] == rangeJson(doc.range(0)));
}

TEST_CASE("definition: other drafts are references, not definitions") {
  TempDir ws;
  std::string other = ws.write("notes/other.md",
                               "# Notes\n\nThe General Security of Military Information Agreement "
                               "(GSOMIA) and the Working Group on Maritime Safety (WGMS).\n");
  ws.write("notes/skip/big.md", std::string(100, 'x'));
  json extra = {{"workspaceFolders", json::array({{{"uri", ws.uri()}, {"name", "ws"}}})}};
  FeatureClient client(LspClient::defaultCapabilities(), nullptr, extra);
  Annotated doc("[[GSO^MIA]] and the Working Group on Maritime Safety (WGMS); [[WGMS]].\n");
  std::string uri = client.open(doc, "elsewhere.md");
  // the workspace is read (references find the other draft) …
  client.askUntil("textDocument/references", client.at(uri, doc), [&](const json& r) {
    if (!r.is_array())
      return false;
    for (const json& l : r)
      if (l["uri"] == pathToFileUri(other))
        return true;
    return false;
  });
  // … but the definition is the commentary's, alone
  json defs = client.request("textDocument/definition", client.at(uri, doc));
  REQUIRE(defs.size() == 1);
  CHECK(defs[0]["targetUri"] == corpusUri(kSmith));

  // A term only drafts define: this draft's definition only.
  json local = client.request("textDocument/definition", LspClient::at(uri, doc.range(1).start));
  REQUIRE(local.size() == 1);
  CHECK(local[0]["targetUri"] == uri);
}

TEST_CASE("definition: a named agreement nobody spells out goes to a commentary sentence") {
  FeatureClient client;
  Annotated doc("Recall the [[2015 comfort ^women agreement]].\n");
  std::string uri = client.open(doc);
  json defs = client.request("textDocument/definition", client.at(uri, doc));
  REQUIRE(defs.size() == 1);
  CHECK(defs[0]["targetUri"] == corpusUri(kSmith)); // never the lexicon's JSON file
  std::string text = slurp(featureData() + "/corpus/" + kSmith);
  uint32_t line = static_cast<uint32_t>(
      std::count(text.begin(), text.begin() + text.find("The 2015 comfort women agreement"), '\n'));
  CHECK(defs[0]["targetSelectionRange"]["start"]["line"] == line);
}

TEST_CASE("definition and declaration elsewhere: null") {
  FeatureClient client;
  Annotated doc("No ^term here.\n");
  std::string uri = client.open(doc);
  CHECK(client.request("textDocument/definition", client.at(uri, doc)).is_null());
  CHECK(client.request("textDocument/declaration", client.at(uri, doc)).is_null());
}

TEST_CASE("declaration: the first use in the draft") {
  FeatureClient client;
  Annotated doc("# Title\n\nFirst the [[PSI]], then the Proliferation Security Initiative "
                "(PSI).\n\nAnd P^SI.\n");
  std::string uri = client.open(doc);
  json decl = client.request("textDocument/declaration", client.at(uri, doc));
  REQUIRE(decl.size() == 1);
  CHECK(decl[0]["uri"] == uri); // no declaration.linkSupport: plain Locations
  CHECK(decl[0]["range"] == rangeJson(doc.range(0)));
}
