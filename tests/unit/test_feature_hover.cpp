// Hover through the in-process client: short and long forms, aliases, patterns, the draft's own
// definition, Markdown and plain text, UTF-16 and UTF-8 ranges after Korean and emoji, CRLF, LaTeX.
#include "feature_fixture.h"

using namespace accord;
using namespace accord::test;

TEST_CASE("hover on a short form shows the card with the commentary's definition") {
  FeatureClient client;
  Annotated doc("# Brief\n\nThe [[GSO^MIA]] was signed in 2016.\n");
  std::string uri = client.open(doc);
  json hover = client.request("textDocument/hover", client.at(uri, doc));
  REQUIRE(hover.is_object());
  CHECK(hover["range"] == rangeJson(doc.range(0)));
  CHECK(hover["contents"]["kind"] == "markdown");
  std::string value = hover["contents"]["value"];
  CHECK_THAT(value, Catch::Contains("**GSOMIA**"));
  CHECK_THAT(value, Catch::Contains("General Security of Military Information Agreement"));
  CHECK_THAT(value, Catch::Contains("*agreement*"));
  CHECK_THAT(value, Catch::Contains("share classified military information"));      // the gloss
  CHECK_THAT(value, Catch::Contains("concluded the General Security of Military")); // the quote
  CHECK_THAT(value, Catch::Contains("Jane Smith"));
  CHECK_THAT(value, Catch::Contains("Alliances in Northeast Asia"));
  CHECK_THAT(value, Catch::Contains("Example Commentary"));
  CHECK_THAT(value, Catch::Contains("2020"));
  CHECK_THAT(value, Catch::Contains("Mentioned in 2 of 2 commentaries"));
  CHECK_THAT(value, !Catch::Contains("Defined in this draft"));
}

TEST_CASE("hover on a long form, an alias and a pattern variant") {
  FeatureClient client;
  Annotated doc(
      "The [[General Security of Military Information Agreement]] is also called the "
      "[[intelligence-sharing pact]]; the [[comfort women agreement of December 2015]] is "
      "another matter.\n");
  std::string uri = client.open(doc);
  for (size_t i = 0; i < 3; ++i) {
    INFO("range " << i);
    lsp::Position inside = doc.range(i).start;
    inside.character += 3;
    json hover = client.request("textDocument/hover", LspClient::at(uri, inside));
    REQUIRE(hover.is_object());
    CHECK(hover["range"] == rangeJson(doc.range(i)));
    std::string value = hover["contents"]["value"];
    CHECK_THAT(value, Catch::Contains(i < 2 ? "**GSOMIA**" : "**2015 comfort women agreement**"));
  }
}

TEST_CASE("hover on a Korean or Japanese name lists the names by language") {
  FeatureClient client;
  Annotated doc("정부는 [[지소^미아]] 연장을 검토했다. 「[[日韓秘密軍事情報保護協定]]」\n");
  std::string uri = client.open(doc);
  json hover = client.request("textDocument/hover", client.at(uri, doc));
  REQUIRE(hover.is_object());
  CHECK(hover["range"] == rangeJson(doc.range(0))); // UTF-16 columns after Hangul
  std::string value = hover["contents"]["value"];
  CHECK_THAT(value, Catch::Contains("**GSOMIA**"));
  CHECK_THAT(value,
             Catch::Contains("Korean: 지소미아 \xC2\xB7 Japanese: 日韓秘密軍事情報保護協定"));
  CHECK_THAT(value, Catch::Contains("Also: intelligence-sharing pact\n"));
  CHECK_THAT(value, Catch::Contains("share classified military information")); // English gloss
  lsp::Position inside = doc.range(1).start;
  inside.character += 2;
  json ja = client.request("textDocument/hover", LspClient::at(uri, inside));
  REQUIRE(ja.is_object());
  CHECK(ja["range"] == rangeJson(doc.range(1)));
}

TEST_CASE("hover anywhere else is null") {
  FeatureClient client;
  Annotated doc("The treaty ^was signed. GSOMIA.\n");
  std::string uri = client.open(doc);
  CHECK(client.request("textDocument/hover", client.at(uri, doc)).is_null());
  // Lower case is not the acronym; a longer word is not it either.
  Annotated lower("the gsomia and GSOMIAX^ are not terms\n");
  std::string uri2 = client.open(lower, "lower.md");
  CHECK(client.request("textDocument/hover", client.at(uri2, lower)).is_null());
  CHECK(client.request("textDocument/hover", LspClient::at(uri2, {0, 6})).is_null());
}

TEST_CASE("hover as plain text when the client does not take Markdown") {
  json caps = LspClient::defaultCapabilities();
  caps["textDocument"]["hover"]["contentFormat"] = {"plaintext"};
  FeatureClient client(caps);
  Annotated doc("The [[^GSOMIA]] matters.\n");
  std::string uri = client.open(doc, "plain.txt", "plaintext");
  json hover = client.request("textDocument/hover", client.at(uri, doc));
  REQUIRE(hover.is_object());
  CHECK(hover["contents"]["kind"] == "plaintext");
  std::string value = hover["contents"]["value"];
  CHECK_THAT(value,
             Catch::StartsWith("GSOMIA — General Security of Military Information Agreement"));
  CHECK_THAT(value, !Catch::Contains("**"));
  CHECK(hover["range"] == rangeJson(doc.range(0)));
}

