// textDocument/semanticTokens/{full,full/delta,range} over LSP: the tokens of semantic_tokens.cpp
// placed in the client's position encoding, the last result kept per URI for deltas.
#include "server/features/binding.h"
#include "server/features/semantic_tokens.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"

namespace accord {

/// The last tokens sent per URI (server thread).
struct LanguageServer::SemanticTokensState {
  struct Tokens {
    std::string resultId;
    std::vector<uint32_t> data;
  };
  std::map<std::string, Tokens, std::less<>> tokens;
  uint64_t nextResultId = 1;
};

namespace {

std::string uriOf(const json& params) {
  lsp::expectObject(params); // the protocol's own readers, so errors name the field alike
  lsp::TextDocumentIdentifier document;
  lsp::getRequired(params, "textDocument", document);
  return document.uri;
}

std::vector<uint32_t> encode(const LanguageServer& server, const binding::Context& ctx,
                             Span range) {
  std::vector<features::SemanticToken> tokens =
      features::semanticTokens(ctx.knowledge(), ctx.draft(), range);
  if (!server.client().semanticTokensMultiline)
    tokens = features::splitMultiline(ctx.doc->text, tokens);
  std::vector<features::PlacedToken> placed;
  placed.reserve(tokens.size());
  for (const features::SemanticToken& t : tokens) {
    lsp::Position at = server.toPosition(*ctx.doc, t.span.begin);
    uint32_t length = measure(std::string_view(ctx.doc->text).substr(t.span.begin, t.span.size()),
                              server.encoding());
    placed.push_back({at.line, at.character, length, t.type, t.modifiers});
  }
  return features::encodeTokens(placed);
}

Span whole(const Document& doc) {
  return Span{0, static_cast<uint32_t>(doc.text.size())};
}

} // namespace

void LanguageServer::setupSemanticTokens() {
  semanticTokens_ = std::make_shared<SemanticTokensState>();
  // The legend goes with the semanticTokens rows of the table.
  json legend = {{"tokenTypes", json::array()}, {"tokenModifiers", json::array()}};
  for (std::string_view t : features::kTokenTypes)
    legend["tokenTypes"].push_back(t);
  for (std::string_view m : features::kTokenModifiers)
    legend["tokenModifiers"].push_back(m);
  advertise("/semanticTokensProvider/legend", std::move(legend));

  onDocumentClosed([this](const std::string& uri) {
    if (auto it = semanticTokens_->tokens.find(uri); it != semanticTokens_->tokens.end())
      semanticTokens_->tokens.erase(it);
  });
  onKnowledgeChanged([this] {
    // What the editor shows was computed against the old Knowledge.
    if (knowledgeService_->installs() > 1 && client_.semanticTokensRefresh)
      request("workspace/semanticTokens/refresh", nullptr, [](const rpc::Response&) {});
  });
}

void LanguageServer::onSemanticTokensFull(const lsp::SemanticTokensParams& params,
                                          rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto ctx = binding::context(*this, params.textDocument.uri);
    lsp::SemanticTokens result;
    if (!ctx)
      return result;
    result.data = encode(*this, ctx, whole(*ctx.doc));
    SemanticTokensState::Tokens& stored = semanticTokens_->tokens[ctx.doc->uri];
    stored.resultId = std::to_string(semanticTokens_->nextResultId++);
    stored.data = result.data;
    result.resultId = stored.resultId;
    return result;
  });
}

void LanguageServer::onSemanticTokensDelta(const json& params, rpc::Reply reply) {
  std::string uri = uriOf(params);
  if (!params.contains("previousResultId") || !params["previousResultId"].is_string())
    throw rpc::InvalidParams("previousResultId", "expected a string");
  std::string previous = params["previousResultId"].get<std::string>();
  knowledgeService_->whenReady(std::move(reply), [this, uri, previous]() -> json {
    auto ctx = binding::context(*this, uri);
    if (!ctx)
      return lsp::SemanticTokens{};
    std::vector<uint32_t> data = encode(*this, ctx, whole(*ctx.doc));
    SemanticTokensState::Tokens& stored = semanticTokens_->tokens[uri];
    const bool known = !stored.resultId.empty() && stored.resultId == previous;
    std::string resultId = std::to_string(semanticTokens_->nextResultId++);
    json out;
    if (known) {
      json edits = json::array();
      if (auto edit = features::diffTokens(stored.data, data))
        edits.push_back(
            {{"start", edit->start}, {"deleteCount", edit->deleteCount}, {"data", edit->data}});
      out = {{"resultId", resultId}, {"edits", std::move(edits)}};
    } else {
      out = lsp::SemanticTokens{resultId, data}; // an unknown previous result: send it all
    }
    stored.resultId = resultId;
    stored.data = std::move(data);
    return out;
  });
}

void LanguageServer::onSemanticTokensRange(const lsp::SemanticTokensRangeParams& params,
                                           rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto ctx = binding::context(*this, params.textDocument.uri);
    lsp::SemanticTokens result;
    if (!ctx)
      return result;
    result.data = encode(*this, ctx, toSpan(*ctx.doc, params.range));
    return result;
  });
}

} // namespace accord
