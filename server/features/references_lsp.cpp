// textDocument/references and textDocument/documentHighlight over LSP: every mention of the term
// under the cursor, in every draft or in this one (references.cpp).
#include "server/features/binding.h"
#include "server/features/references.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"

namespace accord {

void LanguageServer::onReferences(const lsp::ReferenceParams& params, rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto v = binding::view(*this, params.textDocument.uri, true);
    if (!v.current)
      return nullptr;
    uint32_t offset = toOffset(*v.current.doc, params.position);
    if (!v.current.state->analysis->mentionAt(offset))
      return nullptr;
    return binding::placesJson(
        *this, v, features::findReferences(v.world, offset, params.context.includeDeclaration), {},
        false);
  });
}

void LanguageServer::onDocumentHighlight(const lsp::TextDocumentPositionParams& params,
                                         rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto ctx = binding::context(*this, params.textDocument.uri);
    if (!ctx)
      return nullptr;
    uint32_t offset = toOffset(*ctx.doc, params.position);
    if (!ctx.state->analysis->mentionAt(offset))
      return nullptr;
    json out = json::array();
    for (const features::Highlight& h :
         features::documentHighlights(ctx.knowledge(), ctx.draft(), offset)) {
      lsp::DocumentHighlight d;
      d.range = toRange(*ctx.doc, h.span);
      d.kind = h.write ? lsp::DocumentHighlightKind::Write : lsp::DocumentHighlightKind::Text;
      out.push_back(d);
    }
    return out;
  });
}

} // namespace accord
