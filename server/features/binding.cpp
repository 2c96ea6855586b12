// Shared by the features' LSP binding files: contexts, views, places, edits, command arguments.
#include "server/features/binding.h"

#include <filesystem>
#include <set>

#include "server/knowledge_host.h"
#include "server/language_server.h"
#include "server/workspace.h"

namespace accord::binding {

namespace fs = std::filesystem;

features::DraftRef Context::draft() const {
  return {doc->text, doc->language, state->analysis.get(), &doc->lines};
}

Context context(LanguageServer& server, const std::string& uri) {
  Context ctx;
  ctx.doc = server.requireDocument(uri);
  ctx.state = server.analysis(ctx.doc);
  return ctx;
}

namespace {

/// The drafts of a view: `current` (when given) first, then the other open drafts (with
/// `others`), then the workspace drafts that are not open; only those analysed against `k`.
void collect(LanguageServer& server, View& v, bool others) {
  const std::shared_ptr<const Knowledge>& k = v.knowledge;
  v.world.knowledge = k.get();
  auto add = [&](const std::string& u, std::string_view text, Language language,
                 const std::shared_ptr<const AnalysisState>& state, const LineIndex* lines,
                 std::shared_ptr<const void> keep) {
    v.world.drafts.push_back({text, language, state->analysis.get()});
    v.uris.push_back(u);
    v.lines.push_back(lines);
    v.keepAlive.push_back(state);
    v.keepAlive.push_back(std::move(keep));
  };
  std::set<std::string> open;
  if (v.current) {
    const Document& doc = *v.current.doc;
    add(doc.uri, doc.text, doc.language, v.current.state, &doc.lines, v.current.doc);
    open.insert(doc.uri);
  }
  if (!others)
    return;
  for (const auto& doc : server.documents().all()) {
    if (open.count(doc->uri))
      continue;
    open.insert(doc->uri);
    auto state = server.analysis(doc);
    if (state && state->knowledge == k)
      add(doc->uri, doc->text, doc->language, state, &doc->lines, doc);
  }
  if (auto ws = server.workspace().snapshot()) {
    for (const auto& [u, draft] : ws->drafts()) {
      if (open.count(u) || !draft->analysis || draft->analysis->knowledge != k)
        continue;
      add(u, draft->text, draft->language, draft->analysis, &draft->lines, draft);
    }
    v.keepAlive.push_back(ws);
  }
}

} // namespace

View view(LanguageServer& server, const std::string& uri, bool others) {
  View v;
  v.current = context(server, uri);
  if (!v.current)
    return v;
  v.knowledge = v.current.state->knowledge;
  collect(server, v, others);
  return v;
}

View workspaceView(LanguageServer& server) {
  View v;
  v.knowledge = server.knowledge;
  if (v.knowledge)
    collect(server, v, true);
  return v;
}

std::optional<lsp::Location> placeLocation(LanguageServer& server, const View& v,
                                           const features::Place& p, bool context) {
  const std::shared_ptr<const Knowledge>& k = v.knowledge;
  Span span = context ? p.context : p.span;
  switch (p.where) {
  case features::Place::Where::Draft:
    if (p.index >= v.uris.size())
      return std::nullopt;
    return lsp::Location{v.uris[p.index],
                         server.toRange(v.world.drafts[p.index].text, *v.lines[p.index], span)};
  case features::Place::Where::Corpus: {
    if (p.index >= k->sources.size())
      return std::nullopt;
    return lsp::Location{fileUri(k->sources[p.index].path),
                         server.knowledgeService().sourceRange(server, k, p.index, span)};
  }
  case features::Place::Where::Lexicon: {
    lsp::Position at{p.line > 0 ? p.line - 1 : 0, 0};
    return lsp::Location{fileUri(p.file), {at, at}};
  }
  }
  return std::nullopt;
}

json placesJson(LanguageServer& server, const View& v, const std::vector<features::Place>& places,
                Span origin, bool links) {
  json out = json::array();
  for (const features::Place& p : places) {
    auto selection = placeLocation(server, v, p, false);
    if (!selection)
      continue;
    if (!links) {
      out.push_back(*selection);
      continue;
    }
    auto full = placeLocation(server, v, p, true);
    lsp::LocationLink link;
    link.originSelectionRange = server.toRange(*v.current.doc, origin);
    link.targetUri = selection->uri;
    link.targetRange = full ? full->range : selection->range;
    link.targetSelectionRange = selection->range;
    out.push_back(link);
  }
  return out;
}

std::string fileUri(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  return pathToFileUri(ec ? path : abs.lexically_normal().string());
}

lsp::SymbolKind symbolKind(TermKind kind) {
  switch (kind) {
  case TermKind::Acronym:
    return lsp::SymbolKind::Constant;
  case TermKind::Agreement:
    return lsp::SymbolKind::Struct;
  case TermKind::Initiative:
    return lsp::SymbolKind::Event;
  case TermKind::Forum:
    return lsp::SymbolKind::Namespace;
  case TermKind::Institution:
    return lsp::SymbolKind::Class;
  case TermKind::Place:
    return lsp::SymbolKind::EnumMember;
  case TermKind::Other:
    break;
  }
  return lsp::SymbolKind::Variable;
}

// --- WorkspaceEdit -----------------------------------------------------------------------------

WorkspaceEditBuilder& WorkspaceEditBuilder::edit(const Document& doc,
                                                 const std::vector<features::TextEdit>& edits) {
  std::vector<lsp::TextEdit> out;
  out.reserve(edits.size());
  for (const features::TextEdit& e : edits)
    out.push_back({server_.toRange(doc, e.span), e.newText});
  return edit(doc.uri, doc.version, std::move(out));
}

WorkspaceEditBuilder& WorkspaceEditBuilder::edit(const std::string& uri,
                                                 std::optional<int32_t> version,
                                                 std::vector<lsp::TextEdit> edits) {
  changes_.push_back(lsp::TextDocumentEdit{{uri, version}, std::move(edits)});
  return *this;
}

bool WorkspaceEditBuilder::canCreateFiles() const {
  // A client that lists "create" among its resource operations reads documentChanges, where
  // they live, whether or not it says documentChanges: Neovim 0.7 announces only the former.
  return server_.client().createFiles;
}

WorkspaceEditBuilder& WorkspaceEditBuilder::createFile(const std::string& uri) {
  changes_.push_back(lsp::CreateFile{uri, true});
  needsDocumentChanges_ = true;
  return *this;
}

lsp::WorkspaceEdit WorkspaceEditBuilder::build() const {
  lsp::WorkspaceEdit we;
  if (server_.client().documentChanges || needsDocumentChanges_) {
    we.documentChanges = changes_;
    return we;
  }
  we.changes.emplace();
  for (const lsp::DocumentChange& c : changes_)
    if (const auto* e = std::get_if<lsp::TextDocumentEdit>(&c))
      (*we.changes)[e->textDocument.uri] = e->edits;
  return we;
}

void applyAndReply(LanguageServer& server, lsp::WorkspaceEdit edit, std::string label,
                   std::string what, rpc::Reply reply) {
  server.applyEdit(std::move(edit), std::move(label),
                   [reply, what = std::move(what)](bool applied, const std::string& reason) {
                     if (applied)
                       reply(nullptr);
                     else
                       reply.error(rpc::ErrorCode::RequestFailed,
                                   "The editor did not " + what +
                                       (reason.empty() ? std::string(".") : ": " + reason));
                   });
}

// --- Command arguments and fix data --------------------------------------------------------------

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

namespace {

json spanJson(Span s) {
  return json::array({s.begin, s.end});
}

bool spanFrom(const json& j, Span& out) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number_unsigned() || !j[1].is_number_unsigned())
    return false;
  out = {j[0].get<uint32_t>(), j[1].get<uint32_t>()};
  return out.begin <= out.end;
}

} // namespace

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

features::CheckOptions checkOptions(const Settings& s) {
  features::CheckOptions o;
  o.wellKnown = s.wellKnown;
  o.scope = s.firstUseScope;
  o.houseStyle = s.houseStyle;
  for (size_t i = 0; i < features::kCheckCount; ++i) {
    auto code = static_cast<features::CheckCode>(i);
    o[code] = s.check(features::toString(code));
  }
  return o;
}

} // namespace accord::binding
