// Source texts from PDF, HTML, Markdown and plain text files (issue 17): what mining reads.
#include <catch2/catch.hpp>

#include "grammar/miner.h"
#include "grammar/source_text.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;

namespace {

std::string libraryData(const std::string& name) {
  return std::string(ACCORD_TEST_DATA_DIR) + "/unit/data/library/" + name;
}

SourceText extract(const std::string& name) {
  SourceText out;
  std::string error;
  REQUIRE(extractSourceText(libraryData(name), readFile(libraryData(name)), out, error));
  CHECK(error.empty());
  return out;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("source text: formats by file name") {
  CHECK(sourceFormatOf("a.PDF") == SourceFormat::Pdf);
  CHECK(sourceFormatOf("a.htm") == SourceFormat::Html);
  CHECK(sourceFormatOf("a.html") == SourceFormat::Html);
  CHECK(sourceFormatOf("notes.md") == SourceFormat::Markdown);
  CHECK(sourceFormatOf("x.txt") == SourceFormat::Text);
  CHECK_FALSE(sourceFormatOf("catalog.json"));
  CHECK_FALSE(sourceFormatOf("library.bib"));
}

TEST_CASE("source text: a PDF reads as the page reads") {
  SourceText s = extract("report.pdf");
  CHECK(s.format == SourceFormat::Pdf);
  INFO(s.text);
  // the running head and the page numbers are gone
  CHECK_FALSE(contains(s.text, "Working Paper"));
  CHECK_FALSE(contains(s.text, "\n2\n"));
  // hyphenated line end joined, ligatures unfolded
  CHECK(contains(s.text, "regional security,\nand its"));
  CHECK(contains(s.text, "significant step"));
  CHECK(contains(s.text, "effort to keep it alive reflected"));
  CHECK(contains(s.text, "Office of the Secretary"));
  CHECK_FALSE(contains(s.text, "\xEF\xAC"));
  // the footnote marker is not stuck to the sentence
  CHECK(contains(s.text, "Ministers spoke often.\nThey met"));
  // two columns: the left one whole, then the right one
  size_t left = s.text.find("ends the left column.");
  size_t right = s.text.find("The right column is read after");
  REQUIRE(left != std::string::npos);
  REQUIRE(right != std::string::npos);
  CHECK(left < right);
  CHECK(contains(s.text, "the Proliferation\nSecurity Initiative (PSI)"));
  // pages: anchors at form feeds
  REQUIRE(s.anchors.size() == 3);
  for (const SourceAnchor& a : s.anchors)
    CHECK(s.text[a.offset] == '\f');
  CHECK(pageAt(s.anchors, static_cast<uint32_t>(s.text.find("GSOMIA"))) == 1);
  CHECK(pageAt(s.anchors, static_cast<uint32_t>(right)) == 2);
  CHECK(pageAt(s.anchors, static_cast<uint32_t>(s.text.find("Office"))) == 3);
  // the Info title is a word processor's placeholder: the title printed large on page 1 is
  // taken instead; the author and date are kept
  CHECK(s.meta.title == "Alliances under Strain");
  REQUIRE(s.meta.author.size() == 1);
  CHECK(s.meta.author[0].family == "Roe");
  CHECK(s.meta.author[0].given == "Jane");
  CHECK(s.meta.year == 2019);
  CHECK(s.meta.month == 3);
  CHECK(s.meta.day == 14);
}

TEST_CASE("source text: definitions mined from a PDF quote whole sentences") {
  SourceText s = extract("report.pdf");
  std::vector<MinedDefinition> defs = mineDefinitions(s.text, Language::PlainText);
  std::vector<std::string> shorts;
  for (const MinedDefinition& d : defs)
    shorts.push_back(d.shortForm);
  CHECK(std::find(shorts.begin(), shorts.end(), "GSOMIA") != shorts.end());
  CHECK(std::find(shorts.begin(), shorts.end(), "PSI") != shorts.end());
  for (const MinedDefinition& d : defs) {
    if (d.shortForm == "PSI")
      CHECK(d.longForm == "Proliferation Security Initiative");
    if (d.shortForm == "GSOMIA")
      CHECK(d.longForm == "General Security of Military Information Agreement");
  }
}

TEST_CASE("source text: PDF metadata with names and an offset date") {
  SourceText s = extract("titled.pdf");
  CHECK(s.meta.title == "Alliances under Strain"); // the Info title, not the printed heading
  // the heading is a paragraph of its own, though no wider gap than a line's sets it apart
  CHECK(s.text == "\fCooperation Ahead\n\nA short note on the Korea-Japan relationship.\n");
  REQUIRE(s.meta.author.size() == 2);
  CHECK(s.meta.author[1].family == "Doe");
  CHECK(s.meta.year == 2018);
  CHECK(s.meta.month == 1);
  CHECK(s.meta.day == 2);
}

TEST_CASE("source text: a damaged PDF is an error, not a crash") {
  SourceText s;
  std::string error;
  CHECK_FALSE(extractSourceText("x.pdf", "%PDF-1.4\nnot really", s, error));
  CHECK_FALSE(error.empty());
  CHECK_FALSE(extractSourceText("x.pdf", "", s, error));
  // a page without text (a scan): said so
  std::string pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
                    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
                    "trailer\n<< /Root 1 0 R >>\n%%EOF\n";
  error.clear();
  CHECK_FALSE(extractSourceText("scan.pdf", pdf, s, error));
  CHECK(error.find("no text layer") != std::string::npos);
}

TEST_CASE("source text: a saved web page gives its article only") {
  SourceText s = extract("saved-page.html");
  INFO(s.text);
  CHECK(s.format == SourceFormat::Html);
  CHECK(contains(s.text, "Allies at Odds\n\nBy Jane Roe and John Doe\n\nSeoul announced"));
  CHECK(contains(s.text, "Agreement (GSOMIA) with Japan"));
  CHECK(contains(s.text, "Washington \xE2\x80\x94 more slowly."));
  for (const char* gone : {"cookies", "Accept", "Research", "About Us", "Sidebar", "Terms of Use",
                           "Inline Script", "General Script", "font-family", "Related Articles"})
    CHECK_FALSE(contains(s.text, gone));
  REQUIRE(s.anchors.size() == 2);
  CHECK(s.anchors[0].id == "top");
  CHECK(s.anchors[0].offset == 0);
  CHECK(s.anchors[1].label == "Why it matters");
  CHECK(s.text.compare(s.anchors[1].offset, 14, "Why it matters") == 0);
  CHECK(s.meta.title == "Allies at Odds: Japan, Korea and Intelligence Sharing");
  REQUIRE(s.meta.author.size() == 2);
  CHECK(s.meta.author[0].family == "Roe");
  CHECK(s.meta.year == 2019);
  CHECK(s.meta.month == 8);
  CHECK(s.meta.day == 23);
  CHECK(s.meta.publisher == "Example Institute");
  CHECK(s.meta.url == "https://example.org/analysis/allies-at-odds");
}

TEST_CASE("source text: HTML without meta tags falls back to <title>, without <main> to body") {
  SourceText s;
  std::string error;
  REQUIRE(extractSourceText("p.html",
                            "<html><head><title>A Page</title></head><body><nav>Menu</nav>"
                            "<p>First &amp; second.</p><div>Third<br>line</div></body></html>",
                            s, error));
  CHECK(s.meta.title == "A Page");
  CHECK(s.text == "First & second.\n\nThird line\n");
  REQUIRE(extractSourceText("p.html",
                            "<title>Allies at odds | Example Institute</title>"
                            "<meta property='og:site_name' content='Example Institute'><p>x</p>",
                            s, error));
  CHECK(s.meta.title == "Allies at odds");
  CHECK(s.meta.publisher == "Example Institute");
}

TEST_CASE("source text: Markdown keeps its bytes and reads its front matter and headings") {
  std::string md = "---\ntitle: \"Notes on TCOG\"\nauthor: Jane Roe\ndate: 2020-05-01\n---\n\n"
                   "# Heading One\n\nThe Trilateral Coordination and Oversight Group (TCOG).\n";
  SourceText s;
  std::string error;
  REQUIRE(extractSourceText("notes.md", md, s, error));
  CHECK(s.text == md);
  CHECK(s.meta.title == "Notes on TCOG");
  CHECK(s.meta.year == 2020);
  REQUIRE(s.anchors.size() == 1);
  CHECK(s.anchors[0].id == "heading-one");
}

TEST_CASE("source text: plain text keeps its bytes, a paragraph is never a title") {
  SourceText s;
  std::string error;
  std::string paragraph(600, 'x');
  for (size_t i = 5; i < paragraph.size(); i += 6)
    paragraph[i] = ' ';
  REQUIRE(extractSourceText("a.txt", paragraph + "\n\nMore.", s, error));
  CHECK(s.text == paragraph + "\n\nMore.");
  CHECK(s.meta.title.empty());
  REQUIRE(extractSourceText("a.txt", "\n\nA Short Title\n\nBody text here.", s, error));
  CHECK(s.meta.title == "A Short Title");
  REQUIRE(extractSourceText("a.txt", "This is a sentence.\n\nBody.", s, error));
  CHECK(s.meta.title.empty());
  CHECK(titleFromFileName("nishino-2017_security-relationship.pdf") ==
        "Nishino 2017 security relationship");
}

TEST_CASE("source text: junk titles") {
  CHECK(isJunkTitle("Microsoft Word - draft3.docx"));
  CHECK(isJunkTitle("untitled"));
  CHECK(isJunkTitle("report_final.pdf"));
  CHECK(isJunkTitle(""));
  CHECK_FALSE(isJunkTitle("A New Era for Japan-ROK Relations"));
}

TEST_CASE("source text: running heads need most pages, a lone page keeps its first line") {
  std::vector<std::vector<PageLine>> pages = {
      {{"Head of the paper", false}, {"Body one secu-", false}, {"rity ends.", false}},
      {{"Head of the paper", false}, {"Body two.", false}, {"12", false}},
  };
  SourceText s;
  assemblePages(pages, {"1", "2"}, s);
  CHECK(s.text == "\fBody one security\nends.\n\n\fBody two.\n");
  SourceText one;
  assemblePages({{{"Head of the paper", false}, {"Body.", false}}}, {"i"}, one);
  CHECK(one.text == "\fHead of the paper\nBody.\n");
  CHECK(one.anchors[0].label == "i");
}

TEST_CASE("source text: ligatures unfold") {
  CHECK(unfoldLigatures("\xEF\xAC\x81nal e\xEF\xAC\x80ort \xEF\xAC\x83") == "final effort ffi");
}
