// The Knowledge's owner: a build thread, cancellation of stale builds, and the installed copy;
// and its life in a session (KnowledgeService).
#include "server/knowledge_host.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>

#include "grammar/library_snapshot.h"
#include "grammar/paths.h"
#include "server/language_server.h"
#include "server/log.h"
#include "server/workspace.h"

namespace accord {

KnowledgeOptions KnowledgeSources::options() const {
  KnowledgeOptions o;
  if (bundled) {
    if (std::string dir = Knowledge::bundledCorpusDir(); !dir.empty())
      o.corpusRoots.push_back(dir);
    if (std::string dir = Knowledge::bundledLexiconDir(); !dir.empty())
      o.lexiconDirs.push_back(dir);
  }
  o.corpusRoots.insert(o.corpusRoots.end(), corpusRoots.begin(), corpusRoots.end());
  o.lexiconDirs.insert(o.lexiconDirs.end(), lexiconDirs.begin(), lexiconDirs.end());
  o.wellKnown = wellKnown;
  return o;
}

std::vector<std::string> KnowledgeSources::directories() const {
  KnowledgeOptions o = options();
  std::vector<std::string> out = o.corpusRoots;
  out.insert(out.end(), o.lexiconDirs.begin(), o.lexiconDirs.end());
  return out;
}

static bool inDirectory(std::string_view path, std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/')
    dir.remove_suffix(1);
  return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
}

bool KnowledgeSources::dependsOn(std::string_view path) const {
  KnowledgeOptions o = options();
  auto ends = [&](std::string_view suffix) { return path.ends_with(suffix); };
  for (const std::string& root : o.corpusRoots)
    if (inDirectory(path, root) &&
        (sourceFormatOf(path) || ends(".json") || ends(".bib"))) // sources, catalogs, exports
      return true;
  for (const std::string& dir : o.lexiconDirs)
    if (inDirectory(path, dir) && ends(".json"))
      return true;
  return false;
}

bool KnowledgeSources::isCommentary(const std::string& path) const {
  for (const std::string& root : options().corpusRoots)
    if (insideDirectory(path, root))
      return true;
  return false;
}

KnowledgeHost::KnowledgeHost() : thread_([this] { run(); }) {}

KnowledgeHost::~KnowledgeHost() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    ++generation_; // makes a running build stop at its next check
  }
  wake_.notify_all();
  thread_.join();
}

void KnowledgeHost::rebuild(KnowledgeSources sources, Progress progress, Done done) {
  {
    std::lock_guard lock(mutex_);
    pending_ = std::make_unique<Job>(
        Job{std::move(sources), std::move(progress), std::move(done), ++generation_});
  }
  wake_.notify_all();
}

std::shared_ptr<const Knowledge> KnowledgeHost::buildNow(const KnowledgeSources& sources) {
  return Knowledge::build(sources.options());
}

void KnowledgeHost::install(std::shared_ptr<const Knowledge> knowledge, KnowledgeSources sources) {
  std::lock_guard lock(mutex_);
  current_ = std::move(knowledge);
  installed_ = std::move(sources);
}

std::shared_ptr<const Knowledge> KnowledgeHost::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

KnowledgeSources KnowledgeHost::installedSources() const {
  std::lock_guard lock(mutex_);
  return installed_;
}

bool KnowledgeHost::building() const {
  std::lock_guard lock(mutex_);
  return running_ || pending_ != nullptr;
}

void KnowledgeHost::wait() const {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return !running_ && pending_ == nullptr; });
}

