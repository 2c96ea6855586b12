// The recogniser on annotated drafts (gold spans written in tests/data/grammar) and its hard cases.
#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <random>

#include "grammar/lexicon.h"
#include "grammar/recognizer.h"
#include "grammar/text.h"
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
    for (const Mention& m : recognizer.scan(text, language))
      out.push_back({m.span, terms[m.term].id});
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
    out += "[" + text.substr(g.span.begin, g.span.size()) + "|" + g.id + "@" +
           std::to_string(g.span.begin) + "] ";
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

std::vector<std::string> surfaces(const std::string& text,
                                  Language language = Language::PlainText) {
  std::vector<std::string> out;
  for (const Gold& g : fixture().found(text, language))
    out.push_back(text.substr(g.span.begin, g.span.size()));
  return out;
}

} // namespace

TEST_CASE("recogniser: annotated Markdown draft") {
  checkAnnotated("recognizer-basic.md", Language::Markdown);
}
TEST_CASE("recogniser: annotated LaTeX draft") {
  checkAnnotated("recognizer.tex", Language::Latex);
}
TEST_CASE("recogniser: annotated plain text") {
  checkAnnotated("recognizer.txt", Language::PlainText);
}

TEST_CASE("recogniser: plurals and possessives, straight and curly") {
  CHECK(surfaces("two FTAs and the FTA's text") == std::vector<std::string>{"FTAs", "FTA"});
  CHECK(surfaces("the GSOMIA’s annex; GSOMIAs’ fate") ==
        std::vector<std::string>{"GSOMIA", "GSOMIAs"});
  CHECK(surfaces("free trade agreements and Free Trade Agreement") ==
        std::vector<std::string>{"free trade agreements", "Free Trade Agreement"});
}

TEST_CASE("recogniser: the longest match wins") {
  std::vector<Gold> got = fixture().found("the US-ROK FTA", Language::PlainText);
  REQUIRE(got.size() == 1);
  CHECK(got[0].id == "korus");
  CHECK(surfaces("the US and ROK FTA") == std::vector<std::string>{"US", "ROK", "FTA"});
  // a pattern longer than the literals inside it wins over them
  CHECK(surfaces("the 2016 Japan-ROK GSOMIA") ==
        std::vector<std::string>{"the 2016 Japan-ROK GSOMIA"});
  CHECK(surfaces("the 2015 comfort women agreement") ==
        std::vector<std::string>{"the 2015 comfort women agreement"});
  CHECK(surfaces("the comfort women agreement") ==
        std::vector<std::string>{"comfort women agreement"});
}

TEST_CASE("recogniser: nothing inside a longer word, nothing in lower case for acronyms") {
  CHECK(surfaces("PSIS PSIs PSI-2 psi Psi 30psi").size() == 2); // PSIs (plural) and PSI in PSI-2
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
  CHECK(surfaces("The ERA passed; US and ROK agreed.") ==
        std::vector<std::string>{"ERA", "US", "ROK"});
  CHECK(surfaces("ROK, US AND JSDF") ==
        std::vector<std::string>{"ROK", "US", "JSDF"}); // one ordinary word
  // long forms are not acronyms: they match in headings
  CHECK(surfaces("THE FREE TRADE AGREEMENT IS SIGNED") ==
        std::vector<std::string>{"FREE TRADE AGREEMENT"});
  CHECK(surfaces("WHY THE US-ROK FTA MATTERS NOW") == std::vector<std::string>{"US-ROK FTA"});
  CHECK(surfaces("WHY THE U.S. MATTERS NOW") == std::vector<std::string>{"U.S."});
}

TEST_CASE("recogniser: a heading's capitals may be outside ASCII") {
  // The quick test that skips prose lines counts every byte of 0x80 or above as a possible
  // capital: here ASCII alone has too few capitals, the accented ones make it a heading.
  CHECK(surfaces("ÀÀÀÀÀ ÀÀÀÀÀ ÀÀÀÀÀ ÀÀÀÀÀ FOR US abcdefghijklmn").empty());
  CHECK(surfaces("aaaaa aaaaa aaaaa aaaaa FOR US abcdefghijklmn") ==
        std::vector<std::string>{"US"});
}

