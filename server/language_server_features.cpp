// The editor features over LSP: the Knowledge's life (build, swap, progress, watched files), the
// analysis of every draft version, the workspace's drafts, and the handlers that convert
// protocol positions to byte offsets, call server/features/*, and convert the answers back.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "grammar/paths.h"
#include "server/analysis_updater.h"
#include "server/features/completion.h"
#include "server/features/definition.h"
#include "server/features/hover.h"
#include "server/features/inlay_hints.h"
#include "server/features/links.h"
#include "server/features/references.h"
#include "server/features/semantic_tokens.h"
#include "server/features/symbols.h"
#include "server/knowledge_host.h"
#include "server/language_server.h"
#include "server/log.h"
#include "server/workspace.h"

namespace accord {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

/// How long a request that needs the Knowledge waits for the first build before it is
/// answered without it (empty). The bundled corpus builds in milliseconds; a huge corpus
/// must not hold the editor's requests for long.
constexpr std::chrono::milliseconds kFirstKnowledgeWait{2000};
constexpr size_t kMaxWorkspaceSymbols = 200;

/// Runs jobs one after another on its own thread (workspace scans and re-analyses).
class Worker {
public:
  Worker() : thread_([this] { run(); }) {}
  ~Worker() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    wake_.notify_all();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (stopping_)
          return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      try {
        job();
      } catch (const std::exception& e) {
        log::error("workspace: ", e.what());
      }
    }
  }

  std::mutex mutex_; ///< guards jobs_ and stopping_
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_; // started last
};

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

lsp::CompletionItemKind completionKind(const features::CompletionItem& item) {
  if (item.what == features::CompletionItem::What::Citation)
    return lsp::CompletionItemKind::Reference;
  switch (item.kind) {
  case TermKind::Acronym:
    return lsp::CompletionItemKind::Constant;
  case TermKind::Agreement:
    return lsp::CompletionItemKind::Struct;
  case TermKind::Initiative:
    return lsp::CompletionItemKind::Event;
  case TermKind::Forum:
    return lsp::CompletionItemKind::Module;
  case TermKind::Institution:
    return lsp::CompletionItemKind::Class;
  case TermKind::Place:
    return lsp::CompletionItemKind::EnumMember;
  case TermKind::Other:
    break;
  }
  return lsp::CompletionItemKind::Text;
}

bool capability(const json& raw, std::initializer_list<const char*> path) {
  const json* j = &raw;
  for (const char* key : path) {
    if (!j->is_object())
      return false;
    auto it = j->find(key);
    if (it == j->end())
      return false;
    j = &*it;
  }
  return j->is_boolean() && j->get<bool>();
}

/// The file:// URI of a path, made absolute (corpus and lexicon paths may be relative).
std::string fileUri(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  return pathToFileUri(ec ? path : abs.lexically_normal().string());
}

std::string uriOf(const json& params) {
  lsp::expectObject(params); // the protocol's own readers, so errors name the field alike
  lsp::TextDocumentIdentifier document;
  lsp::getRequired(params, "textDocument", document);
  return document.uri;
}

} // namespace

/// Everything the editor features keep between requests. Server thread only, except where a
/// member says otherwise.
struct LanguageServer::FeaturesState : std::enable_shared_from_this<FeaturesState> {
  explicit FeaturesState(LanguageServer& server) : server(server), waitTimer(server.io()) {}
  ~FeaturesState() { stopping = true; } // before the worker and the host join their threads

  /// A draft version and its analysis, for a request.
  struct Context {
    std::shared_ptr<const Document> doc;
    std::shared_ptr<const AnalysisState> state;
    explicit operator bool() const { return doc && state; }
    const Knowledge& knowledge() const { return *state->knowledge; }
    features::DraftRef draft() const {
      return {doc->text, doc->language, state->analysis.get(), &doc->lines};
    }
  };

  /// The drafts a cross-document request looks at, with what converting their places needs.
  struct View {
    Context current;
    features::World world;
    std::vector<std::string> uris;                      ///< parallel to world.drafts
    std::vector<const LineIndex*> lines;                ///< parallel to world.drafts
    std::vector<std::shared_ptr<const void>> keepAlive; ///< snapshots the drafts borrow from
  };

  LanguageServer& server;
  std::atomic<bool> stopping{false}; ///< any thread: the server is going away
  bool ended = false;                ///< the session ended (shutdown or exit)

