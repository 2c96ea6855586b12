// textDocument/inlayHint over LSP: the long form after an acronym, when accord.inlayHints.enabled
// (inlay_hints.cpp); and asking the client to refresh when that setting or the Knowledge changes.
#include "server/features/binding.h"
#include "server/features/inlay_hints.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"

namespace accord {

void LanguageServer::setupInlayHints() {
  onSettingsChanged([this] {
    if (settings_.inlayHints.enabled != inlayHintsEnabled_) {
      inlayHintsEnabled_ = settings_.inlayHints.enabled;
      if (client_.inlayHintRefresh)
        request("workspace/inlayHint/refresh", nullptr, [](const rpc::Response&) {});
    }
  });
  onKnowledgeChanged([this] {
    // What the editor shows was computed against the old Knowledge.
    if (knowledgeService_->installs() > 1 && client_.inlayHintRefresh &&
        settings_.inlayHints.enabled)
      request("workspace/inlayHint/refresh", nullptr, [](const rpc::Response&) {});
  });
}

void LanguageServer::onInlayHint(const lsp::InlayHintParams& params, rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    json out = json::array();
    if (!settings_.inlayHints.enabled)
      return out; // off by default: accord.inlayHints.enabled
    auto ctx = binding::context(*this, params.textDocument.uri);
    if (!ctx)
      return out;
    for (const features::InlayHintItem& h :
         features::inlayHints(ctx.knowledge(), ctx.draft(), toSpan(*ctx.doc, params.range))) {
      lsp::InlayHint hint;
      hint.position = toPosition(*ctx.doc, h.offset);
      hint.label = h.label;
      hint.kind = lsp::InlayHintKind::Type;
      if (!h.tooltip.empty())
        hint.tooltip = lsp::StringOrMarkup{h.tooltip};
      hint.paddingLeft = false;
      out.push_back(hint);
    }
    return out;
  });
}

} // namespace accord
