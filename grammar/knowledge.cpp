// Knowledge::build: loads the corpus and lexicon, mines definitions, compiles the recogniser,
// indexes mentions.
#include "grammar/knowledge.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "grammar/bundled.h"
#include "grammar/files.h"
#include "grammar/lexicon.h"
#include "grammar/library_snapshot.h"
#include "grammar/markup.h"
#include "grammar/paths.h"
#include "grammar/source_cache.h"
#include "grammar/text.h"

namespace accord {

namespace fs = std::filesystem;

namespace {

/// <dir of the running binary>/../share/accord/<what>, for a relocated install.
/// Runs work(0) … work(n-1) on two threads (claimed in that order) while this thread also
/// calls consume(0) … consume(n-1) in order, each as soon as its work is done; stops early,
/// returning false, when consume returns false. work(i) may touch only what belongs to item i;
/// consume runs on this thread only. The serial steps between parallel ones (parsing the
/// catalog, merging what was mined, appending to the index) left a core idle for a fifth of
/// the time of indexing 10,000 commentaries; done as consume, they overlap the work.
template <class Work, class Consume> bool pipeline(size_t n, Work work, Consume consume) {
  if (n < 2 || std::thread::hardware_concurrency() < 2) {
    for (size_t i = 0; i < n; ++i) {
      work(i);
      if (!consume(i))
        return false;
    }
    return true;
  }
  std::vector<std::atomic<bool>> done(n);
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable finished;
  auto finish = [&](size_t i) {
    done[i].store(true, std::memory_order_release);
    { std::lock_guard<std::mutex> lock(mutex); } // no wake-up lost between test and wait
    finished.notify_one();
  };
  std::thread helper([&] {
    for (size_t i; !stop.load(std::memory_order_relaxed) && (i = next++) < n;) {
      work(i);
      finish(i);
    }
  });
  // Joins the helper however this thread leaves (a consume that throws included).
  struct Join {
    std::atomic<bool>& stop;
    std::thread& helper;
    ~Join() {
      stop = true;
      helper.join();
    }
  } join{stop, helper};
  for (size_t c = 0; c < n;) {
    if (done[c].load(std::memory_order_acquire)) {
      if (!consume(c++))
        return false;
    } else if (size_t i = next++; i < n) {
      work(i);
      done[i].store(true, std::memory_order_release);
    } else {
      std::unique_lock<std::mutex> lock(mutex);
      finished.wait(lock, [&] { return done[c].load(std::memory_order_acquire); });
    }
  }
  return true;
}

} // namespace

std::string defaultCacheDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/')
    return (fs::path(xdg) / "accord").string();
  const char* home = std::getenv("HOME");
  if (home && *home)
    return (fs::path(home) / ".cache" / "accord").string();
  return {};
}

std::string Source::pageLabel(uint32_t offset) const {
  const SourceAnchor* at = nullptr;
  for (const SourceAnchor& a : anchors) {
    if (a.offset > offset)
      break;
    if (a.page)
      at = &a;
  }
  if (!at)
    return {};
  return "p. " + (at->label.empty() ? std::to_string(at->page) : at->label);
}

std::string definitionQuote(const Knowledge& knowledge, const SourceDefinition& d) {
  if (d.source >= knowledge.sources.size())
    return {};
  return quoteText(knowledge.sources[d.source].text, d.definition.sentence, d.definition.forms());
}

Span Source::renderedSpan(Span span) const {
  if (path == original || anchors.empty())
    return span;
  return {renderedOffset(anchors, span.begin), renderedOffset(anchors, span.end)};
}

std::string Knowledge::bundledCorpusDir() {
  return bundled::directory("corpus");
}

std::string Knowledge::bundledLexiconDir() {
  return bundled::directory("lexicon");
}