  // --- Knowledge --------------------------------------------------------------------------
  KnowledgeSources requested; ///< what the newest build was asked to read
  bool buildRequested = false;
  struct BuildProgress {
    std::mutex mutex; ///< guards everything below (the build thread reports)
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    bool begun = false;
    Progress progress;
    int lastPercent = -1;
  };
  std::shared_ptr<BuildProgress> progress;
  /// Requests that arrived before the first Knowledge; answered when it lands or on timeout.
  std::vector<std::function<void()>> waiting;
  asio::steady_timer waitTimer;
  bool waitArmed = false;

  // --- Analyses of the open documents -----------------------------------------------------
  struct Analysed {
    std::shared_ptr<const Document>
        doc; ///< the version analysed (keeps its text for the next edit)
    std::shared_ptr<const AnalysisState> state;
  };
  std::map<std::string, Analysed, std::less<>> analysed;

  // --- Workspace ---------------------------------------------------------------------------
  mutable std::mutex
      workspaceMutex; ///< guards workspace and workspaceGeneration (the worker swaps)
  std::shared_ptr<const WorkspaceSnapshot> workspace;
  uint64_t workspaceGeneration = 0;

  // --- Per-request caches ------------------------------------------------------------------
  std::shared_ptr<const Knowledge> linesFor; ///< the Knowledge sourceLines belong to
  std::map<uint32_t, LineIndex> sourceLines;
  struct Tokens {
    std::string resultId;
    std::vector<uint32_t> data;
  };
  std::map<std::string, Tokens, std::less<>> tokens; ///< the last semantic tokens per URI
  uint64_t nextResultId = 1;
  std::string watchId, watchKey; ///< the didChangeWatchedFiles registration
  uint64_t nextWatch = 1;
  bool inlayHintsEnabled = false;
  WorkspaceOptions workspaceOptions;

  // Threads last: they are joined (members are destroyed in reverse order) before the state
  // their jobs touch goes away.
  KnowledgeHost host;
  Worker worker;

  // Helpers (server thread), defined below.
  KnowledgeSources knowledgeSources() const;
  void ensureKnowledge();
  void rebuildKnowledge();
  void installKnowledge(std::shared_ptr<const Knowledge> k, const KnowledgeSources& sources,
                        double ms, const std::shared_ptr<BuildProgress>& progress);
  void settingsChanged();
  void flushWaitingRequests();
  void whenKnowledge(rpc::Reply reply, std::function<json()> answer);
  std::shared_ptr<const AnalysisState> analysisFor(const std::shared_ptr<const Document>& doc);
  void scanWorkspace(bool rescan);
  void registerWatchers();
  Context context(const std::string& uri);
  View view(const std::string& uri, bool others);
  std::optional<lsp::Location> placeLocation(const View& v, const features::Place& p, bool context);
  json placesJson(const View& v, const std::vector<features::Place>& places, Span origin,
                  bool links);
  std::vector<uint32_t> encodeSemanticTokens(const Context& ctx, Span range);

  std::shared_ptr<const WorkspaceSnapshot> workspaceSnapshot() const {
    std::lock_guard lock(workspaceMutex);
    return workspace;
  }

  const LineIndex& sourceLinesOf(const std::shared_ptr<const Knowledge>& k, uint32_t source) {
    if (linesFor != k) {
      linesFor = k;
      sourceLines.clear();
    }
    auto [it, fresh] = sourceLines.try_emplace(source);
    if (fresh)
      it->second = LineIndex(k->sources[source].text);
    return it->second;
  }
};

// --- Set-up and the Knowledge's life ----------------------------------------------------------

void LanguageServer::setupFeatures() {
  features_ = std::make_shared<FeaturesState>(*this);
  // The legend goes with the semanticTokens rows of the table.
  json legend = {{"tokenTypes", json::array()}, {"tokenModifiers", json::array()}};
  for (std::string_view t : features::kTokenTypes)
    legend["tokenTypes"].push_back(t);
  for (std::string_view m : features::kTokenModifiers)
    legend["tokenModifiers"].push_back(m);
  advertise("/semanticTokensProvider/legend", std::move(legend));

  FeaturesState* f = features_.get(); // hooks live no longer than the server, which owns f
  onClientReady([f] { f->ensureKnowledge(); });
  onDocumentChanged([this, f](const std::string& uri) {
    f->ensureKnowledge();
    if (auto doc = documents_.get(uri))
      f->analysisFor(doc);
  });
  onDocumentClosed([f](const std::string& uri) {
    if (auto it = f->analysed.find(uri); it != f->analysed.end())
      f->analysed.erase(it);
    if (auto it = f->tokens.find(uri); it != f->tokens.end())
      f->tokens.erase(it);
  });
  onSettingsChanged([f] { f->settingsChanged(); });
  onWorkspaceFoldersChanged([f] { f->settingsChanged(); });
  onSessionEnd([f] {
    f->ended = true;
    f->stopping = true;
    f->flushWaitingRequests();
  });
}