TEST_CASE("recogniser: tokens are found wherever they fall in the 64-byte blocks") {
  // Token bounds come from 64-byte masks: every offset of a block, a token across two, a
  // range that ends inside a token, the text's last bytes.
  const std::vector<std::string> want{"FTA", "GSOMIA", "US-ROK FTA"};
  for (size_t pad = 0; pad < 140; ++pad) {
    for (char fill : {' ', 'x'}) {
      std::string text(pad, fill);
      text += " FTA and GSOMIA, the US-ROK FTA";
      INFO("pad " << pad << " of '" << fill << "'");
      CHECK(surfaces(text) == want);
      CHECK(surfaces(text + ".") == want);
      const size_t g = text.find("GSOMIA");
      std::vector<Mention> part = fixture().recognizer.scan(text, Language::PlainText,
                                                            Span{0, static_cast<uint32_t>(g + 4)});
      REQUIRE(part.size() == 1); // "GSOM" is no mention
      CHECK(text.substr(part[0].span.begin, part[0].span.size()) == "FTA");
    }
  }
  std::string longWords(200, 'a');
  longWords += " PSI ";
  longWords.append(200, 'a');
  CHECK(surfaces(longWords) == std::vector<std::string>{"PSI"});
}

TEST_CASE("recogniser: Unicode word boundaries and scripts") {
  CHECK(surfaces("GSOMIA는 종료") == std::vector<std::string>{"GSOMIA"});
  CHECK(surfaces("日本のGSOMIAと") == std::vector<std::string>{"GSOMIA"});
  CHECK(surfaces("지소미아는") == std::vector<std::string>{"지소미아"});
  CHECK(surfaces("«FTA» “PSI” (JSDF) [G7] 6PT/2+2") ==
        std::vector<std::string>{"FTA", "PSI", "JSDF", "G7", "6PT", "2+2"});
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
  for (size_t k = 1; k < ms.size(); ++k)
    CHECK(ms[k - 1].span.end <= ms[k].span.begin);
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
  CHECK(requiredLiterals("(?:the\\s+)?1965\\s+(?:normali[sz]ation\\s+)?treaty") ==
        std::vector<std::string>{"treaty"});
  CHECK(requiredLiterals("normali[sz]ation\\s+of") ==
        std::vector<std::string>{"normalisation", "normalization"});
  CHECK(requiredLiterals("(?:comfort|sex)\\s+slaves?") ==
        std::vector<std::string>{"slave", "slaves"});
  CHECK(requiredLiterals("Dokdo|Takeshima") == std::vector<std::string>{"dokdo", "takeshima"});
  CHECK(requiredLiterals("\\bAB\\b").empty()); // too short to look for
  CHECK(requiredLiterals("[a-z]+ment").empty() == false);
  CHECK(requiredLiterals("(?i)\\QU.S.-ROK\\E\\s+alliance") == std::vector<std::string>{"u.s.-rok"});
}

TEST_CASE("recogniser: plurals whose first bytes differ from the form's") {
  // Tokens are let through by their first four bytes: the plural of a form shorter than
  // that must be let through by its own ("ROKs", "UNs", "acts" for ROK, UN, act).
  std::vector<Term> terms;
  for (const char* id : {"ROK", "UN", "act", "tax"}) {
    Term t;
    t.id = id;
    (std::isupper(static_cast<unsigned char>(id[0])) ? t.shortForm : t.longForm) = id;
    terms.push_back(t);
  }
  std::vector<DataError> errors;
  Recognizer r = Recognizer::build(terms, errors);
  REQUIRE(errors.empty());
  const std::string text = "two ROKs, the UNs, three acts and a tax";
  std::vector<std::string> found;
  for (const Mention& m : r.scan(text, Language::PlainText))
    found.push_back(text.substr(m.span.begin, m.span.size()));
  CHECK(found == std::vector<std::string>{"ROKs", "UNs", "acts", "tax"});
}

