// The LanguageServer: one table binds every LSP method to its handler, and the session state
// (documents and their analyses, settings, capabilities, encoding) lives here, on the server
// thread. The features' handlers are members too, but each is defined in its feature's binding
// file, server/features/<feature>_lsp.cpp (ARCHITECTURE.md has the table).
//
// ## Adding a feature method (the extension point)
//
// 1. Write the logic as pure functions on byte offsets in server/features/<feature>.{h,cpp}
//    (no JSON, no LSP types): they take a features::DraftRef or a features::World and the
//    Knowledge, as hover.cpp and references.cpp do.
// 2. Declare the handler below in the "Features" section, under a comment naming its file,
//    named after the method:
//        void onHover(const lsp::TextDocumentPositionParams& params, rpc::Reply reply);
//    The table accepts these forms (P is a protocol struct with from_json, or json):
//        R    onX(const P& params)                     request, answered with R
//        void onX(const P& params, rpc::Reply reply)   request answered later (worker thread,
//                                                      server→client round trip, or once the
//                                                      Knowledge is built); Reply is
//                                                      thread-safe and answers exactly once
//        void onX(const P& params)   / onX(P params)   notification
//    R is json or anything with to_json; std::optional<T> answers null when empty.
//    Params that do not fit P are answered -32602 naming the field before the handler
//    runs; a handler may throw rpc::Error(code, message) or rpc::InvalidParams itself; any
//    other exception is answered -32603 and the server keeps serving.
// 3. Add ONE row to the table in LanguageServer::bindMethods() (language_server.cpp), under a
//    comment naming the binding file, with the capability it advertises, as a JSON pointer
//    into ServerCapabilities and a value:
//        // hover_lsp.cpp
//        method("textDocument/hover", &LanguageServer::onHover, "/hoverProvider", true);
//    Commands for workspace/executeCommand are rows too (they fill executeCommandProvider):
//        command("accord.citeCommentary", &LanguageServer::onCiteCommentary); // citations_lsp.cpp
// 4. Define the handler in server/features/<feature>_lsp.cpp, beside <feature>.cpp. A handler
//    that needs the Knowledge wraps its work in knowledgeService_->whenReady(reply, …) (it
//    runs at once, or when the first build lands). Inside: binding::context(*this, uri) gives
//    the open document version and its analysis (from the one AnalysisStore), binding::view()
//    the other drafts too; convert positions with toOffset()/toRange() (never by hand:
//    positions.cpp is the one converter); call the pure functions; convert the result back.
//    Edits go out through binding::WorkspaceEditBuilder and binding::applyAndReply; client
//    capabilities are read from client() (lsp::ClientCapabilities: add a typed field there
//    for a new one).
// 5. A feature that reacts to events (diagnostics on edit, refreshing on a new Knowledge) adds
//    a setup member, defined in its binding file and called in the marked block of
//    bindMethods(), that subscribes with onDocumentChanged(), onDocumentClosed(),
//    onSettingsChanged(), onKnowledgeChanged() … Its state is a struct declared in the
//    "Feature state" section and defined in its binding file. Nothing may depend on the order
//    in which hooks run: read analyses through analysis(), which computes on first use.
//
// ## Threads
// Everything here runs on the server thread (the thread running the io_context) unless a
// comment says "any thread". Long work goes to a worker with shared_ptr<const> snapshots
// and comes back with boost::asio::post(io(), …). notify(), request(), Reply and Progress
// are safe from any thread.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "server/analyses.h"
#include "server/documents.h"
#include "server/protocol.h"
#include "server/rpc.h"
#include "server/settings.h"

namespace boost::asio {
class io_context;
}