KnowledgeSources LanguageServer::FeaturesState::knowledgeSources() const {
  KnowledgeSources s;
  s.bundled = !server.options_.noBundledCorpus;
  // Relative paths in settings are relative to the first workspace folder, as users write them.
  std::vector<std::string> folders = server.workspaceFolderPaths();
  auto resolve = [&](const std::string& dir) {
    fs::path p(dir);
    if (p.is_relative() && !folders.empty())
      p = fs::path(folders.front()) / p;
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec);
    return (ec ? p : abs).lexically_normal().string();
  };
  for (const auto& d : server.options_.corpusDirs)
    s.corpusRoots.push_back(resolve(d));
  for (const auto& d : server.settings_.corpus)
    s.corpusRoots.push_back(resolve(d));
  for (const auto& d : server.options_.lexiconDirs)
    s.lexiconDirs.push_back(resolve(d));
  for (const auto& d : server.settings_.lexicon)
    s.lexiconDirs.push_back(resolve(d));
  for (const auto& folder : folders) {
    std::string dir = (fs::path(folder) / ".accord" / "lexicon").string();
    std::error_code ec;
    // Not when .accord or its lexicon is a link out of the folder (a cloned repository's).
    if (fs::is_directory(dir, ec) && insideDirectory(dir, folder))
      s.lexiconDirs.push_back(dir);
  }
  s.wellKnown = server.settings_.wellKnown;
  return s;
}

void LanguageServer::FeaturesState::ensureKnowledge() {
  if (!buildRequested && !ended)
    rebuildKnowledge();
}

void LanguageServer::FeaturesState::rebuildKnowledge() {
  requested = knowledgeSources();
  buildRequested = true;
  if (!server.knowledge && requested.bundled && !requested.corpusRoots.empty()) {
    // Extra corpus roots can take seconds to index (10,000 commentaries: about 3 s). Until
    // then, answer from the bundled commentaries and the lexicons: built here, in about 10 ms,
    // then replaced by the full build like any rebuild (diagnostics and tokens refreshed).
    KnowledgeSources interim = requested;
    interim.corpusRoots.clear();
    auto start = std::chrono::steady_clock::now();
    if (auto k = KnowledgeHost::buildNow(interim)) {
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      log::info(
          "knowledge: answering from the bundled corpus while the other corpus roots are indexed");
      installKnowledge(std::move(k), interim, ms, nullptr);
    }
  }
  auto buildProgress = std::make_shared<BuildProgress>();
  progress = buildProgress;
  std::weak_ptr<FeaturesState> weak = weak_from_this();
  KnowledgeSources sources = requested;
  log::info("knowledge: building from ", sources.options().corpusRoots.size(),
            " corpus root(s) and ", sources.options().lexiconDirs.size(), " lexicon dir(s)");
  asio::io_context& io = server.io();
  host.rebuild(
      sources,
      // Build thread: start $/progress only once the build turns out to take long.
      [&io, weak, buildProgress](int percent, const std::string& message) {
        const uint32_t pct = static_cast<uint32_t>(std::clamp(percent, 0, 100));
        std::lock_guard lock(buildProgress->mutex);
        if (!buildProgress->begun) {
          auto elapsed = std::chrono::steady_clock::now() - buildProgress->start;
          if (elapsed < std::chrono::milliseconds(KnowledgeHost::progressDelayMs.load()))
            return;
          buildProgress->begun = true;
          buildProgress->lastPercent = percent;
          asio::post(io, [weak, buildProgress, pct, message] {
            auto self = weak.lock();
            if (!self || self->ended)
              return;
            Progress p = self->server.beginProgress("Accord: indexing the commentaries", message);
            p.report(pct, message);
            std::lock_guard inner(buildProgress->mutex);
            buildProgress->progress = std::move(p);
          });
          return;
        }
        if (percent != buildProgress->lastPercent) {
          buildProgress->lastPercent = percent;
          buildProgress->progress.report(pct, message);
        }
      },
      // Build thread: hand the result to the server thread, which swaps it in.
      [&io, weak, sources, buildProgress](std::shared_ptr<const Knowledge> k, double ms) {
        if (auto self = weak.lock(); !self || self->stopping)
          return;
        asio::post(io, [weak, sources, buildProgress, k = std::move(k), ms]() mutable {
          auto self = weak.lock();
          if (!self || self->ended || !(sources == self->requested))
            return;
          self->installKnowledge(std::move(k), sources, ms, buildProgress);
        });
      });
}

