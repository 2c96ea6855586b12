// Shared by the libFuzzer targets: the bundled knowledge, built once per process, and a
// failure reporter that makes libFuzzer keep the input.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "grammar/knowledge.h"
#include "server/log.h"

namespace accord::fuzz {

/// Reports a broken property and aborts: libFuzzer writes the input as a crash file.
[[noreturn]] inline void fail(const char* target, const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", target, what.c_str());
  std::abort();
}

/// The bundled corpus and lexicon, built on the first call (a fuzz input must not pay for it).
inline std::shared_ptr<const Knowledge> bundledKnowledge() {
  static std::shared_ptr<const Knowledge> knowledge = [] {
    KnowledgeOptions options;
    options.corpusRoots = {Knowledge::bundledCorpusDir()};
    options.lexiconDirs = {Knowledge::bundledLexiconDir()};
    options.wellKnown = {"UN", "US", "EU", "UK", "USA", "NATO"};
    auto k = Knowledge::build(options);
    if (!k || k->terms.empty()) {
      std::fprintf(stderr, "fuzz: the bundled knowledge did not load (corpus '%s')\n",
                   Knowledge::bundledCorpusDir().c_str());
      std::abort();
    }
    return k;
  }();
  return knowledge;
}

/// Silences the server's logs (stderr at libFuzzer speed is the bottleneck otherwise).
inline void quietLogs() {
  log::setLevel(log::Level::Error);
}

} // namespace accord::fuzz
