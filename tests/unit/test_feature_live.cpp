// Live updates through the in-process client: incremental edits keep every answer equal to a
// fresh analysis; watched corpus, lexicon and workspace files rebuild what depends on them, with
// $/progress; settings that change the Knowledge rebuild it.
#include <random>

#include "feature_fixture.h"
#include "server/knowledge_host.h"

using namespace accord;
using namespace accord::test;

namespace {

json tokensOf(FeatureClient& client, const std::string& uri) {
  return client.request("textDocument/semanticTokens/full",
                        {{"textDocument", {{"uri", uri}}}})["data"];
}

json change(uint32_t l0, uint32_t c0, uint32_t l1, uint32_t c1, const std::string& text) {
  return {
      {"range",
       {{"start", {{"line", l0}, {"character", c0}}}, {"end", {{"line", l1}, {"character", c1}}}}},
      {"text", text}};
}

} // namespace

TEST_CASE("incremental edits give the same answers as opening the result afresh") {
  FeatureClient client;
  std::string text =
      "# Brief\r\n\r\n한국 😂 The GSOMIA and the Proliferation Security Initiative (PSI).\r\n\r\n"
      "The Working Group on Maritime Safety (WGMS) and the PSI.\r\n\r\nThe ROK and Dokdo.\r\n";
  std::string uri = "file:///drafts/live.md";
  client.didOpen(uri, text);
  LspClient reference(featureOptions());
  reference.initialize();
  std::mt19937 rng(7);
  const char* inserts[] = {"GSOMIA ", "PSI", "x",     "\r\n\r\n", "(FTA)",
                           "😂",       "한",  "WGMS ", "",         "## Head\r\n"};
  int version = 1;
  for (int step = 0; step < 60; ++step) {
    LineIndex lines(text);
    uint32_t a = static_cast<uint32_t>(rng() % (text.size() + 1));
    uint32_t b = std::min<uint32_t>(static_cast<uint32_t>(text.size()),
                                    a + static_cast<uint32_t>(rng() % 4));
    lsp::Position pa = lines.position(text, a, PositionEncoding::Utf16);
    lsp::Position pb = lines.position(text, b, PositionEncoding::Utf16);
    a = lines.offset(text, pa, PositionEncoding::Utf16);
    b = std::max(a, lines.offset(text, pb, PositionEncoding::Utf16));
    std::string insert = inserts[rng() % std::size(inserts)];
    client.didChange(uri, ++version,
                     json::array({change(pa.line, pa.character, pb.line, pb.character, insert)}));
    text.replace(a, b - a, insert);
    std::string fresh = "file:///drafts/fresh" + std::to_string(step) + ".md";
    reference.didOpen(fresh, text);
    INFO("step " << step << "\n" << text);
    REQUIRE(tokensOf(client, uri) ==
            reference.request("textDocument/semanticTokens/full",
                              {{"textDocument", {{"uri", fresh}}}})["data"]);
    json symbols =
        client.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
    REQUIRE(symbols ==
            reference.request("textDocument/documentSymbol", {{"textDocument", {{"uri", fresh}}}}));
    reference.didClose(fresh);
  }
}

