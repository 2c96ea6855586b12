// The library snapshot (grammar/library_snapshot.*): a warm start loads the finished Knowledge
// from one file, equal field by field to the one built normally; any change to what the build
// reads, or any damage to the file, is a miss and the library is built again.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "feature_fixture.h"
#include "grammar/analysis.h"
#include "grammar/knowledge.h"
#include "grammar/library_snapshot.h"
#include "server/knowledge_host.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;
namespace fs = std::filesystem;

namespace {

std::string libraryData(const std::string& name) {
  return std::string(ACCORD_TEST_DATA_DIR) + "/unit/data/library/" + name;
}

/// Files written by a test are seconds old at most: without this every snapshot would be
/// withheld as racy (LibrarySnapshot::racyWindowMs).
struct NoRacyWindow {
  NoRacyWindow() { LibrarySnapshot::racyWindowMs = 0; }
  ~NoRacyWindow() { LibrarySnapshot::racyWindowMs = 2000; }
};

const char* kLexicon = R"({"terms": [
  {"id": "zqx", "kind": "forum", "short": "ZQX", "long": "Zonal Quiet Exchange",
   "aliases": ["the quiet group"], "gloss": "Our own words.",
   "names": [{"text": "한미일 대북정책조정감독그룹", "lang": "ko", "form": "official"}],
   "dates": [{"event": "founded", "date": "1999-04"}], "parties": ["ROK", "US", "Japan"]}
]})";

/// A library of every kind of file: a PDF, a saved web page, Markdown, text, a Better BibTeX
/// export naming the PDF, and a PDF that cannot be read.
struct Library {
  TempDir corpus, lexicon, cache;
  Library() {
    fs::copy_file(libraryData("report.pdf"), corpus.path / "roe-2019-alliances.pdf");
    fs::copy_file(libraryData("titled.pdf"), corpus.path / "cooperation-ahead.pdf");
    fs::copy_file(libraryData("saved-page.html"), corpus.path / "allies-at-odds.html");
    corpus.write("notes.md", "# Notes on PSI\n\nThe Proliferation Security Initiative (PSI) "
                             "began in 2003. The ZQX met; the quiet group met again.\n");
    corpus.write("talks.txt", "Talks\n\nThe Six-Party Talks (SPT) met. The SPT failed; the "
                              "ROK and the DPRK left. The NEACD (Northeast Asia Cooperation "
                              "Dialogue) went on.\n");
    corpus.write("My Library.bib", "@techreport{roeAlliances2019,\n  title = {Alliances under "
                                   "{Strain}},\n  author = {Roe, Jane},\n  date = {2019-03-14},\n"
                                   "  file = {PDF:files/7/roe-2019-alliances.pdf:application/pdf}"
                                   "\n}\n");
    corpus.write("broken.pdf", "%PDF-1.4 truncated");
    lexicon.write("forums.json", kLexicon);
  }
  KnowledgeOptions options() const {
    KnowledgeOptions o;
    o.corpusRoots = {corpus.path.string()};
    o.lexiconDirs = {Knowledge::bundledLexiconDir(), lexicon.path.string()};
    o.wellKnown = {"UN", "SPT"};
    o.cacheDir = cache.path.string();
    return o;
  }
  /// Builds with the per-file cache removed first: a build that reads nothing
  /// (sourcesExtracted 0) was loaded from the snapshot.
  std::shared_ptr<const Knowledge> build(const KnowledgeOptions& o) const {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(cache.path, ec))
      if (e.path().extension() == ".sqlite")
        fs::remove(e.path(), ec);
    auto k = Knowledge::build(o);
    REQUIRE(k);
    return k;
  }
  std::shared_ptr<const Knowledge> build() const { return build(options()); }
  std::vector<fs::path> snapshots() const {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(cache.path))
      if (e.path().extension() == ".snapshot")
        out.push_back(e.path());
    return out;
  }
};

