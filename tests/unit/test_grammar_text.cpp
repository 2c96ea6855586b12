// UTF-8 helpers, sentence splitting on the artefacts of the commentaries, and the prose mask.
#include <catch2/catch.hpp>

#include "grammar/text.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;

namespace {

std::string corpusText(const std::string& file) {
  return readFile(std::string(ACCORD_SOURCE_DATA_DIR) + "/corpus/" + file);
}

/// The cleaned sentence that contains `needle`.
std::string sentenceWith(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return sentenceText(text, sentenceAround(text, static_cast<uint32_t>(at)));
}

std::vector<std::string> masked(const std::string& text, Language language) {
  std::vector<std::string> out;
  for (const Span& s : nonProseRanges(text, language))
    out.push_back(text.substr(s.begin, s.size()));
  return out;
}

} // namespace

TEST_CASE("text: UTF-8 decoding") {
  size_t len = 0;
  CHECK(decodeUtf8("A", 0, len) == U'A');
  CHECK(len == 1);
  CHECK(decodeUtf8("한", 0, len) == U'한');
  CHECK(len == 3);
  CHECK(decodeUtf8("😂", 0, len) == U'😂');
  CHECK(len == 4);
  CHECK(decodeUtf8("\xff", 0, len) == 0xFFFD);
  CHECK(len == 1);
  CHECK(decodeUtf8("\xc0\xaf", 0, len) == 0xFFFD);     // overlong
  CHECK(decodeUtf8("\xed\xa0\x80", 0, len) == 0xFFFD); // surrogate
  CHECK(decodeUtf8("\xe2\x82", 0, len) == 0xFFFD);     // truncated
  CHECK(decodeUtf8("", 0, len) == 0);
  CHECK(len == 0);
}

TEST_CASE("text: word code points and case folding") {
  CHECK(isWordCodePoint(U'a'));
  CHECK(isWordCodePoint(U'7'));
  CHECK(isWordCodePoint(U'é'));
  CHECK(isWordCodePoint(U'한'));
  CHECK(isWordCodePoint(U'日'));
  CHECK(isWordCodePoint(U'Ж'));
  CHECK(!isWordCodePoint(U'-'));
  CHECK(!isWordCodePoint(U'’'));
  CHECK(!isWordCodePoint(U'–'));
  CHECK(!isWordCodePoint(U'¹'));
  CHECK(!isWordCodePoint(U'😂'));
  CHECK(!isWordCodePoint(U'。'));
  CHECK(!isWordCodePoint(0xA0));
  CHECK(isFootnoteMarker(U'⁴'));
  CHECK(isCjkCodePoint(U'한'));
  CHECK(!isCjkCodePoint(U'é'));
  CHECK(foldCase("GSOMIA Été ΔЖ") == "gsomia été δж");
}

TEST_CASE("text: a sentence broken by a page break, a footnote and a running head") {
  std::string text = corpusText("ando-chou-fujita-2014-future-partnership.txt");
  CHECK(sentenceWith(text, "Ideally, this would be initiated") ==
        "Ideally, this would be initiated via the Six-Party Talks, which started in 2003 with the "
        "intention of "
        "solving the North Korean nuclear issue.");
  // the footnote inside it is a sentence of its own
  CHECK(sentenceWith(text, "Chronology of Japan-Korea") ==
        "2 Ministry of Foreign Affairs, Japan \"Chronology of Japan-Korea relationship,\" May 22, "
        "2014, "
        "<http://www.mofa.go.jp/mofaj/files/000005987.pdf>.");
  // "… between South Korea and" / notes / "Policy Brief" / "China would constitute …"
  CHECK(sentenceWith(text, "as many expect") ==
        "If the two nations conclude an FTA by the end of 2014 — as many expect — trade "
        "negotiations between South "
        "Korea and China would constitute among the shortest of any undertaken by Seoul.");
  // a pull quote repeated in the middle of a sentence is skipped
  CHECK(sentenceWith(text, "that both countries are much more inclined") ==
        "These results also verify two trends: first, that Japan and South Korea are capable of "
        "enhancing cooperation "
        "in the context of East Asian or international security, and second, that both countries "
        "are much more "
        "inclined to participate in talks that are facilitated or hosted by the United States.");
}