TEST_CASE("a changed corpus is rebuilt when the client reports it, with $/progress") {
  struct Restore {
    ~Restore() { KnowledgeHost::progressDelayMs = 250; }
  } restore;
  KnowledgeHost::progressDelayMs = 0; // report every build, however short
  TempDir corpus;
  for (const char* f : {"smith-2020-alliances.txt", "lee-2021-trade.txt", "catalog.json"})
    corpus.write(f, slurp(corpusPath(f)));
  ServerOptions options = featureOptions();
  options.corpusDirs = {corpus.path.string()};
  LspClient client(options);
  json caps = LspClient::defaultCapabilities();
  caps["workspace"]["didChangeWatchedFiles"]["relativePatternSupport"] = true;
  client.initialize(caps);
  Annotated doc("The [[MS^B]] and the GSOMIA.\n");
  client.didOpen("file:///drafts/d.md", doc.text);
  json params = LspClient::at("file:///drafts/d.md", doc.cursor);
  CHECK(client.request("textDocument/hover", params).is_null());

  // The server asked to watch the corpus directory.
  bool watching = false;
  for (const json& r : client.serverRequests("client/registerCapability"))
    for (const json& reg : r["params"]["registrations"])
      if (reg["method"] == "workspace/didChangeWatchedFiles")
        for (const json& w : reg["registerOptions"]["watchers"])
          if (w["globPattern"].is_object() &&
              w["globPattern"]["baseUri"] == pathToFileUri(corpus.path.string()))
            watching = true;
  CHECK(watching);

  std::string added =
      corpus.write("new-2022.txt", "A New Board\n\nThe Maritime Safety Board (MSB) was set up.\n");
  client.notify("workspace/didChangeWatchedFiles",
                {{"changes", json::array({{{"uri", pathToFileUri(added)}, {"type", 1}}})}});
  json hover =
      client.runUntil([&] { return !client.request("textDocument/hover", params).is_null(); })
          ? client.request("textDocument/hover", params)
          : json();
  REQUIRE(hover.is_object());
  CHECK_THAT(hover["contents"]["value"].get<std::string>(),
             Catch::Contains("Maritime Safety Board"));
  CHECK(hover["range"] == rangeJson(doc.range(0)));

  // Every build reported its progress: create, begin … end.
  CHECK(client.serverRequests("window/workDoneProgress/create").size() >= 2);
  std::vector<json> progress = client.notifications("$/progress");
  REQUIRE(!progress.empty());
  CHECK(progress.front()["value"]["kind"] == "begin");
  CHECK(progress.front()["value"]["title"] == "Accord: indexing the commentaries");
  CHECK(progress.back()["value"]["kind"] == "end");
}

TEST_CASE("workspace lexicon files extend the Knowledge and are watched") {
  TempDir ws;
  std::string lexicon = ws.write(".accord/lexicon/ours.json",
                                 R"({"terms": [{"id": "qmx", "kind": "acronym", "short": "QMX",
                                     "long": "Quiet Maritime Exchange", "gloss": "First gloss."}]})");
  json extra = {{"workspaceFolders", json::array({{{"uri", ws.uri()}, {"name", "ws"}}})}};
  FeatureClient client(LspClient::defaultCapabilities(), nullptr, extra);
  Annotated doc("The [[QM^X]].\n");
  std::string uri = client.open(doc);
  json hover = client.request("textDocument/hover", client.at(uri, doc));
  REQUIRE(hover.is_object());
  CHECK_THAT(hover["contents"]["value"].get<std::string>(), Catch::Contains("First gloss."));

  ws.write(".accord/lexicon/ours.json",
           R"({"terms": [{"id": "qmx", "kind": "acronym", "short": "QMX",
               "long": "Quiet Maritime Exchange", "gloss": "Second gloss."}]})");
  client.notify("workspace/didChangeWatchedFiles",
                {{"changes", json::array({{{"uri", pathToFileUri(lexicon)}, {"type", 2}}})}});
  hover = client.askUntil("textDocument/hover", client.at(uri, doc), [](const json& h) {
    return h.is_object() &&
           h["contents"]["value"].get<std::string>().find("Second gloss.") != std::string::npos;
  });
  CHECK_THAT(hover["contents"]["value"].get<std::string>(), Catch::Contains("Second gloss."));
}

