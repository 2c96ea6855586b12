// textDocument/completion and completionItem/resolve over LSP: terms and citation keys at the
// cursor, their documentation resolved lazily (completion.cpp).
#include "server/features/binding.h"
#include "server/features/completion.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"

namespace accord {

namespace {

/// The kind says what is inserted, not what the term is: editors print or draw it beside the
/// label (Neovim's menu prints "Struct", "Module", "Class"), and code constructs read wrongly
/// for words. The term's kind is in the detail or the documentation instead.
///  - a short form ("GSOMIA") → Constant: an abbreviation whose meaning is fixed;
///  - a long form, "Long Form (SF)" or an alias → Text: prose inserted as written;
///  - a citation key → Reference.
lsp::CompletionItemKind completionKind(const features::CompletionItem& item) {
  switch (item.what) {
  case features::CompletionItem::What::ShortForm:
    return lsp::CompletionItemKind::Constant;
  case features::CompletionItem::What::LongForm:
  case features::CompletionItem::What::Alias:
    return lsp::CompletionItemKind::Text;
  case features::CompletionItem::What::Citation:
    return lsp::CompletionItemKind::Reference;
  }
  return lsp::CompletionItemKind::Text;
}

} // namespace

void LanguageServer::onCompletion(const lsp::CompletionParams& params, rpc::Reply reply) {
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    auto ctx = binding::context(*this, params.textDocument.uri);
    lsp::CompletionList list;
    if (!ctx)
      return list;
    const bool markdown = client_.completionMarkdown;
    features::CompletionList found = features::complete(
        ctx.knowledge(), ctx.draft(), toOffset(*ctx.doc, params.position), markdown);
    list.isIncomplete = found.incomplete;
    for (features::CompletionItem& item : found.items) {
      lsp::CompletionItem c;
      c.label = item.label;
      c.kind = completionKind(item);
      if (!item.detail.empty())
        c.detail = item.detail;
      c.sortText = item.sortText;
      c.filterText = item.filterText;
      c.insertTextFormat = lsp::InsertTextFormat::PlainText;
      c.textEdit = lsp::TextEdit{toRange(*ctx.doc, item.replace), item.insertText};
      if (!item.documentation.empty()) {
        c.documentation =
            lsp::MarkupContent{markdown ? lsp::MarkupKind::Markdown : lsp::MarkupKind::PlainText,
                               std::move(item.documentation)};
      } else if (!item.resolveId.empty()) {
        c.data = json{{"accord", item.resolveId}};
      }
      list.items.push_back(std::move(c));
    }
    return list;
  });
}

void LanguageServer::onCompletionResolve(const json& params, rpc::Reply reply) {
  if (!params.is_object())
    throw rpc::InvalidParams("params", "expected a CompletionItem object");
  if (!params.contains("label") || !params["label"].is_string())
    throw rpc::InvalidParams("label", "is missing");
  knowledgeService_->whenReady(std::move(reply), [this, params]() -> json {
    json item = params;
    const json* data = item.contains("data") ? &item["data"] : nullptr;
    if (item.contains("documentation") || !knowledge || !data || !data->is_object() ||
        !data->contains("accord") || !(*data)["accord"].is_string())
      return item;
    const bool markdown = client_.completionMarkdown;
    std::string doc = features::completionDocumentation(
        *knowledge, (*data)["accord"].get<std::string>(), markdown);
    if (!doc.empty())
      item["documentation"] = lsp::MarkupContent{
          markdown ? lsp::MarkupKind::Markdown : lsp::MarkupKind::PlainText, std::move(doc)};
    return item;
  });
}

} // namespace accord