namespace accord {

class Knowledge;
class KnowledgeService;
class WorkspaceService;
using json = nlohmann::json;

/// What the command line tells the server.
struct ServerOptions {
  std::vector<std::string> corpusDirs;  ///< --corpus DIR (repeatable)
  std::vector<std::string> lexiconDirs; ///< --lexicon DIR (repeatable)
  bool noBundledCorpus = false;         ///< --no-bundled-corpus
  /// --clientProcessId=N (vscode-languageclient passes it): watched when initialize gives
  /// no processId.
  int64_t clientProcessId = 0;
  /// --enable-test-methods: binds accord/test/* requests that transcript tests use to make
  /// a handler fail, run long (polling cancellation) or show a document's text.
  bool testMethods = false;
  /// How often the client's processId (from initialize) is checked for being alive.
  std::chrono::milliseconds parentPollInterval{1000};
};

/// A $/progress report the server started (window/workDoneProgress/create). Thread-safe;
/// every call is a no-op when the client does not support work done progress. Reports
/// wait until the client has accepted the token; ending is automatic on destruction.
class Progress {
public:
  Progress() = default;
  ~Progress();
  Progress(Progress&&) noexcept = default;
  Progress& operator=(Progress&&) noexcept;
  void report(std::optional<uint32_t> percentage, std::optional<std::string> message = {});
  void end(std::optional<std::string> message = {});
  /// True once the user pressed cancel (window/workDoneProgress/cancel).
  bool cancelled() const;

