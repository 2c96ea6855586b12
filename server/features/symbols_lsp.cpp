// textDocument/documentSymbol and workspace/symbol over LSP: the terms a draft defines and uses,
// grouped by section, and the terms of every draft and the commentaries (symbols.cpp).
#include "server/features/binding.h"
#include "server/features/symbols.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"

namespace accord {

namespace {
constexpr size_t kMaxWorkspaceSymbols = 200;
}

void LanguageServer::onDocumentSymbol(const lsp::DocumentSymbolParams& params, rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto ctx = binding::context(*this, params.textDocument.uri);
    json out = json::array();
    if (!ctx)
      return out;
    for (const features::SymbolGroup& g : features::documentSymbols(ctx.knowledge(), ctx.draft())) {
      if (client_.hierarchicalDocumentSymbols) {
        lsp::DocumentSymbol group;
        group.name = g.name;
        group.detail = std::to_string(g.terms.size()) + (g.terms.size() == 1 ? " term" : " terms");
        group.kind = lsp::SymbolKind::Package;
        group.range = toRange(*ctx.doc, g.range);
        group.selectionRange = toRange(*ctx.doc, g.terms.front().selection);
        std::vector<lsp::DocumentSymbol> children;
        for (const features::TermSymbol& t : g.terms) {
          lsp::DocumentSymbol s;
          s.name = t.name;
          s.detail = t.detail;
          s.kind = binding::symbolKind(t.kind);
          s.range = toRange(*ctx.doc, t.range);
          s.selectionRange = toRange(*ctx.doc, t.selection);
          children.push_back(std::move(s));
        }
        group.children = std::move(children);
        out.push_back(group);
      } else {
        for (const features::TermSymbol& t : g.terms) {
          lsp::SymbolInformation s;
          s.name = t.name;
          s.kind = binding::symbolKind(t.kind);
          s.location = {ctx.doc->uri, toRange(*ctx.doc, t.selection)};
          s.containerName = g.name;
          out.push_back(s);
        }
      }
    }
    return out;
  });
}

void LanguageServer::onWorkspaceSymbol(const lsp::WorkspaceSymbolParams& params, rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    json out = json::array();
    binding::View v = binding::workspaceView(*this);
    if (!v.knowledge)
      return out;
    for (const features::WorkspaceSymbolHit& hit :
         features::workspaceSymbols(v.world, params.query, kMaxWorkspaceSymbols)) {
      auto location = binding::placeLocation(*this, v, hit.place, false);
      if (!location)
        continue;
      lsp::SymbolInformation s;
      s.name = hit.name;
      s.kind = binding::symbolKind(hit.kind);
      s.location = *location;
      if (!hit.container.empty())
        s.containerName = hit.container;
      out.push_back(s);
    }
    return out;
  });
}

} // namespace accord