TEST_CASE("hover on a term the draft defines: the draft first, and a note when it differs") {
  FeatureClient client;
  Annotated doc(
      "Intro line.\n\nThe Global Security of Military Information Accord (GSOMIA) is new.\n\n"
      "Later, [[GSO^MIA]] again.\n");
  std::string uri = client.open(doc);
  json hover = client.request("textDocument/hover", client.at(uri, doc));
  REQUIRE(hover.is_object());
  std::string value = hover["contents"]["value"];
  CHECK_THAT(value,
             Catch::StartsWith("Defined in this draft (line 3): “Global Security of Military "
                               "Information Accord (GSOMIA)”"));
  CHECK_THAT(value, Catch::Contains("Note: the commentaries define GSOMIA differently, as “General "
                                    "Security of Military Information Agreement” (Smith 2020)"));
  // The commentary's card follows.
  CHECK(value.find("Defined in this draft") < value.find("**GSOMIA**"));

  Annotated own("The Working Group on Maritime Safety (WGMS) met.\n\nThe [[WG^MS]] reported.\n");
  std::string uri2 = client.open(own, "own.md");
  hover = client.request("textDocument/hover", client.at(uri2, own));
  REQUIRE(hover.is_object());
  CHECK(hover["range"] == rangeJson(own.range(0)));
  value = hover["contents"]["value"];
  CHECK_THAT(value,
             Catch::StartsWith(
                 "Defined in this draft (line 1): “Working Group on Maritime Safety (WGMS)”"));
  CHECK_THAT(value, Catch::Contains("Not mentioned in the commentaries"));
  CHECK_THAT(value, !Catch::Contains("mined from the commentaries"));
  CHECK_THAT(value, !Catch::Contains("Note:"));
}

TEST_CASE("hover ranges after Korean and emoji, in UTF-16 and in UTF-8") {
  const char* text =
      "한국어 문장 😂 다음에 [[GSO^MIA]] 협정과 👩‍👩‍👧 [[ROK]].\n";
  {
    FeatureClient client;
    Annotated doc(text, PositionEncoding::Utf16);
    std::string uri = client.open(doc);
    json hover = client.request("textDocument/hover", client.at(uri, doc));
    REQUIRE(hover.is_object());
    CHECK(hover["range"] == rangeJson(doc.range(0)));
    CHECK(doc.range(0).start.character == 14); // Hangul 3+2+3, 😂 two units, four spaces
    json rok = client.request("textDocument/hover", LspClient::at(uri, doc.range(1).end));
    REQUIRE(rok.is_object());
    CHECK(rok["range"] == rangeJson(doc.range(1)));
  }
  {
    json caps = LspClient::defaultCapabilities();
    caps["general"]["positionEncodings"] = {"utf-8", "utf-16"};
    FeatureClient client(caps);
    Annotated doc(text, PositionEncoding::Utf8);
    std::string uri = client.open(doc);
    json hover = client.request("textDocument/hover", client.at(uri, doc));
    REQUIRE(hover.is_object());
    CHECK(hover["range"] == rangeJson(doc.range(0)));
    CHECK(doc.range(0).start.character == 32); // bytes: Hangul 3 each, 😂 4
  }
}

TEST_CASE("hover in CRLF text and in LaTeX") {
  FeatureClient client;
  Annotated crlf("First line\r\nSecond line with [[P^SI]]\r\nThird\r\n");
  std::string uri = client.open(crlf, "crlf.txt", "plaintext");
  json hover = client.request("textDocument/hover", client.at(uri, crlf));
  REQUIRE(hover.is_object());
  CHECK(hover["range"] == rangeJson(crlf.range(0)));
  CHECK(crlf.range(0).start.line == 1);
  CHECK_THAT(hover["contents"]["value"].get<std::string>(),
             Catch::Contains("Proliferation Security Initiative"));

  Annotated tex(
      "\\section{Pacts}\n\\textbf{[[GSO^MIA]]} matters \\cite{smith2020}. % GSOMIA in a comment\n");
  std::string texUri = client.open(tex, "paper.tex", "latex");
  hover = client.request("textDocument/hover", client.at(texUri, tex));
  REQUIRE(hover.is_object());
  CHECK(hover["range"] == rangeJson(tex.range(0)));
  // In a comment: not prose, no hover.
  size_t comment = tex.text.rfind("GSOMIA");
  CHECK(client
            .request("textDocument/hover",
                     LspClient::at(
                         texUri, {1, static_cast<uint32_t>(comment - tex.text.find('\n') - 1 + 2)}))
            .is_null());
}
