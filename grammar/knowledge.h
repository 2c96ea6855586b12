// Everything the server knows: corpus, catalog, terms (lexicon + mined), recogniser, index.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "grammar/catalog.h"
#include "grammar/miner.h"
#include "grammar/recognizer.h"

namespace accord {

/// One commentary of the corpus, its text kept with its bytes unchanged.
struct Source {
  CslItem meta;     ///< from the catalog, or a stub whose title is the first line
  std::string path; ///< absolute path of the text file
  std::string text;
};

/// A place in the corpus.
struct SourceLocation {
  uint32_t source = 0; ///< index into Knowledge::sources
  Span span;
};

/// A definition of a term in the corpus, with the sentence quoted by hovers.
struct SourceDefinition {
  uint32_t source = 0;
  MinedDefinition definition;
  std::string quote; ///< the defining sentence, cleaned for quoting (see sentenceText)
};

/// What the corpus says about one term.
struct TermIndex {
  std::vector<SourceDefinition> definitions; ///< in corpus order
  std::vector<SourceLocation> mentions;      ///< every mention, definitions included
  uint32_t sourcesMentioning = 0;            ///< how many commentaries mention it
  /// Filled by Knowledge::build so that a hover costs the same with 5 or 10,000 commentaries
  /// (a hand-filled index may leave them empty; readers then scan `definitions`):
  uint32_t sourcesDefining = 0;     ///< how many commentaries define it
  std::vector<uint32_t> expansions; ///< first definition of each distinct long form
};

struct KnowledgeOptions {
  std::vector<std::string> corpusRoots; ///< directories with *.txt and optional catalog.json
  std::vector<std::string> lexiconDirs; ///< directories of lexicon *.json
  std::vector<std::string> wellKnown;   ///< short forms that need no spelling out
  /// Called with 0..100 while indexing; may be empty.
  std::function<void(int percent, const std::string& message)> progress;
  /// Polled while indexing; when it returns true, build() stops and returns nullptr.
  std::function<bool()> cancelled;
};

/// Immutable once built; share as std::shared_ptr<const Knowledge>.
class Knowledge {
public:
  std::vector<Source> sources;
  std::vector<Term> terms;       ///< lexicon terms first, then mined ones
  std::vector<TermIndex> index;  ///< parallel to terms
  Recognizer recognizer;         ///< built from terms
  std::vector<DataError> errors; ///< everything reported while loading

  /// The term whose short form is `shortForm` (case-sensitive; plural "s" tolerated).
  std::optional<uint32_t> findShort(std::string_view shortForm) const;
  /// The term with this id.
  std::optional<uint32_t> findId(std::string_view id) const;
  /// Terms whose short form, long form or alias starts with `prefix` (case-insensitive).
  std::vector<uint32_t> complete(std::string_view prefix, size_t limit) const;
  /// The catalog item with this citation key.
  const CslItem* findSource(std::string_view id) const;

  /// Loads, mines and indexes. Errors in data are collected in `errors`, never thrown.
  static std::shared_ptr<const Knowledge> build(const KnowledgeOptions& options);

  /// The bundled corpus and lexicon directories (bundled::directory): an install's
  /// share/accord, the source tree when run from its build tree, else the copy of the
  /// compiled-in files in the user's cache. Empty strings when none can be had.
  static std::string bundledCorpusDir();
  static std::string bundledLexiconDir();

  /// Rebuilds the lookup tables behind findShort and findId. build() calls it; call it after
  /// filling `terms` by hand (tests). Until then the lookups scan the terms.
  void reindex();

  /// Lookup tables (sorted by key), internal to findShort/findId.
  std::vector<std::pair<std::string, uint32_t>> byShort_, byId_;
  size_t indexedTerms_ = 0; ///< terms.size() when the tables were built
};

} // namespace accord
