// The method table, the capabilities advertised next to it, and the lifecycle, document,
// configuration and workspace-folder handlers.
#include "server/language_server.h"

#include <signal.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <map>
#include <thread>

#include "server/knowledge_host.h"
#include "server/log.h"
#include "server/workspace.h"

namespace accord {

namespace asio = boost::asio;

// --- The method table ------------------------------------------------------------------------

void LanguageServer::bindMethods() {
  // Lifecycle (the rules of what may come when are in rpc.cpp).
  method("initialize", &LanguageServer::onInitialize);
  notification("initialized", &LanguageServer::onInitialized);
  method("shutdown", &LanguageServer::onShutdown);
  notification("exit", &LanguageServer::onExit);
  // Documents.
  notification("textDocument/didOpen", &LanguageServer::onDidOpen, "/textDocumentSync/openClose",
               true);
  notification("textDocument/didChange", &LanguageServer::onDidChange, "/textDocumentSync/change",
               lsp::TextDocumentSyncKind::Incremental);
  notification("textDocument/didClose", &LanguageServer::onDidClose, "/textDocumentSync/openClose",
               true);
  notification("textDocument/didSave", &LanguageServer::onDidSave, "/textDocumentSync/save",
               {{"includeText", false}});
  // Workspace and window.
  notification("workspace/didChangeConfiguration", &LanguageServer::onDidChangeConfiguration);
  notification("workspace/didChangeWorkspaceFolders", &LanguageServer::onDidChangeWorkspaceFolders,
               "/workspace/workspaceFolders", {{"supported", true}, {"changeNotifications", true}});
  notification("window/workDoneProgress/cancel", &LanguageServer::onWorkDoneProgressCancel);
  // (to KnowledgeService and WorkspaceService)
  notification("workspace/didChangeWatchedFiles", &LanguageServer::onDidChangeWatchedFiles);

  // Features: one row each. The handler onX of a row is in server/features/<feature>_lsp.cpp
  // (the file named in the comment), beside the pure logic in server/features/<feature>.cpp.
  // hover_lsp.cpp
  method("textDocument/hover", &LanguageServer::onHover, "/hoverProvider", true);
  // definition_lsp.cpp
  method("textDocument/definition", &LanguageServer::onDefinition, "/definitionProvider", true);
  method("textDocument/declaration", &LanguageServer::onDeclaration, "/declarationProvider", true);
  // references_lsp.cpp
  method("textDocument/references", &LanguageServer::onReferences, "/referencesProvider", true);
  method("textDocument/documentHighlight", &LanguageServer::onDocumentHighlight,
         "/documentHighlightProvider", true);
  // completion_lsp.cpp
  method("textDocument/completion", &LanguageServer::onCompletion, "/completionProvider",
         {{"triggerCharacters", {"@", "{"}}, {"resolveProvider", true}});
  method("completionItem/resolve", &LanguageServer::onCompletionResolve);
  // semantic_tokens_lsp.cpp (the legend is advertised by setupSemanticTokens)
  method("textDocument/semanticTokens/full", &LanguageServer::onSemanticTokensFull,
         "/semanticTokensProvider/full", json::object());
  method("textDocument/semanticTokens/full/delta", &LanguageServer::onSemanticTokensDelta,
         "/semanticTokensProvider/full/delta", true);
  method("textDocument/semanticTokens/range", &LanguageServer::onSemanticTokensRange,
         "/semanticTokensProvider/range", true);
  // symbols_lsp.cpp
  method("textDocument/documentSymbol", &LanguageServer::onDocumentSymbol,
         "/documentSymbolProvider", true);
  method("workspace/symbol", &LanguageServer::onWorkspaceSymbol, "/workspaceSymbolProvider", true);
  // links_lsp.cpp
  method("textDocument/documentLink", &LanguageServer::onDocumentLink, "/documentLinkProvider",
         {{"resolveProvider", false}});
  // inlay_hints_lsp.cpp
  method("textDocument/inlayHint", &LanguageServer::onInlayHint, "/inlayHintProvider", true);
  // checks_lsp.cpp
  method("textDocument/diagnostic", &LanguageServer::onDocumentDiagnostic, "/diagnosticProvider",
         {{"identifier", "accord"},
          {"interFileDependencies", false},
          {"workspaceDiagnostics", false}});
  // fixes_lsp.cpp
  method("textDocument/codeAction", &LanguageServer::onCodeAction, "/codeActionProvider",
         {{"codeActionKinds",
           {"quickfix", "source.accord.abbreviationTable", "source.accord.citeCommentary"}}});

  // Commands of workspace/executeCommand: one row each.
  // citations_lsp.cpp
  command("accord.insertAbbreviationTable", &LanguageServer::onInsertAbbreviationTable);
  command("accord.citeCommentary", &LanguageServer::onCiteCommentary);
  // fixes_lsp.cpp
  command("accord.applyFix", &LanguageServer::onApplyFix);

  // Services and feature set-up (hook subscriptions): one call each. Nothing depends on their
  // order for correctness: analyses are computed on first use, by whoever asks first
  // (AnalysisStore); the order only decides which refresh request the client sees first.
  knowledgeService_ = std::make_shared<KnowledgeService>(*this);
  knowledgeService_->setup();
  workspace_ = std::make_shared<WorkspaceService>(*this);
  workspace_->setup();
  setupChecks();
  setupSemanticTokens();
  setupInlayHints();

  // Only with --enable-test-methods: what transcript tests need to reach every answer.
  if (options_.testMethods) {
    method("accord/test/sleep", &LanguageServer::onTestSleep);
    method("accord/test/fail", &LanguageServer::onTestFail);
    method("accord/test/document", &LanguageServer::onTestDocument);
  }

  if (!commands_.empty()) {
    json names = json::array();
    for (const auto& c : commands_)
      names.push_back(c.name);
    method("workspace/executeCommand", &LanguageServer::onExecuteCommand, "/executeCommandProvider",
           {{"commands", names}});
  }
}

void LanguageServer::advertise(const char* pointer, json value) {
  if (pointer)
    capabilities_[json::json_pointer(pointer)] = std::move(value);
}

// --- Internals -------------------------------------------------------------------------------

/// Lets Progress objects (possibly on workers, possibly outliving the server) reach it.
struct ServerLink {
  std::mutex mutex; ///< guards `server`
  LanguageServer* server = nullptr;
};

struct Progress::State {
  std::shared_ptr<ServerLink> link;
  json token;
  std::mutex mutex; ///< guards everything below
  enum class Phase : uint8_t { Waiting, Ready, Failed } phase = Phase::Waiting;
  std::vector<json> queued; ///< values sent before the client accepted the token
  bool ended = false;
  std::atomic<bool> cancelled{false};

