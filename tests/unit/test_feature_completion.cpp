// Completion through the in-process client: short forms, "Long Form (SF)", citation keys after
// "[@" and "\cite{", sorting, word boundaries, UTF-16 edit ranges, and resolve.
#include "feature_fixture.h"

using namespace accord;
using namespace accord::test;

namespace {

const json* findItem(const json& list, const std::string& label) {
  for (const json& item : list["items"])
    if (item["label"] == label)
      return &item;
  return nullptr;
}

std::vector<std::string> labels(const json& list) {
  std::vector<std::string> out;
  for (const json& item : list["items"])
    out.push_back(item["label"]);
  return out;
}

} // namespace

TEST_CASE("completion of a short form offers the term with its long form") {
  FeatureClient client;
  Annotated doc("한국 😂 We discuss [[GSO]]^\n");
  std::string uri = client.open(doc);
  json list = client.request("textDocument/completion", client.at(uri, doc));
  CHECK(list["isIncomplete"] == false);
  const json* item = findItem(list, "GSOMIA");
  REQUIRE(item);
  CHECK((*item)["detail"] == "General Security of Military Information Agreement");
  CHECK((*item)["kind"] == 21); // a short form: Constant, whatever the term's kind
  CHECK((*item)["textEdit"]["newText"] == "GSOMIA");
  CHECK((*item)["textEdit"]["range"] == rangeJson(doc.range(0)));
  // A short list carries its documentation at once.
  CHECK((*item)["documentation"]["kind"] == "markdown");
  CHECK_THAT((*item)["documentation"]["value"].get<std::string>(), Catch::Contains("**GSOMIA**"));
}

TEST_CASE("completion of a long form offers Long Form (SF)") {
  FeatureClient client;
  Annotated doc("The [[General Sec]]^\n");
  std::string uri = client.open(doc);
  json list = client.request("textDocument/completion", client.at(uri, doc));
  const json* item = findItem(list, "General Security of Military Information Agreement (GSOMIA)");
  REQUIRE(item);
  CHECK((*item)["kind"] == 1); // prose: Text
  CHECK((*item)["textEdit"]["range"] == rangeJson(doc.range(0)));
  CHECK((*item)["textEdit"]["newText"] ==
        "General Security of Military Information Agreement (GSOMIA)");

  // A lower-case long form keeps the capital the writer typed.
  Annotated lower("A [[Free tr]]^\n");
  std::string uri2 = client.open(lower, "lower.md");
  json list2 = client.request("textDocument/completion", client.at(uri2, lower));
  const json* fta = findItem(list2, "Free trade agreement (FTA)");
  REQUIRE(fta);
  CHECK((*fta)["textEdit"]["range"] == rangeJson(lower.range(0)));
}

TEST_CASE("completion sorts exact-case prefixes and draft usage first") {
  FeatureClient client;
  Annotated doc("The PSI and the PSI again.\n\n[[P]]^\n");
  std::string uri = client.open(doc);
  json list = client.request("textDocument/completion", client.at(uri, doc));
  std::vector<std::string> got = labels(list);
  REQUIRE(got.size() >= 2);
  // Sorted by sortText as a client would.
  std::vector<json> items(list["items"].begin(), list["items"].end());
  std::sort(items.begin(), items.end(),
            [](const json& x, const json& y) { return x["sortText"] < y["sortText"]; });
  CHECK(items[0]["label"] == "PSI");
  const json* longForm = findItem(list, "Proliferation Security Initiative (PSI)");
  REQUIRE(longForm);
  CHECK((*longForm)["sortText"] > items[0]["sortText"]);
}

TEST_CASE("completion respects word boundaries") {
  FeatureClient client;
  Annotated doc("xGSO^\n");
  std::string uri = client.open(doc);
  json list = client.request("textDocument/completion", client.at(uri, doc));
  CHECK(list["items"].empty());
}

TEST_CASE("completion of citation keys after Pandoc @ and LaTeX cite") {
  FeatureClient client;
  Annotated md("As argued [@[[smi]]^]\n");
  std::string uri = client.open(md);
  json list = client.request("textDocument/completion", client.at(uri, md));
  REQUIRE(labels(list) == std::vector<std::string>{"smith2020"});
  const json& item = list["items"][0];
  CHECK(item["kind"] == 18);
  CHECK(item["detail"] == "Smith 2020");
  CHECK(item["textEdit"]["range"] == rangeJson(md.range(0)));
  CHECK_THAT(item["documentation"]["value"].get<std::string>(),
             Catch::Contains("Alliances in Northeast Asia"));

  Annotated tex("As argued \\citep[p.~3]{smith2020, [[]]^}\n");
  std::string texUri = client.open(tex, "paper.tex", "latex");
  list = client.request("textDocument/completion", client.at(texUri, tex));
  CHECK(labels(list) == std::vector<std::string>{"lee2021", "smith2020"});
  CHECK(list["items"][0]["textEdit"]["range"] == rangeJson(tex.range(0)));
}

TEST_CASE("completionItem/resolve fills the documentation") {
  FeatureClient client;
  json item = {{"label", "GSOMIA"}, {"data", {{"accord", "term:gsomia"}}}};
  json resolved = client.request("completionItem/resolve", item);
  CHECK(resolved["label"] == "GSOMIA");
  CHECK(resolved["data"] == item["data"]);
  CHECK_THAT(resolved["documentation"]["value"].get<std::string>(),
             Catch::Contains("General Security of Military Information Agreement"));
  json cite = client.request("completionItem/resolve",
                             {{"label", "lee2021"}, {"data", {{"accord", "cite:lee2021"}}}});
  CHECK_THAT(cite["documentation"]["value"].get<std::string>(),
             Catch::Contains("Trade Ties After the Pandemic"));
  // Something that is not ours comes back unchanged.
  json foreign = {{"label", "x"}, {"data", 42}};
  CHECK(client.request("completionItem/resolve", foreign) == foreign);
}

TEST_CASE("completion invoked on nothing lists the draft's terms") {
  FeatureClient client;
  Annotated doc("The ROK and Dokdo. ^\n");
  std::string uri = client.open(doc);
  json list = client.request("textDocument/completion", client.at(uri, doc));
  std::vector<std::string> got = labels(list);
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::string>{"Dokdo", "ROK"});
}