void LanguageServer::FeaturesState::installKnowledge(
    std::shared_ptr<const Knowledge> k, const KnowledgeSources& sources, double ms,
    const std::shared_ptr<BuildProgress>& buildProgress) {
  const bool first = server.knowledge == nullptr;
  server.knowledge = k;
  host.install(k, sources);
  log::info("knowledge: ", k->sources.size(), " commentaries, ", k->terms.size(),
            " terms, built in ", static_cast<int>(ms), " ms");
  if (!k->errors.empty()) {
    std::string text = "Accord: " + std::to_string(k->errors.size()) +
                       " problem(s) in the lexicon or catalog (the entries were skipped):";
    for (size_t i = 0; i < k->errors.size(); ++i) {
      log::info("knowledge: ", k->errors[i].format());
      if (i < 5)
        text += "\n" + k->errors[i].format();
    }
    server.showMessage(lsp::MessageType::Warning, text);
  }
  if (buildProgress) {
    std::lock_guard lock(buildProgress->mutex);
    buildProgress->progress.end("Indexed " + std::to_string(k->sources.size()) + " commentaries, " +
                                std::to_string(k->terms.size()) + " terms");
  }
  // Every open draft is re-analysed against the new Knowledge before anyone reads it.
  for (const auto& doc : server.documents_.all())
    analysisFor(doc);
  flushWaitingRequests();
  scanWorkspace(false);
  registerWatchers();
  server.knowledgeChanged();
  if (!first) {
    // What the editor shows was computed against the old Knowledge.
    if (server.client_.semanticTokensRefresh)
      server.request("workspace/semanticTokens/refresh", nullptr, [](const rpc::Response&) {});
    if (server.client_.inlayHintRefresh && server.settings_.inlayHints.enabled)
      server.request("workspace/inlayHint/refresh", nullptr, [](const rpc::Response&) {});
  }
}

void LanguageServer::FeaturesState::settingsChanged() {
  if (buildRequested && !(knowledgeSources() == requested))
    rebuildKnowledge();
  if (server.knowledge)
    scanWorkspace(false);
  if (server.settings_.inlayHints.enabled != inlayHintsEnabled) {
    inlayHintsEnabled = server.settings_.inlayHints.enabled;
    if (server.client_.inlayHintRefresh)
      server.request("workspace/inlayHint/refresh", nullptr, [](const rpc::Response&) {});
  }
}

void LanguageServer::FeaturesState::flushWaitingRequests() {
  waitArmed = false;
  waitTimer.cancel();
  std::vector<std::function<void()>> ready;
  ready.swap(waiting);
  for (auto& run : ready)
    run();
}

void LanguageServer::FeaturesState::whenKnowledge(rpc::Reply reply, std::function<json()> answer) {
  auto run = [reply, answer = std::move(answer)] {
    try {
      reply(answer());
    } catch (const rpc::Error& e) {
      reply.error(e.code, e.what());
    } catch (const rpc::InvalidParams& e) {
      reply.error(rpc::ErrorCode::InvalidParams, e.what());
    } catch (const std::exception& e) {
      reply.error(rpc::ErrorCode::InternalError, e.what());
    }
  };
  if (server.knowledge || ended)
    return run();
  ensureKnowledge();
  // The first build is running: answer when it lands (tens of milliseconds for the bundled
  // corpus), so that a hover right after opening a draft is not lost.
  waiting.push_back(std::move(run));
  if (!waitArmed) {
    waitArmed = true;
    std::weak_ptr<FeaturesState> weak = weak_from_this();
    waitTimer.expires_after(kFirstKnowledgeWait);
    waitTimer.async_wait([weak](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || !self->waitArmed)
        return;
      log::info("knowledge: still indexing; answering the waiting requests without it");
      self->flushWaitingRequests();
    });
  }
}

// --- Analysis wiring ---------------------------------------------------------------------------

std::shared_ptr<const AnalysisState>
LanguageServer::FeaturesState::analysisFor(const std::shared_ptr<const Document>& doc) {
  std::shared_ptr<const Knowledge> k = server.knowledge;
  if (!k || !doc)
    return nullptr;
  auto it = analysed.find(doc->uri);
  if (it != analysed.end() && it->second.doc == doc && it->second.state->knowledge == k)
    return it->second.state;
  std::shared_ptr<const AnalysisState> state;
  auto start = std::chrono::steady_clock::now();
  UpdateKind how = UpdateKind::Full;
  if (it != analysed.end() && it->second.state->knowledge == k &&
      it->second.state->language == doc->language) {
    state = reanalyze(it->second.state, it->second.doc->text, doc->text, &how);
  } else {
    state = analyzeFull(k, doc->text, doc->language);
  }
  if (log::enabled(log::Level::Verbose)) {
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    log::verbose("analysis: ", doc->uri, " v", doc->version, " ",
                 how == UpdateKind::Incremental ? "incremental"
                 : how == UpdateKind::Full      ? "full"
                                                : "unchanged",
                 " in ", ms, " ms, ", state->analysis->mentions.size(), " mentions");
  }
  doc->analysis.store(state->analysis);
  analysed[doc->uri] = {doc, state};
  return state;
}

