// Everything the server knows: corpus, catalog, terms (lexicon + mined), recogniser, index.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "grammar/catalog.h"
#include "grammar/contextual.h"
#include "grammar/miner.h"
#include "grammar/recognizer.h"
#include "grammar/source_text.h"

namespace accord {

/// One commentary of the corpus: a text file kept with its bytes unchanged, or the text read
/// from a PDF, a saved web page or a Markdown file (see SourceText).
struct Source {
  /// From the catalog (catalog.json, a Zotero CSL-JSON or Better BibTeX export), else what the
  /// file says of itself, else a stub titled after a title line or the file name.
  CslItem meta;
  /// Absolute path of the file whose bytes are `text`: the text file itself, or for a PDF or
  /// a web page the text rendering written to the cache (the original when none could be).
  std::string path;
  std::string text;
  SourceFormat format = SourceFormat::Text;
  std::string original;              ///< absolute path of the PDF, HTML, Markdown or text file
  std::vector<SourceAnchor> anchors; ///< PDF pages, headings (see SourceText)

  /// The PDF page (1-based) that holds byte `offset` of `text`; 0 when not a PDF.
  uint32_t pageAt(uint32_t offset) const { return accord::pageAt(anchors, offset); }
  /// "p. 7" (the page's printed label when it has one) for a PDF; empty otherwise.
  std::string pageLabel(uint32_t offset) const;
  /// Where `span` of `text` lies in the file at `path`: the same for a text file and a web
  /// page, moved past the page markers of a PDF's rendering (renderText).
  Span renderedSpan(Span span) const;
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

/// $XDG_CACHE_HOME/accord, else $HOME/.cache/accord; empty when neither is set.
std::string defaultCacheDir();

class Knowledge;
class LibrarySnapshot;
/// The defining sentence of `d`, cleaned and bounded for quoting (quoteText): what a hover
/// shows. Computed when asked: a card quotes one definition, the corpus holds many.
std::string definitionQuote(const Knowledge& knowledge, const SourceDefinition& d);

struct KnowledgeOptions {
  /// Directories of *.txt, *.md, *.html, *.pdf, with optional catalog.json and Zotero exports
  /// (CSL-JSON *.json, Better BibTeX *.bib).
  std::vector<std::string> corpusRoots;
  std::vector<std::string> lexiconDirs; ///< directories of lexicon *.json
  std::vector<std::string> wellKnown;   ///< short forms that need no spelling out
  /// Where what was read from each file is kept between runs (SQLite, keyed by the file's
  /// content) and where the text renderings of PDFs and web pages are written; nothing when
  /// empty. Defaults to $XDG_CACHE_HOME/accord (~/.cache/accord).
  std::string cacheDir = defaultCacheDir();
  /// Called with 0..100 while indexing; may be empty.
  std::function<void(int percent, const std::string& message)> progress;
  /// Polled while indexing; when it returns true, build() stops and returns nullptr.
  std::function<bool()> cancelled;
};

/// Immutable once built; share as std::shared_ptr<const Knowledge>.
class Knowledge {
public:
  std::vector<Source> sources;
  std::vector<Term> terms;         ///< lexicon terms first, then mined ones
  std::vector<TermIndex> index;    ///< parallel to terms
  Recognizer recognizer;           ///< built from terms
  ContextualReferences contextual; ///< the terms' contextual references
  std::vector<DataError> errors;   ///< everything reported while loading
  /// Of the corpus files: how many were extracted and mined from their bytes, how many were
  /// taken from the on-disk cache (unchanged since a previous run), and how many could not be
  /// read (each reported in `errors` with the reason).
  size_t sourcesExtracted = 0, sourcesFromCache = 0, sourcesSkipped = 0;
  /// The library snapshot this Knowledge was loaded from whole (grammar/library_snapshot.h:
  /// nothing was read, looked up or scanned; its sources count as from the cache); empty when
  /// it was built.
  std::string snapshot;

  /// The term whose short form is `shortForm` (case-sensitive; plural "s" tolerated).
  std::optional<uint32_t> findShort(std::string_view shortForm) const;
  /// The term with an alias written as an acronym that is `shortForm` ("USFJ" of USF-J,
  /// "KORUS FTA" of KORUS): capitals, digits and symbols, no lower-case letter.
  std::optional<uint32_t> findAcronymAlias(std::string_view shortForm) const;
  /// The term with this id.
  std::optional<uint32_t> findId(std::string_view id) const;
  /// Terms whose short form, long form or alias starts with `prefix` (case-insensitive).
  std::vector<uint32_t> complete(std::string_view prefix, size_t limit) const;
  /// The catalog item with this citation key.
  const CslItem* findSource(std::string_view id) const;

  /// Loads, mines and indexes. Errors in data are collected in `errors`, never thrown.
  /// Loaded whole from the library snapshot when it holds this very library; otherwise built
  /// and the snapshot written before returning, or, when `unsaved` is given, handed there
  /// (with the fingerprint taken before the build) for the caller to save once it has used
  /// the Knowledge: the server installs it first (writing 10,000 documents' snapshot takes
  /// tenths of a second).
  static std::shared_ptr<const Knowledge>
  build(const KnowledgeOptions& options, std::unique_ptr<LibrarySnapshot>* unsaved = nullptr);

  /// The bundled corpus and lexicon directories (bundled::directory): an install's
  /// share/accord, the source tree when run from its build tree, else the copy of the
  /// compiled-in files in the user's cache. Empty strings when none can be had.
  static std::string bundledCorpusDir();
  static std::string bundledLexiconDir();

  /// Rebuilds the lookup tables behind findShort and findId. build() calls it; call it after
  /// filling `terms` by hand (tests). Until then the lookups scan the terms.
  void reindex();

  /// Lookup tables (sorted by key), internal to findShort/findId.
  std::vector<std::pair<std::string, uint32_t>> byShort_, byId_, byAcronymAlias_;
  size_t indexedTerms_ = 0; ///< terms.size() when the tables were built
};

} // namespace accord