TEST_CASE("text: a pull quote is a paragraph whose words occur again in the document") {
  // The quote differs from its source in case, spacing, a footnote marker and its closing
  // period; it is skipped between the halves of the sentence it interrupts.
  const std::string source = "Readers will recall that the alliance must endure because trust is "
                             "built slowly over the years.\n\n";
  const std::string broken = "The ministers agreed that the framework between\n\n"
                             "The Alliance must endure because  trust is built slowly\xC2\xB9.\n\n"
                             "the two countries would be reviewed in Tokyo.\n";
  const std::string joined = "The ministers agreed that the framework between the two countries "
                             "would be reviewed in Tokyo.";
  std::string t = source + broken;
  CHECK(sentenceWith(t, "framework between") == joined);
  // the quote is a sentence of its own, nested in the one it interrupts
  CHECK(sentenceWith(t, "Alliance must") ==
        "The Alliance must endure because trust is built slowly.");
  // said only once, the paragraph is prose: the sentence before it ends without punctuation
  t = "Readers will recall that the alliance must last.\n\n" + broken;
  CHECK(sentenceWith(t, "framework between") == "The ministers agreed that the framework between");
  // the other occurrence may run across a paragraph break
  t = "Readers will recall that the alliance must endure because trust is\n\nBuilt slowly, over "
      "the years.\n\n" +
      broken;
  CHECK(sentenceWith(t, "framework between") == joined);
  // text without spaces (no word to anchor the search on) is found the same way
  const std::string quote =
      "\xE6\x97\xA5\xE9\x9F\x93\xE3\x81\xAE\xE5\x8D\x94\xE5\x8A\x9B\xE3\x81\xAF"
      "\xE9\x95\xB7\xE3\x81\x84\xE5\xB9\xB4\xE6\x9C\x88\xE3\x82\x92\xE3\x81\x8B"
      "\xE3\x81\x91\xE3\x81\xA6\xE7\xAF\x89\xE3\x81\x8B\xE3\x82\x8C\xE3\x81\x9F";
  const std::string jp =
      "The memo quotes the phrase and\n\n" + quote + "\n\nthe minister agreed.\n";
  CHECK(sentenceWith("Notes: " + quote + "\xE3\x80\x82\n\n" + jp, "memo quotes") ==
        "The memo quotes the phrase and the minister agreed.");
  CHECK(sentenceWith("Notes.\n\n" + jp, "memo quotes") == "The memo quotes the phrase and");
  // a quote repeated word for word in a long document: the other copies count too
  std::string longer;
  for (int k = 0; k < 50; ++k)
    longer += "Paragraph " + std::to_string(k) + " says nothing much, and ends.\n\n";
  CHECK(sentenceWith(longer + source + longer + broken, "framework between") == joined);
  CHECK(sentenceWith(longer + broken + longer, "framework between") ==
        "The ministers agreed that the framework between");
}

TEST_CASE("text: a running head is a short line said at least twice") {
  const std::string page = "The committee met in Seoul and agreed on the terms of\n\nPolicy "
                           "Brief\n\nthe new accord, which took effect in May.\n\n";
  const std::string joined = "The committee met in Seoul and agreed on the terms of the new "
                             "accord, which took effect in May.";
  CHECK(sentenceWith(page + "POLICY  BRIEF\n\nA later paragraph.\n", "committee met") == joined);
  CHECK(sentenceWith(page + "Policy Briefs\n\nA later paragraph.\n", "committee met") ==
        "The committee met in Seoul and agreed on the terms of");
}