  void send(json value, bool last) {
    std::lock_guard<std::mutex> lock(mutex);
    if (ended)
      return;
    ended = last;
    if (phase == Phase::Waiting)
      queued.push_back(std::move(value));
    else if (phase == Phase::Ready)
      deliver(std::move(value));
  }
  void deliver(json value) { // called with `mutex` held
    std::lock_guard<std::mutex> lock(link->mutex);
    if (link->server)
      link->server->notify("$/progress", {{"token", token}, {"value", std::move(value)}});
  }
  void created(bool ok) {
    std::lock_guard<std::mutex> lock(mutex);
    phase = ok ? Phase::Ready : Phase::Failed;
    if (ok)
      for (auto& v : queued)
        deliver(std::move(v));
    queued.clear();
  }
};

struct LanguageServer::Internals {
  explicit Internals(asio::io_context& io) : parentTimer(io) {}
  asio::steady_timer parentTimer;
  int64_t parentPid = 0;
  std::shared_ptr<ServerLink> link = std::make_shared<ServerLink>();
  std::mutex progressMutex; ///< guards progress and nextProgress
  std::map<std::string, std::weak_ptr<Progress::State>> progress; ///< by idKey(token)
  uint64_t nextProgress = 1;
};

// --- Construction and the transport side -----------------------------------------------------

LanguageServer::LanguageServer(asio::io_context& io, Writer writer, ServerOptions options)
    : io_(io), options_(std::move(options)), endpoint_(std::move(writer)),
      internals_(std::make_unique<Internals>(io)) {
  internals_->link->server = this;
  bindMethods();
}

LanguageServer::~LanguageServer() {
  {
    std::lock_guard<std::mutex> lock(internals_->link->mutex);
    internals_->link->server = nullptr;
  }
  internals_->parentTimer.cancel();
  log::setErrorSink(nullptr);
}

void LanguageServer::handle(rpc::Incoming message) {
  endpoint_.dispatch(std::move(message));
  if (endpoint_.exited())
    finish();
}

void LanguageServer::inputClosed(bool midMessage) {
  endpoint_.inputClosed(midMessage);
  finish();
}

void LanguageServer::finish() {
  if (finished_)
    return;
  finished_ = true;
  internals_->parentTimer.cancel();
  for (const auto& hook : hooks_.sessionEnd)
    hook();
  hooks_.sessionEnd.clear();
  log::setErrorSink(nullptr);
  if (exitHandler_)
    exitHandler_();
}

// --- Services for features -------------------------------------------------------------------

std::shared_ptr<const Document> LanguageServer::requireDocument(std::string_view uri) const {
  auto doc = documents_.get(uri);
  if (!doc)
    throw rpc::Error(rpc::ErrorCode::InvalidParams,
                     "textDocument.uri: " + std::string(uri) + " is not open");
  return doc;
}

std::vector<std::string> LanguageServer::workspaceFolderPaths() const {
  std::vector<std::string> paths;
  for (const auto& f : folders_) {
    std::string path;
    if (fileUriToPath(f.uri, path))
      paths.push_back(std::move(path));
  }
  return paths;
}

void LanguageServer::request(std::string_view method, json params,
                             std::function<void(const rpc::Response&)> callback) {
  endpoint_.request(method, std::move(params), std::move(callback));
}

void LanguageServer::applyEdit(lsp::WorkspaceEdit edit, std::optional<std::string> label,
                               std::function<void(bool, const std::string&)> done) {
  if (!client_.applyEdit) {
    done(false, "the client cannot apply workspace edits (workspace.applyEdit)");
    return;
  }
  lsp::ApplyWorkspaceEditParams params{std::move(label), std::move(edit)};
  request("workspace/applyEdit", params, [done = std::move(done)](const rpc::Response& r) {
    if (!r.ok)
      return done(false, r.message);
    lsp::ApplyWorkspaceEditResult result;
    try {
      lsp::read(r.result, result);
    } catch (const std::exception& e) {
      return done(false, std::string("malformed answer to workspace/applyEdit: ") + e.what());
    }
    done(result.applied, result.failureReason.value_or(""));
  });
}

void LanguageServer::showMessage(lsp::MessageType type, std::string message) {
  notify("window/showMessage", lsp::ShowMessageParams{type, std::move(message)});
}

Progress LanguageServer::beginProgress(std::string title, std::optional<std::string> message,
                                       bool cancellable) {
  log::info("progress: ", title);
  if (!client_.workDoneProgress)
    return Progress();
  auto state = std::make_shared<Progress::State>();
  state->link = internals_->link;
  {
    std::lock_guard<std::mutex> lock(internals_->progressMutex);
    std::erase_if(internals_->progress, [](const auto& entry) { return entry.second.expired(); });
    state->token = "accord/" + std::to_string(internals_->nextProgress++);
    internals_->progress[rpc::idKey(state->token)] = state;
  }
  lsp::WorkDoneProgressBegin begin{std::move(title), cancellable, std::move(message), std::nullopt};
  state->send(begin, false);
  // The callback keeps the state alive: reports made before the answer are sent after it,
  // even when the Progress itself is gone by then.
  request("window/workDoneProgress/create", {{"token", state->token}},
          [state](const rpc::Response& r) { state->created(r.ok); });
  return Progress(state);
}

Progress::~Progress() {
  end();
}

Progress& Progress::operator=(Progress&& other) noexcept {
  if (this != &other) {
    end();
    state_ = std::move(other.state_);
  }
  return *this;
}

void Progress::report(std::optional<uint32_t> percentage, std::optional<std::string> message) {
  if (state_)
    state_->send(lsp::WorkDoneProgressReport{std::nullopt, std::move(message), percentage}, false);
}

void Progress::end(std::optional<std::string> message) {
  if (state_)
    state_->send(lsp::WorkDoneProgressEnd{std::move(message)}, true);
}

bool Progress::cancelled() const {
  return state_ && state_->cancelled;
}

// --- Lifecycle -------------------------------------------------------------------------------

json LanguageServer::onInitialize(const lsp::InitializeParams& params) {
  client_ = lsp::parseClientCapabilities(params.capabilities);
  std::vector<std::string_view> offered(client_.positionEncodings.begin(),
                                        client_.positionEncodings.end());
  encoding_ = negotiateEncoding(offered);

  auto baseName = [](std::string_view s) {
    while (s.size() > 1 && s.back() == '/')
      s.remove_suffix(1);
    size_t slash = s.rfind('/');
    return std::string(slash == std::string_view::npos ? s : s.substr(slash + 1));
  };
  folders_.clear();
  if (params.workspaceFolders)
    folders_ = *params.workspaceFolders;
  else if (params.rootUri)
    folders_.push_back({*params.rootUri, baseName(*params.rootUri)});
  else if (params.rootPath)
    folders_.push_back({pathToFileUri(*params.rootPath), baseName(*params.rootPath)});

  applySettings(params.initializationOptions, "initializationOptions");
  if (params.processId)
    watchParent(*params.processId);
  else if (options_.clientProcessId > 0)
    watchParent(options_.clientProcessId);
  log::setErrorSink([this](const std::string& message) {
    notify("window/logMessage", lsp::LogMessageParams{lsp::MessageType::Error, message});
  });
  log::info("initialize: client ", params.clientName.value_or("(unnamed)"), ", positions in ",
            toString(encoding_), ", ", folders_.size(), " workspace folder(s)");

  advertised_ = capabilities_;
  advertised_["positionEncoding"] = toString(encoding_);
  return {{"capabilities", advertised_},
          {"serverInfo", {{"name", "accord-ls"}, {"version", ACCORD_VERSION}}}};
}

void LanguageServer::onInitialized(const json&) {
  if (client_.didChangeConfigurationDynamic) {
    lsp::Registration reg{"accord-configuration", "workspace/didChangeConfiguration",
                          json{{"section", "accord"}}};
    request("client/registerCapability", {{"registrations", json::array({reg})}},
            [](const rpc::Response& r) {
              if (!r.ok)
                log::info("the client refused didChangeConfiguration: ", r.message);
            });
  }
  if (client_.configuration)
    pullConfiguration();
  for (const auto& hook : hooks_.clientReady)
    hook();
}

json LanguageServer::onShutdown(const json&) {
  // Stop background work now; the answer tells the client it may send exit.
  internals_->parentTimer.cancel();
  for (const auto& hook : hooks_.sessionEnd)
    hook();
  hooks_.sessionEnd.clear();
  // Keep watching the client: if it dies without sending exit, exit anyway.
  if (internals_->parentPid > 0)
    watchParent(internals_->parentPid);
  return nullptr;
}

void LanguageServer::onExit(const json&) {} // rpc.cpp sets the exit code; handle() finishes

void LanguageServer::watchParent(int64_t pid) {
  if (pid <= 0)
    return; // kill(0, …) would mean our process group
  internals_->parentPid = pid;
  internals_->parentTimer.expires_after(options_.parentPollInterval);
  internals_->parentTimer.async_wait([this, pid](const boost::system::error_code& ec) {
    if (ec || finished_)
      return;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      log::info("the client process ", pid, " is gone");
      endpoint_.terminate("the client process is gone");
      finish();
      return;
    }
    watchParent(pid);
  });
}