void KnowledgeHost::run() {
  for (;;) {
    std::unique_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || pending_ != nullptr; });
      if (stopping_) {
        pending_.reset();
        idle_.notify_all();
        return;
      }
      job = std::move(pending_);
      running_ = true;
    }
    const uint64_t generation = job->generation;
    KnowledgeOptions options = job->sources.options();
    options.progress = job->progress;
    options.cancelled = [this, generation] {
      std::lock_guard lock(mutex_);
      return generation_ != generation;
    };
    auto start = std::chrono::steady_clock::now();
    std::shared_ptr<const Knowledge> knowledge;
    std::unique_ptr<LibrarySnapshot> unsaved;
    try {
      knowledge = Knowledge::build(options, &unsaved);
    } catch (const std::exception& e) {
      // Knowledge::build reports data errors itself; anything thrown is a bug, not a reason
      // to take the server down.
      log::error("knowledge: build failed: ", e.what());
    }
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    bool current;
    {
      std::lock_guard lock(mutex_);
      current = generation_ == generation && !stopping_;
    }
    if (knowledge && current && job->done)
      job->done(knowledge, ms);
    // The library snapshot is written once the server has the Knowledge, not before: the
    // first start after a change is ready that much sooner. Not when shutting down.
    if (knowledge && unsaved && current) {
      bool stopping;
      {
        std::lock_guard lock(mutex_);
        stopping = stopping_;
      }
      if (!stopping)
        unsaved->save(*knowledge);
    }
    knowledge.reset();
    {
      std::lock_guard lock(mutex_);
      running_ = false;
      if (!pending_)
        idle_.notify_all();
    }
  }
}

// --- KnowledgeService -----------------------------------------------------------------------

namespace {
namespace asio = boost::asio;
namespace fs = std::filesystem;

/// How long a request that needs the Knowledge waits for the first build before it is
/// answered without it (empty). The bundled corpus builds in milliseconds; a huge corpus
/// must not hold the editor's requests for long.
constexpr std::chrono::milliseconds kFirstKnowledgeWait{2000};
} // namespace

struct KnowledgeService::BuildProgress {
  std::mutex mutex; ///< guards everything below (the build thread reports)
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  bool begun = false;
  Progress progress;
  int lastPercent = -1;
};

struct KnowledgeService::Waiting {
  explicit Waiting(asio::io_context& io) : timer(io) {}
  std::vector<std::function<void()>> runs;
  asio::steady_timer timer;
  bool armed = false;
};

KnowledgeService::KnowledgeService(LanguageServer& server)
    : server_(server), waiting_(std::make_unique<Waiting>(server.io())) {}

KnowledgeService::~KnowledgeService() {
  stopping_ = true; // before the host joins its thread
}

void KnowledgeService::setup() {
  KnowledgeService* self = this; // hooks live no longer than the server, which owns the service
  server_.onClientReady([self] { self->ensure(); });
  server_.onDocumentChanged([self](const std::string&) { self->ensure(); });
  server_.onSettingsChanged([self] { self->settingsChanged(); });
  server_.onWorkspaceFoldersChanged([self] { self->settingsChanged(); });
  server_.onSessionEnd([self] {
    self->ended_ = true;
    self->stopping_ = true;
    self->flushWaiting();
  });
}

KnowledgeSources KnowledgeService::sources() const {
  KnowledgeSources s;
  const ServerOptions& options = server_.options();
  const Settings& settings = server_.settings();
  s.bundled = !options.noBundledCorpus;
  // Relative paths in settings are relative to the first workspace folder, as users write them.
  std::vector<std::string> folders = server_.workspaceFolderPaths();
  auto resolve = [&](const std::string& dir) {
    fs::path p(dir);
    if (p.is_relative() && !folders.empty())
      p = fs::path(folders.front()) / p;
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec);
    return (ec ? p : abs).lexically_normal().string();
  };
  for (const auto& d : options.corpusDirs)
    s.corpusRoots.push_back(resolve(d));
  for (const auto& d : settings.corpus)
    s.corpusRoots.push_back(resolve(d));
  for (const auto& d : options.lexiconDirs)
    s.lexiconDirs.push_back(resolve(d));
  for (const auto& d : settings.lexicon)
    s.lexiconDirs.push_back(resolve(d));
  for (const auto& folder : folders) {
    std::string dir = (fs::path(folder) / ".accord" / "lexicon").string();
    std::error_code ec;
    // Not when .accord or its lexicon is a link out of the folder (a cloned repository's).
    if (fs::is_directory(dir, ec) && insideDirectory(dir, folder))
      s.lexiconDirs.push_back(dir);
  }
  s.wellKnown = settings.wellKnown;
  return s;
}

void KnowledgeService::ensure() {
  if (!buildRequested_ && !ended_)
    rebuild();
}