bool fromSnapshot(const Knowledge& k) {
  // The per-file cache is removed before each build (Library::build): nothing read is the
  // snapshot, whatever it says of itself.
  bool nothingRead = k.sourcesExtracted == 0 && k.sourcesFromCache == k.sources.size();
  CHECK(nothingRead == !k.snapshot.empty());
  return nothingRead;
}

void sameCsl(const CslItem& a, const CslItem& b) {
  CHECK(a.id == b.id);
  CHECK(a.type == b.type);
  CHECK(a.title == b.title);
  REQUIRE(a.author.size() == b.author.size());
  for (size_t i = 0; i < a.author.size(); ++i) {
    CHECK(a.author[i].family == b.author[i].family);
    CHECK(a.author[i].given == b.author[i].given);
  }
  CHECK(a.year == b.year);
  CHECK(a.month == b.month);
  CHECK(a.day == b.day);
  CHECK(a.circa == b.circa);
  CHECK(a.publisher == b.publisher);
  CHECK(a.collectionTitle == b.collectionTitle);
  CHECK(a.number == b.number);
  CHECK(a.note == b.note);
  CHECK(a.containerTitle == b.containerTitle);
  CHECK(a.url == b.url);
  CHECK(a.file == b.file);
}

void sameDefinition(const MinedDefinition& a, const MinedDefinition& b) {
  CHECK(a.shortForm == b.shortForm);
  CHECK(a.longForm == b.longForm);
  CHECK(a.shortSpan == b.shortSpan);
  CHECK(a.longSpan == b.longSpan);
  CHECK(a.sentence == b.sentence);
  CHECK(a.shortFirst == b.shortFirst);
  CHECK(a.extent == b.extent);
  CHECK(a.clause == b.clause);
}

/// Every field of `a` and `b` but how the sources were had (read or from a cache), and what
/// their recognisers find in every source text and in a draft.
void sameKnowledge(const Knowledge& a, const Knowledge& b) {
  CHECK(a.sources.size() + a.sourcesSkipped == b.sources.size() + b.sourcesSkipped);
  CHECK(a.sourcesSkipped == b.sourcesSkipped);
  REQUIRE(a.errors.size() == b.errors.size());
  for (size_t i = 0; i < a.errors.size(); ++i) {
    CHECK(a.errors[i].file == b.errors[i].file);
    CHECK(a.errors[i].line == b.errors[i].line);
    CHECK(a.errors[i].message == b.errors[i].message);
  }
  REQUIRE(a.sources.size() == b.sources.size());
  for (size_t s = 0; s < a.sources.size(); ++s) {
    const Source &x = a.sources[s], &y = b.sources[s];
    sameCsl(x.meta, y.meta);
    CHECK(x.path == y.path);
    CHECK(x.text == y.text);
    CHECK(x.format == y.format);
    CHECK(x.original == y.original);
    REQUIRE(x.anchors.size() == y.anchors.size());
    for (size_t i = 0; i < x.anchors.size(); ++i) {
      CHECK(x.anchors[i].offset == y.anchors[i].offset);
      CHECK(x.anchors[i].page == y.anchors[i].page);
      CHECK(x.anchors[i].id == y.anchors[i].id);
      CHECK(x.anchors[i].label == y.anchors[i].label);
    }
  }
  REQUIRE(a.terms.size() == b.terms.size());
  for (size_t t = 0; t < a.terms.size(); ++t) {
    const Term &x = a.terms[t], &y = b.terms[t];
    CHECK(x.id == y.id);
    CHECK(x.kind == y.kind);
    CHECK(x.shortForm == y.shortForm);
    CHECK(x.longForm == y.longForm);
    CHECK(x.aliases == y.aliases);
    CHECK(x.patterns == y.patterns);
    CHECK(x.contextPatterns == y.contextPatterns);
    CHECK(x.contextTerms == y.contextTerms);
    CHECK(x.gloss == y.gloss);
    REQUIRE(x.dates.size() == y.dates.size());
    for (size_t i = 0; i < x.dates.size(); ++i) {
      CHECK(x.dates[i].event == y.dates[i].event);
      CHECK(x.dates[i].date == y.dates[i].date);
    }
    CHECK(x.parties == y.parties);
    CHECK(x.wellKnown == y.wellKnown);
    CHECK(x.mined == y.mined);
    CHECK(x.origin.file == y.origin.file);
    CHECK(x.origin.line == y.origin.line);
    CHECK(x.sources == y.sources);
    CHECK(x.names == y.names);
  }
  REQUIRE(a.index.size() == b.index.size());
  for (size_t t = 0; t < a.index.size(); ++t) {
    const TermIndex &x = a.index[t], &y = b.index[t];
    REQUIRE(x.definitions.size() == y.definitions.size());
    for (size_t d = 0; d < x.definitions.size(); ++d) {
      CHECK(x.definitions[d].source == y.definitions[d].source);
      sameDefinition(x.definitions[d].definition, y.definitions[d].definition);
    }
    REQUIRE(x.mentions.size() == y.mentions.size());
    for (size_t m = 0; m < x.mentions.size(); ++m) {
      CHECK(x.mentions[m].source == y.mentions[m].source);
      CHECK(x.mentions[m].span == y.mentions[m].span);
    }
    CHECK(x.sourcesMentioning == y.sourcesMentioning);
    CHECK(x.sourcesDefining == y.sourcesDefining);
    CHECK(x.expansions == y.expansions);
  }
  CHECK(a.byShort_ == b.byShort_);
  CHECK(a.byId_ == b.byId_);
  CHECK(a.byAcronymAlias_ == b.byAcronymAlias_);
  // The recognisers (rebuilt from the terms) and the contextual references find the same.
  auto scan = [](const Knowledge& k, const std::string& text) {
    std::vector<Mention> m = k.recognizer.scan(text, Language::PlainText);
    k.contextual.apply(text, {}, m);
    std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> out;
    for (const Mention& x : m)
      out.emplace_back(x.term, x.span.begin, x.span.end);
    return out;
  };
  CHECK(a.contextual.empty() == b.contextual.empty());
  std::string draft = "The ZQX, the quiet group and the SPT met; the PSI and GSOMIA too. "
                      "The comfort women agreement of 2015; the 2015 agreement.";
  CHECK(scan(a, draft) == scan(b, draft));
  for (const Source& s : a.sources)
    CHECK(scan(a, s.text) == scan(b, s.text));
}

} // namespace