TEST_CASE("recogniser: start tables key a token by its first bytes and its length") {
  // forms: a plural is let through by its own length ("Partnerships", "acts"), a word that
  // only shares the first four bytes ("strategic", "partners") is not a mention
  std::vector<Term> terms;
  for (const char* form : {"strategy", "Partnership", "act"}) {
    Term t;
    t.id = form;
    t.longForm = form;
    terms.push_back(t);
  }
  std::vector<DataError> errors;
  Recognizer r = Recognizer::build(terms, errors);
  REQUIRE(errors.empty());
  const std::string text =
      "strategic, a strategy; partners in Partnerships and a partnership; three acts";
  std::vector<std::string> found;
  for (const Mention& m : r.scan(text, Language::PlainText))
    found.push_back(text.substr(m.span.begin, m.span.size()));
  CHECK(found == std::vector<std::string>{"strategy", "Partnerships", "partnership", "acts"});
}

TEST_CASE("recogniser: ten thousand terms still find the right one") {
  std::vector<Term> terms;
  for (int i = 0; i < 10000; ++i) {
    Term t;
    t.id = "t" + std::to_string(i);
    std::string sf;
    for (int n = i, k = 0; k < 4; ++k, n /= 26)
      sf += static_cast<char>('A' + n % 26);
    t.shortForm = sf;
    t.longForm = "Long Name Number " + std::to_string(i);
    terms.push_back(t);
  }
  std::vector<DataError> errors;
  Recognizer r = Recognizer::build(terms, errors);
  std::vector<Mention> ms =
      r.scan("see ABAA and long name number 9999 and AAAAX", Language::PlainText);
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
  for (const Mention& m : r.scan(text, Language::PlainText))
    out.push_back(text.substr(m.span.begin, m.span.size()));
  return out;
}

} // namespace

// The scan looks for a pattern's required strings only where a token of the text starts when
// the analysis proves they always start a word; these would be missed if it proved too much.
TEST_CASE("recogniser: required strings that may start inside a word are still found") {
  using V = std::vector<std::string>;
  // "treaty" follows word characters inside the match
  CHECK(patternSurfaces({"\\w*treaty"}, "the Peacetreaty was signed") == V{"Peacetreaty"});
  CHECK(patternSurfaces({"[a-z]+ment\\s+deal"}, "an agreement deal") == V{"agreement deal"});
  // an optional separator: "East" may follow "South" directly
  CHECK(patternSurfaces({"South[-\\s]?East\\s+Asian\\s+Nations"}, "SouthEast Asian Nations") ==
        V{"SouthEast Asian Nations"});
  // a repetition whose second round starts inside a word
  CHECK(patternSurfaces({"(?:ab)+cdef\\s+treaty"}, "the ababcdef treaty") == V{"ababcdef treaty"});
  // after a repeated character class that holds letters
  CHECK(patternSurfaces({"[xy]+stockholm\\s+talks"}, "the xystockholm talks") ==
        V{"xystockholm talks"});
}

TEST_CASE(
    "recogniser: requirements across parts, leading punctuation, words inside literal matches") {
  using V = std::vector<std::string>;
  // the requirement "us-"/"states-" spans the alternation and the hyphen
  const std::string fta = "(?:US|United\\s+States)[-–]Korea\\s+(?:FTA|free\\s+trade\\s+agreement)";
  CHECK(
      patternSurfaces({fta}, "the United States-Korea FTA and the US–Korea free trade agreement") ==
      V{"United States-Korea FTA", "US–Korea free trade agreement"});
  CHECK(patternSurfaces({fta}, "a Korea FTA, the US, and an agreement").empty());
  // a required string with a quotation mark in front is looked up without it
  CHECK(patternSurfaces({"[\"“]comfort\\s+women[\"”]\\s+deal"}, "the “comfort women” deal") ==
        V{"“comfort women” deal"});
  // "Supreme" starts a token inside the literal match "Korean Supreme Court", which the token
  // loop jumps over; the longer pattern match must still be found
  CHECK(patternSurfaces({"Supreme\\s+Court\\s+ruling\\s+of\\s+2018"},
                        "the Korean Supreme Court ruling of 2018",
                        "Korean Supreme Court") == V{"Supreme Court ruling of 2018"});
  CHECK(patternSurfaces({"Supreme\\s+Court\\s+ruling\\s+of\\s+2018"},
                        "the Korean Supreme Court said",
                        "Korean Supreme Court") == V{"Korean Supreme Court"});
  // CJK: every character starts a token
  CHECK(patternSurfaces({"日韓\\s*GSOMIA"}, "今年の日韓GSOMIA延長") == V{"日韓GSOMIA"});
}

