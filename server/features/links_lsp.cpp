// textDocument/documentLink over LSP: citation keys and mentions linked to their commentary
// (links.cpp).
#include "server/features/binding.h"
#include "server/features/links.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"

namespace accord {

void LanguageServer::onDocumentLink(const lsp::DocumentLinkParams& params, rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto ctx = binding::context(*this, params.textDocument.uri);
    json out = json::array();
    if (!ctx)
      return out;
    const Knowledge& k = ctx.knowledge();
    for (const features::LinkHit& link : features::documentLinks(k, ctx.draft())) {
      const Source& src = k.sources[link.source];
      lsp::DocumentLink l;
      l.range = toRange(*ctx.doc, link.span);
      l.target =
          link.page > 0 // a PDF opens at its page (the #page=N of RFC 8118, which viewers follow)
              ? binding::fileUri(src.original) + "#page=" + std::to_string(link.page)
              : binding::fileUri(src.path) +
                    (link.line > 0 ? "#L" + std::to_string(link.line) : std::string());
      l.tooltip = link.tooltip;
      out.push_back(l);
    }
    return out;
  });
}

} // namespace accord
