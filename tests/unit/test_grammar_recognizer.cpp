// The recogniser on annotated drafts (gold spans written in tests/data/grammar) and its hard cases.
#include <catch2/catch.hpp>

#include "grammar/lexicon.h"
#include "grammar/recognizer.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;

namespace {

struct Fixture {
  std::vector<Term> terms;
  Recognizer recognizer;
  Fixture() {
    std::vector<DataError> errors;
    terms = parseLexicon(readFile(grammarData("lexicon/terms.json")), "terms.json", errors);
    REQUIRE(errors.empty());
    recognizer = Recognizer::build(terms, errors);
    REQUIRE(errors.empty());
  }
  std::vector<Gold> found(const std::string& text, Language language) const {
    std::vector<Gold> out;
    for (const Mention& m : recognizer.scan(text, language)) out.push_back({m.span, terms[m.term].id});
    return out;
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

std::string show(const std::string& text, const std::vector<Gold>& spans) {
  std::string out;
  for (const Gold& g : spans)
    out += "[" + text.substr(g.span.begin, g.span.size()) + "|" + g.id + "@" + std::to_string(g.span.begin) + "] ";
  return out;
}

void checkAnnotated(const std::string& file, Language language) {
  std::vector<Gold> gold;
  std::string text = stripMarkers(readFile(grammarData(file)), gold);
  REQUIRE(!gold.empty());
  std::vector<Gold> got = fixture().found(text, language);
  INFO("expected: " << show(text, gold));
  INFO("found:    " << show(text, got));
  CHECK(got == gold);
}

std::vector<std::string> surfaces(const std::string& text, Language language = Language::PlainText) {
  std::vector<std::string> out;
  for (const Gold& g : fixture().found(text, language)) out.push_back(text.substr(g.span.begin, g.span.size()));
  return out;
}

}  // namespace

TEST_CASE("recogniser: annotated Markdown draft") { checkAnnotated("recognizer-basic.md", Language::Markdown); }
TEST_CASE("recogniser: annotated LaTeX draft") { checkAnnotated("recognizer.tex", Language::Latex); }
TEST_CASE("recogniser: annotated plain text") { checkAnnotated("recognizer.txt", Language::PlainText); }

TEST_CASE("recogniser: plurals and possessives, straight and curly") {
  CHECK(surfaces("two FTAs and the FTA's text") == std::vector<std::string>{"FTAs", "FTA"});
  CHECK(surfaces("the GSOMIA’s annex; GSOMIAs’ fate") == std::vector<std::string>{"GSOMIA", "GSOMIAs"});
  CHECK(surfaces("free trade agreements and Free Trade Agreement") ==
        std::vector<std::string>{"free trade agreements", "Free Trade Agreement"});
}

TEST_CASE("recogniser: the longest match wins") {
  std::vector<Gold> got = fixture().found("the US-ROK FTA", Language::PlainText);
  REQUIRE(got.size() == 1);
  CHECK(got[0].id == "korus");
  CHECK(surfaces("the US and ROK FTA") == std::vector<std::string>{"US", "ROK", "FTA"});
  // a pattern longer than the literals inside it wins over them
  CHECK(surfaces("the 2016 Japan-ROK GSOMIA") == std::vector<std::string>{"the 2016 Japan-ROK GSOMIA"});
  CHECK(surfaces("the 2015 comfort women agreement") == std::vector<std::string>{"the 2015 comfort women agreement"});
  CHECK(surfaces("the comfort women agreement") == std::vector<std::string>{"comfort women agreement"});
}

TEST_CASE("recogniser: nothing inside a longer word, nothing in lower case for acronyms") {
  CHECK(surfaces("PSIS PSIs PSI-2 psi Psi 30psi").size() == 2);  // PSIs (plural) and PSI in PSI-2
  CHECK(surfaces("PSIS PSIs PSI-2 psi Psi 30psi") == std::vector<std::string>{"PSIs", "PSI"});
  CHECK(surfaces("tyres at 30 psi").empty());
  CHECK(surfaces("USA and FTAX and XFTA").empty());
  CHECK(surfaces("ÉFTA FTAé").empty());
}

TEST_CASE("recogniser: ALL-CAPS headings") {
  // A line with three or more words, 60% of its letters capitals and two capitalised words
  // that are not known short forms is a heading: in it a short form that is also an English
  // word (ERA, US) is taken for the word.
  CHECK(surfaces("A NEW ERA FOR JAPAN-ROK RELATIONS") == std::vector<std::string>{"ROK"});
  CHECK(surfaces("US AND ROK TALKS RESUME") == std::vector<std::string>{"ROK"});
  CHECK(surfaces("The ERA passed; US and ROK agreed.") == std::vector<std::string>{"ERA", "US", "ROK"});
  CHECK(surfaces("ROK, US AND JSDF") == std::vector<std::string>{"ROK", "US", "JSDF"});  // one ordinary word
  // long forms are not acronyms: they match in headings
  CHECK(surfaces("THE FREE TRADE AGREEMENT IS SIGNED") == std::vector<std::string>{"FREE TRADE AGREEMENT"});
  CHECK(surfaces("WHY THE US-ROK FTA MATTERS NOW") == std::vector<std::string>{"US-ROK FTA"});
  CHECK(surfaces("WHY THE U.S. MATTERS NOW") == std::vector<std::string>{"U.S."});
}

TEST_CASE("recogniser: Unicode word boundaries and scripts") {
  CHECK(surfaces("GSOMIA는 종료") == std::vector<std::string>{"GSOMIA"});
  CHECK(surfaces("日本のGSOMIAと") == std::vector<std::string>{"GSOMIA"});
  CHECK(surfaces("지소미아는") == std::vector<std::string>{"지소미아"});
  CHECK(surfaces("«FTA» “PSI” (JSDF) [G7] 6PT/2+2") == std::vector<std::string>{"FTA", "PSI", "JSDF", "G7", "6PT", "2+2"});
  CHECK(surfaces("GSOMIA😂 and 😂FTA") == std::vector<std::string>{"GSOMIA", "FTA"});
}

TEST_CASE("recogniser: a range scan returns absolute offsets inside the range") {
  std::string text = "FTA one. PSI two. GSOMIA three.";
  std::vector<Mention> all = fixture().recognizer.scan(text, Language::PlainText);
  REQUIRE(all.size() == 3);
  std::vector<Mention> part = fixture().recognizer.scan(text, Language::PlainText, Span{9, 18});
  REQUIRE(part.size() == 1);
  CHECK(part[0] == all[1]);
}

TEST_CASE("recogniser: mentions are sorted, disjoint and name the form") {
  std::string text = "The Proliferation Security Initiative (PSI), the PSI, and the 1965 treaty.";
  std::vector<Mention> ms = fixture().recognizer.scan(text, Language::PlainText);
  REQUIRE(ms.size() == 4);
  CHECK(ms[0].form == FormKind::Long);
  CHECK(ms[1].form == FormKind::Short);
  CHECK(ms[3].form == FormKind::Pattern);
  for (size_t k = 1; k < ms.size(); ++k) CHECK(ms[k - 1].span.end <= ms[k].span.begin);
}

TEST_CASE("recogniser: a pattern that does not compile is reported and left out") {
  std::vector<Term> terms(1);
  terms[0].id = "bad";
  terms[0].longForm = "Bad Term";
  terms[0].patterns = {"(?:unclosed", "x*"};
  terms[0].origin = {"bad.json", 7};
  std::vector<DataError> errors;
  Recognizer r = Recognizer::build(terms, errors);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].format().rfind("bad.json:7: term 'bad'", 0) == 0);
  CHECK(errors[1].message.find("empty") != std::string::npos);
  CHECK(r.scan("the Bad Term", Language::PlainText).size() == 1);
}

