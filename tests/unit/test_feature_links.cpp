// Document links through the in-process client: citation keys and mentions to the commentary.
#include "feature_fixture.h"

using namespace accord;
using namespace accord::test;

TEST_CASE("document links: citations and mentions point at the commentary") {
  FeatureClient client;
  Annotated doc(
      "😂 As [@[[smith2020]]; see @[[lee2021]], p. 3], the [[GSOMIA]] holds [@unknown2000].\n");
  std::string uri = client.open(doc);
  json links = client.request("textDocument/documentLink", {{"textDocument", {{"uri", uri}}}});
  REQUIRE(links.size() == 3);
  CHECK(links[0]["range"] == rangeJson(doc.range(0)));
  CHECK(links[0]["target"] == corpusUri("smith-2020-alliances.txt"));
  CHECK_THAT(links[0]["tooltip"].get<std::string>(),
             Catch::Contains("Alliances in Northeast Asia"));
  CHECK(links[1]["range"] == rangeJson(doc.range(1)));
  CHECK(links[1]["target"] == corpusUri("lee-2021-trade.txt"));
  CHECK(links[2]["range"] == rangeJson(doc.range(2)));
  uint32_t line =
      corpusRange("smith-2020-alliances.txt", "General Security of Military").start.line + 1;
  CHECK(links[2]["target"] == corpusUri("smith-2020-alliances.txt") + "#L" + std::to_string(line));
}

TEST_CASE("document links in LaTeX") {
  FeatureClient client;
  Annotated doc("\\textbf{[[PSI]]} \\cite{[[lee2021]],[[smith2020]]} \\ref{fig:GSOMIA}\n");
  std::string uri = client.open(doc, "paper.tex", "latex");
  json links = client.request("textDocument/documentLink", {{"textDocument", {{"uri", uri}}}});
  REQUIRE(links.size() == 3);
  CHECK(links[0]["range"] == rangeJson(doc.range(0)));
  CHECK_THAT(links[0]["target"].get<std::string>(),
             Catch::StartsWith(corpusUri("smith-2020-alliances.txt") + "#L"));
  CHECK(links[1]["range"] == rangeJson(doc.range(1)));
  CHECK(links[1]["target"] == corpusUri("lee-2021-trade.txt"));
  CHECK(links[2]["range"] == rangeJson(doc.range(2)));
}
