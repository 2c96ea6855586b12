// Protocol structs: absent is not null when writing; strict reading names the field.
#include <catch2/catch.hpp>

#include "server/protocol.h"

using namespace accord::lsp;

TEST_CASE("an absent optional field is absent in the JSON, not null") {
  Hover h;
  h.contents = {MarkupKind::Markdown, "**GSOMIA**"};
  json j = h;
  CHECK_FALSE(j.contains("range"));
  CHECK(j["contents"]["kind"] == "markdown");
  h.range = Range{{1, 2}, {1, 8}};
  j = h;
  CHECK(j["range"]["start"]["character"] == 2);

  Diagnostic d;
  d.range = {{0, 0}, {0, 3}};
  d.message = "m";
  j = d;
  for (const char* key :
       {"severity", "code", "codeDescription", "source", "tags", "relatedInformation", "data"}) {
    INFO(key);
    CHECK_FALSE(j.contains(key));
  }
  d.severity = DiagnosticSeverity::Warning;
  d.code = "used-before-defined";
  d.source = "accord";
  DiagnosticRelatedInformation related;
  related.location.uri = "file:///a.md";
  related.location.range = {{2, 0}, {2, 4}};
  related.message = "defined here";
  d.relatedInformation.emplace().push_back(related);
  j = d;
  CHECK(j["severity"] == 2);
  CHECK(j["relatedInformation"][0]["location"]["uri"] == "file:///a.md");
  CHECK(j["relatedInformation"][0]["message"] == "defined here");

  CompletionItem c;
  c.label = "GSOMIA";
  j = c;
  CHECK(j == json{{"label", "GSOMIA"}});

  PublishDiagnosticsParams p{"file:///a.md", std::nullopt, {}};
  j = p;
  CHECK_FALSE(j.contains("version"));
  CHECK(j["diagnostics"].is_array());

  // A required-but-nullable field is written as null.
  OptionalVersionedTextDocumentIdentifier id{"file:///a.md", std::nullopt};
  j = id;
  CHECK(j.contains("version"));
  CHECK(j["version"].is_null());
}

TEST_CASE("variants and kinds are written as the spec says") {
  InlayHint hint;
  hint.position = {0, 4};
  hint.label = std::string("(General Security …)");
  hint.kind = InlayHintKind::Type;
  json j = hint;
  CHECK(j["label"] == "(General Security …)");
  CHECK(j["kind"] == 1);
  hint.label = std::vector<InlayHintLabelPart>{{"part", std::nullopt, std::nullopt, std::nullopt}};
  j = hint;
  CHECK(j["label"][0]["value"] == "part");

  FullDocumentDiagnosticReport report;
  j = report;
  CHECK(j["kind"] == "full");
  CHECK(j["items"].is_array());
  CHECK_FALSE(j.contains("resultId"));

  WorkDoneProgressBegin begin{"Indexing", std::nullopt, std::nullopt, 10u};
  j = begin;
  CHECK(j == json{{"kind", "begin"}, {"title", "Indexing"}, {"percentage", 10}});

  CompletionItem c;
  c.label = "x";
  c.documentation = MarkupContent{MarkupKind::Markdown, "doc"};
  j = c;
  CHECK(j["documentation"]["kind"] == "markdown");
  c.documentation = std::string("plain");
  j = c;
  CHECK(j["documentation"] == "plain");

  DocumentSymbol sym;
  sym.name = "Introduction";
  sym.kind = SymbolKind::Namespace;
  sym.children = std::vector<DocumentSymbol>{DocumentSymbol{}};
  j = sym;
  CHECK(j["kind"] == 3);
  CHECK(j["children"].size() == 1);
}

TEST_CASE("reading names the field that does not fit") {
  auto message = [](const json& params) -> std::string {
    try {
      readParams<CodeActionParams>(params);
    } catch (const accord::rpc::InvalidParams& e) {
      return e.what();
    }
    return "no error";
  };
  json good = {
      {"textDocument", {{"uri", "file:///a.md"}}},
      {"range",
       {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 1}}}}},
      {"context", {{"diagnostics", json::array()}}}};
  CHECK(message(good) == "no error");
  json bad = good;
  bad["range"]["end"]["character"] = "one";
  CHECK(message(bad).find("range.end.character") != std::string::npos);
  bad = good;
  bad["context"]["diagnostics"] = {{{"range", good["range"]}, {"message", 5}}};
  CHECK(message(bad).find("context.diagnostics[0].message") != std::string::npos);
  bad = good;
  bad.erase("textDocument");
  CHECK(message(bad).find("textDocument") != std::string::npos);
  CHECK(message(nullptr).find("params") != std::string::npos);
  CHECK(message(json::array()).find("params") != std::string::npos);
}

