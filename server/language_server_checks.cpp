// The drafting checks in the editor: diagnostics (pushed after edits, coalesced on the
// io_context, or pulled), quick fixes and source actions, and the commands that insert a table
// of abbreviations, cite a commentary and apply a fix through workspace/applyEdit.
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "grammar/analysis.h"
#include "grammar/files.h"
#include "grammar/paths.h"
#include "server/features/checks.h"
#include "server/features/citations.h"
#include "server/features/fixes.h"
#include "server/language_server.h"
#include "server/log.h"
#include "server/workspace.h"

namespace accord {

namespace asio = boost::asio;

namespace {

constexpr const char* kTableKind = "source.accord.abbreviationTable";
constexpr const char* kCiteKind = "source.accord.citeCommentary";

features::Severity severityOf(CheckLevel level) {
  switch (level) {
  case CheckLevel::Off:
    return features::Severity::Off;
  case CheckLevel::Error:
    return features::Severity::Error;
  case CheckLevel::Warning:
    return features::Severity::Warning;
  case CheckLevel::Information:
    return features::Severity::Information;
  case CheckLevel::Hint:
    return features::Severity::Hint;
  }
  return features::Severity::Off;
}

features::CheckOptions checkOptions(const Settings& s) {
  features::CheckOptions o;
  o.wellKnown = s.wellKnown;
  o.scope = s.firstUseScope == FirstUseScope::Section ? features::FirstUseScope::Section
                                                      : features::FirstUseScope::Document;
  for (size_t i = 0; i < features::kCheckCount; ++i) {
    auto code = static_cast<features::CheckCode>(i);
    o[code] = severityOf(s.check(features::toString(code)));
  }
  return o;
}

features::CitationStyle citationStyleOf(CitationStyle s) {
  switch (s) {
  case CitationStyle::Auto:
    return features::CitationStyle::Auto;
  case CitationStyle::Footnote:
    return features::CitationStyle::Footnote;
  case CitationStyle::Pandoc:
    return features::CitationStyle::Pandoc;
  case CitationStyle::Latex:
    return features::CitationStyle::Latex;
  }
  return features::CitationStyle::Auto;
}

json spanJson(Span s) {
  return json::array({s.begin, s.end});
}

bool spanFrom(const json& j, Span& out) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number_unsigned() || !j[1].is_number_unsigned())
    return false;
  out = {j[0].get<uint32_t>(), j[1].get<uint32_t>()};
  return out.begin <= out.end;
}

json fixJson(const features::FixData& f) {
  json j = {{"kind", features::toString(f.kind)},
            {"target", spanJson(f.target)},
            {"text", f.text},
            {"shortForm", f.shortForm}};
  if (!f.drop.empty()) {
    j["drop"] = spanJson(f.drop);
    j["dropText"] = f.dropText;
  }
  return j;
}

bool fixFrom(const json& j, features::FixData& f) {
  if (!j.is_object())
    return false;
  auto str = [&](const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end())
      return true;
    if (!it->is_string())
      return false;
    out = it->get<std::string>();
    return true;
  };
  std::string kind;
  if (!str("kind", kind) || !features::parseFixKind(kind, f.kind))
    return false;
  if (!j.contains("target") || !spanFrom(j["target"], f.target))
    return false;
  if (j.contains("drop") && !spanFrom(j["drop"], f.drop))
    return false;
  return str("text", f.text) && str("dropText", f.dropText) && str("shortForm", f.shortForm);
}

/// The one object argument of a command, or InvalidParams.
const json& commandArgument(const lsp::ExecuteCommandParams& p) {
  if (p.arguments.empty() || !p.arguments[0].is_object())
    throw rpc::InvalidParams("arguments[0]", "expected an object");
  return p.arguments[0];
}
std::string stringArgument(const json& args, const char* key, bool required) {
  auto it = args.find(key);
  if (it == args.end() || it->is_null()) {
    if (required)
      throw rpc::InvalidParams(std::string("arguments[0].") + key, "is missing");
    return {};
  }
  if (!it->is_string())
    throw rpc::InvalidParams(std::string("arguments[0].") + key, "expected a string");
  return it->get<std::string>();
}

bool readWholeFile(const std::string& path, std::string& out) {
  return readFile(path, out);
}