void KnowledgeService::rebuild() {
  requested_ = sources();
  buildRequested_ = true;
  if (!server_.knowledge && requested_.bundled && !requested_.corpusRoots.empty()) {
    // Extra corpus roots can take seconds to index (10,000 commentaries: about 3 s, 0.3 s
    // from the library snapshot). Until then, answer from the bundled commentaries and the
    // lexicons: built here, in about 10 ms, then replaced by the full build like any rebuild
    // (diagnostics and tokens refreshed).
    KnowledgeSources interim = requested_;
    interim.corpusRoots.clear();
    auto start = std::chrono::steady_clock::now();
    if (auto k = KnowledgeHost::buildNow(interim)) {
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      log::info(
          "knowledge: answering from the bundled corpus while the other corpus roots are indexed");
      install(std::move(k), interim, ms, nullptr);
    }
  }
  auto buildProgress = std::make_shared<BuildProgress>();
  progress_ = buildProgress;
  std::weak_ptr<KnowledgeService> weak = weak_from_this();
  KnowledgeSources sources = requested_;
  log::info("knowledge: building from ", sources.options().corpusRoots.size(),
            " corpus root(s) and ", sources.options().lexiconDirs.size(), " lexicon dir(s)");
  asio::io_context& io = server_.io();
  host_.rebuild(
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
            if (!self || self->ended_)
              return;
            Progress p = self->server_.beginProgress("Accord: indexing the commentaries", message);
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
        if (auto self = weak.lock(); !self || self->stopping_)
          return;
        asio::post(io, [weak, sources, buildProgress, k = std::move(k), ms]() mutable {
          auto self = weak.lock();
          if (!self || self->ended_ || !(sources == self->requested_))
            return;
          self->install(std::move(k), sources, ms, buildProgress);
        });
      });
}

void KnowledgeService::install(std::shared_ptr<const Knowledge> k, const KnowledgeSources& sources,
                               double ms, const std::shared_ptr<BuildProgress>& buildProgress) {
  server_.knowledge = k;
  ++installs_;
  host_.install(k, sources);
  log::info("knowledge: ", k->sources.size(), " commentaries, ", k->terms.size(),
            " terms, built in ", static_cast<int>(ms), " ms",
            k->snapshot.empty() ? "" : " (loaded from the library snapshot)");
  if (!k->errors.empty()) {
    std::string text = "Accord: " + std::to_string(k->errors.size()) +
                       " problem(s) in the lexicon or catalog (the entries were skipped):";
    for (size_t i = 0; i < k->errors.size(); ++i) {
      log::info("knowledge: ", k->errors[i].format());
      if (i < 5)
        text += "\n" + k->errors[i].format();
    }
    server_.showMessage(lsp::MessageType::Warning, text);
  }
  tellEmptyFolders(*k, sources);
  if (buildProgress) {
    std::lock_guard lock(buildProgress->mutex);
    buildProgress->progress.end("Indexed " + std::to_string(k->sources.size()) + " commentaries, " +
                                std::to_string(k->terms.size()) + " terms");
  }
  // Warm the analyses of the open drafts against the new Knowledge (the store would compute
  // them on first use anyway; doing it here keeps the first request after a swap fast).
  for (const auto& doc : server_.documents().all())
    server_.analysis(doc, k);
  flushWaiting();
  registerWatchers();
  server_.knowledgeChanged();
}

/// A configured corpus or lexicon folder that gave nothing is most often a typo in a setting:
/// say so once per folder, in the log and to the user, instead of answering as if it were empty.
void KnowledgeService::tellEmptyFolders(const Knowledge& k, const KnowledgeSources& sources) {
  auto under = [](const std::string& path, const std::string& dir) {
    if (inDirectory(path, dir))
      return true;
    std::error_code ec;
    fs::path real = fs::weakly_canonical(dir, ec);
    return !ec && inDirectory(path, real.string());
  };
  auto tell = [&](const std::string& dir, const char* what, const char* holds) {
    if (!toldEmpty_.insert(dir).second)
      return;
    std::error_code ec;
    std::string why = fs::is_directory(dir, ec) ? std::string(" has no ") + holds
                                                : std::string(" does not exist");
    std::string text = std::string("Accord: the ") + what + " folder " + dir + why +
                       ": nothing was read from it. Check the setting that names it.";
    log::error("knowledge: ", text);
    server_.showMessage(lsp::MessageType::Warning, text);
  };
  for (const std::string& root : sources.corpusRoots) {
    bool any = std::any_of(k.sources.begin(), k.sources.end(),
                           [&](const Source& s) { return under(s.original, root); });
    if (!any)
      tell(root, "corpus", "commentaries (PDF, HTML, Markdown or text files)");
  }
  for (const std::string& dir : sources.lexiconDirs) {
    bool any = std::any_of(k.terms.begin(), k.terms.end(),
                           [&](const Term& t) { return under(t.origin.file, dir); });
    if (!any)
      tell(dir, "lexicon", "terms (*.json)");
  }
}

