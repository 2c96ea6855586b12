// Document symbols (grouped by kind, with counts; hierarchical or flat) and fuzzy workspace
// symbols through the in-process client.
#include "feature_fixture.h"

using namespace accord;
using namespace accord::test;

TEST_CASE("document symbols: the draft's terms grouped by kind, with counts") {
  FeatureClient client;
  Annotated doc(
      "😂 The [[PSI]] and the ROK.\r\n\r\nThe ROK again, and [[GSOMIA]], and the Proliferation "
      "Security Initiative ([[PSI]]).\r\n");
  std::string uri = client.open(doc);
  json symbols = client.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  REQUIRE(symbols.size() == 2);
  CHECK(symbols[0]["name"] == "Acronyms");
  CHECK(symbols[0]["kind"] == 4);
  REQUIRE(symbols[0]["children"].size() == 2);
  const json& psi = symbols[0]["children"][0];
  CHECK(psi["name"] == "PSI");
  CHECK(psi["detail"] == "Proliferation Security Initiative · 3 mentions");
  CHECK(psi["kind"] == 14);
  // Selected at the draft's definition of it.
  CHECK(psi["selectionRange"] == rangeJson(doc.range(2)));
  const json& rok = symbols[0]["children"][1];
  CHECK(rok["name"] == "ROK");
  CHECK(rok["detail"] == "Republic of Korea · 2 mentions");
  CHECK(symbols[1]["name"] == "Agreements");
  REQUIRE(symbols[1]["children"].size() == 1);
  CHECK(symbols[1]["children"][0]["name"] == "GSOMIA");
  CHECK(symbols[1]["children"][0]["range"] == rangeJson(doc.range(1)));
  CHECK(symbols[1]["children"][0]["kind"] == 23);
  // A group encloses its children: from ROK's first mention (PSI's range is its definition).
  CHECK(symbols[0]["range"]["start"] == json({{"line", 0}, {"character", 19}}));
  CHECK(psi["range"]["end"]["character"] == doc.range(2).end.character + 1); // with ")"
  CHECK(symbols[0]["range"]["end"] == psi["range"]["end"]);
}

TEST_CASE("document symbols: SymbolInformation for clients without hierarchy") {
  json caps = LspClient::defaultCapabilities();
  caps["textDocument"]["documentSymbol"]["hierarchicalDocumentSymbolSupport"] = false;
  FeatureClient client(caps);
  Annotated doc("[[Takeshima]] and [[GSOMIA]].\n");
  std::string uri = client.open(doc);
  json symbols = client.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  REQUIRE(symbols.size() == 2);
  CHECK(symbols[0]["name"] == "GSOMIA");
  CHECK(symbols[0]["containerName"] == "Agreements");
  CHECK(symbols[0]["location"]["range"] == rangeJson(doc.range(1)));
  CHECK(symbols[1]["name"] == "Dokdo");
  CHECK(symbols[1]["containerName"] == "Places");
  CHECK(symbols[1]["location"]["range"] == rangeJson(doc.range(0)));
  CHECK_FALSE(symbols[0].contains("children"));
}

TEST_CASE("workspace symbols: fuzzy search over every known term") {
  FeatureClient client;
  Annotated doc("The Working Group on Maritime Safety (WGMS) met.\n");
  std::string uri = client.open(doc);
  json hits = client.request("workspace/symbol", {{"query", "gsm"}});
  REQUIRE(!hits.empty());
  CHECK(hits[0]["name"] == "GSOMIA");
  CHECK(hits[0]["kind"] == 23);
  CHECK(hits[0]["containerName"] == "General Security of Military Information Agreement");
  CHECK(hits[0]["location"]["uri"] == corpusUri("smith-2020-alliances.txt"));
  CHECK(hits[0]["location"]["range"] ==
        rangeJson(corpusRange("smith-2020-alliances.txt",
                              "General Security of Military\nInformation Agreement (GSOMIA)")));

  hits = client.request("workspace/symbol", {{"query", "sixpt"}});
  REQUIRE(!hits.empty());
  CHECK(hits[0]["name"] == "6PT");
  // Known by a lexicon entry only: it points there.
  CHECK(hits[0]["location"]["uri"] == pathToFileUri(featureData() + "/lexicon/terms.json"));

  // A term of an open draft, defined there.
  hits = client.request("workspace/symbol", {{"query", "wgms"}});
  REQUIRE(!hits.empty());
  CHECK(hits[0]["name"] == "WGMS");
  CHECK(hits[0]["location"]["uri"] == uri);

  // Everything for an empty query; nothing for nonsense.
  CHECK(client.request("workspace/symbol", {{"query", ""}}).size() >= 9);
  CHECK(client.request("workspace/symbol", {{"query", "zzzq"}}).empty());
}