// --- Workspace ---------------------------------------------------------------------------------

void LanguageServer::FeaturesState::scanWorkspace(bool rescan) {
  WorkspaceOptions o;
  o.folders = server.workspaceFolderPaths();
  o.exclude = server.settings_.workspace.exclude;
  o.maxFileSize = server.settings_.workspace.maxFileSize;
  o.skipDirs = requested.options().corpusRoots;
  std::shared_ptr<const Knowledge> k = server.knowledge;
  std::shared_ptr<const WorkspaceSnapshot> current = workspaceSnapshot();
  const bool sameFiles = current && o == workspaceOptions;
  if (!rescan && sameFiles && current->knowledge() == k)
    return; // nothing changed
  workspaceOptions = o;
  uint64_t generation;
  {
    std::lock_guard lock(workspaceMutex);
    generation = ++workspaceGeneration;
  }
  FeaturesState* self = this; // the worker is joined before the state goes
  worker.post([self, o, k, generation, rescan, sameFiles] {
    auto stale = [self, generation] {
      std::lock_guard lock(self->workspaceMutex);
      return self->stopping || self->workspaceGeneration != generation;
    };
    std::shared_ptr<const WorkspaceSnapshot> base = self->workspaceSnapshot();
    std::shared_ptr<const WorkspaceSnapshot> next = (!rescan && sameFiles && base)
                                                        ? base->reanalyzed(k)
                                                        : WorkspaceSnapshot::build(o, k, stale);
    if (!next)
      return;
    std::lock_guard lock(self->workspaceMutex);
    if (self->workspaceGeneration != generation)
      return;
    self->workspace = next;
    log::info("workspace: ", next->drafts().size(), " draft(s) under ", o.folders.size(),
              " folder(s)");
  });
}

void LanguageServer::FeaturesState::registerWatchers() {
  if (!server.client_.watchedFilesDynamic || ended)
    return;
  json watchers = json::array();
  watchers.push_back({{"globPattern", "**/*.{md,markdown,txt,tex}"}});
  watchers.push_back({{"globPattern", "**/.accord/lexicon/*.json"}});
  const bool relative = capability(
      server.client_.raw, {"workspace", "didChangeWatchedFiles", "relativePatternSupport"});
  std::vector<std::string> folders = server.workspaceFolderPaths();
  std::vector<std::string> dirs = requested.corpusRoots;
  dirs.insert(dirs.end(), requested.lexiconDirs.begin(), requested.lexiconDirs.end());
  // every format a corpus folder may hold, its catalogs and Zotero exports (issue 17)
  static const std::string kCorpusFiles = "**/*.{txt,md,markdown,html,htm,xhtml,pdf,json,bib}";
  for (const std::string& dir : dirs) {
    if (dir.find("/.accord/lexicon") != std::string::npos)
      continue; // watched above
    if (relative)
      watchers.push_back(
          {{"globPattern", {{"baseUri", pathToFileUri(dir)}, {"pattern", kCorpusFiles}}}});
    else
      watchers.push_back({{"globPattern", dir + "/" + kCorpusFiles}});
  }
  std::string key = watchers.dump();
  if (key == watchKey)
    return;
  watchKey = key;
  if (!watchId.empty()) {
    server.request(
        "client/unregisterCapability",
        {{"unregisterations",
          json::array({{{"id", watchId}, {"method", "workspace/didChangeWatchedFiles"}}})}},
        [](const rpc::Response&) {});
  }
  watchId = "accord-watched-files-" + std::to_string(nextWatch++);
  lsp::Registration reg{watchId, "workspace/didChangeWatchedFiles", json{{"watchers", watchers}}};
  server.request("client/registerCapability", {{"registrations", json::array({reg})}},
                 [](const rpc::Response& r) {
                   if (!r.ok)
                     log::info("the client refused to watch files: ", r.message);
                 });
}