TEST_CASE("text: a draft's sentences run on over footnotes, not over repeated text") {
  auto draftSentenceWith = [](const std::string& text, const std::string& needle) {
    const size_t at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return sentenceText(text, sentenceAround(splitDraftSentences(text), static_cast<uint32_t>(at)));
  };
  // the running head and the pull quote of the two tests above: a commentary's sentence runs
  // on over them, a draft's does not (they are the writer's own paragraphs)
  const std::string page = "The committee met in Seoul and agreed on the terms of\n\nPolicy "
                           "Brief\n\nthe new accord, which took effect in May.\n\n";
  const std::string headed = page + "POLICY  BRIEF\n\nA later paragraph.\n";
  CHECK(sentenceWith(headed, "committee met") != draftSentenceWith(headed, "committee met"));
  CHECK(draftSentenceWith(headed, "committee met") ==
        "The committee met in Seoul and agreed on the terms of");
  // a footnote between the halves is skipped in a draft too
  const std::string noted = "The committee met in Seoul and agreed on the terms of\n\n1 See the "
                            "ministry's statement of May 2, 2016, at length.\n\nthe new accord, "
                            "which took effect in May.\n";
  CHECK(draftSentenceWith(noted, "committee met") ==
        "The committee met in Seoul and agreed on the terms of the new accord, which took effect "
        "in May.");
  CHECK(mayJoinAcrossArtefacts(noted, 0, noted.size()));
  CHECK_FALSE(mayJoinAcrossArtefacts(headed, 0, headed.size()));
}

TEST_CASE("text: footnote markers glued to words end sentences and are dropped from quotes") {
  std::string text = corpusText("ando-chou-fujita-2014-future-partnership.txt");
  CHECK(sentenceWith(text, "is a stated priority of the United States.¹") ==
        "A strong relationship between Japan and South Korea is essential to the stability of East "
        "Asia and is a "
        "stated priority of the United States.");
  CHECK(sentenceWith(text, "required the intermediacy") ==
        "Bringing both heads of state to a face-to-face meeting required the intermediacy of the "
        "United States.");
  std::string glued = "It was agreed in Seoul.4 The talks then moved to Tokyo.";
  std::vector<Span> s = splitSentences(glued);
  REQUIRE(s.size() == 2);
  CHECK(sentenceText(glued, s[0]) == "It was agreed in Seoul.");
  CHECK(sentenceText(glued, s[1]) == "The talks then moved to Tokyo.");
}

TEST_CASE("text: abbreviations do not end sentences") {
  std::string t = "The U.S. Department of State and Mr. Lee met on Apr. 25, 2014 in Washington, "
                  "D.C. Dr. Nishino spoke. No.210 is out.";
  std::vector<Span> s = splitSentences(t);
  REQUIRE(s.size() == 3);
  CHECK(sentenceText(t, s[0]) ==
        "The U.S. Department of State and Mr. Lee met on Apr. 25, 2014 in Washington, D.C.");
  CHECK(sentenceText(t, s[1]) == "Dr. Nishino spoke.");
  CHECK(sentenceText(t, s[2]) == "No.210 is out.");
}

TEST_CASE("text: headings, list items and blank lines end sentences") {
  std::string t =
      "# Title\nFirst line\n\n- item one\n- item two\n\nA sentence broken\nacross lines.";
  std::vector<std::string> got;
  for (const Span& s : splitSentences(t))
    got.push_back(sentenceText(t, s));
  CHECK(got == std::vector<std::string>{"# Title", "First line", "item one", "item two",
                                        "A sentence broken across lines."});
}

TEST_CASE("text: non-prose ranges of Markdown") {
  std::string md =
      "Text `FTA code` and ``a `b` c`` here.\n\n```\nFTA fenced\n```\n\n    indented FTA\n\n"
      "[the FTA](https://x.org/FTA) <https://y.org> <!-- FTA -->\n\n- list\n\n    continuation "
      "stays prose\n";
  std::vector<std::string> m = masked(md, Language::Markdown);
  CHECK(m == std::vector<std::string>{"`FTA code`", "``a `b` c``", "```\nFTA fenced\n```",
                                      "    indented FTA", "https://x.org/FTA", "<https://y.org>",
                                      "<!-- FTA -->"});
}

TEST_CASE("text: Markdown inline markup at every offset of a long line") {
  // Markup characters are looked for 16 bytes at a time, URLs by their last byte.
  for (size_t pad = 0; pad < 40; ++pad) {
    std::string md(pad, 'w');
    md += " `FTA` $x$ [the PSI](x.org) www.a.org, w.www.b.org mailto:p@q.jp a\\`b` and more words "
          "after it";
    INFO("pad " << pad);
    CHECK(masked(md, Language::Markdown) ==
          std::vector<std::string>{"`FTA`", "$x$", "x.org", "www.a.org",
                                   "mailto:p@q.jp"}); // a\\`b` is escaped
  }
}