// --- Documents -------------------------------------------------------------------------------

void LanguageServer::onDidOpen(lsp::DidOpenTextDocumentParams params) {
  auto& item = params.textDocument;
  auto doc = documents_.open(std::move(item.uri), std::move(item.languageId), item.version,
                             std::move(item.text));
  log::info("opened ", doc->uri, " v", doc->version, " (", doc->text.size(), " bytes, ",
            doc->lines.lineCount(), " lines)");
  analyses_.get(doc, knowledge); // now, so that the next edit is re-analysed from this version
  for (const auto& hook : hooks_.documentChanged)
    hook(doc->uri);
}

void LanguageServer::onDidChange(lsp::DidChangeTextDocumentParams params) {
  std::vector<TextChange> changes;
  changes.reserve(params.contentChanges.size());
  for (auto& c : params.contentChanges)
    changes.push_back({c.range, std::move(c.text)});
  auto doc = documents_.change(params.textDocument.uri, params.textDocument.version,
                               std::move(changes), encoding_);
  if (!doc)
    return;
  analyses_.get(doc, knowledge); // now, so that the next edit is re-analysed from this version
  for (const auto& hook : hooks_.documentChanged)
    hook(doc->uri);
}

void LanguageServer::onDidClose(const lsp::DidCloseTextDocumentParams& params) {
  if (!documents_.close(params.textDocument.uri))
    return;
  analyses_.forget(params.textDocument.uri);
  for (const auto& hook : hooks_.documentClosed)
    hook(params.textDocument.uri);
}