TEST_CASE("recogniser: required literals of patterns") {
  CHECK(requiredLiterals("(?:the\\s+)?1965\\s+(?:normali[sz]ation\\s+)?treaty") == std::vector<std::string>{"treaty"});
  CHECK(requiredLiterals("normali[sz]ation\\s+of") == std::vector<std::string>{"normalisation", "normalization"});
  CHECK(requiredLiterals("(?:comfort|sex)\\s+slaves?") == std::vector<std::string>{"slave", "slaves"});
  CHECK(requiredLiterals("Dokdo|Takeshima") == std::vector<std::string>{"dokdo", "takeshima"});
  CHECK(requiredLiterals("\\bAB\\b").empty());    // too short to look for
  CHECK(requiredLiterals("[a-z]+ment").empty() == false);
  CHECK(requiredLiterals("(?i)\\QU.S.-ROK\\E\\s+alliance") == std::vector<std::string>{"u.s.-rok"});
}

TEST_CASE("recogniser: ten thousand terms still find the right one") {
  std::vector<Term> terms;
  for (int i = 0; i < 10000; ++i) {
    Term t;
    t.id = "t" + std::to_string(i);
    std::string sf;
    for (int n = i, k = 0; k < 4; ++k, n /= 26) sf += static_cast<char>('A' + n % 26);
    t.shortForm = sf;
    t.longForm = "Long Name Number " + std::to_string(i);
    terms.push_back(t);
  }
  std::vector<DataError> errors;
  Recognizer r = Recognizer::build(terms, errors);
  std::vector<Mention> ms = r.scan("see ABAA and long name number 9999 and AAAAX", Language::PlainText);
  REQUIRE(ms.size() == 2);
  CHECK(terms[ms[0].term].shortForm == "ABAA");
  CHECK(ms[1].term == 9999);
}