TEST_CASE("snapshot: a warm start loads the snapshot, equal to the normal build") {
  NoRacyWindow guard;
  Library lib;
  auto built = lib.build();
  CHECK_FALSE(fromSnapshot(*built));
  CHECK(built->sourcesExtracted == built->sources.size());
  REQUIRE(lib.snapshots().size() == 1);
  auto loaded = lib.build();
  CHECK(fromSnapshot(*loaded));
  sameKnowledge(*built, *loaded);
  CHECK(loaded->sources.size() == 5);
  CHECK(loaded->findShort("ZQX"));
  CHECK(loaded->findShort("NEACD"));
  // the unreadable file is still reported, with its reason, and counted
  CHECK(loaded->sourcesSkipped == 1);
  bool reported = false;
  for (const DataError& e : loaded->errors)
    reported = reported || (e.file.find("broken.pdf") != std::string::npos &&
                            e.message.find("cannot be read (") != std::string::npos);
  CHECK(reported);
  // and a third start is the same again
  auto third = lib.build();
  CHECK(fromSnapshot(*third));
  sameKnowledge(*built, *third);
  // the normal build without any cache agrees (but for where renderings are)
  KnowledgeOptions none = lib.options();
  none.cacheDir.clear();
  auto plain = Knowledge::build(none);
  REQUIRE(plain);
  CHECK(plain->sources.size() == loaded->sources.size());
  CHECK(plain->terms.size() == loaded->terms.size());
  CHECK(plain->errors.size() == loaded->errors.size());
}