TEST_CASE("didOpen and didChange texts are moved, not lost") {
  json p = {{"textDocument",
             {{"uri", "file:///a.md"},
              {"languageId", "markdown"},
              {"version", 1},
              {"text", "big text"}}}};
  auto open = takeParams<DidOpenTextDocumentParams>(std::move(p));
  CHECK(open.textDocument.text == "big text");
  CHECK(open.textDocument.version == 1);
  json c = {
      {"textDocument", {{"uri", "file:///a.md"}, {"version", 2}}},
      {"contentChanges",
       {{{"text", "whole"}},
        {{"range",
          {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
         {"text", "x"}}}}};
  auto change = takeParams<DidChangeTextDocumentParams>(std::move(c));
  REQUIRE(change.contentChanges.size() == 2);
  CHECK(change.contentChanges[0].text == "whole");
  CHECK_FALSE(change.contentChanges[0].range);
  CHECK(change.contentChanges[1].text == "x");
  json bad = {{"textDocument",
               {{"uri", "file:///a.md"}, {"languageId", "markdown"}, {"version", 1}, {"text", 7}}}};
  CHECK_THROWS_AS(takeParams<DidOpenTextDocumentParams>(std::move(bad)),
                  accord::rpc::InvalidParams);
}

TEST_CASE("client capabilities are read tolerantly") {
  json caps = {
      {"textDocument",
       {{"hover", {{"contentFormat", {"plaintext"}}}}, {"definition", {{"linkSupport", "yes"}}}}},
      {"workspace", 7},
      {"window", {{"workDoneProgress", true}}}};
  auto c = parseClientCapabilities(caps);
  CHECK_FALSE(c.hoverMarkdown);
  CHECK_FALSE(c.locationLinks);
  CHECK_FALSE(c.applyEdit);
  CHECK(c.workDoneProgress);
  auto none = parseClientCapabilities(json());
  CHECK_FALSE(none.configuration);
  CHECK(none.positionEncodings.empty());
}

TEST_CASE("protocol: the capabilities features read are typed fields") {
  json c = {{"textDocument",
             {{"declaration", {{"linkSupport", true}}},
              {"semanticTokens", {{"multilineTokenSupport", true}}}}},
            {"workspace",
             {{"workspaceEdit", {{"documentChanges", true}, {"resourceOperations", {"create"}}}},
              {"didChangeWatchedFiles", {{"relativePatternSupport", true}}}}}};
  ClientCapabilities caps = parseClientCapabilities(c);
  CHECK(caps.declarationLinks);
  CHECK(caps.semanticTokensMultiline);
  CHECK(caps.createFiles);
  CHECK(caps.watchedFilesRelativePatterns);
  CHECK_FALSE(parseClientCapabilities(json::object()).createFiles);
}

TEST_CASE("protocol: a workspace edit writes text edits and file creations in order") {
  WorkspaceEdit edit;
  edit.documentChanges.emplace();
  edit.documentChanges->push_back(CreateFile{"file:///r.bib", true});
  TextDocumentEdit text;
  text.textDocument.uri = "file:///r.bib";
  text.edits.push_back({{{0, 0}, {0, 0}}, "x"});
  edit.documentChanges->push_back(std::move(text));
  json j = edit;
  CHECK_FALSE(j.contains("changes"));
  REQUIRE(j["documentChanges"].size() == 2);
  CHECK(j["documentChanges"][0] == json{{"kind", "create"},
                                        {"uri", "file:///r.bib"},
                                        {"options", {{"ignoreIfExists", true}}}});
  CHECK(j["documentChanges"][1]["textDocument"]["version"].is_null());
  CHECK(j["documentChanges"][1]["edits"][0]["newText"] == "x");
}
