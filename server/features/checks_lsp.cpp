// The drafting checks in the editor: diagnostics of checks.cpp, pushed after edits (coalesced on
// the io_context or debounced) or pulled (textDocument/diagnostic), with their fixes in the data.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <set>

#include "server/features/binding.h"
#include "server/features/checks.h"
#include "server/features/checks_incremental.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"
#include "server/log.h"
#include "server/workspace.h"

namespace accord {

namespace asio = boost::asio;

/// Per-session state of the checks. Server thread only.
struct LanguageServer::ChecksState {
  explicit ChecksState(asio::io_context& io) : timer(io) {}
  asio::steady_timer timer;
  bool posted = false;         ///< a coalescing publication is queued on the io_context
  bool ended = false;          ///< the session ended: publish nothing more
  std::set<std::string> dirty; ///< URIs whose diagnostics wait for publication
  uint64_t generation = 0;     ///< bumped when settings or the Knowledge change (result ids)
  /// Per URI, the version last checked and its checks: the next version is checked
  /// incrementally from them (checks_incremental.h).
  struct Checked {
    std::shared_ptr<const Document> doc;
    std::shared_ptr<const features::CheckState> state;
  };
  std::map<std::string, Checked, std::less<>> checked;

  /// The findings of `doc` against `k`: kept, or updated from the version checked before.
  std::shared_ptr<const features::CheckState>
  checkState(LanguageServer& server, const std::shared_ptr<const Document>& doc,
             const std::shared_ptr<const Knowledge>& k) {
    auto analysis = server.analysis(doc, k);
    features::CheckOptions options = binding::checkOptions(server.settings_);
    Checked& c = checked[doc->uri];
    if (c.doc == doc && c.state && c.state->analysis == analysis && c.state->options == options)
      return c.state;
    auto start = std::chrono::steady_clock::now();
    features::CheckUpdate how;
    c.state = features::updateChecks(c.doc ? c.state : nullptr, analysis,
                                     c.doc ? std::string_view(c.doc->text) : std::string_view(),
                                     doc->text, options, &how);
    c.doc = doc;
    if (log::enabled(log::Level::Verbose)) {
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      log::verbose("checks: ", doc->uri, " v", doc->version, " ",
                   how.incremental ? "incremental (" + std::to_string(how.keys) + " short forms)"
                                   : std::string("full (") + how.why + ")",
                   " in ", ms, " ms, ", c.state->findings.size(), " findings");
    }
    return c.state;
  }

  /// The findings of `doc` as LSP diagnostics, with the fixes in their data.
  std::vector<lsp::Diagnostic> diagnostics(LanguageServer& server,
                                           const std::shared_ptr<const Document>& snapshot,
                                           const std::shared_ptr<const Knowledge>& k) {
    const Document& doc = *snapshot;
    // A commentary opened by go to definition is read, not drafted: its "ROK" need not be
    // spelled out. Hover and definition still work on it; only the checks stay silent.
    std::string path;
    if (fileUriToPath(doc.uri, path) && server.knowledgeService().requested().isCommentary(path))
      return {};
    std::shared_ptr<const features::CheckState> checks = checkState(server, snapshot, k);
    const std::vector<features::Finding>& findings = checks->findings;
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
            const uint32_t s = static_cast<uint32_t>(r.source);
            info.location = {pathToFileUri(k->sources[s].path),
                             server.knowledgeService().sourceRange(server, k, s, r.span)};
          }
          related.push_back(std::move(info));
        }
        if (!related.empty())
          d.relatedInformation = std::move(related);
      }
      json fixes = json::array();
      for (const features::FixData& fix : f.fixes)
        fixes.push_back(binding::fixJson(fix));
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
          items = s->diagnostics(*this, doc, knowledge);
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

  onDocumentChanged(schedule);
  onDocumentClosed([this, weak](const std::string& uri) {
    auto state = weak.lock();
    if (!state)
      return;
    state->dirty.erase(uri);
    state->checked.erase(uri);
    // A closed draft is no longer checked: clear what the editor shows for it.
    if (!client_.pullDiagnostics && !state->ended)
      notify("textDocument/publishDiagnostics",
             lsp::PublishDiagnosticsParams{uri, std::nullopt, {}});
  });
  onSettingsChanged(refresh);
  onKnowledgeChanged(refresh);
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

  report.items = checks_->diagnostics(*this, doc, k);
  return report;
}

} // namespace accord
