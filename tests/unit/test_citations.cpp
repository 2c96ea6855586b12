// Citations: the table of abbreviations in each markup, and citing each of the commentaries.
#include <catch2/catch.hpp>
#include <map>

#include "checks_fixture.h"
#include "server/features/citations.h"

using namespace accord;
using namespace accord::features;
using accord::testing::bundledKnowledge;
using accord::testing::checksKnowledge;
using accord::testing::crlf;

namespace {

struct Draft {
  std::string text;
  std::shared_ptr<const DraftAnalysis> analysis;
};
Draft draft(const Knowledge& k, std::string text, Language language) {
  Draft d{std::move(text), nullptr};
  d.analysis = analyzeDraft(k, d.text, language);
  return d;
}

std::string withTable(const Knowledge& k, const std::string& text, Language language) {
  Draft d = draft(k, text, language);
  TextEdit edit;
  std::string error;
  REQUIRE(abbreviationTableEdit(k, *d.analysis, d.text, language, edit, error));
  return applyEdits(d.text, {edit});
}

const std::vector<AbbreviationRow> kRows = {
    {"DPRK", "Democratic People's Republic of Korea"},
    {"FTA", "free trade agreement"},
    {"GSOMIA", "General Security of Military Information Agreement"},
};

} // namespace

TEST_CASE("citations: the rows of the table of abbreviations", "[citations]") {
  const Knowledge& k = checksKnowledge();
  Draft d = draft(k,
                  "The Joint Planning Cell (JPC) met. The General Security of Military Information "
                  "Agreement (GSOMIA), the DPRK and the UN. Several free trade agreements (FTAs). "
                  "The comfort women agreement has no short form.\n",
                  Language::PlainText);
  std::vector<AbbreviationRow> rows = abbreviationRows(k, *d.analysis);
  std::vector<AbbreviationRow> expected = {
      {"DPRK", "Democratic People's Republic of Korea"}, // from the commentaries
      {"FTA", "free trade agreements"},                  // the draft's own words
      {"GSOMIA", "General Security of Military Information Agreement"},
      {"JPC", "Joint Planning Cell"}, // known only to the draft
      {"UN", "United Nations"},
  };
  CHECK(rows == expected);
}

TEST_CASE("citations: the table as Markdown, LaTeX and plain text", "[citations]") {
  CHECK(renderAbbreviations(kRows, Language::Markdown) ==
        "## Abbreviations\n"
        "\n"
        "| Abbreviation | Meaning |\n"
        "|---|---|\n"
        "| DPRK | Democratic People's Republic of Korea |\n"
        "| FTA | free trade agreement |\n"
        "| GSOMIA | General Security of Military Information Agreement |\n"
        "\n");
  CHECK(renderAbbreviations(kRows, Language::Latex) ==
        "\\section*{Abbreviations}\n"
        "\\begin{description}\n"
        "  \\item[DPRK] Democratic People's Republic of Korea\n"
        "  \\item[FTA] free trade agreement\n"
        "  \\item[GSOMIA] General Security of Military Information Agreement\n"
        "\\end{description}\n"
        "\n");
  CHECK(renderAbbreviations(kRows, Language::PlainText) ==
        "Abbreviations\n"
        "\n"
        "DPRK    Democratic People's Republic of Korea\n"
        "FTA     free trade agreement\n"
        "GSOMIA  General Security of Military Information Agreement\n"
        "\n");
  // Markup in the data is escaped.
  CHECK(renderAbbreviations({{"R&D", "research & development | 100%"}}, Language::Latex)
            .find("\\item[R\\&D] research \\& development | 100\\%") != std::string::npos);
  CHECK(renderAbbreviations({{"A|B", "x | y"}}, Language::Markdown).find("| A\\|B | x \\| y |") !=
        std::string::npos);
}