  struct State; // shared with the server, which routes the create answer and cancel to it

private:
  friend class LanguageServer;
  explicit Progress(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

class LanguageServer {
public:
  using Writer = rpc::Endpoint::Writer;

  /// `writer` sends one body (the carrier frames it); called from any thread.
  LanguageServer(boost::asio::io_context& io, Writer writer, ServerOptions options = {});
  ~LanguageServer();
  LanguageServer(const LanguageServer&) = delete;
  LanguageServer& operator=(const LanguageServer&) = delete;

  // --- The transport side ----------------------------------------------------------------

  /// Any thread (the reader): parses a body once; see rpc::Endpoint::parse.
  rpc::Incoming parse(std::string_view body) { return endpoint_.parse(body); }
  /// Carries out one message.
  void handle(rpc::Incoming message);
  /// The input ended; `midMessage` when it ended inside a message.
  void inputClosed(bool midMessage);
  bool exited() const { return endpoint_.exited(); }
  /// 0 after shutdown then exit (or end of input), 1 otherwise.
  int exitCode() const { return endpoint_.exitCode(); }
  /// Called once when the session ends (exit, end of input, the client process died).
  void setExitHandler(std::function<void()> handler) { exitHandler_ = std::move(handler); }

  // --- What features use -----------------------------------------------------------------

  DocumentStore& documents() { return documents_; }
  const DocumentStore& documents() const { return documents_; }
  /// The open document, or null.
  std::shared_ptr<const Document> document(std::string_view uri) const {
    return documents_.get(uri);
  }
  /// The open document; throws rpc::Error(InvalidParams, "… is not open") when it is not.
  std::shared_ptr<const Document> requireDocument(std::string_view uri) const;
  /// The analysis of an open document version against `k` (the current Knowledge when
  /// omitted), from the one store of analyses; null before the first Knowledge.
  std::shared_ptr<const AnalysisState> analysis(const std::shared_ptr<const Document>& doc) {
    return analyses_.get(doc, knowledge);
  }
  std::shared_ptr<const AnalysisState> analysis(const std::shared_ptr<const Document>& doc,
                                                const std::shared_ptr<const Knowledge>& k) {
    return analyses_.get(doc, k);
  }

  /// The position encoding negotiated at initialize (UTF-16 unless the client offered UTF-8).
  PositionEncoding encoding() const { return encoding_; }
  uint32_t toOffset(const Document& doc, const lsp::Position& pos) const {
    return doc.offset(pos, encoding_);
  }
  lsp::Position toPosition(const Document& doc, uint32_t offset) const {
    return doc.position(offset, encoding_);
  }
  lsp::Range toRange(const Document& doc, Span span) const { return doc.range(span, encoding_); }
  Span toSpan(const Document& doc, const lsp::Range& range) const {
    return doc.span(range, encoding_);
  }
  /// For texts that are not open documents (corpus sources, workspace files): pass their
  /// LineIndex (build one with LineIndex(text) and keep it with the text).
  lsp::Range toRange(std::string_view text, const LineIndex& lines, Span span) const {
    return lines.range(text, span, encoding_);
  }

  /// Everything the server knows. Set by KnowledgeService on the server thread; may be
  /// null (before the first build). Workers take a copy of the pointer.
  std::shared_ptr<const Knowledge> knowledge;
  /// The Knowledge's life: builds, swaps, progress, watched files, requests waiting for it
  /// (server/knowledge_host.h).
  KnowledgeService& knowledgeService() { return *knowledgeService_; }
  /// The workspace's drafts that are not open (server/workspace.h).
  WorkspaceService& workspace() { return *workspace_; }

  const Settings& settings() const { return settings_; }
  const std::vector<lsp::WorkspaceFolder>& workspaceFolders() const { return folders_; }
  /// The local paths of the workspace folders that are file:// URIs.
  std::vector<std::string> workspaceFolderPaths() const;
  const lsp::ClientCapabilities& client() const { return client_; }
  const ServerOptions& options() const { return options_; }
  boost::asio::io_context& io() { return io_; }

  /// Any thread: sends a notification.
  void notify(std::string_view method, json params) { endpoint_.notify(method, std::move(params)); }
  /// Any thread: sends a notification whose params are JSON text already.
  void notifyText(std::string_view method, std::string_view paramsJson) {
    endpoint_.notifyText(method, paramsJson);
  }
  /// Any thread: sends a request to the client; `callback` runs on the server thread.
  void request(std::string_view method, json params,
               std::function<void(const rpc::Response&)> callback);
  /// workspace/applyEdit; `done(applied)` runs on the server thread. When the client cannot
  /// apply edits, `done(false)` runs at once.
  void applyEdit(lsp::WorkspaceEdit edit, std::optional<std::string> label,
                 std::function<void(bool applied, const std::string& reason)> done);
  /// window/showMessage.
  void showMessage(lsp::MessageType type, std::string message);
  /// Starts a $/progress report (server-initiated work done progress).
  Progress beginProgress(std::string title, std::optional<std::string> message = {},
                         bool cancellable = false);
  /// The cancellation token of the request being handled right now (for synchronous
  /// handlers; asynchronous ones use Reply::cancelToken()).
  rpc::CancelToken cancelToken() const { return endpoint_.currentCancelToken(); }

  /// Hooks (server thread). documentChanged runs after didOpen and didChange, with the new
  /// snapshot already in documents(); documentClosed after didClose; settingsChanged when
  /// settings() changed (workspace/configuration, didChangeConfiguration); clientReady after
  /// the `initialized` notification; workspaceFoldersChanged after didChangeWorkspaceFolders;
  /// sessionEnd on shutdown or exit, to stop timers and workers.
  using UriHook = std::function<void(const std::string& uri)>;
  using Hook = std::function<void()>;
  void onDocumentChanged(UriHook hook) { hooks_.documentChanged.push_back(std::move(hook)); }
  void onDocumentClosed(UriHook hook) { hooks_.documentClosed.push_back(std::move(hook)); }
  void onSettingsChanged(Hook hook) { hooks_.settingsChanged.push_back(std::move(hook)); }
  void onClientReady(Hook hook) { hooks_.clientReady.push_back(std::move(hook)); }
  void onWorkspaceFoldersChanged(Hook hook) { hooks_.foldersChanged.push_back(std::move(hook)); }
  void onSessionEnd(Hook hook) { hooks_.sessionEnd.push_back(std::move(hook)); }
  /// knowledgeChanged hooks run when KnowledgeService installs a new Knowledge, after
  /// `knowledge` is set (analyses against it are computed on first use).
  void onKnowledgeChanged(Hook hook) { hooks_.knowledgeChanged.push_back(std::move(hook)); }
  void knowledgeChanged() {
    for (const auto& hook : hooks_.knowledgeChanged)
      hook();
  }

  /// The capabilities advertised in the initialize answer (after initialize).
  const json& capabilities() const { return advertised_; }

private:
  // --- The method table (language_server.cpp) ------------------------------------------
  void bindMethods();

  // Lifecycle and documents: language_server.cpp.
  json onInitialize(const lsp::InitializeParams& params);
  void onInitialized(const json& params);
  json onShutdown(const json& params);
  void onExit(const json& params);
  void onDidOpen(lsp::DidOpenTextDocumentParams params);
  void onDidChange(lsp::DidChangeTextDocumentParams params);
  void onDidClose(const lsp::DidCloseTextDocumentParams& params);
  void onDidSave(const lsp::DidSaveTextDocumentParams& params);
  void onDidChangeConfiguration(const lsp::DidChangeConfigurationParams& params);
  void onDidChangeWorkspaceFolders(const lsp::DidChangeWorkspaceFoldersParams& params);
  void onWorkDoneProgressCancel(const json& params);
  void onDidChangeWatchedFiles(const lsp::DidChangeWatchedFilesParams& params);
  void onExecuteCommand(const lsp::ExecuteCommandParams& params, rpc::Reply reply);
  json onTestSleep(const json& params);
  json onTestFail(const json& params);
  json onTestDocument(const json& params);

  // --- Features: one handler per method, defined in server/features/<feature>_lsp.cpp -----
  // (the handler's file sits next to the pure logic it calls: hover_lsp.cpp beside hover.cpp)
  // hover_lsp.cpp
  void onHover(const lsp::TextDocumentPositionParams& params, rpc::Reply reply);
  // definition_lsp.cpp
  void onDefinition(const lsp::TextDocumentPositionParams& params, rpc::Reply reply);
  void onDeclaration(const lsp::TextDocumentPositionParams& params, rpc::Reply reply);
  // references_lsp.cpp
  void onReferences(const lsp::ReferenceParams& params, rpc::Reply reply);
  void onDocumentHighlight(const lsp::TextDocumentPositionParams& params, rpc::Reply reply);
  // completion_lsp.cpp
  void onCompletion(const lsp::CompletionParams& params, rpc::Reply reply);
  void onCompletionResolve(const json& params, rpc::Reply reply);
  // semantic_tokens_lsp.cpp
  void onSemanticTokensFull(const lsp::SemanticTokensParams& params, rpc::Reply reply);
  void onSemanticTokensDelta(const json& params, rpc::Reply reply);
  void onSemanticTokensRange(const lsp::SemanticTokensRangeParams& params, rpc::Reply reply);
  void setupSemanticTokens();
  // symbols_lsp.cpp
  void onDocumentSymbol(const lsp::DocumentSymbolParams& params, rpc::Reply reply);
  void onWorkspaceSymbol(const lsp::WorkspaceSymbolParams& params, rpc::Reply reply);
  // links_lsp.cpp
  void onDocumentLink(const lsp::DocumentLinkParams& params, rpc::Reply reply);
  // inlay_hints_lsp.cpp
  void onInlayHint(const lsp::InlayHintParams& params, rpc::Reply reply);
  void setupInlayHints();
  // checks_lsp.cpp (diagnostics, pushed after edits or pulled)
  json onDocumentDiagnostic(const lsp::DocumentDiagnosticParams& params);
  void setupChecks();
  // fixes_lsp.cpp (quick fixes and source actions, accord.applyFix)
  json onCodeAction(const lsp::CodeActionParams& params);
  void onApplyFix(const lsp::ExecuteCommandParams& params, rpc::Reply reply);
  // citations_lsp.cpp (accord.citeCommentary, accord.insertAbbreviationTable)
  void onCiteCommentary(const lsp::ExecuteCommandParams& params, rpc::Reply reply);
  void onInsertAbbreviationTable(const lsp::ExecuteCommandParams& params, rpc::Reply reply);

  // --- Feature state (each member says which feature owns it and what guards it) ---------
  /// checks_lsp.cpp: pending publications, the debounce timer, result ids (server thread).
  struct ChecksState;
  std::shared_ptr<ChecksState> checks_;
  /// semantic_tokens_lsp.cpp: the last tokens sent per URI, for deltas (server thread).
  struct SemanticTokensState;
  std::shared_ptr<SemanticTokensState> semanticTokens_;
  /// inlay_hints_lsp.cpp: whether hints were on, to refresh when the setting flips.
  bool inlayHintsEnabled_ = false;

  // --- Table helpers ------------------------------------------------------------------------
  /// Sets a capability (JSON pointer into ServerCapabilities) for the method bound next to it.
  void advertise(const char* pointer, json value);

  template <class P> using Plain = std::remove_cvref_t<P>;

  /// Synchronous request: R onX(const P&).
  template <class R, class P>
  void method(std::string name, R (LanguageServer::*handler)(P), const char* capability = nullptr,
              json value = nullptr) {
    static_assert(!std::is_void_v<R>,
                  "a request handler returns its result (json(nullptr) for null)");
    advertise(capability, std::move(value));
    endpoint_.onRequest(std::move(name), [this, handler](json params, rpc::Reply reply) {
      auto p = lsp::takeParams<Plain<P>>(std::move(params));
      reply(toJson((this->*handler)(std::move(p))));
    });
  }
  /// Asynchronous request: void onX(const P&, rpc::Reply).
  template <class P>
  void method(std::string name, void (LanguageServer::*handler)(P, rpc::Reply),
              const char* capability = nullptr, json value = nullptr) {
    advertise(capability, std::move(value));
    endpoint_.onRequest(std::move(name), [this, handler](json params, rpc::Reply reply) {
      auto p = lsp::takeParams<Plain<P>>(std::move(params));
      (this->*handler)(std::move(p), std::move(reply));
    });
  }
  /// Notification: void onX(const P&) or void onX(P).
  template <class P>
  void notification(std::string name, void (LanguageServer::*handler)(P),
                    const char* capability = nullptr, json value = nullptr) {
    advertise(capability, std::move(value));
    endpoint_.onNotification(std::move(name), [this, handler](json params) {
      auto p = lsp::takeParams<Plain<P>>(std::move(params));
      (this->*handler)(std::move(p));
    });
  }
  /// A workspace/executeCommand command: R onX(const lsp::ExecuteCommandParams&) or
  /// void onX(const lsp::ExecuteCommandParams&, rpc::Reply).
  template <class R>
  void command(std::string name, R (LanguageServer::*handler)(const lsp::ExecuteCommandParams&)) {
    static_assert(!std::is_void_v<R>,
                  "a command handler returns its result (json(nullptr) for null)");
    commands_.push_back(
        {std::move(name), [this, handler](const lsp::ExecuteCommandParams& p, rpc::Reply reply) {
           reply(toJson((this->*handler)(p)));
         }});
  }
  void command(std::string name,
               void (LanguageServer::*handler)(const lsp::ExecuteCommandParams&, rpc::Reply)) {
    commands_.push_back(
        {std::move(name), [this, handler](const lsp::ExecuteCommandParams& p, rpc::Reply reply) {
           (this->*handler)(p, std::move(reply));
         }});
  }

  template <class T> struct IsOptional : std::false_type {};
  template <class T> struct IsOptional<std::optional<T>> : std::true_type {};

  template <class R> static json toJson(R&& value) {
    using T = std::remove_cvref_t<R>;
    if constexpr (std::is_same_v<T, json>)
      return std::forward<R>(value);
    else if constexpr (IsOptional<T>::value)
      return value ? json(*value) : json(nullptr);
    else
      return json(std::forward<R>(value));
  }

  // --- Session ----------------------------------------------------------------------------
  bool applySettings(const json& source, const char* origin);
  void pullConfiguration();
  void watchParent(int64_t pid);
  void finish();

  boost::asio::io_context& io_;
  ServerOptions options_;
  rpc::Endpoint endpoint_;
  DocumentStore documents_;
  AnalysisStore analyses_; ///< the analyses of the open documents (server thread)
  Settings settings_;
  std::vector<lsp::WorkspaceFolder> folders_;
  lsp::ClientCapabilities client_;
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  json capabilities_ = json::object(); ///< built by the table
  json advertised_;                    ///< what initialize answered
  std::function<void()> exitHandler_;
  bool finished_ = false;

  struct Command {
    std::string name;
    std::function<void(const lsp::ExecuteCommandParams&, rpc::Reply)> run;
  };
  std::vector<Command> commands_;

  struct Hooks {
    std::vector<UriHook> documentChanged, documentClosed;
    std::vector<Hook> settingsChanged, clientReady, foldersChanged, sessionEnd, knowledgeChanged;
  } hooks_;

  struct Internals; ///< timers and progress bookkeeping (Asio types stay out of this header)
  std::unique_ptr<Internals> internals_;

  // Services last: destroyed first, they join their threads while the server is whole.
  std::shared_ptr<KnowledgeService> knowledgeService_;
  std::shared_ptr<WorkspaceService> workspace_;
};

} // namespace accord