// A required string that starts a token may be all of it ("japan" of "Japan-Korea": the token
// is exactly that long) or only its start ("interoperab": every longer token, also one of more
// than the sixteen bytes the start tables count).
TEST_CASE("recogniser: required strings found in tokens of every length") {
  using V = std::vector<std::string>;
  CHECK(patternSurfaces({"Japan[-–]Korea\\s+summit"},
                        "a Japan-Korea summit, a Japanese-Korea summit, a Japan–Korea summit") ==
        V{"Japan-Korea summit", "Japan–Korea summit"});
  CHECK(patternSurfaces({"interoperab\\w+\\s+rules"},
                        "interop rules, interoperable rules, interoperabilityframeworks rules") ==
        V{"interoperable rules", "interoperabilityframeworks rules"});
  CHECK(patternSurfaces({"treat(?:y|ies)\\s+of\\s+peace"},
                        "the treaties of peace and a treaty of peace, not treatment of peace") ==
        V{"treaties of peace", "treaty of peace"});
}

// A pattern runs in a window as wide as its syntax allows around its required word: bounded
// parts by their longest match in bytes (case-insensitive: "k" also matches the 3-byte
// Kelvin sign), repeated white space by 16 bytes, anything unbounded by 160.
TEST_CASE("recogniser: pattern windows are as wide as a match can reach") {
  using V = std::vector<std::string>;
  const std::string kelvin5 = "\u212A\u212A\u212A\u212A\u212A";
  const std::string spaces16(16, ' ');
  CHECK(patternSurfaces({"k{5}\\s+treaty"}, "the " + kelvin5 + spaces16 + "treaty") ==
        V{kelvin5 + spaces16 + "treaty"});
  CHECK(patternSurfaces({"(?:the\\s+)?(?:big\\s+|small\\s+)?treaty\\s+of\\s+(?:19|20)\\d\\d"},
                        "see The  small   treaty of  1965.") == V{"The  small   treaty of  1965"});
  // unbounded: up to 160 bytes before the required word
  const std::string words(150, 'x');
  CHECK(patternSurfaces({"[a-z]+\\s+treaty"}, words + " treaty") == V{words + " treaty"});
  // white space beyond 16 bytes between a pattern's words is not looked across (nor is it
  // between the words of a literal name)
  CHECK(patternSurfaces({"big\\s+bad\\s+treaty"}, "a big" + std::string(40, ' ') + "bad treaty")
            .empty());
}

