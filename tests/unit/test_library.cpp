// A think tank's library (issue 17): PDFs, saved web pages, Markdown and text in one corpus
// folder, described by Zotero exports, indexed once and cached on disk.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "feature_fixture.h"
#include "grammar/analysis.h"
#include "grammar/card.h"
#include "grammar/knowledge.h"
#include "grammar/source_cache.h"
#include "server/features/citations.h"
#include "server/features/links.h"
#include "server/knowledge_host.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;
namespace fs = std::filesystem;

namespace {

std::string libraryData(const std::string& name) {
  return std::string(ACCORD_TEST_DATA_DIR) + "/unit/data/library/" + name;
}

/// A corpus folder with a PDF, a saved page, a Markdown note and a text file.
void fillLibrary(const TempDir& dir) {
  fs::copy_file(libraryData("report.pdf"), dir.path / "roe-2019-alliances.pdf");
  fs::copy_file(libraryData("saved-page.html"), dir.path / "allies-at-odds.html");
  dir.write("notes.md", "# Notes on PSI\n\nThe Proliferation Security Initiative (PSI) began "
                        "in 2003.\n");
  dir.write("long-first-line.txt", std::string(300, 'a') + " is a paragraph, not a title.\n\n"
                                                           "The Six-Party Talks (SPT) met.\n");
}

std::shared_ptr<const Knowledge> build(const TempDir& corpus, const std::string& cacheDir) {
  KnowledgeOptions o;
  o.corpusRoots = {corpus.path.string()};
  o.cacheDir = cacheDir;
  auto k = Knowledge::build(o);
  REQUIRE(k);
  return k;
}

const Source& source(const Knowledge& k, const std::string& file) {
  for (const Source& s : k.sources)
    if (s.meta.file == file)
      return s;
  FAIL("no source " << file);
  return k.sources.front();
}

} // namespace

TEST_CASE("library: every format is a source, what files say of themselves is their metadata") {
  TempDir corpus, cache;
  fillLibrary(corpus);
  auto k = build(corpus, cache.path.string());
  REQUIRE(k->sources.size() == 4);
  const Source& pdf = source(*k, "roe-2019-alliances.pdf");
  CHECK(pdf.format == SourceFormat::Pdf);
  CHECK(pdf.original == (corpus.path / "roe-2019-alliances.pdf").string());
  // the Info title is "Microsoft Word - draft3.docx": the title printed on page 1 is taken
  CHECK(pdf.meta.title == "Alliances under Strain");
  CHECK(pdf.meta.year == 2019);
  // go to definition opens the text rendering: the source text with a marker line at the top
  // of each page
  CHECK(pdf.path != pdf.original);
  const std::string rendering = readFile(pdf.path);
  CHECK(rendering == renderText(pdf.text, pdf.anchors));
  CHECK(rendering.rfind("\f[p. 1]\n", 0) == 0);
  CHECK(rendering.find("\f[p. 2]\n") != std::string::npos);
  size_t markers = 0;
  for (size_t at = 0; (at = rendering.find("\f[p. ", at)) != std::string::npos; ++at)
    ++markers;
  CHECK(markers == pdf.anchors.size());
  const Source& html = source(*k, "allies-at-odds.html");
  CHECK(html.meta.title == "Allies at Odds: Japan, Korea and Intelligence Sharing");
  CHECK(html.meta.url == "https://example.org/analysis/allies-at-odds");
  CHECK(readFile(html.path) == html.text);
  const Source& md = source(*k, "notes.md");
  CHECK(md.path == md.original);
  CHECK(md.meta.title == "Notes on PSI");
  const Source& txt = source(*k, "long-first-line.txt");
  CHECK(txt.meta.title == "Long first line");
  // mined from every format, with the page of a PDF definition
  for (const char* sf : {"GSOMIA", "PSI", "SPT", "TISA"})
    CHECK(k->findShort(sf));
  auto gsomia = k->findShort("GSOMIA");
  REQUIRE(gsomia);
  bool onPage = false;
  for (const SourceDefinition& d : k->index[*gsomia].definitions)
    if (&k->sources[d.source] == &pdf) {
      CHECK(pdf.pageLabel(d.definition.shortSpan.begin) == "p. 1");
      // the definition's place in the rendering reads as it does in the text
      const Span r = pdf.renderedSpan(d.definition.shortSpan);
      CHECK(rendering.substr(r.begin, r.size()) == "GSOMIA");
      CHECK(definitionQuote(*k, d).find(
                "The General Security of Military Information Agreement (GSOMIA) lets "
                "the two governments share classified military information.") == 0);
      onPage = true;
    }
  CHECK(onPage);
  auto spt = k->findShort("SPT");
  REQUIRE(spt);
  for (const SourceDefinition& d : k->index[*spt].definitions)
    if (&k->sources[d.source] == &pdf) {
      CHECK(pdf.pageLabel(d.definition.shortSpan.begin) == "p. 2");
      const Span r = pdf.renderedSpan(d.definition.shortSpan);
      CHECK(rendering.substr(r.begin, r.size()) == "SPT");
    }
}