TEST_CASE("snapshot: a file touched, changed, added or removed is a miss") {
  NoRacyWindow guard;
  Library lib;
  lib.build();
  REQUIRE(fromSnapshot(*lib.build()));
  // each change: a miss that reads every file again, equal to a build without any cache,
  // and then a hit again
  auto check = [&](const char* what) {
    INFO(what);
    auto after = lib.build();
    CHECK_FALSE(fromSnapshot(*after));
    CHECK(after->sourcesExtracted == after->sources.size());
    auto again = lib.build();
    CHECK(fromSnapshot(*again));
    sameKnowledge(*after, *again);
    return after;
  };
  const fs::path notes = lib.corpus.path / "notes.md";
  SECTION("touched") {
    fs::last_write_time(notes, fs::last_write_time(notes) - std::chrono::hours(1));
    check("touched");
  }
  SECTION("changed, same size") {
    std::string text = readFile(notes.string());
    text.replace(text.find("2003"), 4, "2004");
    auto mtime = fs::last_write_time(notes);
    std::ofstream(notes, std::ios::binary | std::ios::trunc) << text;
    fs::last_write_time(notes, mtime); // even with its old modification time
    auto k = check("changed");
    bool changed = false;
    for (const Source& src : k->sources)
      changed = changed || src.text.find("began in 2004") != std::string::npos;
    CHECK(changed);
  }
  SECTION("added") {
    lib.corpus.write("more.txt", "More\n\nThe Asia Foundation Forum (AFF) met.\n");
    auto k = check("added");
    CHECK(k->sources.size() == 6);
    CHECK(k->findShort("AFF"));
  }
  SECTION("removed") {
    fs::remove(lib.corpus.path / "talks.txt");
    auto k = check("removed");
    CHECK(k->sources.size() == 4);
    CHECK_FALSE(k->findShort("NEACD"));
  }
  SECTION("an export changed") {
    std::ofstream(lib.corpus.path / "My Library.bib", std::ios::app) << "\n";
    check("export");
  }
  SECTION("the unreadable file made readable") {
    fs::remove(lib.corpus.path / "broken.pdf");
    lib.corpus.write("broken.pdf.txt", "Fixed\n\nThe Korea Energy Development Org (KEDO).\n");
    auto k = check("fixed");
    CHECK(k->sourcesSkipped == 0);
  }
  SECTION("a lexicon file changed") {
    std::string lexicon = kLexicon;
    lexicon.replace(lexicon.find("Our own words."), 14, "Other words.");
    lib.lexicon.write("forums.json", lexicon);
    auto k = check("lexicon");
    CHECK(k->terms[*k->findShort("ZQX")].gloss == "Other words.");
  }
  SECTION("a lexicon file added") {
    lib.lexicon.write("more.json", R"({"terms": [{"id": "kedo", "kind": "institution",
      "short": "KEDO", "long": "Korean Peninsula Energy Development Organization"}]})");
    auto k = check("lexicon added");
    CHECK(k->findShort("KEDO"));
  }
}

TEST_CASE("snapshot: other options are another snapshot") {
  NoRacyWindow guard;
  Library lib;
  auto first = lib.build();
  REQUIRE(fromSnapshot(*lib.build()));
  KnowledgeOptions other = lib.options();
  other.wellKnown = {"UN"};
  auto k = lib.build(other);
  CHECK_FALSE(fromSnapshot(*k));
  CHECK_FALSE(k->terms[*k->findShort("SPT")].wellKnown);
  CHECK(first->terms[*first->findShort("SPT")].wellKnown);
  CHECK(lib.snapshots().size() == 2);
  // each configuration keeps its own
  CHECK(fromSnapshot(*lib.build(other)));
  auto back = lib.build();
  CHECK(fromSnapshot(*back));
  sameKnowledge(*first, *back);
}