bool kindAllowed(const std::optional<std::vector<std::string>>& only, std::string_view kind) {
  if (!only)
    return true;
  for (const std::string& o : *only)
    if (kind == o || (kind.size() > o.size() && kind.starts_with(o) && kind[o.size()] == '.'))
      return true;
  return false;
}

} // namespace

/// Per-session state of the checks. Server thread only.
struct LanguageServer::ChecksState {
  explicit ChecksState(asio::io_context& io) : timer(io) {}
  asio::steady_timer timer;
  bool posted = false;         ///< a coalescing publication is queued on the io_context
  bool ended = false;          ///< the session ended: publish nothing more
  std::set<std::string> dirty; ///< URIs whose diagnostics wait for publication
  uint64_t generation = 0;     ///< bumped when settings or the Knowledge change (result ids)

  /// What the analysis slot of a document version was computed against, as far as we know:
  /// the Knowledge that was current when the version arrived (or when the Knowledge changed
  /// and the documents were re-analysed).
  struct Seen {
    int32_t version = 0;
    std::weak_ptr<const Knowledge> knowledge;
    /// Our own analysis, when the slot could not be trusted.
    std::shared_ptr<const DraftAnalysis> own;
    std::weak_ptr<const Knowledge> ownKnowledge;
    int32_t ownVersion = 0;
  };
  std::map<std::string, Seen, std::less<>> seen;

  /// Line indexes of the corpus texts, for related information that points into them.
  std::weak_ptr<const Knowledge> linesFor;
  std::map<uint32_t, LineIndex> sourceLines;

  /// The analysis of `doc` against `k`: the document's own slot when it is known to belong to
  /// `k`, else one computed here (and kept for this version).
  std::shared_ptr<const DraftAnalysis> analysis(const Document& doc,
                                                const std::shared_ptr<const Knowledge>& k) {
    auto& s = seen[doc.uri];
    if (auto slot = doc.analysis.load();
        slot && s.version == doc.version && s.knowledge.lock() == k)
      return slot;
    if (s.own && s.ownVersion == doc.version && s.ownKnowledge.lock() == k)
      return s.own;
    s.own = analyzeDraft(*k, doc.text, doc.language);
    s.ownVersion = doc.version;
    s.ownKnowledge = k;
    return s.own;
  }

  /// The findings of `doc` as LSP diagnostics, with the fixes in their data.
  std::vector<lsp::Diagnostic> diagnostics(LanguageServer& server, const Document& doc,
                                           const std::shared_ptr<const Knowledge>& k) {
    auto a = analysis(doc, k);
    std::vector<features::Finding> findings =
        features::runChecks(*k, *a, doc.text, doc.language, checkOptions(server.settings_));
    if (linesFor.lock() != k) {
      linesFor = k;
      sourceLines.clear();
    }
    const lsp::ClientCapabilities& client = server.client_;
    std::vector<lsp::Diagnostic> out;
    for (const features::Finding& f : findings) {
      lsp::Diagnostic d;
      d.range = server.toRange(doc, f.span);
      d.severity = static_cast<lsp::DiagnosticSeverity>(static_cast<int>(f.severity));
      d.code = std::string(features::toString(f.code));
      d.source = "accord";
      d.message = f.message;
      if (client.diagnosticTags && f.code == features::CheckCode::UsedOnce)
        d.tags = std::vector<lsp::DiagnosticTag>{lsp::DiagnosticTag::Unnecessary};
      if (client.diagnosticRelatedInformation && !f.related.empty()) {
        std::vector<lsp::DiagnosticRelatedInformation> related;
        for (const features::RelatedSpan& r : f.related) {
          lsp::DiagnosticRelatedInformation info;
          info.message = r.message;
          if (r.source < 0) {
            info.location = {doc.uri, server.toRange(doc, r.span)};
          } else {
            if (static_cast<size_t>(r.source) >= k->sources.size())
              continue;
            const Source& src = k->sources[static_cast<size_t>(r.source)];
            auto [it, fresh] = sourceLines.try_emplace(static_cast<uint32_t>(r.source));
            if (fresh)
              it->second = LineIndex(src.text);
            info.location = {pathToFileUri(src.path), server.toRange(src.text, it->second, r.span)};
          }
          related.push_back(std::move(info));
        }
        if (!related.empty())
          d.relatedInformation = std::move(related);
      }
      json fixes = json::array();
      for (const features::FixData& fix : f.fixes)
        fixes.push_back(fixJson(fix));
      d.data = json{{"version", doc.version}, {"fixes", std::move(fixes)}};
      out.push_back(std::move(d));
    }
    return out;
  }
};