void LanguageServer::onDidChangeWatchedFiles(const lsp::DidChangeWatchedFilesParams& params) {
  FeaturesState& f = *features_;
  bool rebuild = false;
  std::vector<std::string> drafts;
  for (const lsp::FileEvent& e : params.changes) {
    std::string path;
    if (!fileUriToPath(e.uri, path))
      continue;
    bool workspaceLexicon =
        path.find("/.accord/lexicon/") != std::string::npos && path.ends_with(".json");
    if (workspaceLexicon || f.requested.dependsOn(path)) {
      rebuild = true;
    } else if (WorkspaceSnapshot::isDraftPath(f.workspaceOptions, path)) {
      drafts.push_back(path);
    }
  }
  log::info("watched files: ", params.changes.size(), " change(s)",
            rebuild ? ", rebuilding the knowledge" : "",
            drafts.empty() ? "" : ", re-reading workspace drafts");
  if (rebuild && f.buildRequested)
    f.rebuildKnowledge();
  if (drafts.empty())
    return;
  FeaturesState* self = &f;
  f.worker.post([self, drafts] {
    std::shared_ptr<const WorkspaceSnapshot> base = self->workspaceSnapshot();
    if (!base)
      return; // the first scan reads them
    std::shared_ptr<const WorkspaceSnapshot> next = base;
    for (const std::string& path : drafts)
      next = next->withFile(path);
    std::lock_guard lock(self->workspaceMutex);
    if (self->workspace == base)
      self->workspace = next;
  });
}

// --- Converting places ---------------------------------------------------------------------------

LanguageServer::FeaturesState::Context
LanguageServer::FeaturesState::context(const std::string& uri) {
  Context ctx;
  ctx.doc = server.requireDocument(uri);
  ctx.state = analysisFor(ctx.doc);
  return ctx;
}

LanguageServer::FeaturesState::View LanguageServer::FeaturesState::view(const std::string& uri,
                                                                        bool others) {
  View v;
  v.current = context(uri);
  if (!v.current)
    return v;
  const std::shared_ptr<const Knowledge>& k = v.current.state->knowledge;
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
  add(uri, v.current.doc->text, v.current.doc->language, v.current.state, &v.current.doc->lines,
      v.current.doc);
  if (!others)
    return v;
  std::set<std::string> open{uri};
  for (const auto& doc : server.documents_.all()) {
    if (doc->uri == uri)
      continue;
    open.insert(doc->uri);
    auto state = analysisFor(doc);
    if (state && state->knowledge == k)
      add(doc->uri, doc->text, doc->language, state, &doc->lines, doc);
  }
  if (auto ws = workspaceSnapshot()) {
    for (const auto& [u, draft] : ws->drafts()) {
      if (open.count(u) || !draft->analysis || draft->analysis->knowledge != k)
        continue;
      add(u, draft->text, draft->language, draft->analysis, &draft->lines, draft);
    }
    v.keepAlive.push_back(ws);
  }
  return v;
}

std::optional<lsp::Location> LanguageServer::FeaturesState::placeLocation(const View& v,
                                                                          const features::Place& p,
                                                                          bool context) {
  const std::shared_ptr<const Knowledge>& k = v.current.state->knowledge;
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
    const Source& src = k->sources[p.index];
    return lsp::Location{fileUri(src.path),
                         server.toRange(src.text, sourceLinesOf(k, p.index), span)};
  }
  case features::Place::Where::Lexicon: {
    lsp::Position at{p.line > 0 ? p.line - 1 : 0, 0};
    return lsp::Location{fileUri(p.file), {at, at}};
  }
  }
  return std::nullopt;
}

json LanguageServer::FeaturesState::placesJson(const View& v,
                                               const std::vector<features::Place>& places,
                                               Span origin, bool links) {
  json out = json::array();
  for (const features::Place& p : places) {
    auto selection = placeLocation(v, p, false);
    if (!selection)
      continue;
    if (!links) {
      out.push_back(*selection);
      continue;
    }
    auto full = placeLocation(v, p, true);
    lsp::LocationLink link;
    link.originSelectionRange = server.toRange(*v.current.doc, origin);
    link.targetUri = selection->uri;
    link.targetRange = full ? full->range : selection->range;
    link.targetSelectionRange = selection->range;
    out.push_back(link);
  }
  return out;
}

// --- Hover, definition, declaration, references, highlights -------------------------------------

void LanguageServer::onHover(const lsp::TextDocumentPositionParams& params, rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto ctx = features_->context(params.textDocument.uri);
    if (!ctx)
      return nullptr;
    auto h = features::hover(ctx.knowledge(), ctx.draft(), toOffset(*ctx.doc, params.position),
                             client_.hoverMarkdown);
    if (!h)
      return nullptr;
    lsp::Hover hover;
    hover.contents = {client_.hoverMarkdown ? lsp::MarkupKind::Markdown
                                            : lsp::MarkupKind::PlainText,
                      std::move(h->contents)};
    hover.range = toRange(*ctx.doc, h->range);
    return hover;
  });
}