TEST_CASE("library: a Better BibTeX export names its files, a CSL-JSON export matches by title") {
  TempDir corpus, cache;
  fillLibrary(corpus);
  corpus.write("My Library.bib", R"(@comment{jabref-meta: x}
@techreport{roeAlliances2019,
  title = {Alliances under {Strain}},
  author = {Roe, Jane and Doe, John},
  date = {2019-03-14},
  institution = {Example Institute},
  type = {Working Paper},
  number = {12},
  url = {https://example.org/wp12.pdf},
  file = {Full Text PDF:files/7/roe-2019-alliances.pdf:application/pdf}
}
@misc{broken,
  author = {Nobody}
}
)");
  corpus.write("Exported Items.json", R"([
  {"id": "http://zotero.org/users/1/items/ABCD", "citation-key": "roeAllies2019", "type": "webpage",
   "title": "Allies at Odds: Japan, Korea and Intelligence Sharing",
   "author": [{"family": "Roe", "given": "Jane"}], "issued": {"date-parts": [["2019", "8", "23"]]},
   "container-title": "Example Institute Analysis", "URL": "https://example.org/a"}
])");
  auto k = build(corpus, cache.path.string());
  const Source& pdf = source(*k, "roe-2019-alliances.pdf");
  CHECK(pdf.meta.id == "roeAlliances2019");
  CHECK(pdf.meta.title == "Alliances under Strain");
  REQUIRE(pdf.meta.author.size() == 2);
  CHECK(pdf.meta.author[1].given == "John");
  CHECK(pdf.meta.day == 14);
  CHECK(pdf.meta.publisher == "Example Institute");
  CHECK(pdf.meta.collectionTitle == "Working Paper");
  CHECK(pdf.meta.url == "https://example.org/wp12.pdf");
  CHECK(k->findSource("roeAlliances2019"));
  const Source& html = source(*k, "allies-at-odds.html");
  CHECK(html.meta.id == "roeAllies2019"); // the citation key, not the item URI
  CHECK(html.meta.containerTitle == "Example Institute Analysis");
  bool reported = false;
  for (const DataError& e : k->errors)
    reported = reported || (e.file.find("My Library.bib") != std::string::npos &&
                            e.message.find("'broken'") != std::string::npos && e.line == 12);
  CHECK(reported);
  CHECK(chicagoNote(pdf.meta) ==
        "Jane Roe and John Doe, \xE2\x80\x9C"
        "Alliances under Strain,\xE2\x80\x9D Working Paper no. 12 (Example Institute, March 14, "
        "2019), https://example.org/wp12.pdf.");
}

TEST_CASE("library: a second start reads the cache, a corrupt or unwritable cache is ignored") {
  TempDir corpus, cache;
  fillLibrary(corpus);
  auto first = build(corpus, cache.path.string());
  bool found = false;
  for (const auto& e : fs::directory_iterator(cache.path))
    found = found || e.path().extension() == ".sqlite";
  CHECK(found);
  auto second = build(corpus, cache.path.string());
  REQUIRE(second->sources.size() == first->sources.size());
  for (size_t s = 0; s < first->sources.size(); ++s) {
    CHECK(second->sources[s].text == first->sources[s].text);
    CHECK(second->sources[s].meta.title == first->sources[s].meta.title);
    CHECK(second->sources[s].anchors.size() == first->sources[s].anchors.size());
  }
  CHECK(second->terms.size() == first->terms.size());
  // a cache entry answers for the file's content, whatever its name
  SourceCache direct(cache.path.string());
  REQUIRE(direct.enabled());
  SourceCache::Entry e;
  CHECK(direct.get(contentKey(readFile(libraryData("report.pdf")), SourceFormat::Pdf), e));
  CHECK(e.source.anchors.size() == 3);
  CHECK_FALSE(e.mined.empty());

  // corrupt: garbage where the database was
  for (const auto& f : fs::directory_iterator(cache.path))
    if (f.path().extension() == ".sqlite")
      std::ofstream(f.path(), std::ios::binary | std::ios::trunc) << std::string(4096, 'x');
  auto third = build(corpus, cache.path.string());
  CHECK(third->sources.size() == first->sources.size());
  CHECK(third->terms.size() == first->terms.size());
  // unwritable: a file where the folder should be
  TempDir elsewhere;
  std::string blocked = elsewhere.write("not-a-dir", "x");
  auto fourth = build(corpus, blocked + "/accord");
  CHECK(fourth->sources.size() == first->sources.size());
  const Source& pdf = source(*fourth, "roe-2019-alliances.pdf");
  CHECK(pdf.path == pdf.original); // no rendering could be written
  // no cache at all
  auto fifth = build(corpus, "");
  CHECK(fifth->terms.size() == first->terms.size());
}