void LanguageServer::setupChecks() {
  checks_ = std::make_shared<ChecksState>(io_);
  std::weak_ptr<ChecksState> weak = checks_;

  auto schedule = [this, weak](const std::string& uri) {
    auto state = weak.lock();
    if (!state || state->ended)
      return;
    state->dirty.insert(uri);
    auto flush = [this, weak] {
      auto s = weak.lock();
      if (!s || s->ended)
        return;
      std::set<std::string> uris;
      uris.swap(s->dirty);
      for (const std::string& u : uris) {
        if (client_.pullDiagnostics)
          continue; // the client asks; pushing as well would duplicate
        auto doc = documents_.get(u);
        if (!doc || !knowledge)
          continue;
        std::vector<lsp::Diagnostic> items;
        try {
          items = s->diagnostics(*this, *doc, knowledge);
        } catch (const std::exception& e) {
          log::error("checks: ", u, ": ", e.what());
          continue;
        }
        // Written as text directly: for a long draft the json tree cost more than the checks.
        notifyText("textDocument/publishDiagnostics", lsp::toJsonText(lsp::PublishDiagnosticsParams{
                                                          u, doc->version, std::move(items)}));
      }
    };
    uint32_t delay = settings_.diagnostics.debounceMs;
    if (delay == 0) {
      // Coalesce a burst: everything already queued on the io_context (the rest of a burst of
      // didChange) runs before this, so one publication covers it.
      if (state->posted)
        return;
      state->posted = true;
      asio::post(io_, [weak, flush] {
        if (auto s = weak.lock())
          s->posted = false;
        flush();
      });
    } else {
      state->timer.expires_after(std::chrono::milliseconds(delay));
      state->timer.async_wait([flush](const boost::system::error_code& ec) {
        if (!ec)
          flush();
      });
    }
  };
  auto scheduleAll = [this, schedule] {
    for (const auto& doc : documents_.all())
      schedule(doc->uri);
  };
  auto refresh = [this, weak, scheduleAll] {
    auto state = weak.lock();
    if (!state)
      return;
    ++state->generation;
    if (client_.pullDiagnostics) {
      if (client_.diagnosticRefresh)
        request("workspace/diagnostic/refresh", nullptr, [](const rpc::Response&) {});
    } else {
      scheduleAll();
    }
  };

  onDocumentChanged([this, weak, schedule](const std::string& uri) {
    auto state = weak.lock();
    if (!state)
      return;
    if (auto doc = documents_.get(uri)) {
      auto& seen = state->seen[uri];
      seen.version = doc->version;
      seen.knowledge = knowledge;
    }
    schedule(uri);
  });
  onDocumentClosed([this, weak](const std::string& uri) {
    auto state = weak.lock();
    if (!state)
      return;
    state->dirty.erase(uri);
    state->seen.erase(uri);
    // A closed draft is no longer checked: clear what the editor shows for it.
    if (!client_.pullDiagnostics && !state->ended)
      notify("textDocument/publishDiagnostics",
             lsp::PublishDiagnosticsParams{uri, std::nullopt, {}});
  });
  onSettingsChanged(refresh);
  onKnowledgeChanged([this, weak, refresh] {
    auto state = weak.lock();
    if (!state)
      return;
    // The hook runs after the open documents were re-analysed against the new Knowledge.
    for (const auto& doc : documents_.all()) {
      auto& seen = state->seen[doc->uri];
      seen.version = doc->version;
      seen.knowledge = knowledge;
    }
    refresh();
  });
  onSessionEnd([weak] {
    if (auto state = weak.lock()) {
      state->ended = true;
      state->timer.cancel();
      state->dirty.clear();
    }
  });
}

