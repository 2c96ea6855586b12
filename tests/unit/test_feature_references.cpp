// References and document highlights through the in-process client: open drafts, workspace drafts,
// the corpus, includeDeclaration, and Write highlights for the draft's definition.
#include <set>

#include "feature_fixture.h"

using namespace accord;
using namespace accord::test;

namespace {

/// (uri, range) pairs of a Location[] answer.
std::multiset<std::string> places(const json& locations) {
  std::multiset<std::string> out;
  for (const json& l : locations)
    out.insert(l["uri"].get<std::string>() + " " + l["range"].dump());
  return out;
}
std::string place(const std::string& uri, const lsp::Range& r) {
  return uri + " " + json(r).dump();
}

} // namespace

TEST_CASE("references: open drafts, workspace drafts and the corpus") {
  TempDir ws;
  std::string notes = ws.write("notes.txt", "Unrelated line.\nGSOMIA came up in the notes.\n");
  ws.write(".git/ignored.md", "GSOMIA in a hidden directory\n");
  ws.write("old/archive.md", "GSOMIA in an excluded directory\n");
  json extra = {{"workspaceFolders", json::array({{{"uri", ws.uri()}, {"name", "ws"}}})}};
  json settings = {{"workspace", {{"exclude", {"old"}}}}};
  FeatureClient client(LspClient::defaultCapabilities(), settings, extra);

  Annotated a("The [[GSO^MIA]] and the [[General Security of Military Information Agreement]] "
              "([[GSOMIA]]).\n");
  Annotated b("😂 Another draft on [[GSOMIA]].\r\n");
  std::string uriA = client.open(a, "a.md");
  std::string uriB = client.open(b, "b.md");
  std::string notesUri = pathToFileUri(notes);

  auto ask = [&](bool includeDeclaration) {
    json params = client.at(uriA, a);
    params["context"] = {{"includeDeclaration", includeDeclaration}};
    return client.askUntil("textDocument/references", params, [&](const json& r) {
      for (const json& l : r)
        if (l["uri"] == notesUri)
          return true;
      return false;
    });
  };
  json all = ask(true);
  std::multiset<std::string> expected = {
      place(uriA, a.range(0)),
      place(uriA, a.range(1)),
      place(uriA, a.range(2)),
      place(uriB, b.range(0)),
      place(notesUri, {{1, 0}, {1, 6}}),
      place(corpusUri("smith-2020-alliances.txt"),
            corpusRange("smith-2020-alliances.txt",
                        "General Security of Military\nInformation Agreement")),
      place(corpusUri("smith-2020-alliances.txt"),
            corpusRange("smith-2020-alliances.txt", "GSOMIA", 0)),
      place(corpusUri("smith-2020-alliances.txt"),
            corpusRange("smith-2020-alliances.txt", "GSOMIA", 1)),
      place(corpusUri("lee-2021-trade.txt"), corpusRange("lee-2021-trade.txt", "GSOMIA", 0)),
  };
  CHECK(places(all) == expected);

  // Without the declarations: the definitions' long and short forms go, in the draft and the
  // corpus.
  json uses = ask(false);
  expected.erase(expected.find(place(uriA, a.range(1))));
  expected.erase(expected.find(place(uriA, a.range(2))));
  expected.erase(
      expected.find(place(corpusUri("smith-2020-alliances.txt"),
                          corpusRange("smith-2020-alliances.txt",
                                      "General Security of Military\nInformation Agreement"))));
  expected.erase(expected.find(place(corpusUri("smith-2020-alliances.txt"),
                                     corpusRange("smith-2020-alliances.txt", "GSOMIA", 0))));
  CHECK(places(uses) == expected);

  // Nowhere near a term: null.
  CHECK(client
            .request("textDocument/references", {{"textDocument", {{"uri", uriA}}},
                                                 {"position", {{"line", 0}, {"character", 0}}},
                                                 {"context", {{"includeDeclaration", true}}}})
            .is_null());
}

TEST_CASE("references of a term only drafts define") {
  FeatureClient client;
  Annotated a("The [[Working Group on Maritime Safety]] ([[WGMS]]) met; the [[WG^MS]] decided.\n");
  Annotated b("Elsewhere the [[WGMS]] is cited.\n");
  std::string uriA = client.open(a, "a.md");
  std::string uriB = client.open(b, "b.md");
  json params = client.at(uriA, a);
  params["context"] = {{"includeDeclaration", true}};
  // Draft b does not define WGMS, so it does not know the term: only draft a's mentions.
  json refs = client.request("textDocument/references", params);
  CHECK(places(refs) == std::multiset<std::string>{place(uriA, a.range(0)), place(uriA, a.range(1)),
                                                   place(uriA, a.range(2))});
  (void)uriB;
}

TEST_CASE("documentHighlight: the mentions in this draft, Write for its definition") {
  FeatureClient client;
  Annotated doc(
      "\\section{GSOMIA}\n한국어 😂 The [[GSOMIA]] talks. The [[General Security of Military "
      "Information "
      "Agreement]] ([[GSOMIA]]) was signed.\n\\emph{[[GSO^MIA]]} again; PSI is another term.\n");
  std::string uri = client.open(doc, "paper.tex", "latex");
  json highlights = client.request("textDocument/documentHighlight", client.at(uri, doc));
  REQUIRE(highlights.is_array());
  // The heading's GSOMIA is inside \section{…}, which is prose too.
  REQUIRE(highlights.size() == 5);
  CHECK(highlights[0]["kind"] == 1);
  CHECK(highlights[1]["range"] == rangeJson(doc.range(0)));
  CHECK(highlights[1]["kind"] == 1);
  CHECK(highlights[2]["range"] == rangeJson(doc.range(1)));
  CHECK(highlights[2]["kind"] == 3);
  CHECK(highlights[3]["range"] == rangeJson(doc.range(2)));
  CHECK(highlights[3]["kind"] == 3);
  CHECK(highlights[4]["range"] == rangeJson(doc.range(3)));
  CHECK(highlights[4]["kind"] == 1);
  CHECK(client.request("textDocument/documentHighlight", LspClient::at(uri, {2, 16})).is_null());
  CHECK(doc.range(0).start.character == 11); // after Hangul (3), emoji (2 units) and "The "
}
