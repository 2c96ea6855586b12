// textDocument/definition and textDocument/declaration over LSP: where a term is defined, in the
// draft, the other drafts, the commentaries or the lexicon (definition.cpp).
#include "server/features/binding.h"
#include "server/features/definition.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"

namespace accord {

void LanguageServer::onDefinition(const lsp::TextDocumentPositionParams& params, rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto v = binding::view(*this, params.textDocument.uri, true);
    if (!v.current)
      return nullptr;
    uint32_t offset = toOffset(*v.current.doc, params.position);
    const Mention* m = v.current.state->analysis->mentionAt(offset);
    if (!m)
      return nullptr;
    return binding::placesJson(*this, v, features::findDefinitions(v.world, offset), m->span,
                               client_.locationLinks);
  });
}

void LanguageServer::onDeclaration(const lsp::TextDocumentPositionParams& params,
                                   rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto v = binding::view(*this, params.textDocument.uri, false);
    if (!v.current)
      return nullptr;
    uint32_t offset = toOffset(*v.current.doc, params.position);
    const Mention* m = v.current.state->analysis->mentionAt(offset);
    if (!m)
      return nullptr;
    return binding::placesJson(*this, v, features::findDeclaration(v.world, offset), m->span,
                               client_.declarationLinks);
  });
}

} // namespace accord