void LanguageServer::onDefinition(const lsp::TextDocumentPositionParams& params, rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto v = features_->view(params.textDocument.uri, true);
    if (!v.current)
      return nullptr;
    uint32_t offset = toOffset(*v.current.doc, params.position);
    const Mention* m = v.current.state->analysis->mentionAt(offset);
    if (!m)
      return nullptr;
    return features_->placesJson(v, features::findDefinitions(v.world, offset), m->span,
                                 client_.locationLinks);
  });
}

void LanguageServer::onDeclaration(const lsp::TextDocumentPositionParams& params,
                                   rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto v = features_->view(params.textDocument.uri, false);
    if (!v.current)
      return nullptr;
    uint32_t offset = toOffset(*v.current.doc, params.position);
    const Mention* m = v.current.state->analysis->mentionAt(offset);
    if (!m)
      return nullptr;
    bool links = capability(client_.raw, {"textDocument", "declaration", "linkSupport"});
    return features_->placesJson(v, features::findDeclaration(v.world, offset), m->span, links);
  });
}

void LanguageServer::onReferences(const lsp::ReferenceParams& params, rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto v = features_->view(params.textDocument.uri, true);
    if (!v.current)
      return nullptr;
    uint32_t offset = toOffset(*v.current.doc, params.position);
    if (!v.current.state->analysis->mentionAt(offset))
      return nullptr;
    return features_->placesJson(
        v, features::findReferences(v.world, offset, params.context.includeDeclaration), {}, false);
  });
}

void LanguageServer::onDocumentHighlight(const lsp::TextDocumentPositionParams& params,
                                         rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto ctx = features_->context(params.textDocument.uri);
    if (!ctx)
      return nullptr;
    uint32_t offset = toOffset(*ctx.doc, params.position);
    if (!ctx.state->analysis->mentionAt(offset))
      return nullptr;
    json out = json::array();
    for (const features::Highlight& h :
         features::documentHighlights(ctx.knowledge(), ctx.draft(), offset)) {
      lsp::DocumentHighlight d;
      d.range = toRange(*ctx.doc, h.span);
      d.kind = h.write ? lsp::DocumentHighlightKind::Write : lsp::DocumentHighlightKind::Text;
      out.push_back(d);
    }
    return out;
  });
}

// --- Completion --------------------------------------------------------------------------------

void LanguageServer::onCompletion(const lsp::CompletionParams& params, rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto ctx = features_->context(params.textDocument.uri);
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
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
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

// --- Semantic tokens ---------------------------------------------------------------------------

std::vector<uint32_t> LanguageServer::FeaturesState::encodeSemanticTokens(const Context& ctx,
                                                                          Span range) {
  std::vector<features::SemanticToken> tokens =
      features::semanticTokens(ctx.knowledge(), ctx.draft(), range);
  if (!capability(server.client_.raw, {"textDocument", "semanticTokens", "multilineTokenSupport"}))
    tokens = features::splitMultiline(ctx.doc->text, tokens);
  std::vector<features::PlacedToken> placed;
  placed.reserve(tokens.size());
  for (const features::SemanticToken& t : tokens) {
    lsp::Position at = server.toPosition(*ctx.doc, t.span.begin);
    uint32_t length = measure(std::string_view(ctx.doc->text).substr(t.span.begin, t.span.size()),
                              server.encoding_);
    placed.push_back({at.line, at.character, length, t.type, t.modifiers});
  }
  return features::encodeTokens(placed);
}

void LanguageServer::onSemanticTokensFull(const lsp::SemanticTokensParams& params,
                                          rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto ctx = features_->context(params.textDocument.uri);
    lsp::SemanticTokens result;
    if (!ctx)
      return result;
    result.data =
        features_->encodeSemanticTokens(ctx, Span{0, static_cast<uint32_t>(ctx.doc->text.size())});
    FeaturesState::Tokens& stored = features_->tokens[ctx.doc->uri];
    stored.resultId = std::to_string(features_->nextResultId++);
    stored.data = result.data;
    result.resultId = stored.resultId;
    return result;
  });
}