json LanguageServer::onDocumentDiagnostic(const lsp::DocumentDiagnosticParams& params) {
  auto doc = document(params.textDocument.uri);
  std::shared_ptr<const Knowledge> k = knowledge;
  std::string resultId;
  if (doc && k && checks_) {
    resultId = std::to_string(doc->version) + "." + std::to_string(checks_->generation) + "." +
               std::to_string(reinterpret_cast<uintptr_t>(k.get()));
    if (params.previousResultId && *params.previousResultId == resultId)
      return lsp::UnchangedDocumentDiagnosticReport{resultId};
  }
  lsp::FullDocumentDiagnosticReport report;
  if (!resultId.empty())
    report.resultId = resultId;
  // Not open, or the Knowledge is still being built: nothing to say yet (a refresh follows).
  if (!doc || !k || !checks_)
    return report;

  report.items = checks_->diagnostics(*this, *doc, k);
  return report;
}

json LanguageServer::onCodeAction(const lsp::CodeActionParams& params) {
  json actions = json::array();
  auto doc = requireDocument(params.textDocument.uri);
  std::shared_ptr<const Knowledge> k = knowledge;
  if (!k || !checks_)
    return actions;
  const auto& only = params.context.only;
  Span range = toSpan(*doc, params.range);
  const bool literals = client_.codeActionLiterals;

  auto workspaceEdit = [&](const std::vector<features::TextEdit>& edits) {
    std::vector<lsp::TextEdit> out;
    for (const features::TextEdit& e : edits)
      out.push_back({toRange(*doc, e.span), e.newText});
    lsp::WorkspaceEdit we;
    if (client_.documentChanges)
      we.documentChanges =
          std::vector<lsp::TextDocumentEdit>{{{doc->uri, doc->version}, std::move(out)}};
    else
      we.changes =
          std::map<lsp::DocumentUri, std::vector<lsp::TextEdit>>{{doc->uri, std::move(out)}};
    return we;
  };
  auto addFix = [&](const features::FixData& data, const json& diagnostic) {
    features::QuickFix fix;
    if (!features::buildFix(data, doc->text, fix))
      return;
    if (!literals) {
      actions.push_back(lsp::Command{
          fix.title, "accord.applyFix",
          json::array({{{"uri", doc->uri}, {"version", doc->version}, {"fix", fixJson(data)}}})});
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
    a.edit = workspaceEdit(fix.edits);
    actions.push_back(a);
  };

  if (kindAllowed(only, lsp::CodeActionKind::QuickFix)) {
    std::vector<features::Finding> findings; // computed on demand
    bool computed = false;
    auto current = [&]() -> const std::vector<features::Finding>& {
      if (!computed) {
        auto analysis = checks_->analysis(*doc, k);
        findings =
            features::runChecks(*k, *analysis, doc->text, doc->language, checkOptions(settings_));
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
          if (fixFrom(f, fd))
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
    auto analysis = checks_->analysis(*doc, k);
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

void LanguageServer::onInsertAbbreviationTable(const lsp::ExecuteCommandParams& params,
                                               rpc::Reply reply) {
  const json& args = commandArgument(params);
  auto doc = requireDocument(stringArgument(args, "uri", true));
  std::shared_ptr<const Knowledge> k = knowledge;
  if (!k || !checks_)
    throw rpc::Error(rpc::ErrorCode::RequestFailed,
                     "Accord is still loading the commentaries; try again in a moment.");
  auto analysis = checks_->analysis(*doc, k);
  features::TextEdit edit;
  std::string error;
  if (!features::abbreviationTableEdit(*k, *analysis, doc->text, doc->language, edit, error))
    throw rpc::Error(rpc::ErrorCode::RequestFailed, error);
  lsp::WorkspaceEdit we;
  std::vector<lsp::TextEdit> edits{{toRange(*doc, edit.span), edit.newText}};
  if (client_.documentChanges)
    we.documentChanges = std::vector<lsp::TextDocumentEdit>{{{doc->uri, doc->version}, edits}};
  else
    we.changes = std::map<lsp::DocumentUri, std::vector<lsp::TextEdit>>{{doc->uri, edits}};
  applyEdit(std::move(we), "Insert table of abbreviations",
            [reply](bool applied, const std::string& reason) {
              if (applied)
                reply(nullptr);
              else
                reply.error(rpc::ErrorCode::RequestFailed,
                            "The editor did not insert the table" +
                                (reason.empty() ? std::string(".") : ": " + reason));
            });
}

void LanguageServer::onApplyFix(const lsp::ExecuteCommandParams& params, rpc::Reply reply) {
  const json& args = commandArgument(params);
  auto doc = requireDocument(stringArgument(args, "uri", true));
  auto version = args.find("version");
  if (version == args.end() || !version->is_number_integer())
    throw rpc::InvalidParams("arguments[0].version", "expected an integer");
  if (version->get<int64_t>() != doc->version)
    throw rpc::Error(rpc::ErrorCode::ContentModified,
                     "The draft changed since the fix was offered; ask for fixes again.");
  features::FixData data;
  if (!args.contains("fix") || !fixFrom(args["fix"], data))
    throw rpc::InvalidParams("arguments[0].fix",
                             "expected a fix as offered by textDocument/codeAction");
  features::QuickFix fix;
  if (!features::buildFix(data, doc->text, fix))
    throw rpc::Error(rpc::ErrorCode::ContentModified,
                     "The fix no longer fits the draft; ask for fixes again.");
  std::vector<lsp::TextEdit> edits;
  for (const features::TextEdit& e : fix.edits)
    edits.push_back({toRange(*doc, e.span), e.newText});
  lsp::WorkspaceEdit we;
  if (client_.documentChanges)
    we.documentChanges = std::vector<lsp::TextDocumentEdit>{{{doc->uri, doc->version}, edits}};
  else
    we.changes = std::map<lsp::DocumentUri, std::vector<lsp::TextEdit>>{{doc->uri, edits}};
  applyEdit(std::move(we), fix.title, [reply](bool applied, const std::string& reason) {
    if (applied)
      reply(nullptr);
    else
      reply.error(rpc::ErrorCode::RequestFailed,
                  "The editor did not apply the fix" +
                      (reason.empty() ? std::string(".") : ": " + reason));
  });
}

void LanguageServer::onCiteCommentary(const lsp::ExecuteCommandParams& params, rpc::Reply reply) {
  const json& args = commandArgument(params);
  auto doc = requireDocument(stringArgument(args, "uri", true));
  if (!args.contains("position"))
    throw rpc::InvalidParams("arguments[0].position", "is missing");
  lsp::Position position;
  try {
    lsp::read(args["position"], position);
  } catch (rpc::InvalidParams& e) {
    e.within("arguments[0].position");
    throw;
  }
  std::string termId = stringArgument(args, "termId", false);
  features::CitationStyle style = citationStyleOf(settings_.citations.style);
  if (std::string s = stringArgument(args, "style", false);
      !s.empty() && !features::parseCitationStyle(s, style))
    throw rpc::InvalidParams("arguments[0].style", "expected auto, footnote, pandoc or latex");
  std::string bibFile = stringArgument(args, "bibFile", false);
  if (bibFile.empty())
    bibFile = settings_.citations.bibFile;

  std::shared_ptr<const Knowledge> k = knowledge;
  if (!k || !checks_)
    throw rpc::Error(rpc::ErrorCode::RequestFailed,
                     "Accord is still loading the commentaries; try again in a moment.");
  auto analysis = checks_->analysis(*doc, k);
  features::Citation citation;
  std::string error;
  if (!features::citeCommentary(*k, *analysis, doc->text, doc->language, toOffset(*doc, position),
                                style, termId, citation, error))
    throw rpc::Error(rpc::ErrorCode::RequestFailed, error);

  std::vector<lsp::TextEdit> draftEdits;
  for (const features::TextEdit& e : citation.draftEdits)
    draftEdits.push_back({toRange(*doc, e.span), e.newText});
  json documentChanges = json::array();
  json changes = json::object();
  documentChanges.push_back(lsp::TextDocumentEdit{{doc->uri, doc->version}, draftEdits});
  changes[doc->uri] = draftEdits;
  bool needsDocumentChanges = false;

  if (!citation.bibEntry.empty()) {
    // The .bib file: relative to the draft's folder, as \bibliography{} resolves it.
    std::string draftPath;
    std::filesystem::path bibPath(bibFile);
    if (bibPath.is_relative()) {
      if (fileUriToPath(doc->uri, draftPath)) {
        bibPath = std::filesystem::path(draftPath).parent_path() / bibPath;
      } else if (auto folders = workspaceFolderPaths(); !folders.empty()) {
        bibPath = std::filesystem::path(folders.front()) / bibPath;
      } else {
        throw rpc::Error(
            rpc::ErrorCode::RequestFailed,
            "The draft is not a file on disk; set accord.citations.bibFile to an absolute path.");
      }
    }
    bibPath = bibPath.lexically_normal();
    // The path comes from settings (a cloned workspace's too) or the command's arguments: read
    // and edit it only inside a workspace folder or beside the draft, never elsewhere.
    std::vector<std::string> roots = workspaceFolderPaths();
    if (std::string draftFile; fileUriToPath(doc->uri, draftFile))
      roots.push_back(std::filesystem::path(draftFile).parent_path().string());
    if (bibPath.extension() != ".bib")
      throw rpc::Error(rpc::ErrorCode::RequestFailed,
                       bibPath.string() +
                           " is not a .bib file; set accord.citations.bibFile to one.");
    if (std::none_of(roots.begin(), roots.end(),
                     [&](const std::string& root) { return insideDirectory(bibPath, root); }))
      throw rpc::Error(rpc::ErrorCode::RequestFailed,
                       bibPath.string() +
                           " is outside the workspace folders and the draft's folder; "
                           "set accord.citations.bibFile to a file inside the workspace.");
    std::string bibUri = pathToFileUri(bibPath.string());
    std::string bibText;
    std::optional<int32_t> bibVersion;
    bool exists = false;
    if (auto open = document(bibUri)) {
      bibText = open->text;
      bibVersion = open->version;
      exists = true;
    } else {
      std::error_code ec;
      exists =
          std::filesystem::is_regular_file(bibPath, ec) && readWholeFile(bibPath.string(), bibText);
    }
    std::string append = features::bibAppendText(bibText, citation.key, citation.bibEntry);
    if (!append.empty()) {
      if (!exists) {
        const json& caps = client_.raw;
        bool canCreate = false;
        if (auto p = json::json_pointer("/workspace/workspaceEdit/resourceOperations");
            caps.contains(p) && caps[p].is_array())
          for (const json& op : caps[p])
            if (op == "create")
              canCreate = true;
        if (!canCreate || !client_.documentChanges)
          throw rpc::Error(rpc::ErrorCode::RequestFailed,
                           bibPath.string() + " does not exist and the editor cannot create files; "
                                              "create it (it may be empty) and cite again.");
        documentChanges.push_back(
            {{"kind", "create"}, {"uri", bibUri}, {"options", {{"ignoreIfExists", true}}}});
        needsDocumentChanges = true;
      }
      LineIndex lines(bibText);
      lsp::Position end = lines.position(bibText, static_cast<uint32_t>(bibText.size()), encoding_);
      std::vector<lsp::TextEdit> bibEdits{{{end, end}, append}};
      documentChanges.push_back(lsp::TextDocumentEdit{{bibUri, bibVersion}, bibEdits});
      changes[bibUri] = bibEdits;
    }
  }
  if (!client_.applyEdit)
    throw rpc::Error(rpc::ErrorCode::RequestFailed,
                     "The editor cannot apply workspace edits (workspace.applyEdit).");
  json edit = (client_.documentChanges || needsDocumentChanges)
                  ? json{{"documentChanges", documentChanges}}
                  : json{{"changes", changes}};
  std::string label = "Cite " + citation.key;
  request(
      "workspace/applyEdit", {{"label", label}, {"edit", edit}}, [reply](const rpc::Response& r) {
        if (!r.ok)
          return reply.error(rpc::ErrorCode::RequestFailed,
                             "The editor did not apply the citation: " + r.message);
        lsp::ApplyWorkspaceEditResult result;
        try {
          lsp::read(r.result, result);
        } catch (const std::exception& e) {
          return reply.error(rpc::ErrorCode::RequestFailed,
                             std::string("Malformed answer to workspace/applyEdit: ") + e.what());
        }
        if (result.applied)
          reply(nullptr);
        else
          reply.error(rpc::ErrorCode::RequestFailed,
                      "The editor did not apply the citation" +
                          (result.failureReason ? ": " + *result.failureReason : std::string(".")));
      });
}

} // namespace accord