void LanguageServer::onDidSave(const lsp::DidSaveTextDocumentParams&) {
  // Nothing to do: the text is the one didChange gave. Bound because clients expect the
  // textDocumentSync.save capability.
}

// --- Configuration and workspace folders -----------------------------------------------------

bool LanguageServer::applySettings(const json& source, const char* origin) {
  std::vector<std::string> warnings;
  Settings next = parseSettings(source, warnings);
  if (!warnings.empty()) {
    std::string text = "Accord settings (" + std::string(origin) + "):";
    for (const auto& w : warnings) {
      log::info("settings: ", w);
      text += "\n" + w;
    }
    showMessage(lsp::MessageType::Warning, text);
  }
  if (next == settings_)
    return false;
  settings_ = std::move(next);
  log::info("settings from ", origin, ": ", settingsToJson(settings_).dump());
  return true;
}

void LanguageServer::pullConfiguration() {
  lsp::ConfigurationItem item;
  item.section = "accord";
  request("workspace/configuration", {{"items", json::array({item})}},
          [this](const rpc::Response& r) {
            if (!r.ok) {
              log::info("workspace/configuration failed: ", r.message);
              return;
            }
            // null: the client has no "accord" section; keep what initializationOptions said.
            if (!r.result.is_array() || r.result.empty() || r.result[0].is_null())
              return;
            if (applySettings(r.result[0], "workspace/configuration"))
              for (const auto& hook : hooks_.settingsChanged)
                hook();
          });
}