namespace {

/// A random pattern over a small vocabulary: words, white space, optional and repeated groups,
/// alternations, classes, \w and \d; what the requirement analysis must get right.
class PatternMaker {
public:
  explicit PatternMaker(uint32_t seed) : rng_(seed) {}
  std::string pattern() { return alternation(0); }
  std::string text() {
    // white space up to 16 bytes long: the most a pattern's \\s+ is taken to span
    static const char* const kSeps[] = {
        " ",  " ",  " ",   "-",        "\xE2\x80\x93", "  ",
        "\n", ", ", "'s ", "\u2019s ", "\n        ",   "                "};
    std::string t;
    while (t.size() < 300) {
      t += pick(words());
      if (rng_() % 9 == 0)
        t += static_cast<char>('a' + rng_() % 26);
      t += kSeps[rng_() % (sizeof kSeps / sizeof *kSeps)];
    }
    return t;
  }

private:
  static const std::vector<std::string>& words() {
    static const std::vector<std::string> w = {
        "treaty", "Korea",   "US",      "of",    "the",   "k", "ss", "agreement", "2015",
        "Self",   "Defense", "defence", "Japan", "talks", "x", "AB", "free",      "trade"};
    return w;
  }
  std::string pick(const std::vector<std::string>& v) { return v[rng_() % v.size()]; }
  std::string atom(int depth) {
    switch (rng_() % 12) {
    case 0:
      return depth < 2 ? "(?:" + alternation(depth + 1) + ")" : pick(words());
    case 1:
      return "[-\xE2\x80\x93\\s]";
    case 2:
      return "[cs]";
    case 3:
      return "\\w";
    case 4:
      return "\\d";
    case 5:
      return "\\s";
    default:
      return pick(words());
    }
  }
  std::string repeated(int depth) {
    std::string a = atom(depth);
    switch (rng_() % 10) {
    case 0:
      return a + "?";
    case 1:
      return a + "+";
    case 2:
      return a.size() > 2 ? "(?:" + a + ")*" : a;
    case 3:
      return "(?:" + a + "){1,2}";
    case 4:
      return "(?:" + a + "){2}";
    default:
      return a;
    }
  }
  std::string sequence(int depth) {
    static const char* const kJoin[] = {"\\s+", "\\s+", "\\s*", "", "-", "[-\xE2\x80\x93]", "\\s"};
    std::string s = repeated(depth);
    for (int n = static_cast<int>(rng_() % 4); n > 0; --n)
      s += kJoin[rng_() % 7] + repeated(depth);
    return s;
  }
  std::string alternation(int depth) {
    std::string s = sequence(depth);
    if (rng_() % 4 == 0)
      s += "|" + sequence(depth);
    return s;
  }
  std::mt19937 rng_;
};

/// Every match of `re` in `text` as the recogniser accepts them, found by RE2 over the whole
/// text: leftmost-longest, at word boundaries, non-overlapping.
std::vector<Span> everyMatch(const re2::RE2& re, const std::string& text) {
  // the code point that ends before `i` and the one that starts at `i` (0 at the ends)
  auto before = [&](size_t i) -> char32_t {
    if (i == 0)
      return 0;
    size_t s = i - 1, len = 0;
    while (s > 0 && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80)
      --s;
    return decodeUtf8(text, s, len);
  };
  auto at = [&](size_t i) -> char32_t {
    size_t len = 0;
    return i < text.size() ? decodeUtf8(text, i, len) : 0;
  };
  auto word = [](char32_t c) { return c != 0 && isWordCodePoint(c); };
  std::vector<Span> out;
  re2::StringPiece whole(text), m;
  size_t pos = 0;
  while (pos < text.size() && re.Match(whole, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    size_t b = static_cast<size_t>(m.data() - text.data()), e = b + m.size();
    // as the recogniser: no word character right before or after, unless a CJK one is involved
    bool ok = e > b && (!word(before(b)) || isCjkCodePoint(before(b)) || isCjkCodePoint(at(b))) &&
              (!word(at(e)) || isCjkCodePoint(at(e)) || isCjkCodePoint(before(e)));
    // a match that starts or ends inside a multi-byte character is not one
    ok = ok && (static_cast<unsigned char>(text[b]) & 0xC0) != 0x80 &&
         (e == text.size() || (static_cast<unsigned char>(text[e]) & 0xC0) != 0x80);
    if (ok) {
      out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
      pos = e;
    } else {
      pos = b + 1;
      while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80)
        ++pos;
    }
  }
  return out;
}

} // namespace

// The requirements, word-start proofs and window bounds only ever decide where RE2 runs: the
// mentions must be exactly those of RE2 run over the whole text.
TEST_CASE("recogniser: random patterns find what RE2 over the whole text finds") {
  int compared = 0, found = 0;
  for (uint32_t seed = 0; seed < 1500; ++seed) {
    PatternMaker make(seed);
    const std::string pattern = make.pattern();
    std::string error;
    std::shared_ptr<const re2::RE2> re = detail::compiledPattern(pattern, error);
    if (!re)
      continue;
    std::vector<Term> terms(1);
    terms[0].id = "p";
    terms[0].patterns = {pattern};
    std::vector<DataError> errors;
    Recognizer r = Recognizer::build(terms, errors);
    REQUIRE(errors.empty());
    for (int t = 0; t < 4; ++t) {
      const std::string text = make.text();
      std::vector<Span> got;
      for (const Mention& m : r.scan(text, Language::PlainText))
        got.push_back(m.span);
      const std::vector<Span> want = everyMatch(*re, text);
      INFO("pattern " << pattern << "\ntext " << text);
      REQUIRE(got == want);
      ++compared;
      found += static_cast<int>(want.size());
    }
  }
  // The patterns must match often enough for the comparison to mean something.
  CHECK(compared > 3000);
  CHECK(found > 2000);
}