TEST_CASE("library: an unreadable PDF is reported and skipped") {
  TempDir corpus;
  corpus.write("broken.pdf", "%PDF-1.4 truncated");
  corpus.write("fine.txt", "Fine\n\nThe Six-Party Talks (SPT) met.\n");
  corpus.write("._fine.pdf", "macOS keeps a resource fork here"); // hidden: not a source
  auto k = build(corpus, "");
  REQUIRE(k->sources.size() == 1);
  for (const DataError& e : k->errors)
    CHECK(e.file.find("._fine.pdf") == std::string::npos);
  bool reported = false;
  for (const DataError& e : k->errors)
    reported = reported || (e.file.find("broken.pdf") != std::string::npos &&
                            e.message.find("cannot be read") != std::string::npos);
  CHECK(reported);
}

TEST_CASE("library: a PDF is cited at its page, its links open the PDF at that page") {
  TempDir corpus;
  fs::copy_file(libraryData("report.pdf"), corpus.path / "roe-2019-alliances.pdf");
  auto k = build(corpus, "");
  auto spt = k->findShort("SPT");
  REQUIRE(spt);
  std::string card = renderCard(*k, *spt, CardFormat::Markdown);
  INFO(card);
  CHECK(card.find("(SPT) opened in 2003 in Beijing.") != std::string::npos);
  CHECK(card.find("(March 14, 2019), p. 2.") != std::string::npos);
  std::string plain = renderCard(*k, *spt, CardFormat::PlainText);
  CHECK(plain.find("Defined in Roe 2019 (roe-2019-alliances.pdf, p. 2):") != std::string::npos);

  std::string draft = "The SPT stalled.\n";
  auto analysis = analyzeDraft(*k, draft, Language::Markdown);
  features::Citation c;
  std::string error;
  REQUIRE(features::citeCommentary(*k, *analysis, draft, Language::Markdown, 5,
                                   features::CitationStyle::Pandoc, "", c, error));
  REQUIRE(c.draftEdits.size() == 1);
  CHECK(c.draftEdits[0].newText == " [@roe-2019-alliances, p. 2]");
  REQUIRE(features::citeCommentary(*k, *analysis, draft, Language::Latex, 5,
                                   features::CitationStyle::Latex, "", c, error));
  CHECK(c.draftEdits[0].newText == "~\\cite[p.~2]{roe-2019-alliances}");

  std::vector<features::LinkHit> links =
      features::documentLinks(*k, {draft, Language::Markdown, analysis.get(), nullptr});
  REQUIRE(links.size() == 1);
  CHECK(links[0].page == 2);
}

TEST_CASE("library: a change to any source or export in a corpus folder rebuilds the knowledge") {
  KnowledgeSources sources;
  sources.bundled = false;
  sources.corpusRoots = {"/lib"};
  for (const char* p : {"/lib/a.pdf", "/lib/b.HTML", "/lib/c.md", "/lib/d.txt",
                        "/lib/My Library.bib", "/lib/Exported Items.json", "/lib/catalog.json"})
    CHECK(sources.dependsOn(p));
  CHECK_FALSE(sources.dependsOn("/lib/picture.png"));
  CHECK_FALSE(sources.dependsOn("/elsewhere/a.pdf"));
}

TEST_CASE("library: a definition across a PDF page break") {
  TempDir corpus;
  SourceText pages;
  assemblePages({{{"Head", false, 10}, {"We saw that the Six-Party", false, 10}},
                 {{"Head", false, 10}, {"Talks (SPT) met in Beijing. Then more.", false, 10}}},
                {"1", "2"}, pages);
  CHECK(pages.text == "\fWe saw that the Six-Party\n\fTalks (SPT) met in Beijing. Then more.\n");
  // a text file holding that text stands in for the PDF: the same miner reads both
  corpus.write("paged.txt", pages.text);
  auto k = build(corpus, "");
  auto spt = k->findShort("SPT");
  REQUIRE(spt);
  CHECK(k->terms[*spt].longForm == "Six-Party Talks");
  REQUIRE(k->index[*spt].definitions.size() == 1);
  CHECK(definitionQuote(*k, k->index[*spt].definitions[0]) ==
        "We saw that the Six-Party Talks (SPT) met in Beijing.");
}