TEST_CASE("a changed workspace draft is re-read") {
  TempDir ws;
  std::string other =
      ws.write("other.md", "The General Security of Military Information Agreement (GSOMIA).\n");
  json extra = {{"workspaceFolders", json::array({{{"uri", ws.uri()}, {"name", "ws"}}})}};
  FeatureClient client(LspClient::defaultCapabilities(), nullptr, extra);
  Annotated doc("The [[GSO^MIA]].\n");
  std::string uri = client.open(doc);
  // Workspace drafts are references (go to definition stays with the commentary).
  auto mentionsOther = [&](const json& refs) {
    if (!refs.is_array())
      return false;
    for (const json& l : refs)
      if (l["uri"] == pathToFileUri(other))
        return true;
    return false;
  };
  json params = client.at(uri, doc);
  params["context"] = {{"includeDeclaration", true}};
  json refs = client.askUntil("textDocument/references", params, mentionsOther);
  REQUIRE(mentionsOther(refs));
  ws.write("other.md", "Nothing defined here any more.\n");
  client.notify("workspace/didChangeWatchedFiles",
                {{"changes", json::array({{{"uri", pathToFileUri(other)}, {"type", 2}}})}});
  refs = client.askUntil("textDocument/references", params,
                         [&](const json& r) { return r.is_array() && !mentionsOther(r); });
  CHECK_FALSE(mentionsOther(refs));
  json defs = client.request("textDocument/definition", client.at(uri, doc));
  REQUIRE(defs.size() == 1);
  CHECK(defs[0]["targetUri"] == corpusUri("smith-2020-alliances.txt"));
}

TEST_CASE("settings that change the Knowledge rebuild it") {
  FeatureClient client;
  Annotated doc("The [[GSOMIA]].\n");
  std::string uri = client.open(doc);
  json data = tokensOf(client, uri);
  REQUIRE(data.size() == 5);
  CHECK(data[4] == 2 + 4); // firstUse | undefined
  client.configuration = {{"wellKnown", {"US", "GSOMIA"}}};
  client.notify("workspace/didChangeConfiguration", {{"settings", nullptr}});
  bool rebuilt = client.runUntil([&] { return tokensOf(client, uri)[4] == 2; });
  CHECK(rebuilt);
}

TEST_CASE("a configured corpus or lexicon folder that yields nothing is reported once") {
  TempDir dir;
  std::filesystem::create_directories(dir.path / "empty-corpus");
  dir.write("lexicon-without-terms/notes.txt", "not a lexicon\n");
  std::string missing = (dir.path / "no-such-folder").string();
  json settings = {{"corpus", {(dir.path / "empty-corpus").string(), missing}},
                   {"lexicon", {(dir.path / "lexicon-without-terms").string()}}};
  FeatureClient client(LspClient::defaultCapabilities(), settings);
  client.configuration = settings;
  Annotated doc("The [[GSOMIA]].\n");
  std::string uri = client.open(doc);
  auto told = [&] {
    std::vector<std::string> out;
    for (const json& n : client.notifications("window/showMessage"))
      out.push_back(n["message"].get<std::string>());
    return out;
  };
  auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (const std::string& m : told())
      n += m.find(needle) != std::string::npos;
    return n;
  };
  REQUIRE(client.runUntil([&] { return told().size() >= 3; }));
  CHECK(count("corpus folder " + (dir.path / "empty-corpus").string() + " has no commentaries") ==
        1);
  CHECK(count("corpus folder " + missing + " does not exist") == 1);
  CHECK(count("lexicon folder " + (dir.path / "lexicon-without-terms").string() +
              " has no terms") == 1);
  // The bundled-free feature corpus still answers.
  CHECK_FALSE(
      client.request("textDocument/hover", LspClient::at(uri, doc.range(0).start)).is_null());
  for (const std::string& m : told())
    INFO(m);

  // A rebuild (another setting changes) says nothing new about the same folders.
  client.configuration["wellKnown"] = {"US", "GSOMIA"};
  client.notify("workspace/didChangeConfiguration", {{"settings", nullptr}});
  client.runUntil([&] { return false; }, std::chrono::milliseconds(300));
  CHECK(count("empty-corpus") == 1);
  CHECK(count(missing + " does not exist") == 1);
  CHECK(count("lexicon-without-terms") == 1);
}
