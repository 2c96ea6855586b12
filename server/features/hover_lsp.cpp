// textDocument/hover over LSP: the hover card of the mention under the cursor (hover.cpp).
#include "server/features/binding.h"
#include "server/features/hover.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"

namespace accord {

void LanguageServer::onHover(const lsp::TextDocumentPositionParams& params, rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto ctx = binding::context(*this, params.textDocument.uri);
    if (!ctx)
      return nullptr;
    auto h = features::hover(ctx.knowledge(), ctx.draft(), toOffset(*ctx.doc, params.position),
                             client_.hoverMarkdown);
    if (!h)
      return nullptr;
    lsp::Hover hover;
    hover.contents = {client_.hoverMarkdown ? lsp::MarkupKind::Markdown
                                            : lsp::MarkupKind::PlainText,
                      std::move(h->contents)};
    hover.range = toRange(*ctx.doc, h->range);
    return hover;
  });
}

} // namespace accord
