// Knowledge::build: loads the corpus and lexicon, mines definitions, compiles the recogniser, indexes mentions.
#include "grammar/knowledge.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "grammar/lexicon.h"
#include "grammar/paths.h"
#include "grammar/text.h"

#ifndef ACCORD_SOURCE_DATA_DIR
#define ACCORD_SOURCE_DATA_DIR ""
#endif
#ifndef ACCORD_INSTALL_DATA_DIR
#define ACCORD_INSTALL_DATA_DIR ""
#endif

namespace accord {

namespace fs = std::filesystem;

namespace {

bool readFile(const fs::path& p, std::string& out) {
  // open, fstat, read to the end: an ifstream (its buffer, locale and a separate stat for the
  // size) cost about 50 microseconds a file, half the time of reading a 10,000-file corpus.
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  size_t want = ::fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (off_t{1} << 31) ? static_cast<size_t>(st.st_size) : 0;
  out.resize(want + 1);  // one byte more: reaching the end shows in the same read
  size_t have = 0;
  for (;;) {
    if (have == out.size()) out.resize(out.size() * 2 + 4096);  // the file grew while read
    ssize_t n = ::read(fd, out.data() + have, out.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(have);
  return true;
}

/// The first non-empty line, trimmed: the title of a text the catalog does not describe.
std::string firstLine(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    size_t nl = text.find('\n', i);
    size_t e = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(i, e - i);
    size_t b = line.find_first_not_of(" \t\r\f\v");
    if (b != std::string_view::npos) {
      size_t last = line.find_last_not_of(" \t\r\f\v");
      return std::string(line.substr(b, last - b + 1));
    }
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  return {};
}

/// <dir of the running binary>/../share/accord/<what>, for a relocated install.
std::string besideBinary(const char* what) {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path p = exe.parent_path().parent_path() / "share" / "accord" / what;
  return fs::is_directory(p, ec) ? p.string() : std::string();
}

std::string firstExisting(std::initializer_list<std::string> candidates) {
  std::error_code ec;
  for (const std::string& c : candidates)
    if (!c.empty() && fs::is_directory(c, ec)) return c;
  return {};
}

/// Runs fn(0) … fn(n-1), on two threads when there are two cores and enough work.
template <class Fn>
void parallelFor(size_t n, Fn fn) {
  if (n < 2 || std::thread::hardware_concurrency() < 2) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  std::thread helper(work);
  work();
  helper.join();
}

}  // namespace

std::string Knowledge::bundledCorpusDir() {
  std::string source = std::string(ACCORD_SOURCE_DATA_DIR);
  std::string install = std::string(ACCORD_INSTALL_DATA_DIR);
  return firstExisting({besideBinary("corpus"), source.empty() ? "" : source + "/corpus",
                        install.empty() ? "" : install + "/corpus"});
}

std::string Knowledge::bundledLexiconDir() {
  std::string source = std::string(ACCORD_SOURCE_DATA_DIR);
  std::string install = std::string(ACCORD_INSTALL_DATA_DIR);
  return firstExisting({besideBinary("lexicon"), source.empty() ? "" : source + "/grammar/lexicon",
                        install.empty() ? "" : install + "/lexicon"});
}

void Knowledge::reindex() {
  byShort_.clear();
  byId_.clear();
  for (uint32_t t = 0; t < terms.size(); ++t) {
    if (!terms[t].shortForm.empty()) byShort_.emplace_back(terms[t].shortForm, t);
    byId_.emplace_back(terms[t].id, t);
  }
  auto byKey = [](const auto& a, const auto& b) { return a.first != b.first ? a.first < b.first : a.second < b.second; };
  std::sort(byShort_.begin(), byShort_.end(), byKey);
  std::sort(byId_.begin(), byId_.end(), byKey);
  indexedTerms_ = terms.size();
}

namespace {
std::optional<uint32_t> lookup(const std::vector<std::pair<std::string, uint32_t>>& table, std::string_view key) {
  auto it = std::lower_bound(table.begin(), table.end(), key,
                             [](const std::pair<std::string, uint32_t>& e, std::string_view k) { return e.first < k; });
  if (it != table.end() && it->first == key) return it->second;
  return std::nullopt;
}
}  // namespace

std::optional<uint32_t> Knowledge::findShort(std::string_view shortForm) const {
  if (shortForm.empty()) return std::nullopt;
  auto find = [&](std::string_view sf) -> std::optional<uint32_t> {
    if (indexedTerms_ == terms.size()) return lookup(byShort_, sf);
    for (uint32_t t = 0; t < terms.size(); ++t)
      if (terms[t].shortForm == sf) return t;
    return std::nullopt;
  };
  if (auto t = find(shortForm)) return t;
  std::string singular = singularShortForm(shortForm);
  if (singular != shortForm) return find(singular);
  return std::nullopt;
}

std::optional<uint32_t> Knowledge::findId(std::string_view id) const {
  if (indexedTerms_ == terms.size()) return lookup(byId_, id);
  for (uint32_t t = 0; t < terms.size(); ++t)
    if (terms[t].id == id) return t;
  return std::nullopt;
}

std::vector<uint32_t> Knowledge::complete(std::string_view prefix, size_t limit) const {
  std::string p = foldCase(prefix);
  // rank: 0 the short form starts with it, 1 the long form, 2 an alias
  std::vector<std::pair<int, uint32_t>> hits;
  for (uint32_t t = 0; t < terms.size(); ++t) {
    const Term& term = terms[t];
    auto starts = [&](const std::string& s) { return !s.empty() && foldCase(s).compare(0, p.size(), p) == 0; };
    if (starts(term.shortForm)) hits.emplace_back(0, t);
    else if (starts(term.longForm)) hits.emplace_back(1, t);
    else if (std::any_of(term.aliases.begin(), term.aliases.end(), starts)) hits.emplace_back(2, t);
  }
  auto name = [&](uint32_t t) -> const std::string& {
    return terms[t].shortForm.empty() ? terms[t].longForm : terms[t].shortForm;
  };
  std::sort(hits.begin(), hits.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    // lexicon terms before mined ones, then alphabetical
    if (terms[a.second].mined != terms[b.second].mined) return !terms[a.second].mined;
    return foldCase(name(a.second)) < foldCase(name(b.second));
  });
  std::vector<uint32_t> out;
  for (const auto& h : hits) {
    if (out.size() >= limit) break;
    out.push_back(h.second);
  }
  return out;
}

const CslItem* Knowledge::findSource(std::string_view id) const {
  for (const Source& s : sources)
    if (s.meta.id == id) return &s.meta;
  return nullptr;
}

std::shared_ptr<const Knowledge> Knowledge::build(const KnowledgeOptions& options) {
  auto k = std::make_shared<Knowledge>();
  auto progress = [&](int percent, const std::string& message) {
    if (options.progress) options.progress(percent, message);
  };
  auto cancelled = [&] { return options.cancelled && options.cancelled(); };
  progress(0, "Loading the lexicon");

  // 1. The lexicon: every directory in order; the first definition of an id wins.
  std::vector<Term> lexicon;
  for (const std::string& dir : options.lexiconDirs) {
    std::error_code ec;
    if (!dir.empty() && fs::exists(dir, ec) && !fs::is_directory(dir, ec))
      k->errors.push_back({dir, 0, "is not a directory; no lexicon read from it"});
    mergeLexicon(lexicon, loadLexiconDir(dir, k->errors), k->errors);
  }
  for (Term& t : lexicon)
    for (const std::string& w : options.wellKnown)
      if (!t.shortForm.empty() && t.shortForm == w) t.wellKnown = true;
  if (cancelled()) return nullptr;

  // 2. The corpus: catalog.json and *.txt of each root.
  progress(10, "Reading the commentaries");
  std::set<std::string> seenPaths;
  // Lookups by hash: a linear search per commentary was quadratic in the corpus size.
  std::unordered_set<std::string> sourceIds;
  for (const std::string& root : options.corpusRoots) {
    std::error_code ec;
    if (root.empty()) continue;
    if (!fs::is_directory(root, ec)) {
      k->errors.push_back({root, 0, "corpus directory not found; skipped"});
      continue;
    }
    std::vector<CslItem> catalog;
    fs::path catalogPath = fs::path(root) / "catalog.json";
    std::string catalogText;
    if (fs::exists(catalogPath, ec) && insideDirectory(catalogPath, root) && readFile(catalogPath, catalogText))
      catalog = parseCatalog(catalogText, catalogPath.string(), k->errors);
    // Resolving every path of a 10,000-file corpus cost ~20 system calls a file; a file that
    // is no symbolic link lies in the root itself, so only links are resolved one by one.
    const fs::path rootAbsolute = fs::absolute(root, ec);
    const fs::path rootReal = fs::weakly_canonical(rootAbsolute, ec);
    std::vector<std::pair<fs::path, bool>> files;  // path, is a symbolic link
    for (const auto& entry : fs::directory_iterator(root, ec)) {
      if (entry.path().extension() != ".txt" || !entry.is_regular_file(ec)) continue;
      bool link = entry.is_symlink(ec) || ec;
      if (link && !insideDirectory(entry.path(), root)) {  // a link out of the corpus root
        k->errors.push_back({entry.path().string(), 0, "links to a file outside " + root + "; skipped"});
        continue;
      }
      files.emplace_back(entry.path(), link);
    }
    std::sort(files.begin(), files.end());
    std::unordered_map<std::string, size_t> catalogByFile;  // the first item naming a file wins
    for (size_t c = 0; c < catalog.size(); ++c) catalogByFile.emplace(catalog[c].file, c);
    std::set<std::string> described;
    std::vector<fs::path> toRead;
    for (const auto& [f, link] : files) {
      std::string canonical =
          link || rootReal.empty() ? fs::weakly_canonical(f, ec).string() : (rootReal / f.filename()).string();
      if (seenPaths.insert(canonical.empty() ? f.string() : canonical).second) toRead.push_back(f);  // not same root twice
    }
    // Read on two threads (the reads cost as much as the mining); the rest stays in file order.
    std::vector<std::string> texts(toRead.size());
    std::vector<char> read(toRead.size(), 0);
    parallelFor(toRead.size(), [&](size_t i) { read[i] = readFile(toRead[i], texts[i]) ? 1 : 0; });
    for (size_t i = 0; i < toRead.size(); ++i) {
      const fs::path& f = toRead[i];
      if (!read[i]) {
        k->errors.push_back({f.string(), 0, "cannot be read; skipped"});
        continue;
      }
      Source s;
      std::error_code pathError;
      s.path = rootAbsolute.empty() ? fs::absolute(f, pathError).string() : (rootAbsolute / f.filename()).string();
      s.text = std::move(texts[i]);
      std::string name = f.filename().string();
      auto it = catalogByFile.find(name);
      if (it != catalogByFile.end()) {
        s.meta = catalog[it->second];
        described.insert(name);
      } else {
        s.meta.id = slug(f.stem().string());
        s.meta.type = "article";
        s.meta.title = firstLine(s.text);
        s.meta.file = name;
      }
      if (!sourceIds.insert(s.meta.id).second) {
        k->errors.push_back({catalogPath.string(), 0,
                             "citation key '" + s.meta.id + "' of " + name +
                                 " is already used by another commentary; citations will name the first"});
      }
      k->sources.push_back(std::move(s));
    }
    for (const CslItem& c : catalog)
      if (!c.file.empty() && !described.count(c.file))
        k->errors.push_back({catalogPath.string(), 0,
                             "item '" + c.id + "' names \"accord-file\": \"" + c.file + "\", which is not in " + root});
    if (cancelled()) return nullptr;
  }

  // 3. Definitions mined from the corpus; short forms the lexicon lacks become terms.
  progress(25, "Mining definitions");
  std::unordered_map<std::string, uint32_t> byShort;
  std::set<std::string> ids;
  for (uint32_t t = 0; t < lexicon.size(); ++t) {
    if (!lexicon[t].shortForm.empty()) byShort.emplace(lexicon[t].shortForm, t);
    ids.insert(lexicon[t].id);
  }
  k->terms = std::move(lexicon);
  std::unordered_map<uint32_t, std::unordered_set<std::string>> termSources;  // mined term -> its sources
  std::vector<std::vector<MinedDefinition>> mined(k->sources.size());
  std::vector<std::vector<uint32_t>> minedTerm(k->sources.size());
  parallelFor(k->sources.size(), [&](size_t s) { mined[s] = mineDefinitions(k->sources[s].text, Language::PlainText); });
  for (uint32_t s = 0; s < k->sources.size(); ++s) {
    const Source& src = k->sources[s];
    for (const MinedDefinition& d : mined[s]) {
      std::string sf = singularShortForm(d.shortForm);
      auto it = byShort.find(sf);
      if (it == byShort.end()) {
        Term t;
        t.id = slug(sf);
        for (int n = 2; ids.count(t.id); ++n) t.id = slug(sf) + "-" + std::to_string(n);
        ids.insert(t.id);
        t.kind = TermKind::Acronym;
        t.shortForm = sf;
        t.longForm = d.longForm;
        // "free trade agreements (FTAs)": the term is singular
        if (sf != d.shortForm && t.longForm.size() > 1 && t.longForm.back() == 's') t.longForm.pop_back();
        t.mined = true;
        t.origin = {src.path, lineOfOffset(src.text, d.shortSpan.begin)};
        for (const std::string& w : options.wellKnown)
          if (sf == w) t.wellKnown = true;
        it = byShort.emplace(sf, static_cast<uint32_t>(k->terms.size())).first;
        k->terms.push_back(std::move(t));
      }
      Term& term = k->terms[it->second];
      if (term.mined && termSources[it->second].insert(src.meta.id).second) term.sources.push_back(src.meta.id);
      minedTerm[s].push_back(it->second);
    }
    if (cancelled()) return nullptr;
    progress(25 + static_cast<int>(25 * (s + 1) / std::max<size_t>(1, k->sources.size())), "Mining definitions");
  }

  // 4. The recogniser.
  progress(50, "Compiling the recogniser");
  k->recognizer = Recognizer::build(k->terms, k->errors);
  k->index.resize(k->terms.size());
  k->reindex();
  if (cancelled()) return nullptr;

  // 5. The index: definitions and every mention in every commentary. Each commentary is
  // scanned and made ready on the worker threads (mentions, the terms it mentions, the
  // quotes of its definitions); only appending to the shared index is left to this one (it
  // was a sixth of the time of indexing 10,000 commentaries).
  struct Scanned {
    std::vector<Mention> mentions;
    std::vector<uint32_t> mentioned;  // distinct terms, ascending
    std::vector<std::string> quotes;  // per definition
  };
  std::vector<Scanned> scanned(k->sources.size());
  parallelFor(k->sources.size(), [&](size_t s) {
    const Source& src = k->sources[s];
    Scanned& out = scanned[s];
    std::vector<Mention> mentions = k->recognizer.scan(src.text, Language::PlainText);
    // A definition's short form is a mention of its term even where the recogniser reads it
    // otherwise (it always should; this keeps the index consistent with the definitions).
    for (size_t d = 0; d < mined[s].size(); ++d) {
      const MinedDefinition& def = mined[s][d];
      uint32_t term = minedTerm[s][d];
      auto it = std::lower_bound(mentions.begin(), mentions.end(), def.shortSpan.begin,
                                 [](const Mention& m, uint32_t o) { return m.span.end <= o; });
      if (it != mentions.end() && it->span == def.shortSpan && it->term == term) continue;
      while (it != mentions.end() && it->span.begin < def.shortSpan.end) it = mentions.erase(it);
      mentions.insert(it, Mention{term, def.shortSpan, FormKind::Short});
    }
    out.mentioned.reserve(mentions.size());
    for (const Mention& m : mentions) out.mentioned.push_back(m.term);
    std::sort(out.mentioned.begin(), out.mentioned.end());
    out.mentioned.erase(std::unique(out.mentioned.begin(), out.mentioned.end()), out.mentioned.end());
    for (const MinedDefinition& def : mined[s]) out.quotes.push_back(sentenceText(src.text, def.sentence));
    out.mentions = std::move(mentions);
  });
  for (uint32_t s = 0; s < k->sources.size(); ++s) {
    Scanned& sc = scanned[s];
    for (const Mention& m : sc.mentions) k->index[m.term].mentions.push_back({s, m.span});
    for (uint32_t t : sc.mentioned) ++k->index[t].sourcesMentioning;
    for (size_t d = 0; d < mined[s].size(); ++d) {
      SourceDefinition sd;
      sd.source = s;
      sd.definition = std::move(mined[s][d]);
      sd.quote = std::move(sc.quotes[d]);
      k->index[minedTerm[s][d]].definitions.push_back(std::move(sd));
    }
    sc = Scanned();
    if (cancelled()) return nullptr;
    progress(50 + static_cast<int>(50 * (s + 1) / std::max<size_t>(1, k->sources.size())), "Indexing mentions");
  }
  for (TermIndex& ti : k->index) {
    std::unordered_set<std::string_view> longForms;
    uint32_t lastSource = UINT32_MAX;
    for (uint32_t d = 0; d < ti.definitions.size(); ++d) {
      const SourceDefinition& sd = ti.definitions[d];
      if (sd.source != lastSource) ++ti.sourcesDefining;  // definitions are in corpus order
      lastSource = sd.source;
      if (longForms.insert(sd.definition.longForm).second) ti.expansions.push_back(d);
    }
  }
  progress(100, "Ready");
  return k;
}

}  // namespace accord