TEST_CASE("snapshot: a damaged, truncated or foreign snapshot is never trusted") {
  NoRacyWindow guard;
  Library lib;
  auto built = lib.build();
  REQUIRE(lib.snapshots().size() == 1);
  const fs::path snap = lib.snapshots()[0];
  const std::string good = readFile(snap.string());
  REQUIRE(good.size() > 1000);
  auto rebuilt = [&](const char* what) {
    INFO(what);
    auto k = lib.build();
    CHECK_FALSE(fromSnapshot(*k));
    sameKnowledge(*built, *k);
    // and a good snapshot was written in its place
    CHECK(fromSnapshot(*lib.build()));
  };
  auto put = [&](const std::string& bytes) {
    std::ofstream(snap, std::ios::binary | std::ios::trunc) << bytes;
  };
  SECTION("a byte of a text changed") {
    std::string bad = good;
    bad[bad.size() - 2] ^= 0x20;
    put(bad);
    rebuilt("text");
  }
  SECTION("a byte of the index changed") {
    // every byte after the fingerprint, one at a time, would be slow: a spread of them
    for (size_t at : {good.size() / 2, good.size() / 3, good.size() / 5, size_t{200}}) {
      std::string bad = good;
      bad[at] ^= 0x01;
      put(bad);
      rebuilt("index");
    }
  }
  SECTION("truncated") {
    put(good.substr(0, good.size() - 1));
    rebuilt("truncated");
    put(good.substr(0, 16));
    rebuilt("header only");
    put("");
    rebuilt("empty");
  }
  SECTION("garbage") {
    put(std::string(good.size(), 'x'));
    rebuilt("garbage");
  }
  SECTION("one byte more") {
    put(good + "x");
    rebuilt("longer");
  }
  SECTION("the snapshot of another library under this one's name") {
    Library other;
    other.corpus.write("extra.txt", "Extra\n\nThe Extra Thing (EXT).\n");
    KnowledgeOptions o = other.options();
    o.cacheDir = lib.cache.path.string();
    o.corpusRoots = {other.corpus.path.string()};
    REQUIRE(Knowledge::build(o));
    std::vector<fs::path> all = lib.snapshots();
    REQUIRE(all.size() == 2);
    const fs::path foreign = all[0] == snap ? all[1] : all[0];
    fs::copy_file(foreign, snap, fs::copy_options::overwrite_existing);
    rebuilt("foreign");
  }
  SECTION("a text rendering deleted from the cache") {
    const Source* pdf = nullptr;
    for (const Source& s : built->sources)
      if (s.format == SourceFormat::Pdf)
        pdf = &s;
    REQUIRE(pdf);
    REQUIRE(pdf->path != pdf->original);
    fs::remove(pdf->path);
    rebuilt("rendering");
    CHECK(fs::exists(pdf->path));
  }
}

TEST_CASE("snapshot: files modified just now keep it from being written") {
  Library lib; // written just now, and the racy window left at its default
  auto k = lib.build();
  CHECK(lib.snapshots().empty());
  CHECK_FALSE(fromSnapshot(*lib.build()));
}

TEST_CASE("snapshot: builds at once in two threads") {
  NoRacyWindow guard;
  Library lib;
  std::shared_ptr<const Knowledge> a, b;
  std::thread other([&] { a = Knowledge::build(lib.options()); });
  b = Knowledge::build(lib.options());
  other.join();
  REQUIRE(a);
  REQUIRE(b);
  sameKnowledge(*a, *b);
  auto loaded = lib.build();
  CHECK(fromSnapshot(*loaded));
  sameKnowledge(*a, *loaded);
  for (const auto& e : fs::directory_iterator(lib.cache.path))
    CHECK(e.path().string().find(".tmp") == std::string::npos); // no temporary file left
}

TEST_CASE("snapshot: no cache folder, no snapshot") {
  NoRacyWindow guard;
  Library lib;
  KnowledgeOptions o = lib.options();
  o.cacheDir.clear();
  LibrarySnapshot none(o);
  CHECK_FALSE(none.enabled());
  CHECK_FALSE(none.load({}));
  auto k = Knowledge::build(o);
  REQUIRE(k);
  CHECK_FALSE(none.save(*k));
}