void LanguageServer::onSemanticTokensDelta(const json& params, rpc::Reply reply) {
  std::string uri = uriOf(params);
  if (!params.contains("previousResultId") || !params["previousResultId"].is_string())
    throw rpc::InvalidParams("previousResultId", "expected a string");
  std::string previous = params["previousResultId"].get<std::string>();
  features_->whenKnowledge(std::move(reply), [this, uri, previous]() -> json {
    auto ctx = features_->context(uri);
    if (!ctx)
      return lsp::SemanticTokens{};
    std::vector<uint32_t> data =
        features_->encodeSemanticTokens(ctx, Span{0, static_cast<uint32_t>(ctx.doc->text.size())});
    FeaturesState::Tokens& stored = features_->tokens[uri];
    const bool known = !stored.resultId.empty() && stored.resultId == previous;
    std::string resultId = std::to_string(features_->nextResultId++);
    json out;
    if (known) {
      json edits = json::array();
      if (auto edit = features::diffTokens(stored.data, data))
        edits.push_back(
            {{"start", edit->start}, {"deleteCount", edit->deleteCount}, {"data", edit->data}});
      out = {{"resultId", resultId}, {"edits", std::move(edits)}};
    } else {
      out = lsp::SemanticTokens{resultId, data}; // an unknown previous result: send it all
    }
    stored.resultId = resultId;
    stored.data = std::move(data);
    return out;
  });
}

void LanguageServer::onSemanticTokensRange(const lsp::SemanticTokensRangeParams& params,
                                           rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto ctx = features_->context(params.textDocument.uri);
    lsp::SemanticTokens result;
    if (!ctx)
      return result;
    result.data = features_->encodeSemanticTokens(ctx, toSpan(*ctx.doc, params.range));
    return result;
  });
}

// --- Symbols, links, inlay hints ---------------------------------------------------------------

void LanguageServer::onDocumentSymbol(const lsp::DocumentSymbolParams& params, rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto ctx = features_->context(params.textDocument.uri);
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
          s.kind = symbolKind(t.kind);
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
          s.kind = symbolKind(t.kind);
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
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    json out = json::array();
    std::shared_ptr<const Knowledge> k = knowledge;
    if (!k)
      return out;
    // Every open draft and workspace draft analysed against the current Knowledge.
    FeaturesState::View v;
    v.world.knowledge = k.get();
    std::set<std::string> open;
    for (const auto& doc : documents_.all()) {
      auto state = features_->analysisFor(doc);
      if (!state || state->knowledge != k)
        continue;
      if (!v.current)
        v.current = {doc, state};
      open.insert(doc->uri);
      v.world.drafts.push_back({doc->text, doc->language, state->analysis.get()});
      v.uris.push_back(doc->uri);
      v.lines.push_back(&doc->lines);
      v.keepAlive.push_back(doc);
      v.keepAlive.push_back(state);
    }
    if (auto ws = features_->workspaceSnapshot()) {
      for (const auto& [u, draft] : ws->drafts()) {
        if (open.count(u) || !draft->analysis || draft->analysis->knowledge != k)
          continue;
        v.world.drafts.push_back({draft->text, draft->language, draft->analysis->analysis.get()});
        v.uris.push_back(u);
        v.lines.push_back(&draft->lines);
      }
      v.keepAlive.push_back(ws);
    }
    if (!v.current)
      v.current.state = std::make_shared<AnalysisState>(AnalysisState{k, nullptr, {}, {}, nullptr});
    for (const features::WorkspaceSymbolHit& hit :
         features::workspaceSymbols(v.world, params.query, kMaxWorkspaceSymbols)) {
      auto location = features_->placeLocation(v, hit.place, false);
      if (!location)
        continue;
      lsp::SymbolInformation s;
      s.name = hit.name;
      s.kind = symbolKind(hit.kind);
      s.location = *location;
      if (!hit.container.empty())
        s.containerName = hit.container;
      out.push_back(s);
    }
    return out;
  });
}

void LanguageServer::onDocumentLink(const lsp::DocumentLinkParams& params, rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    auto ctx = features_->context(params.textDocument.uri);
    json out = json::array();
    if (!ctx)
      return out;
    const Knowledge& k = ctx.knowledge();
    for (const features::LinkHit& link : features::documentLinks(k, ctx.draft())) {
      const Source& src = k.sources[link.source];
      lsp::DocumentLink l;
      l.range = toRange(*ctx.doc, link.span);
      l.target =
          link.page > 0 // a PDF opens at its page (the #page=N of RFC 8118, which viewers follow)
              ? fileUri(src.original) + "#page=" + std::to_string(link.page)
              : fileUri(src.path) + (link.line > 0 ? "#L" + std::to_string(link.line) : "");
      l.tooltip = link.tooltip;
      out.push_back(l);
    }
    return out;
  });
}

void LanguageServer::onInlayHint(const lsp::InlayHintParams& params, rpc::Reply reply) {
  features_->whenKnowledge(std::move(reply), [this, params]() -> json {
    json out = json::array();
    if (!settings_.inlayHints.enabled)
      return out; // off by default: accord.inlayHints.enabled
    auto ctx = features_->context(params.textDocument.uri);
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
