// Owns the Knowledge: builds it off the server thread (KnowledgeHost), and its life in a session
// (KnowledgeService: first build, swaps, $/progress, watched files, requests waiting for it).
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "grammar/knowledge.h"
#include "server/positions.h"
#include "server/rpc.h"

namespace accord {

class LanguageServer;
using json = nlohmann::json;

/// Where a Knowledge comes from. Equal sources give equal knowledge.
struct KnowledgeSources {
  bool bundled = true;                  ///< the bundled corpus and lexicon
  std::vector<std::string> corpusRoots; ///< --corpus and the accord.corpus setting
  std::vector<std::string> lexiconDirs; ///< --lexicon, accord.lexicon, workspace lexicons
  std::vector<std::string> wellKnown;   ///< accord.wellKnown
  friend bool operator==(const KnowledgeSources&, const KnowledgeSources&) = default;

  /// The options for Knowledge::build, bundled directories included.
  KnowledgeOptions options() const;
  /// Every directory whose files the Knowledge is built from (absolute when they were).
  std::vector<std::string> directories() const;
  /// Whether a change to `path` (absolute) can change the Knowledge: a source (.txt, .md,
  /// .html, .pdf …), catalog.json or a Zotero export (.json, .bib) in a corpus root, a .json in
  /// a lexicon directory.
  bool dependsOn(std::string_view path) const;
  /// Whether `path` (absolute) lies under a corpus root, bundled or configured: a commentary,
  /// which is read, never drafted, so it gets no drafting checks.
  bool isCommentary(const std::string& path) const;
};

/// Builds Knowledge on its own thread, one build at a time; a newer request cancels an older
/// build that has not finished. The current Knowledge is installed by the server thread
/// (install), so that a swap and the re-analysis it causes happen in one place.
///
/// Thread-safety: every member function may be called from any thread. Callbacks run on the
/// build thread.
class KnowledgeHost {
public:
  using Progress = std::function<void(int percent, const std::string& message)>;

  /// A build that has run this long reports $/progress (shorter ones stay silent).
  /// Tests set it to zero to see the reports.
  static inline std::atomic<int> progressDelayMs{250};
  using Done = std::function<void(std::shared_ptr<const Knowledge>, double milliseconds)>;

  KnowledgeHost();
  ~KnowledgeHost(); ///< cancels a running build and joins the thread
  KnowledgeHost(const KnowledgeHost&) = delete;
  KnowledgeHost& operator=(const KnowledgeHost&) = delete;

  /// Builds from `sources`; calls `progress` while indexing and `done` with the result
  /// (never with null: a cancelled build calls nothing).
  void rebuild(KnowledgeSources sources, Progress progress, Done done);

  /// Builds synchronously on the calling thread (the CLI, tests).
  static std::shared_ptr<const Knowledge> buildNow(const KnowledgeSources& sources);

  void install(std::shared_ptr<const Knowledge> knowledge, KnowledgeSources sources);
  std::shared_ptr<const Knowledge> current() const;
  /// The sources of the installed Knowledge.
  KnowledgeSources installedSources() const;
  /// True while a build is queued or running.
  bool building() const;
  /// Waits until no build is queued or running (tests, shutdown).
  void wait() const;

private:
  struct Job {
    KnowledgeSources sources;
    Progress progress;
    Done done;
    uint64_t generation = 0;
  };
  void run();

  mutable std::mutex mutex_; // guards everything below
  mutable std::condition_variable wake_;
  mutable std::condition_variable idle_;
  std::shared_ptr<const Knowledge> current_;
  KnowledgeSources installed_;
  std::unique_ptr<Job> pending_;
  uint64_t generation_ = 0; ///< of the newest request; older builds see it and stop
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_; // started last
};

/// The Knowledge's life in a language-server session: which sources it is built from (command
/// line, settings, workspace lexicons), the first build (an interim one from the bundled corpus
/// while extra roots are indexed), rebuilds when settings or watched files change, $/progress
/// for long builds, the client's file watchers, and the requests that arrive before the first
/// Knowledge. Installing a Knowledge sets LanguageServer::knowledge and runs the server's
/// knowledgeChanged hooks (features subscribe to refresh what the editor shows).
///
/// Server thread only, except where a member says otherwise.
class KnowledgeService : public std::enable_shared_from_this<KnowledgeService> {
public:
  explicit KnowledgeService(LanguageServer& server);
  ~KnowledgeService();
  KnowledgeService(const KnowledgeService&) = delete;
  KnowledgeService& operator=(const KnowledgeService&) = delete;

  /// Subscribes to the server's hooks (client ready, document changed, settings, folders,
  /// session end). Called once from LanguageServer::bindMethods().
  void setup();

  /// Runs `answer` and replies with its result (errors become error replies) now when a
  /// Knowledge is installed, else when the first build lands or after a wait (then without).
  void whenReady(rpc::Reply reply, std::function<json()> answer);
  /// The sources the newest build was asked to read.
  const KnowledgeSources& requested() const { return requested_; }
  /// Whether a change to `path` (absolute) can change the Knowledge.
  bool dependsOn(const std::string& path) const;
  /// Rebuilds after files it depends on changed (nothing before the first build was asked).
  void filesChanged();
  /// How many Knowledges were installed so far (the first one replaces nothing).
  uint32_t installs() const { return installs_; }
  /// A corpus source of `k` as the file at Source::path holds it (kept while `k` is the one
  /// asked about): its text (a PDF's rendering, with page markers) and line index.
  struct SourceFile {
    std::string rendered;  ///< a PDF's rendering; empty when the text is the file's own
    std::string_view text; ///< what the file holds: `rendered` or Source::text
    LineIndex lines;       ///< of `text`
  };
  const SourceFile& sourceFile(const std::shared_ptr<const Knowledge>& k, uint32_t source);
  /// The range of `span` (of Source::text) in the file at Source::path.
  lsp::Range sourceRange(const LanguageServer& server, const std::shared_ptr<const Knowledge>& k,
                         uint32_t source, Span span);

private:
  struct BuildProgress;
  struct Waiting;
  KnowledgeSources sources() const;
  void ensure();
  void rebuild();
  void install(std::shared_ptr<const Knowledge> k, const KnowledgeSources& sources, double ms,
               const std::shared_ptr<BuildProgress>& progress);
  void settingsChanged();
  void flushWaiting();
  void registerWatchers();

  LanguageServer& server_;
  std::atomic<bool> stopping_{false}; ///< any thread: the server is going away
  bool ended_ = false;                ///< the session ended (shutdown or exit)
  KnowledgeSources requested_;        ///< what the newest build was asked to read
  bool buildRequested_ = false;
  uint32_t installs_ = 0;
  std::set<std::string> toldEmpty_; ///< configured folders already reported as yielding nothing
  void tellEmptyFolders(const Knowledge& k, const KnowledgeSources& sources);
  std::shared_ptr<BuildProgress> progress_;
  std::unique_ptr<Waiting> waiting_; ///< requests waiting for the first Knowledge, their timer
  std::shared_ptr<const Knowledge> linesFor_; ///< the Knowledge sourceLines_ belong to
  std::map<uint32_t, SourceFile> sourceLines_;
  std::string watchId_, watchKey_; ///< the didChangeWatchedFiles registration
  uint64_t nextWatch_ = 1;
  KnowledgeHost host_; // last: its thread is joined before the state its callbacks reach
};

} // namespace accord