void LanguageServer::onDidChangeConfiguration(const lsp::DidChangeConfigurationParams& params) {
  // In the pull model the notification only says "something changed": ask for it.
  if (client_.configuration)
    return pullConfiguration();
  if (params.settings.is_null())
    return;
  if (applySettings(params.settings, "didChangeConfiguration"))
    for (const auto& hook : hooks_.settingsChanged)
      hook();
}

void LanguageServer::onDidChangeWorkspaceFolders(
    const lsp::DidChangeWorkspaceFoldersParams& params) {
  for (const auto& removed : params.event.removed)
    std::erase_if(folders_, [&](const lsp::WorkspaceFolder& f) { return f.uri == removed.uri; });
  for (const auto& added : params.event.added)
    if (std::find(folders_.begin(), folders_.end(), added) == folders_.end())
      folders_.push_back(added);
  log::info("workspace folders: ", folders_.size());
  for (const auto& hook : hooks_.foldersChanged)
    hook();
}

void LanguageServer::onDidChangeWatchedFiles(const lsp::DidChangeWatchedFilesParams& params) {
  bool rebuild = false;
  std::vector<std::string> drafts;
  for (const lsp::FileEvent& e : params.changes) {
    std::string path;
    if (!fileUriToPath(e.uri, path))
      continue;
    if (knowledgeService_->dependsOn(path))
      rebuild = true;
    else if (workspace_->isDraft(path))
      drafts.push_back(path);
  }
  log::info("watched files: ", params.changes.size(), " change(s)",
            rebuild ? ", rebuilding the knowledge" : "",
            drafts.empty() ? "" : ", re-reading workspace drafts");
  if (rebuild)
    knowledgeService_->filesChanged();
  workspace_->filesChanged(std::move(drafts));
}

void LanguageServer::onWorkDoneProgressCancel(const json& params) {
  if (!params.is_object() || !params.contains("token"))
    throw rpc::InvalidParams("token", "is missing");
  std::lock_guard<std::mutex> lock(internals_->progressMutex);
  auto it = internals_->progress.find(rpc::idKey(params["token"]));
  if (it == internals_->progress.end())
    return;
  if (auto state = it->second.lock())
    state->cancelled = true;
}

void LanguageServer::onExecuteCommand(const lsp::ExecuteCommandParams& params, rpc::Reply reply) {
  for (const auto& c : commands_)
    if (c.name == params.command)
      return c.run(params, std::move(reply));
  throw rpc::InvalidParams("command", "unknown command '" + params.command + "'");
}

// --- Test methods (--enable-test-methods) ----------------------------------------------------

json LanguageServer::onTestSleep(const json& params) {
  // Long work as features do it: poll the cancellation token while working.
  int64_t ms = 0;
  lsp::expectObject(params);
  lsp::getRequired(params, "ms", ms);
  auto token = cancelToken();
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (token.cancelled())
      return "cancelled"; // the answer becomes -32800
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return "done";
}

json LanguageServer::onTestFail(const json&) {
  throw std::runtime_error("accord/test/fail failed on purpose");
}

json LanguageServer::onTestDocument(const json& params) {
  std::string uri;
  lsp::expectObject(params);
  lsp::getRequired(params, "uri", uri);
  auto doc = requireDocument(uri);
  return {{"uri", doc->uri},
          {"version", doc->version},
          {"languageId", doc->languageId},
          {"text", doc->text},
          {"lineCount", doc->lines.lineCount()}};
}

} // namespace accord
