// Quick fixes and source actions in the editor: textDocument/codeAction (the fixes of checks.cpp
// findings as built by fixes.cpp, the table of abbreviations, citing a commentary) and the
// accord.applyFix command for clients without code action literals.
#include "server/features/binding.h"
#include "server/features/checks.h"
#include "server/features/citations.h"
#include "server/features/fixes.h"
#include "server/language_server.h"

namespace accord {

namespace {

constexpr const char* kTableKind = "source.accord.abbreviationTable";
constexpr const char* kCiteKind = "source.accord.citeCommentary";

bool kindAllowed(const std::optional<std::vector<std::string>>& only, std::string_view kind) {
  if (!only)
    return true;
  for (const std::string& o : *only)
    if (kind == o || (kind.size() > o.size() && kind.starts_with(o) && kind[o.size()] == '.'))
      return true;
  return false;
}

} // namespace

json LanguageServer::onCodeAction(const lsp::CodeActionParams& params) {
  json actions = json::array();
  auto doc = requireDocument(params.textDocument.uri);
  std::shared_ptr<const Knowledge> k = knowledge;
  if (!k)
    return actions;
  const auto& only = params.context.only;
  Span range = toSpan(*doc, params.range);
  const bool literals = client_.codeActionLiterals;

  auto addFix = [&](const features::FixData& data, const json& diagnostic) {
    features::QuickFix fix;
    if (!features::buildFix(data, doc->text, fix))
      return;
    if (!literals) {
      actions.push_back(lsp::Command{
          fix.title, "accord.applyFix",
          json::array(
              {{{"uri", doc->uri}, {"version", doc->version}, {"fix", binding::fixJson(data)}}})});
      return;
    }
    lsp::CodeAction a;
    a.title = fix.title;
    a.kind = lsp::CodeActionKind::QuickFix;
    if (!diagnostic.is_null()) {
      lsp::Diagnostic d;
      lsp::read(diagnostic, d);
      a.diagnostics = std::vector<lsp::Diagnostic>{std::move(d)};
    }
    a.edit = binding::WorkspaceEditBuilder(*this).edit(*doc, fix.edits).build();
    actions.push_back(a);
  };

  if (kindAllowed(only, lsp::CodeActionKind::QuickFix)) {
    std::vector<features::Finding> findings; // computed on demand
    bool computed = false;
    auto current = [&]() -> const std::vector<features::Finding>& {
      if (!computed) {
        auto analysis = this->analysis(doc, k)->analysis;
        findings = features::runChecks(*k, *analysis, doc->text, doc->language,
                                       binding::checkOptions(settings_));
        computed = true;
      }
      return findings;
    };
    bool anyAccord = false;
    for (const lsp::Diagnostic& diag : params.context.diagnostics) {
      if (diag.source != std::optional<std::string>("accord"))
        continue;
      anyAccord = true;
      json diagJson = diag;
      std::vector<features::FixData> fixes;
      // The diagnostic's data carries the fixes when it belongs to this version of the text.
      const json* data = diag.data ? &*diag.data : nullptr;
      if (data && data->is_object() && data->value("version", -1) == doc->version &&
          data->contains("fixes") && (*data)["fixes"].is_array()) {
        for (const json& f : (*data)["fixes"]) {
          features::FixData fd;
          if (binding::fixFrom(f, fd))
            fixes.push_back(std::move(fd));
        }
      } else {
        // No data (or an older version): find the same finding in the current text.
        Span at = toSpan(*doc, diag.range);
        for (const features::Finding& f : current())
          if (f.span == at &&
              diag.code == std::optional<std::string>(std::string(features::toString(f.code))))
            fixes = f.fixes;
      }
      // The first fix of a diagnostic is the preferred one ("fix all" in editors applies it).
      size_t before = actions.size();
      for (const features::FixData& fd : fixes)
        addFix(fd, diagJson);
      if (literals && actions.size() > before)
        actions[before]["isPreferred"] = true;
    }
    // A client that sends no diagnostics in the context still gets the fixes at the range.
    if (!anyAccord && params.context.diagnostics.empty()) {
      for (const features::Finding& f : current()) {
        if (f.span.end < range.begin || f.span.begin > range.end)
          continue;
        size_t before = actions.size();
        for (const features::FixData& fd : f.fixes)
          addFix(fd, nullptr);
        if (literals && actions.size() > before)
          actions[before]["isPreferred"] = true;
      }
    }
  }

  auto sourceAction = [&](const std::string& title, const char* kind, const char* command,
                          json args) {
    lsp::Command c{title, command, json::array({std::move(args)})};
    if (!literals) {
      actions.push_back(c);
      return;
    }
    lsp::CodeAction a;
    a.title = title;
    a.kind = kind;
    a.command = std::move(c);
    actions.push_back(a);
  };
  if (kindAllowed(only, kTableKind) || kindAllowed(only, kCiteKind)) {
    auto analysis = this->analysis(doc, k)->analysis;
    if (kindAllowed(only, kTableKind) && !features::abbreviationRows(*k, *analysis).empty())
      sourceAction("Insert table of abbreviations", kTableKind, "accord.insertAbbreviationTable",
                   {{"uri", doc->uri}});
    if (kindAllowed(only, kCiteKind))
      if (const Mention* m = analysis->mentionAt(range.begin);
          m && features::commentaryFor(*k, m->term)) {
        const Term& t = analysis->term(*k, m->term);
        std::string name = t.shortForm.empty() ? t.longForm : t.shortForm;
        sourceAction("Cite the commentary on " + name, kCiteKind, "accord.citeCommentary",
                     {{"uri", doc->uri}, {"position", params.range.start}, {"termId", t.id}});
      }
  }
  return actions;
}

void LanguageServer::onApplyFix(const lsp::ExecuteCommandParams& params, rpc::Reply reply) {
  const json& args = binding::commandArgument(params);
  auto doc = requireDocument(binding::stringArgument(args, "uri", true));
  auto version = args.find("version");
  if (version == args.end() || !version->is_number_integer())
    throw rpc::InvalidParams("arguments[0].version", "expected an integer");
  if (version->get<int64_t>() != doc->version)
    throw rpc::Error(rpc::ErrorCode::ContentModified,
                     "The draft changed since the fix was offered; ask for fixes again.");
  features::FixData data;
  if (!args.contains("fix") || !binding::fixFrom(args["fix"], data))
    throw rpc::InvalidParams("arguments[0].fix",
                             "expected a fix as offered by textDocument/codeAction");
  features::QuickFix fix;
  if (!features::buildFix(data, doc->text, fix))
    throw rpc::Error(rpc::ErrorCode::ContentModified,
                     "The fix no longer fits the draft; ask for fixes again.");
  binding::applyAndReply(*this, binding::WorkspaceEditBuilder(*this).edit(*doc, fix.edits).build(),
                         fix.title, "apply the fix", std::move(reply));
}

} // namespace accord
