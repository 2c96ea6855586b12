// Owns the Knowledge: builds it off the server thread, rebuilds it when its files change.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "grammar/knowledge.h"

namespace accord {

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

} // namespace accord