TEST_CASE("text: non-prose ranges of LaTeX") {
  std::string tex = "\\section{The FTA}\\label{sec:x} % note\nSee \\cite[p.~2]{key} and "
                    "\\textbf{bold} $x+y$ \\%.";
  std::vector<std::string> m = masked(tex, Language::Latex);
  CHECK(m == std::vector<std::string>{"\\section", "\\label{sec:x}", "% note", "\\cite[p.~2]{key}",
                                      "\\textbf", "$x+y$", "\\%"});
}

TEST_CASE("text: LaTeX math ends at a blank line") {
  // A stray '$' pairs only within its paragraph: TeX itself ends math at a blank line.
  std::string tex =
      "Costs in $ and yen.\n\nThe FTA costs $x$ more.\r\n  \r\nA $y\nz$ spans a line break.";
  CHECK(masked(tex, Language::Latex) == std::vector<std::string>{"$x$", "$y\nz$"});
  std::string lone = "Costs in $ and\r\rThe FTA costs $";
  CHECK(masked(lone, Language::Latex).empty());
}

TEST_CASE("text: LaTeX arguments and verb end at a blank line or line end") {
  // An unclosed \cite{ or \end{ does not swallow the paragraphs up to a later '}'.
  std::string tex =
      "See \\cite{key\n\nThe FTA} and \\ref{a\nb} here.\n\\verb|x\nThe PSI| \\verb+y+";
  CHECK(masked(tex, Language::Latex) ==
        std::vector<std::string>{"\\cite", "\\ref{a\nb}", "\\verb|x", "\\verb+y+"});
}

TEST_CASE("text: plain text masks only URLs and e-mail addresses") {
  std::string t =
      "See http://www.mofa.go.jp/a_b.pdf, write to yjpark607@daum.net, or visit www.csis.org.";
  CHECK(masked(t, Language::PlainText) == std::vector<std::string>{"http://www.mofa.go.jp/a_b.pdf",
                                                                   "yjpark607@daum.net",
                                                                   "www.csis.org"});
}

TEST_CASE("text: language ids and extensions") {
  CHECK(languageFromId("markdown") == Language::Markdown);
  CHECK(languageFromId(".md") == Language::Markdown);
  CHECK(languageFromId("latex") == Language::Latex);
  CHECK(languageFromId(".tex") == Language::Latex);
  CHECK(languageFromId("plaintext") == Language::PlainText);
  CHECK(languageFromId("rust") == Language::PlainText);
}

TEST_CASE("quoteText: a short sentence whole, a sentence that runs for pages around its "
          "definition") {
  const std::string shortText = "Before. The Six-Party Talks (SPT) met in 2003. After.";
  const size_t b = shortText.find("The Six"), e = shortText.find(" After");
  CHECK(accord::quoteText(shortText,
                          accord::Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)},
                          accord::Span{static_cast<uint32_t>(shortText.find("Six")),
                                       static_cast<uint32_t>(shortText.find(" met"))}) ==
        "The Six-Party Talks (SPT) met in 2003.");
  // A table or a PDF page without full stops: one "sentence" of 20 KB.
  std::string filler;
  for (int i = 0; filler.size() < 10000; ++i)
    filler += "row " + std::to_string(i) + " cell value\n";
  const std::string longText = filler + "the Six-Party Talks (SPT) opened, in Beijing, " + filler;
  const uint32_t at = static_cast<uint32_t>(longText.find("Six-Party"));
  const uint32_t end = static_cast<uint32_t>(longText.find("(SPT)") + 5);
  std::string q = accord::quoteText(
      longText, accord::Span{0, static_cast<uint32_t>(longText.size())}, accord::Span{at, end});
  INFO(q);
  CHECK(q.size() <= 480 + 16);
  CHECK(q.size() >= 240);
  CHECK(q.find("the Six-Party Talks (SPT) opened") != std::string::npos);
  CHECK(q.rfind("\xE2\x80\xA6 ", 0) == 0);
  CHECK(q.size() >= 4);
  CHECK(q.substr(q.size() - 4) == " \xE2\x80\xA6");
  // cut at words: no fragment of a number or word at either end
  CHECK(q.find("\xE2\x80\xA6 row ") == 0);
}