TEST_CASE("citations: inserting the table after the title, and replacing it", "[citations]") {
  const Knowledge& k = checksKnowledge();
  std::string md = "# Brief\n\nThe DPRK and the DPRK again.\n";
  std::string once = withTable(k, md, Language::Markdown);
  CHECK(once == "# Brief\n\n"
                "## Abbreviations\n\n"
                "| Abbreviation | Meaning |\n"
                "|---|---|\n"
                "| DPRK | Democratic People's Republic of Korea |\n\n"
                "The DPRK and the DPRK again.\n");
  // Running it again replaces the table instead of adding a second one.
  CHECK(withTable(k, once, Language::Markdown) == once);
  // A new acronym: the table is rewritten in place.
  std::string more = once + "The ROK too.\n";
  std::string updated = withTable(k, more, Language::Markdown);
  CHECK(updated.find("| ROK | Republic of Korea |") != std::string::npos);
  CHECK(updated.find("## Abbreviations") == updated.rfind("## Abbreviations"));

  std::string tex = "\\documentclass{article}\n\\begin{document}\n\\maketitle\n\nThe DPRK "
                    "tested.\n\\end{document}\n";
  CHECK(withTable(k, tex, Language::Latex) ==
        "\\documentclass{article}\n\\begin{document}\n\\maketitle\n\n"
        "\\section*{Abbreviations}\n\\begin{description}\n"
        "  \\item[DPRK] Democratic People's Republic of Korea\n"
        "\\end{description}\n\n"
        "The DPRK tested.\n\\end{document}\n");

  CHECK(withTable(k, "The DPRK tested.\n", Language::PlainText) ==
        "Abbreviations\n\nDPRK  Democratic People's Republic of Korea\n\nThe DPRK tested.\n");

  // CRLF drafts get CRLF tables.
  CHECK(withTable(k, crlf(md), Language::Markdown) == crlf(once));

  Draft none = draft(k, "Nothing to abbreviate here.\n", Language::PlainText);
  TextEdit edit;
  std::string error;
  CHECK_FALSE(
      abbreviationTableEdit(k, *none.analysis, none.text, Language::PlainText, edit, error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("citations: cite the commentary in each style", "[citations]") {
  const Knowledge& k = checksKnowledge();
  std::string text = "Tokyo values GSOMIA.\n";
  Draft d = draft(k, text, Language::Markdown);
  uint32_t at = static_cast<uint32_t>(text.find("GSOMIA")) + 2;
  const std::string note =
      "Tina Tester, \u201CA Test Commentary on Security Cooperation,\u201D Test Commentary no. 7 "
      "(Institute of Test Studies, February 3, 2020).";

  Citation c;
  std::string error;
  REQUIRE(citeCommentary(k, *d.analysis, d.text, Language::Markdown, at, CitationStyle::Auto, "", c,
                         error));
  CHECK(c.style == CitationStyle::Footnote);
  CHECK(c.key == "tester2020");
  CHECK(applyEdits(d.text, c.draftEdits) ==
        "Tokyo values GSOMIA[^tester2020].\n\n[^tester2020]: " + note + "\n");
  // A second citation of the same commentary reuses the footnote.
  std::string twice = applyEdits(d.text, c.draftEdits);
  std::string more =
      twice.substr(0, twice.find('\n')) + " GSOMIA again." + twice.substr(twice.find('\n'));
  Draft d2 = draft(k, more, Language::Markdown);
  REQUIRE(citeCommentary(k, *d2.analysis, d2.text, Language::Markdown,
                         static_cast<uint32_t>(more.find("GSOMIA again")), CitationStyle::Footnote,
                         "", c, error));
  CHECK(applyEdits(d2.text, c.draftEdits) ==
        "Tokyo values GSOMIA[^tester2020]. GSOMIA[^tester2020] again.\n\n[^tester2020]: " + note +
            "\n");

  REQUIRE(citeCommentary(k, *d.analysis, d.text, Language::Markdown, at, CitationStyle::Pandoc, "",
                         c, error));
  CHECK(applyEdits(d.text, c.draftEdits) == "Tokyo values GSOMIA [@tester2020].\n");
  CHECK(c.bibEntry.empty());

  Draft tex = draft(k, text, Language::Latex);
  REQUIRE(citeCommentary(k, *tex.analysis, tex.text, Language::Latex, at, CitationStyle::Auto, "",
                         c, error));
  CHECK(c.style == CitationStyle::Latex);
  CHECK(applyEdits(tex.text, c.draftEdits) == "Tokyo values GSOMIA~\\cite{tester2020}.\n");
  CHECK(c.bibEntry.find("{tester2020,") != std::string::npos);
  CHECK(c.bibEntry.find("A Test Commentary on Security Cooperation") != std::string::npos);

  // CRLF drafts get a CRLF footnote.
  Draft dc = draft(k, crlf(text), Language::Markdown);
  REQUIRE(citeCommentary(k, *dc.analysis, dc.text, Language::Markdown, at, CitationStyle::Footnote,
                         "", c, error));
  CHECK(applyEdits(dc.text, c.draftEdits) ==
        crlf("Tokyo values GSOMIA[^tester2020].\n\n[^tester2020]: " + note + "\n"));

  // Nothing to cite: no term here, or a term no commentary discusses.
  CHECK_FALSE(citeCommentary(k, *d.analysis, d.text, Language::Markdown, 1, CitationStyle::Auto, "",
                             c, error));
  CHECK(error == "There is no recognised term here to cite.");
  Draft dprk = draft(k, "The DPRK.\n", Language::Markdown);
  CHECK_FALSE(citeCommentary(k, *dprk.analysis, dprk.text, Language::Markdown, 5,
                             CitationStyle::Auto, "", c, error));
  CHECK(error == "No commentary discusses DPRK; there is nothing to cite.");
  CHECK_FALSE(citeCommentary(k, *d.analysis, d.text, Language::Markdown, at, CitationStyle::Auto,
                             "no-such-id", c, error));
}

TEST_CASE("citations: after the closing parenthesis of (SF), in every style", "[citations]") {
  const Knowledge& k = checksKnowledge();
  std::string text =
      "Tokyo values the General Security of Military Information Agreement (GSOMIA).\n";
  uint32_t at = static_cast<uint32_t>(text.find("(GSOMIA)")) + 3;
  Citation c;
  std::string error;
  Draft d = draft(k, text, Language::Markdown);
  REQUIRE(citeCommentary(k, *d.analysis, d.text, Language::Markdown, at, CitationStyle::Footnote,
                         "", c, error));
  std::string cited = applyEdits(d.text, c.draftEdits);
  CHECK(cited.starts_with("Tokyo values the General Security of Military Information Agreement "
                          "(GSOMIA)[^tester2020].\n"));
  REQUIRE(citeCommentary(k, *d.analysis, d.text, Language::Markdown, at, CitationStyle::Pandoc, "",
                         c, error));
  CHECK(applyEdits(d.text, c.draftEdits) ==
        "Tokyo values the General Security of Military Information Agreement (GSOMIA) "
        "[@tester2020].\n");
  Draft tex = draft(k, text, Language::Latex);
  REQUIRE(citeCommentary(k, *tex.analysis, tex.text, Language::Latex, at, CitationStyle::Latex, "",
                         c, error));
  CHECK(applyEdits(tex.text, c.draftEdits) ==
        "Tokyo values the General Security of Military Information Agreement "
        "(GSOMIA)~\\cite{tester2020}.\n");
  // A parenthesis that does not open at the term stays where it is.
  std::string aside = "Tokyo values (the GSOMIA) today.\n";
  Draft d2 = draft(k, aside, Language::Markdown);
  REQUIRE(citeCommentary(k, *d2.analysis, d2.text, Language::Markdown,
                         static_cast<uint32_t>(aside.find("GSOMIA")), CitationStyle::Pandoc, "", c,
                         error));
  CHECK(applyEdits(d2.text, c.draftEdits) == "Tokyo values (the GSOMIA [@tester2020]) today.\n");
}

TEST_CASE("citations: the citation text for each of the five commentaries", "[citations]") {
  const Knowledge& k = bundledKnowledge();
  // Chicago notes style, written by hand from the catalog.
  const std::map<std::string, std::string> gold = {
      {"akutsu2008",
       "Hiroyasu Akutsu, \u201CA New Era for Japan-ROK Relations,\u201D AJISS-Commentary no. 28 "
       "(The Association of Japanese Institutes of Strategic Studies, March 14, 2008)."},
      {"park2019",
       "Young June Park, \u201CDirections for the ROK-Japan Diplomatic and Security Cooperation,"
       "\u201D Sejong Focus, Current Issues & Policies no. 2019-11 (Sejong Institute, June 20, "
       "2019)."},
      {"nishino2017",
       "Junya Nishino, \u201CJapan's Security Relationship with the Republic of Korea: "
       "Opportunities "
       "& Challenges,\u201D Strategic Japan Working Paper Series (Center for Strategic and "
       "International Studies, ca. 2017)."},
      {"ando2014",
       "Masahiko Ando, Wei C. Chou, and Aoi Fujita, \u201CDeveloping a Future Partnership between "
       "Japan and South Korea for Regional Stability in East Asia,\u201D Policy Brief (Young "
       "Strategists Forum) (The German Marshall Fund of the United States, ca. 2014)."},
      {"nishino2015",
       "Junya Nishino, \u201CPolitical leaders in Japan and the ROK should highlight the "
       "importance "
       "of bilateral cooperation,\u201D AJISS-Commentary no. 210 (The Association of Japanese "
       "Institutes of Strategic Studies, May 15, 2015)."},
  };
  std::map<std::string, bool> cited;
  for (uint32_t t = 0; t < k.terms.size(); ++t) {
    std::optional<uint32_t> s = commentaryFor(k, t);
    if (!s)
      continue;
    const std::string& key = k.sources[*s].meta.id;
    if (cited[key])
      continue;
    std::string text = "See this.\n";
    Draft d = draft(k, text, Language::Markdown);
    for (CitationStyle style :
         {CitationStyle::Footnote, CitationStyle::Pandoc, CitationStyle::Latex}) {
      Citation c;
      std::string error;
      INFO(key << " via term " << k.terms[t].id << " in style " << toString(style));
      REQUIRE(citeCommentary(k, *d.analysis, d.text, Language::Markdown, 3, style, k.terms[t].id, c,
                             error));
      CHECK(c.key == key);
      std::string out = applyEdits(d.text, c.draftEdits);
      if (style == CitationStyle::Footnote) {
        REQUIRE(gold.count(key));
        CHECK(out == "See[^" + key + "] this.\n\n[^" + key + "]: " + gold.at(key) + "\n");
      } else if (style == CitationStyle::Pandoc) {
        CHECK(out == "See [@" + key + "] this.\n");
      } else {
        CHECK(out == "See~\\cite{" + key + "} this.\n");
        CHECK(c.bibEntry.find("{" + key + ",") != std::string::npos);
      }
    }
    cited[key] = true;
  }
  for (const auto& [key, note] : gold) {
    INFO(key);
    CHECK(cited[key]);
  }
}

TEST_CASE("citations: the .bib file gets an entry once", "[citations]") {
  std::string entry = "@article{akutsu2008,\n  title = {A New Era},\n}\n";
  CHECK(bibAppendText("", "akutsu2008", entry) == entry);
  CHECK(bibAppendText("@book{other,\n}\n", "akutsu2008", entry) == "\n" + entry);
  CHECK(bibAppendText("@book{other,\n}", "akutsu2008", entry) == "\n\n" + entry);
  CHECK(bibAppendText("@article{ akutsu2008 ,\n}\n", "akutsu2008", entry).empty());
  CHECK_FALSE(bibAppendText("@article{akutsu2008x,\n}\n", "akutsu2008", entry).empty());
  CitationStyle s;
  CHECK(parseCitationStyle("pandoc", s));
  CHECK(s == CitationStyle::Pandoc);
  CHECK(resolveStyle(CitationStyle::Auto, Language::PlainText) == CitationStyle::Footnote);
  CHECK(resolveStyle(CitationStyle::Auto, Language::Latex) == CitationStyle::Latex);
}