void KnowledgeService::settingsChanged() {
  if (buildRequested_ && !(sources() == requested_))
    rebuild();
}

bool KnowledgeService::dependsOn(const std::string& path) const {
  bool workspaceLexicon =
      path.find("/.accord/lexicon/") != std::string::npos && path.ends_with(".json");
  return workspaceLexicon || requested_.dependsOn(path);
}

void KnowledgeService::filesChanged() {
  if (buildRequested_)
    rebuild();
}

void KnowledgeService::flushWaiting() {
  waiting_->armed = false;
  waiting_->timer.cancel();
  std::vector<std::function<void()>> ready;
  ready.swap(waiting_->runs);
  for (auto& run : ready)
    run();
}

void KnowledgeService::whenReady(rpc::Reply reply, std::function<json()> answer) {
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
  if (server_.knowledge || ended_)
    return run();
  ensure();
  // The first build is running: answer when it lands (tens of milliseconds for the bundled
  // corpus), so that a hover right after opening a draft is not lost.
  waiting_->runs.push_back(std::move(run));
  if (!waiting_->armed) {
    waiting_->armed = true;
    std::weak_ptr<KnowledgeService> weak = weak_from_this();
    waiting_->timer.expires_after(kFirstKnowledgeWait);
    waiting_->timer.async_wait([weak](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || !self->waiting_->armed)
        return;
      log::info("knowledge: still indexing; answering the waiting requests without it");
      self->flushWaiting();
    });
  }
}

void KnowledgeService::registerWatchers() {
  const lsp::ClientCapabilities& client = server_.client();
  if (!client.watchedFilesDynamic || ended_)
    return;
  json watchers = json::array();
  watchers.push_back({{"globPattern", "**/*.{md,markdown,txt,tex}"}});
  watchers.push_back({{"globPattern", "**/.accord/lexicon/*.json"}});
  const bool relative = client.watchedFilesRelativePatterns;
  std::vector<std::string> dirs = requested_.corpusRoots;
  dirs.insert(dirs.end(), requested_.lexiconDirs.begin(), requested_.lexiconDirs.end());
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
  if (key == watchKey_)
    return;
  watchKey_ = key;
  if (!watchId_.empty()) {
    server_.request(
        "client/unregisterCapability",
        {{"unregisterations",
          json::array({{{"id", watchId_}, {"method", "workspace/didChangeWatchedFiles"}}})}},
        [](const rpc::Response&) {});
  }
  watchId_ = "accord-watched-files-" + std::to_string(nextWatch_++);
  lsp::Registration reg{watchId_, "workspace/didChangeWatchedFiles", json{{"watchers", watchers}}};
  server_.request("client/registerCapability", {{"registrations", json::array({reg})}},
                  [](const rpc::Response& r) {
                    if (!r.ok)
                      log::info("the client refused to watch files: ", r.message);
                  });
}

const KnowledgeService::SourceFile&
KnowledgeService::sourceFile(const std::shared_ptr<const Knowledge>& k, uint32_t source) {
  if (linesFor_ != k) {
    linesFor_ = k;
    sourceLines_.clear();
  }
  auto [it, fresh] = sourceLines_.try_emplace(source);
  if (fresh) {
    const Source& src = k->sources[source];
    SourceFile& f = it->second; // a map node: `text` may point into `rendered`
    if (src.path != src.original && src.format == SourceFormat::Pdf)
      f.rendered = renderText(src.text, src.anchors);
    f.text = f.rendered.empty() ? std::string_view(src.text) : std::string_view(f.rendered);
    f.lines = LineIndex(f.text);
  }
  return it->second;
}

lsp::Range KnowledgeService::sourceRange(const LanguageServer& server,
                                         const std::shared_ptr<const Knowledge>& k, uint32_t source,
                                         Span span) {
  const SourceFile& f = sourceFile(k, source);
  return server.toRange(f.text, f.lines, k->sources[source].renderedSpan(span));
}

} // namespace accord