TEST_CASE("snapshot: an index of many blocks is written and read back") {
  NoRacyWindow guard;
  Library lib;
  LibrarySnapshot snapshot(lib.options());
  Knowledge k;
  Source& s = k.sources.emplace_back();
  s.text = "The ZQX met.";
  s.path = s.original = (lib.corpus.path / "talks.txt").string();
  k.terms.push_back(Term{});
  k.terms[0].id = "zqx";
  k.index.resize(1);
  // 12 bytes a mention: about 5 blocks of 4 MiB
  for (uint32_t m = 0; m < 1800000; ++m)
    k.index[0].mentions.push_back({0, {m % 9, m % 9 + 3}});
  k.index[0].sourcesMentioning = 1;
  REQUIRE(snapshot.save(k));
  auto loaded = snapshot.load({});
  REQUIRE(loaded);
  REQUIRE(loaded->index.size() == 1);
  CHECK(loaded->index[0].mentions.size() == k.index[0].mentions.size());
  bool same = true;
  for (size_t m = 0; m < k.index[0].mentions.size(); ++m)
    same = same && loaded->index[0].mentions[m].span == k.index[0].mentions[m].span;
  CHECK(same);
  CHECK(loaded->sources[0].text == s.text);
  // a span past the end of its text is damage, whatever the checksum says
  k.index[0].mentions.push_back({0, {0, 13}});
  REQUIRE(snapshot.save(k));
  CHECK_FALSE(snapshot.load({}));
}

TEST_CASE("snapshot: snapshots unused for 30 days and dead writers' files are removed") {
  NoRacyWindow guard;
  Library lib;
  auto old = [&](const std::string& name, std::chrono::hours age) {
    std::string path = lib.cache.write(name, "x");
    fs::last_write_time(path, fs::file_time_type::clock::now() - age);
    return path;
  };
  std::string stale = old("library-0000000000000001.snapshot", std::chrono::hours(24 * 31));
  std::string recent = old("library-0000000000000002.snapshot", std::chrono::hours(24 * 29));
  std::string dead = old("library-0000000000000002.snapshot.tmp-1-2", std::chrono::hours(2));
  std::string writing = old("library-0000000000000003.snapshot.tmp-1-2", std::chrono::hours(0));
  std::string other = old("unrelated.bin", std::chrono::hours(24 * 99));
  lib.build();
  CHECK(lib.snapshots().size() == 2); // this library's and the recent one
  CHECK_FALSE(fs::exists(stale));
  CHECK(fs::exists(recent));
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(writing));
  CHECK(fs::exists(other));
}

TEST_CASE("snapshot: the server's build thread writes it after handing over the Knowledge") {
  NoRacyWindow guard;
  Library lib;
  // KnowledgeSources::options() takes the default cache folder: $XDG_CACHE_HOME/accord
  const char* saved = std::getenv("XDG_CACHE_HOME");
  std::string before = saved ? saved : "";
  ::setenv("XDG_CACHE_HOME", lib.cache.path.c_str(), 1);
  struct Restore {
    bool had;
    std::string value;
    ~Restore() {
      if (had)
        ::setenv("XDG_CACHE_HOME", value.c_str(), 1);
      else
        ::unsetenv("XDG_CACHE_HOME");
    }
  } restore{saved != nullptr, before};
  KnowledgeSources sources;
  sources.bundled = false;
  sources.corpusRoots = {lib.corpus.path.string()};
  sources.lexiconDirs = {lib.lexicon.path.string()};
  const fs::path folder = lib.cache.path / "accord";
  auto snapshotThere = [&] {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder, ec))
      if (e.path().extension() == ".snapshot")
        return true;
    return false;
  };
  std::atomic<bool> handed{false}, thereWhenHanded{false};
  std::shared_ptr<const Knowledge> built;
  {
    KnowledgeHost host;
    host.rebuild(sources, nullptr, [&](std::shared_ptr<const Knowledge> k, double) {
      thereWhenHanded = snapshotThere();
      built = std::move(k);
      handed = true;
    });
    host.wait();
  }
  REQUIRE(handed);
  REQUIRE(built);
  CHECK_FALSE(thereWhenHanded); // not written before the server had the Knowledge
  CHECK(snapshotThere());       // but written by the time the build thread was idle
  auto loaded = Knowledge::build(sources.options());
  REQUIRE(loaded);
  CHECK_FALSE(loaded->snapshot.empty());
  sameKnowledge(*built, *loaded);
}
