// Semantic tokens through the in-process client: the legend, types per kind, the modifiers
// (definition, firstUse, undefined), UTF-16 columns, multi-line splitting, range and delta.
#include "feature_fixture.h"
#include "server/features/semantic_tokens.h"

using namespace accord;
using namespace accord::test;

namespace {

struct Token {
  uint32_t line, character, length, type, modifiers;
  friend bool operator==(const Token&, const Token&) = default;
};
std::ostream& operator<<(std::ostream& os, const Token& t) {
  return os << "{" << t.line << ":" << t.character << " len " << t.length << " type " << t.type
            << " mods " << t.modifiers << "}";
}

std::vector<Token> decode(const json& data) {
  std::vector<Token> out;
  uint32_t line = 0, character = 0;
  for (size_t i = 0; i + 4 < data.size(); i += 5) {
    uint32_t dl = data[i], dc = data[i + 1];
    line += dl;
    character = dl == 0 ? character + dc : dc;
    out.push_back({line, character, data[i + 2], data[i + 3], data[i + 4]});
  }
  return out;
}

Token at(const lsp::Range& r, uint32_t type, uint32_t modifiers) {
  REQUIRE(r.start.line == r.end.line);
  return {r.start.line, r.start.character, r.end.character - r.start.character, type, modifiers};
}

constexpr uint32_t kAcronym = 0, kAgreement = 1, kForum = 3, kPlace = 5;
constexpr uint32_t kDefinition = 1, kFirstUse = 2, kUndefined = 4;

} // namespace

TEST_CASE("semantic tokens: legend advertised with full, delta and range") {
  accord::test::LspClient client(featureOptions());
  json init = client.initialize();
  const json& provider = init["capabilities"]["semanticTokensProvider"];
  CHECK(provider["legend"]["tokenTypes"] ==
        json({"macro", "class", "function", "namespace", "type", "enumMember", "variable"}));
  CHECK(provider["legend"]["tokenModifiers"] == json({"definition", "firstUse", "undefined"}));
  CHECK(provider["full"]["delta"] == true);
  CHECK(provider["range"] == true);
}

TEST_CASE("semantic tokens: kinds and modifiers, after Korean and emoji") {
  FeatureClient client;
  Annotated doc(
      "한국 😂 [[PSI]] first, then the [[Proliferation Security Initiative]] ([[PSI]]).\n"
      "The [[PSI]] again, the [[US]], [[Dokdo]], the [[Six-Party Talks]] and [[GSOMIA]].\n");
  std::string uri = client.open(doc);
  json result =
      client.request("textDocument/semanticTokens/full", {{"textDocument", {{"uri", uri}}}});
  CHECK(result["resultId"].is_string());
  std::vector<Token> expected = {
      at(doc.range(0), kAcronym, kFirstUse | kUndefined),
      at(doc.range(1), kAcronym, kDefinition),
      at(doc.range(2), kAcronym, kDefinition),
      at(doc.range(3), kAcronym, 0),
      at(doc.range(4), kAcronym, kFirstUse), // well known: never undefined
      at(doc.range(5), kPlace, kFirstUse),
      at(doc.range(6), kForum, kFirstUse),
      at(doc.range(7), kAgreement, kFirstUse | kUndefined),
  };
  CHECK(decode(result["data"]) == expected);
}

TEST_CASE("semantic tokens: a long form across a line break, split unless multiline is supported") {
  Annotated doc("The [[General Security of Military\r\nInformation Agreement]] holds.\n");
  {
    FeatureClient client;
    std::string uri = client.open(doc, "crlf.md");
    json result =
        client.request("textDocument/semanticTokens/full", {{"textDocument", {{"uri", uri}}}});
    std::vector<Token> tokens = decode(result["data"]);
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0] == Token{0, 4, 28, kAgreement, kFirstUse});
    CHECK(tokens[1] == Token{1, 0, 21, kAgreement, kFirstUse});
  }
  {
    json caps = LspClient::defaultCapabilities();
    caps["textDocument"]["semanticTokens"] = {{"multilineTokenSupport", true}};
    FeatureClient client(caps);
    std::string uri = client.open(doc, "crlf.md");
    json result =
        client.request("textDocument/semanticTokens/full", {{"textDocument", {{"uri", uri}}}});
    std::vector<Token> tokens = decode(result["data"]);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0] == Token{0, 4, 51, kAgreement, kFirstUse});
  }
}

TEST_CASE("semantic tokens: range, and delta after an edit") {
  FeatureClient client;
  Annotated doc("The ROK.\n\nThe [[GSOMIA]] and the [[ROK]].\n\nThe PSI.\n");
  std::string uri = client.open(doc);
  json range = client.request(
      "textDocument/semanticTokens/range",
      {{"textDocument", {{"uri", uri}}},
       {"range",
        {{"start", {{"line", 2}, {"character", 0}}}, {"end", {{"line", 3}, {"character", 0}}}}}});
  CHECK(decode(range["data"]) ==
        std::vector<Token>{at(doc.range(0), kAgreement, kFirstUse | kUndefined),
                           at(doc.range(1), kAcronym, kUndefined)});

  json full =
      client.request("textDocument/semanticTokens/full", {{"textDocument", {{"uri", uri}}}});
  std::string first = full["resultId"];
  // Insert a mention at the top: the delta is one edit that turns the old data into the new.
  client.didChange(uri, 2,
                   json::array({{{"range",
                                  {{"start", {{"line", 0}, {"character", 0}}},
                                   {"end", {{"line", 0}, {"character", 0}}}}},
                                 {"text", "Dokdo. "}}}));
  json delta = client.request("textDocument/semanticTokens/full/delta",
                              {{"textDocument", {{"uri", uri}}}, {"previousResultId", first}});
  REQUIRE(delta.contains("edits"));
  CHECK(delta["resultId"] != first);
  std::vector<uint32_t> data = full["data"].get<std::vector<uint32_t>>();
  for (const json& e : delta["edits"]) {
    size_t start = e["start"], count = e["deleteCount"];
    std::vector<uint32_t> insert = e["data"].get<std::vector<uint32_t>>();
    data.erase(data.begin() + start, data.begin() + start + count);
    data.insert(data.begin() + start, insert.begin(), insert.end());
  }
  json fresh =
      client.request("textDocument/semanticTokens/full", {{"textDocument", {{"uri", uri}}}});
  CHECK(json(data) == fresh["data"]);
  CHECK(decode(fresh["data"]).front() == Token{0, 0, 5, kPlace, kFirstUse});
  // An unknown previous result gets everything.
  json unknown = client.request("textDocument/semanticTokens/full/delta",
                                {{"textDocument", {{"uri", uri}}}, {"previousResultId", "nope"}});
  CHECK(unknown["data"] == fresh["data"]);
}