namespace {
/// An alias written as an acronym: no lower-case letter, two capitals or more, only ASCII.
bool acronymShaped(std::string_view a) {
  int capitals = 0;
  for (char c : a) {
    if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80)
      return false;
    capitals += c >= 'A' && c <= 'Z';
  }
  return capitals >= 2;
}
} // namespace

void Knowledge::reindex() {
  byShort_.clear();
  byId_.clear();
  byAcronymAlias_.clear();
  for (uint32_t t = 0; t < terms.size(); ++t) {
    if (!terms[t].shortForm.empty())
      byShort_.emplace_back(terms[t].shortForm, t);
    byId_.emplace_back(terms[t].id, t);
    for (const std::string& a : terms[t].aliases)
      if (acronymShaped(a))
        byAcronymAlias_.emplace_back(a, t);
  }
  auto byKey = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;
  };
  std::sort(byShort_.begin(), byShort_.end(), byKey);
  std::sort(byId_.begin(), byId_.end(), byKey);
  std::sort(byAcronymAlias_.begin(), byAcronymAlias_.end(), byKey);
  indexedTerms_ = terms.size();
}

namespace {
std::optional<uint32_t> lookup(const std::vector<std::pair<std::string, uint32_t>>& table,
                               std::string_view key) {
  auto it = std::lower_bound(
      table.begin(), table.end(), key,
      [](const std::pair<std::string, uint32_t>& e, std::string_view k) { return e.first < k; });
  if (it != table.end() && it->first == key)
    return it->second;
  return std::nullopt;
}
} // namespace

std::optional<uint32_t> Knowledge::findShort(std::string_view shortForm) const {
  if (shortForm.empty())
    return std::nullopt;
  auto find = [&](std::string_view sf) -> std::optional<uint32_t> {
    if (indexedTerms_ == terms.size())
      return lookup(byShort_, sf);
    for (uint32_t t = 0; t < terms.size(); ++t)
      if (terms[t].shortForm == sf)
        return t;
    return std::nullopt;
  };
  if (auto t = find(shortForm))
    return t;
  std::string singular = singularShortForm(shortForm);
  if (singular != shortForm)
    if (auto t = find(singular))
      return t;
  // "U.S." is US, "U.N." is UN: dotted and undotted forms are one term
  if (std::string undotted = undottedShortForm(singular); undotted != singular)
    return find(undotted);
  return std::nullopt;
}

std::optional<uint32_t> Knowledge::findAcronymAlias(std::string_view shortForm) const {
  if (indexedTerms_ == terms.size())
    return lookup(byAcronymAlias_, shortForm);
  for (uint32_t t = 0; t < terms.size(); ++t)
    for (const std::string& a : terms[t].aliases)
      if (a == shortForm && acronymShaped(a))
        return t;
  return std::nullopt;
}

std::optional<uint32_t> Knowledge::findId(std::string_view id) const {
  if (indexedTerms_ == terms.size())
    return lookup(byId_, id);
  for (uint32_t t = 0; t < terms.size(); ++t)
    if (terms[t].id == id)
      return t;
  return std::nullopt;
}

std::vector<uint32_t> Knowledge::complete(std::string_view prefix, size_t limit) const {
  std::string p = foldCase(prefix);
  // rank: 0 the short form starts with it, 1 the long form, 2 an alias
  std::vector<std::pair<int, uint32_t>> hits;
  for (uint32_t t = 0; t < terms.size(); ++t) {
    const Term& term = terms[t];
    auto starts = [&](const std::string& s) {
      return !s.empty() && foldCase(s).compare(0, p.size(), p) == 0;
    };
    if (starts(term.shortForm))
      hits.emplace_back(0, t);
    else if (starts(term.longForm))
      hits.emplace_back(1, t);
    else if (std::any_of(term.aliases.begin(), term.aliases.end(), starts))
      hits.emplace_back(2, t);
  }
  auto name = [&](uint32_t t) -> const std::string& {
    return terms[t].shortForm.empty() ? terms[t].longForm : terms[t].shortForm;
  };
  std::sort(hits.begin(), hits.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first)
      return a.first < b.first;
    // lexicon terms before mined ones, then alphabetical
    if (terms[a.second].mined != terms[b.second].mined)
      return !terms[a.second].mined;
    return foldCase(name(a.second)) < foldCase(name(b.second));
  });
  std::vector<uint32_t> out;
  for (const auto& h : hits) {
    if (out.size() >= limit)
      break;
    out.push_back(h.second);
  }
  return out;
}

