// What the features' LSP binding files (server/features/*_lsp.cpp) share: a draft version and
// its analysis for a request, the drafts a cross-document request looks at, places turned into
// locations, one WorkspaceEdit builder, command arguments and the fix data diagnostics carry.
// Only the binding files include this: the pure feature files know nothing of LSP or JSON.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grammar/analysis_incremental.h"
#include "server/features/checks.h"
#include "server/features/citations.h"
#include "server/features/fixes.h"
#include "server/features/world.h"
#include "server/protocol.h"
#include "server/settings.h"

namespace accord {
class LanguageServer;
struct Document;
} // namespace accord

namespace accord::binding {

using json = nlohmann::json;

/// A draft version and its analysis, for a request. Empty before the first Knowledge.
struct Context {
  std::shared_ptr<const Document> doc;
  std::shared_ptr<const AnalysisState> state;
  explicit operator bool() const { return doc && state; }
  const Knowledge& knowledge() const { return *state->knowledge; }
  features::DraftRef draft() const;
};

/// The open draft `uri` (rpc::Error InvalidParams when it is not open) and its analysis.
Context context(LanguageServer& server, const std::string& uri);

/// The drafts a cross-document request looks at, with what converting their places needs.
struct View {
  std::shared_ptr<const Knowledge> knowledge;
  Context current; ///< the draft the request is about (empty for workspace-wide requests)
  features::World world;
  std::vector<std::string> uris;                      ///< parallel to world.drafts
  std::vector<const LineIndex*> lines;                ///< parallel to world.drafts
  std::vector<std::shared_ptr<const void>> keepAlive; ///< snapshots the drafts borrow from
};

/// The draft `uri` first, then (with `others`) the other open drafts and the workspace drafts
/// that are not open, all analysed against the current Knowledge. Empty (no knowledge) before
/// the first Knowledge.
View view(LanguageServer& server, const std::string& uri, bool others);
/// Every open draft, then the workspace drafts that are not open (workspace/symbol).
View workspaceView(LanguageServer& server);

/// Where a feature's place is, in the client's terms; `context` picks the enclosing span.
std::optional<lsp::Location> placeLocation(LanguageServer& server, const View& v,
                                           const features::Place& p, bool context);
/// Places as Location[] or (with `links`) LocationLink[] whose origin is `origin` in the current
/// draft.
json placesJson(LanguageServer& server, const View& v, const std::vector<features::Place>& places,
                Span origin, bool links);

/// The file:// URI of a path, made absolute (corpus and lexicon paths may be relative).
std::string fileUri(const std::string& path);
/// How a term kind shows in symbol lists.
lsp::SymbolKind symbolKind(TermKind kind);

/// The one way edits leave the server: a WorkspaceEdit shaped as the client can take it
/// (versioned documentChanges when it supports them or a file must be created, else changes
/// by URI). Offsets are converted with the server's position encoding.
class WorkspaceEditBuilder {
public:
  explicit WorkspaceEditBuilder(const LanguageServer& server) : server_(server) {}
  /// Byte-range edits of an open document version.
  WorkspaceEditBuilder& edit(const Document& doc, const std::vector<features::TextEdit>& edits);
  /// Edits of any document (version null when it is not open).
  WorkspaceEditBuilder& edit(const std::string& uri, std::optional<int32_t> version,
                             std::vector<lsp::TextEdit> edits);
  /// Whether the client can create files in a workspace edit.
  bool canCreateFiles() const;
  /// Creates `uri` (left alone when it exists). Only when canCreateFiles().
  WorkspaceEditBuilder& createFile(const std::string& uri);
  lsp::WorkspaceEdit build() const;

private:
  const LanguageServer& server_;
  std::vector<lsp::DocumentChange> changes_;
  bool needsDocumentChanges_ = false;
};

/// Answers a command's reply once the client applied (or refused) `edit`: null, or
/// RequestFailed "The editor did not <what>: <reason>".
void applyAndReply(LanguageServer& server, lsp::WorkspaceEdit edit, std::string label,
                   std::string what, rpc::Reply reply);

/// The one object argument of a command, or InvalidParams.
const json& commandArgument(const lsp::ExecuteCommandParams& p);
/// A string member of a command's argument; InvalidParams when required and missing, or when
/// it is not a string.
std::string stringArgument(const json& args, const char* key, bool required);

/// The fix data a diagnostic carries (and accord.applyFix takes back).
json fixJson(const features::FixData& f);
bool fixFrom(const json& j, features::FixData& f);

/// The checks' options from the settings.
features::CheckOptions checkOptions(const Settings& s);

} // namespace accord::binding
