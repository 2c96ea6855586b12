// The Knowledge's owner: a build thread, cancellation of stale builds, and the installed copy.
#include "server/knowledge_host.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "server/log.h"

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
    try {
      knowledge = Knowledge::build(options);
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
      job->done(std::move(knowledge), ms);
    {
      std::lock_guard lock(mutex_);
      running_ = false;
      if (!pending_)
        idle_.notify_all();
    }
  }
}

} // namespace accord