const CslItem* Knowledge::findSource(std::string_view id) const {
  for (const Source& s : sources)
    if (s.meta.id == id)
      return &s.meta;
  return nullptr;
}

std::shared_ptr<const Knowledge> Knowledge::build(const KnowledgeOptions& options,
                                                  std::unique_ptr<LibrarySnapshot>* unsaved) {
  auto k = std::make_shared<Knowledge>();
  auto progress = [&](int percent, const std::string& message) {
    if (options.progress)
      options.progress(percent, message);
  };
  auto cancelled = [&] { return options.cancelled && options.cancelled(); };
  progress(0, "Loading the lexicon");

  // 0. An unchanged library is loaded whole from its snapshot; only the recogniser is built
  // again, from the terms. The fingerprint is taken now, before anything is read, so that a
  // file changed while the build below runs makes the snapshot it writes a miss next time.
  auto snapshot = std::make_unique<LibrarySnapshot>(options);
  auto compile = [&](Knowledge& loaded) { // while the texts are read
    progress(50, "Compiling the recogniser");
    // What building them reports was reported when the snapshot was made: it is in `errors`.
    std::vector<DataError> reported;
    loaded.recognizer = Recognizer::build(loaded.terms, reported);
    loaded.contextual = ContextualReferences::build(loaded.terms, reported);
    loaded.reindex();
  };
  if (auto loaded = snapshot->load(options.cancelled, compile)) {
    if (cancelled())
      return nullptr;
    progress(100, "Ready");
    return loaded;
  }
  progress(10, "Reading the commentaries");

  // 1. The sources (*.txt, *.md, *.html, *.pdf) of each corpus root, listed here in order; the
  // lexicon, the catalogs and the sources are read (and mined) in step 2.
  struct Root {
    std::string dir;
    fs::path path, absolute;             // as given; made absolute
    bool listed = false;                 // a directory, listed (else `errors` says why not)
    std::vector<DataError> errors;       // the catalog's, then the listing's
    fs::path catalogPath;                // catalog.json, named by errors about the corpus
    std::vector<fs::path> catalogPaths;  // catalog.json, then Zotero exports (*.json, *.bib)
    std::vector<CslItem> catalog;        // the items of all of them, the first of an id kept
    std::vector<uint32_t> catalogOrigin; // per item: its index in catalogPaths
    std::unordered_map<std::string, size_t> catalogByFile; // the first item naming a file wins
    // Items that name no file (a CSL-JSON export from Zotero) describe the file whose own
    // title is theirs, or whose name (slugged) is their id.
    std::unordered_map<std::string, size_t> catalogByTitle, catalogById;
    std::vector<char> described; // per catalog item: a commentary took its metadata
  };
  struct File {
    uint32_t root = 0;
    std::string name; // its file name (the path is the root's path / name)
    // filled on the worker threads:
    bool read = false;
    bool cached = false; // taken from the cache, not extracted
    std::string text, absolute, error;
    std::string rendering; // the text written to the cache, for PDFs and web pages
    SourceFormat format = SourceFormat::Text;
    std::vector<SourceAnchor> anchors;
    CslItem meta; // what the file says of itself
    std::vector<MinedDefinition> mined;
  };
  std::vector<Root> roots;
  std::vector<File> files;
  std::unordered_set<std::string> seenPaths; // canonical paths listed: no file read twice
  for (const std::string& dir : options.corpusRoots) {
    std::error_code ec;
    if (dir.empty())
      continue;
    Root& root = roots.emplace_back();
    root.dir = dir;
    if (!fs::is_directory(dir, ec)) {
      root.errors.push_back({dir, 0, "corpus directory not found; skipped"});
      continue;
    }
    root.listed = true;
    root.path = dir;
    root.absolute = fs::absolute(dir, ec);
    root.catalogPath = root.path / "catalog.json";
    std::vector<fs::path> exports;
    // Resolving every path of a 10,000-file corpus cost ~20 system calls a file; a file that
    // is no symbolic link lies in the root itself, so only links are resolved one by one.
    const fs::path rootReal = fs::weakly_canonical(root.absolute, ec);
    // rootReal + "/" + a name is (rootReal / name).string(), without parsing a path per file
    std::string realPrefix = rootReal.string();
    if (!realPrefix.empty() && realPrefix.back() != '/')
      realPrefix += '/';
    std::vector<std::pair<std::string, bool>> listed; // name, a symbolic link
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      if (name.empty() || name[0] == '.')
        continue;
      // path::extension() is ".txt" ("x.txt", not ".txt"), tested on the string
      if (!sourceFormatOf(name)) {
        bool json = name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
        bool bib = name.size() > 4 && name.compare(name.size() - 4, 4, ".bib") == 0;
        if ((json && name != "catalog.json") || bib)
          if (entry.is_regular_file(ec) && insideDirectory(entry.path(), dir))
            exports.push_back(entry.path());
        continue;
      }
      if (!entry.is_regular_file(ec))
        continue;
      bool link = entry.is_symlink(ec) || ec;
      if (link && !insideDirectory(entry.path(), dir)) { // a link out of the corpus root
        root.errors.push_back(
            {entry.path().string(), 0, "links to a file outside " + dir + "; skipped"});
        continue;
      }
      listed.emplace_back(std::move(name), link);
    }
    std::sort(exports.begin(), exports.end());
    root.catalogPaths.push_back(root.catalogPath);
    root.catalogPaths.insert(root.catalogPaths.end(), exports.begin(), exports.end());
    // By name: the paths differ only there, and comparing strings is cheaper than paths.
    std::sort(listed.begin(), listed.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    files.reserve(files.size() + listed.size());
    for (auto& [name, link] : listed) {
      std::string canonical = link || rootReal.empty()
                                  ? fs::weakly_canonical(root.path / name, ec).string()
                                  : realPrefix + name;
      if (canonical.empty())
        canonical = (root.path / name).string();
      if (!seenPaths.insert(std::move(canonical)).second)
        continue; // not same root twice
      File& file = files.emplace_back();
      file.root = static_cast<uint32_t>(roots.size() - 1);
      file.name = std::move(name);
    }
  }

  // 2. One pass on two threads over everything read: the lexicon, each root's catalog and
  // each commentary (read, then mined while it is still in the cache). This thread takes the
  // results in corpus order as they come: sources, their metadata, the terms mined from them.
  progress(25, "Mining definitions");
  enum class Step : uint8_t { Lexicon, Root, File, RootDone };
  struct Item {
    Step step;
    uint32_t index; // into roots or files
  };
  std::vector<Item> items{{Step::Lexicon, 0}};
  for (uint32_t r = 0, f = 0; r < roots.size(); ++r) {
    items.push_back({Step::Root, r});
    for (; f < files.size() && files[f].root == r; ++f)
      items.push_back({Step::File, f});
    items.push_back({Step::RootDone, r});
  }
  std::vector<Term> lexicon;
  std::vector<DataError> lexiconErrors;
  SourceCache cache(options.cacheDir);
  auto work = [&](size_t i) {
    const Item item = items[i];
    if (item.step == Step::Lexicon) {
      // Every directory in order; the first definition of an id wins.
      for (const std::string& dir : options.lexiconDirs) {
        std::error_code ec;
        if (!dir.empty() && fs::exists(dir, ec) && !fs::is_directory(dir, ec))
          lexiconErrors.push_back({dir, 0, "is not a directory; no lexicon read from it"});
        mergeLexicon(lexicon, loadLexiconDir(dir, lexiconErrors), lexiconErrors);
      }
      for (Term& t : lexicon)
        for (const std::string& w : options.wellKnown)
          if (!t.shortForm.empty() && t.shortForm == w)
            t.wellKnown = true;
    } else if (item.step == Step::Root) {
      Root& root = roots[item.index];
      if (!root.listed)
        return;
      std::error_code ec;
      std::vector<DataError> errors;
      std::unordered_set<std::string> ids;
      for (uint32_t c = 0; c < root.catalogPaths.size(); ++c) {
        const fs::path& path = root.catalogPaths[c];
        std::string catalogText;
        if (!fs::exists(path, ec) || !insideDirectory(path, root.dir) ||
            !readFile(path, catalogText))
          continue;
        std::vector<CslItem> items;
        if (path.extension() == ".bib") {
          items = parseBibtex(catalogText, path.string(), errors);
        } else if (c == 0 || catalogText.find_first_not_of(" \t\r\n") == std::string::npos ||
                   catalogText[catalogText.find_first_not_of(" \t\r\n")] == '[') {
          items = parseCatalog(catalogText, path.string(), errors); // CSL-JSON is an array
        }
        for (CslItem& item : items) {
          if (!ids.insert(item.id).second) {
            errors.push_back({path.string(), 0,
                              "item '" + item.id +
                                  "' is described in an earlier catalog too; "
                                  "the first description is used"});
            continue;
          }
          root.catalog.push_back(std::move(item));
          root.catalogOrigin.push_back(c);
        }
      }
      errors.insert(errors.end(), root.errors.begin(), root.errors.end());
      root.errors = std::move(errors);
      for (size_t c = 0; c < root.catalog.size(); ++c) {
        const CslItem& item = root.catalog[c];
        if (!item.file.empty()) {
          root.catalogByFile.emplace(item.file, c);
          continue;
        }
        if (!item.title.empty())
          root.catalogByTitle.emplace(foldCase(item.title), c);
        root.catalogById.emplace(item.id, c);
      }
      root.described.assign(root.catalog.size(), 0);
    } else if (item.step == Step::File) {
      File& file = files[item.index];
      const Root& root = roots[file.root];
      const fs::path path = root.path / file.name;
      std::string bytes;
      if (!readFile(path, bytes, &file.error))
        return;
      std::error_code ec;
      file.absolute = root.absolute.empty() ? fs::absolute(path, ec).string()
                                            : (root.absolute / file.name).string();
      file.format = sourceFormatOf(file.name).value_or(SourceFormat::Text);
      const std::string key = cache.enabled() ? contentKey(bytes, file.format) : std::string();
      SourceCache::Entry entry;
      const bool fresh = key.empty() || !cache.get(key, entry);
      if (fresh) {
        if (!extractSourceText(path, bytes, entry.source, file.error))
          return;
        entry.mined = mineDefinitions(entry.source.text, file.format == SourceFormat::Markdown
                                                             ? Language::Markdown
                                                             : Language::PlainText);
        // A long form across a PDF page break holds its form feed: folded like a line break.
        for (MinedDefinition& d : entry.mined)
          for (size_t f; (f = d.longForm.find('\f')) != std::string::npos;) {
            size_t b = f, e = f + 1;
            while (b > 0 && d.longForm[b - 1] == ' ')
              --b;
            while (e < d.longForm.size() && d.longForm[e] == ' ')
              ++e;
            d.longForm.replace(b, e - b, " ");
          }
        if (!key.empty())
          cache.put(key, entry);
      }
      file.read = true;
      file.cached = !fresh;
      // Plain text and Markdown are their own rendering; the text of a PDF or web page is
      // written out for go to definition to open, a PDF's with a marker line for each page.
      if (file.format == SourceFormat::Pdf || file.format == SourceFormat::Html)
        file.rendering =
            cache.writeRendering(key.empty() ? contentKey(bytes, file.format) : key, file.name,
                                 renderText(entry.source.text, entry.source.anchors), fresh);
      file.text = std::move(entry.source.text);
      file.anchors = std::move(entry.source.anchors);
      file.meta = std::move(entry.source.meta);
      file.mined = std::move(entry.mined);
    }
  };

  std::unordered_map<std::string, uint32_t> byShort;
  std::set<std::string> ids;
  // Citation keys, each numbered by the first source using it: a mined term remembers the
  // keys of the sources defining it by number (a set of strings per term cost more).
  std::unordered_map<std::string, uint32_t> sourceIds;
  std::unordered_set<uint64_t> termSources; // mined term << 32 | citation key number
  std::vector<std::vector<MinedDefinition>> mined;
  std::vector<std::vector<uint32_t>> minedTerm;
  k->sources.reserve(files.size());
  mined.reserve(files.size());
  minedTerm.reserve(files.size());
  size_t filesDone = 0;
  auto consume = [&](size_t i) {
    const Item item = items[i];
    if (item.step == Step::Lexicon) {
      k->errors = std::move(lexiconErrors);
      for (uint32_t t = 0; t < lexicon.size(); ++t) {
        if (!lexicon[t].shortForm.empty())
          byShort.emplace(lexicon[t].shortForm, t);
        ids.insert(lexicon[t].id);
      }
      k->terms = std::move(lexicon);
      return !cancelled();
    }
    if (item.step == Step::Root) {
      Root& root = roots[item.index];
      for (DataError& e : root.errors)
        k->errors.push_back(std::move(e));
      return true;
    }
    if (item.step == Step::RootDone) {
      Root& root = roots[item.index];
      for (size_t c = 0; c < root.catalog.size(); ++c) {
        const CslItem& it = root.catalog[c];
        if (root.described[c] || it.file.empty() || root.described[root.catalogByFile.at(it.file)])
          continue;
        k->errors.push_back({root.catalogPaths[root.catalogOrigin[c]].string(), 0,
                             "item '" + it.id + "' names the file \"" + it.file +
                                 "\", which is not in " + root.dir});
      }
      root.catalog = {};
      return !root.listed || !cancelled();
    }
    // A commentary: what the workers made of it is moved out of its File.
    File& file = files[item.index];
    Root& root = roots[file.root];
    ++filesDone;
    auto next = [&] {
      if (cancelled())
        return false;
      progress(25 + static_cast<int>(25 * filesDone / std::max<size_t>(1, files.size())),
               "Mining definitions");
      return true;
    };
    if (!file.read) {
      ++k->sourcesSkipped;
      k->errors.push_back(
          {(root.path / file.name).string(), 0,
           "cannot be read" + (file.error.empty() ? "" : " (" + file.error + ")") + "; skipped"});
      return next();
    }
    ++(file.cached ? k->sourcesFromCache : k->sourcesExtracted);
    const uint32_t s = static_cast<uint32_t>(k->sources.size());
    Source& src = k->sources.emplace_back();
    src.original = std::move(file.absolute);
    src.path = file.rendering.empty() ? src.original : std::move(file.rendering);
    src.text = std::move(file.text);
    src.format = file.format;
    src.anchors = std::move(file.anchors);
    const std::string stemSlug = slug(fs::path(file.name).stem().string());
    // The item naming the file, else one naming no file whose title is the file's own title,
    // else one whose id is the file's name.
    size_t found = SIZE_MAX;
    auto take = [&](const std::unordered_map<std::string, size_t>& by, const std::string& key) {
      if (found != SIZE_MAX || key.empty())
        return;
      auto at = by.find(key);
      if (at != by.end() && !root.described[at->second])
        found = at->second;
    };
    take(root.catalogByFile, file.name);
    take(root.catalogByTitle, file.meta.title.empty() ? "" : foldCase(file.meta.title));
    take(root.catalogById, stemSlug);
    if (found != SIZE_MAX) {
      // Moved, not copied: each item describes one file, and the check for items naming
      // missing files (RootDone) skips the items taken.
      src.meta = std::move(root.catalog[found]);
      root.described[found] = 1;
      if (src.meta.file.empty())
        src.meta.file = file.name;
    } else {
      // What the file says of itself, else a title line (text), else the file's name.
      src.meta = std::move(file.meta);
      src.meta.id = stemSlug;
      src.meta.type = file.format == SourceFormat::Html ? "webpage" : "article";
      if (src.meta.title.empty())
        src.meta.title = titleFromFileName(file.name);
      src.meta.file = file.name;
    }
    auto [key, fresh] = sourceIds.emplace(src.meta.id, s);
    if (!fresh) {
      k->errors.push_back(
          {root.catalogPath.string(), 0,
           "citation key '" + src.meta.id + "' of " + file.name +
               " is already used by another commentary; citations will name the first"});
    }
    const uint64_t keyNumber = key->second;
    // Definitions mined from the commentary; short forms the lexicon lacks become terms.
    std::vector<uint32_t>& termOf = minedTerm.emplace_back();
    termOf.reserve(file.mined.size());
    for (size_t d = 0; d < file.mined.size(); ++d) {
      const MinedDefinition& def = file.mined[d];
      std::string sf = singularShortForm(def.shortForm);
      auto at = byShort.find(sf);
      if (at == byShort.end())
        if (std::string undotted = undottedShortForm(sf); undotted != sf)
          at = byShort.find(undotted); // "U.S." is US: it joins its undotted term
      if (at == byShort.end()) {
        Term t;
        t.id = slug(sf);
        for (int n = 2; ids.count(t.id); ++n)
          t.id = slug(sf) + "-" + std::to_string(n);
        ids.insert(t.id);
        t.kind = TermKind::Acronym;
        t.shortForm = sf;
        t.longForm = def.longForm;
        // "free trade agreements (FTAs)": the term is singular
        if (sf != def.shortForm && t.longForm.size() > 1 && t.longForm.back() == 's')
          t.longForm.pop_back();
        t.mined = true;
        t.origin = {src.path, lineOfOffset(src.text, def.shortSpan.begin)};
        for (const std::string& w : options.wellKnown)
          if (sf == w)
            t.wellKnown = true;
        at = byShort.emplace(std::move(sf), static_cast<uint32_t>(k->terms.size())).first;
        k->terms.push_back(std::move(t));
      }
      Term& term = k->terms[at->second];
      if (term.mined && termSources.insert(uint64_t{at->second} << 32 | keyNumber).second)
        term.sources.push_back(src.meta.id);
      termOf.push_back(at->second);
    }
    mined.push_back(std::move(file.mined));
    return next();
  };
  if (!pipeline(items.size(), work, consume))
    return nullptr;

  // 3. The recogniser.
  progress(50, "Compiling the recogniser");
  k->recognizer = Recognizer::build(k->terms, k->errors);
  k->contextual = ContextualReferences::build(k->terms, k->errors);
  k->index.resize(k->terms.size());
  k->reindex();
  if (cancelled())
    return nullptr;

  // 4. The index: definitions and every mention in every commentary. Each commentary is
  // scanned and made ready on the worker threads (its mentions grouped by term); this thread
  // appends them to the shared index in corpus order as they
  // come (appending after the scan was a sixth of the time of indexing 10,000 commentaries).
  struct Scanned {
    std::vector<SourceLocation> mentions;             // by term, then in text order
    std::vector<std::pair<uint32_t, uint32_t>> terms; // each term mentioned, its mention count
  };
  std::vector<Scanned> scanned(k->sources.size());
  auto scan = [&](size_t i) {
    const uint32_t s = static_cast<uint32_t>(i);
    const Source& src = k->sources[s];
    Scanned& out = scanned[s];
    std::vector<Mention> mentions = k->recognizer.scan(src.text, Language::PlainText);
    if (!k->contextual.empty())
      k->contextual.apply(src.text, nonProseRanges(src.text, Language::PlainText), mentions);
    // A definition's short form is a mention of its term even where the recogniser reads it
    // otherwise (it always should; this keeps the index consistent with the definitions).
    for (size_t d = 0; d < mined[s].size(); ++d) {
      const MinedDefinition& def = mined[s][d];
      uint32_t term = minedTerm[s][d];
      auto it = std::lower_bound(mentions.begin(), mentions.end(), def.shortSpan.begin,
                                 [](const Mention& m, uint32_t o) { return m.span.end <= o; });
      if (it != mentions.end() && it->span == def.shortSpan && it->term == term)
        continue;
      while (it != mentions.end() && it->span.begin < def.shortSpan.end)
        it = mentions.erase(it);
      mentions.insert(it, Mention{term, def.shortSpan, FormKind::Short});
    }
    // Grouped by term here, so that appending costs one insertion per term and commentary, not
    // one per mention. Mentions do not overlap: by begin is text order.
    std::sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) {
      return a.term != b.term ? a.term < b.term : a.span.begin < b.span.begin;
    });
    out.mentions.reserve(mentions.size());
    for (const Mention& m : mentions) {
      if (out.terms.empty() || out.terms.back().first != m.term)
        out.terms.emplace_back(m.term, 0);
      ++out.terms.back().second;
      out.mentions.push_back({s, m.span});
    }
  };
  // The definitions of each term are known: room for them once, not by doubling.
  {
    std::vector<uint32_t> definitions(k->index.size(), 0);
    for (const std::vector<uint32_t>& terms : minedTerm)
      for (uint32_t t : terms)
        ++definitions[t];
    for (size_t t = 0; t < definitions.size(); ++t)
      k->index[t].definitions.reserve(definitions[t]);
  }
  auto append = [&](size_t i) {
    const uint32_t s = static_cast<uint32_t>(i);
    Scanned& sc = scanned[s];
    auto from = sc.mentions.begin();
    for (const auto& [term, count] : sc.terms) {
      TermIndex& ti = k->index[term];
      ti.mentions.insert(ti.mentions.end(), from, from + count);
      ++ti.sourcesMentioning;
      from += count;
    }
    for (size_t d = 0; d < mined[s].size(); ++d) {
      SourceDefinition& sd = k->index[minedTerm[s][d]].definitions.emplace_back();
      sd.source = s;
      sd.definition = std::move(mined[s][d]);
    }
    sc = Scanned(); // freed now, its memory serves the scans still to come
    if (cancelled())
      return false;
    progress(50 + static_cast<int>(50 * (s + 1) / std::max<size_t>(1, k->sources.size())),
             "Indexing mentions");
    return true;
  };
  if (!pipeline(k->sources.size(), scan, append))
    return nullptr;
  for (TermIndex& ti : k->index) {
    std::unordered_set<std::string_view> longForms;
    uint32_t lastSource = UINT32_MAX;
    for (uint32_t d = 0; d < ti.definitions.size(); ++d) {
      const SourceDefinition& sd = ti.definitions[d];
      if (sd.source != lastSource)
        ++ti.sourcesDefining; // definitions are in corpus order
      lastSource = sd.source;
      if (longForms.insert(sd.definition.longForm).second)
        ti.expansions.push_back(d);
    }
  }
  // Freed only now: freeing thousands of small blocks scattered among the texts just before
  // compiling the recogniser handed those holes to it and to RE2's DFA states, and the scan
  // ran a third slower.
  files = {};
  roots = {};
  if (unsaved)
    *unsaved = std::move(snapshot);
  else
    snapshot->save(*k);
  progress(100, "Ready");
  return k;
}

} // namespace accord