namespace {

/// The surfaces of the mentions of a one-term recogniser with `patterns` (and `longForm`).
std::vector<std::string> patternSurfaces(std::vector<std::string> patterns, const std::string& text,
                                         const std::string& longForm = "") {
  std::vector<Term> terms(1);
  terms[0].id = "p";
  terms[0].patterns = std::move(patterns);
  terms[0].longForm = longForm;
  std::vector<DataError> errors;
  Recognizer r = Recognizer::build(terms, errors);
  REQUIRE(errors.empty());
  std::vector<std::string> out;
  for (const Mention& m : r.scan(text, Language::PlainText)) out.push_back(text.substr(m.span.begin, m.span.size()));
  return out;
}

}  // namespace

// The scan looks for a pattern's required strings only where a token of the text starts when
// the analysis proves they always start a word; these would be missed if it proved too much.
TEST_CASE("recogniser: required strings that may start inside a word are still found") {
  using V = std::vector<std::string>;
  // "treaty" follows word characters inside the match
  CHECK(patternSurfaces({"\\w*treaty"}, "the Peacetreaty was signed") == V{"Peacetreaty"});
  CHECK(patternSurfaces({"[a-z]+ment\\s+deal"}, "an agreement deal") == V{"agreement deal"});
  // an optional separator: "East" may follow "South" directly
  CHECK(patternSurfaces({"South[-\\s]?East\\s+Asian\\s+Nations"}, "SouthEast Asian Nations") == V{"SouthEast Asian Nations"});
  // a repetition whose second round starts inside a word
  CHECK(patternSurfaces({"(?:ab)+cdef\\s+treaty"}, "the ababcdef treaty") == V{"ababcdef treaty"});
  // after a repeated character class that holds letters
  CHECK(patternSurfaces({"[xy]+stockholm\\s+talks"}, "the xystockholm talks") == V{"xystockholm talks"});
}

TEST_CASE("recogniser: requirements across parts, leading punctuation, words inside literal matches") {
  using V = std::vector<std::string>;
  // the requirement "us-"/"states-" spans the alternation and the hyphen
  const std::string fta = "(?:US|United\\s+States)[-–]Korea\\s+(?:FTA|free\\s+trade\\s+agreement)";
  CHECK(patternSurfaces({fta}, "the United States-Korea FTA and the US–Korea free trade agreement") ==
        V{"United States-Korea FTA", "US–Korea free trade agreement"});
  CHECK(patternSurfaces({fta}, "a Korea FTA, the US, and an agreement").empty());
  // a required string with a quotation mark in front is looked up without it
  CHECK(patternSurfaces({"[\"“]comfort\\s+women[\"”]\\s+deal"}, "the “comfort women” deal") == V{"“comfort women” deal"});
  // "Supreme" starts a token inside the literal match "Korean Supreme Court", which the token
  // loop jumps over; the longer pattern match must still be found
  CHECK(patternSurfaces({"Supreme\\s+Court\\s+ruling\\s+of\\s+2018"}, "the Korean Supreme Court ruling of 2018",
                        "Korean Supreme Court") == V{"Supreme Court ruling of 2018"});
  CHECK(patternSurfaces({"Supreme\\s+Court\\s+ruling\\s+of\\s+2018"}, "the Korean Supreme Court said",
                        "Korean Supreme Court") == V{"Korean Supreme Court"});
  // CJK: every character starts a token
  CHECK(patternSurfaces({"日韓\\s*GSOMIA"}, "今年の日韓GSOMIA延長") == V{"日韓GSOMIA"});
}

// A pattern runs in a window as wide as its syntax allows around its required word: bounded
// parts by their longest match in bytes (case-insensitive: "k" also matches the 3-byte
// Kelvin sign), repeated white space by 16 bytes, anything unbounded by 160.
TEST_CASE("recogniser: pattern windows are as wide as a match can reach") {
  using V = std::vector<std::string>;
  const std::string kelvin5 = "\u212A\u212A\u212A\u212A\u212A";
  const std::string spaces16(16, ' ');
  CHECK(patternSurfaces({"k{5}\\s+treaty"}, "the " + kelvin5 + spaces16 + "treaty") == V{kelvin5 + spaces16 + "treaty"});
  CHECK(patternSurfaces({"(?:the\\s+)?(?:big\\s+|small\\s+)?treaty\\s+of\\s+(?:19|20)\\d\\d"},
                        "see The  small   treaty of  1965.") == V{"The  small   treaty of  1965"});
  // unbounded: up to 160 bytes before the required word
  const std::string words(150, 'x');
  CHECK(patternSurfaces({"[a-z]+\\s+treaty"}, words + " treaty") == V{words + " treaty"});
  // white space beyond 16 bytes between a pattern's words is not looked across (nor is it
  // between the words of a literal name)
  CHECK(patternSurfaces({"big\\s+bad\\s+treaty"}, "a big" + std::string(40, ' ') + "bad treaty").empty());
}
