// analyzeDraft: mentions, the draft's own definitions and local terms, sections.
#include <catch2/catch.hpp>

#include "grammar/analysis.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;

namespace {

std::shared_ptr<const Knowledge> knowledge() {
  static std::shared_ptr<const Knowledge> k = [] {
    KnowledgeOptions o;
    o.corpusRoots = {grammarData("corpus")};
    o.lexiconDirs = {grammarData("lexicon")};
    return Knowledge::build(o);
  }();
  return k;
}

std::vector<std::string> titles(const std::vector<Section>& sections) {
  std::vector<std::string> out;
  for (const Section& s : sections)
    out.push_back(std::to_string(s.level) + " " + s.title);
  return out;
}

} // namespace

TEST_CASE("analysis: a draft's definitions, local terms and mentions") {
  auto k = knowledge();
  REQUIRE(k);
  std::vector<Gold> gold;
  std::string text = stripMarkers(
      "# Trade\n\n"
      "Talks on a [[BWA]] began early. The [[Northeast Asia Cooperation Dialogue]] ([[NEACD]]) "
      "met. A new\n"
      "[[Blue Water Accord]] ([[BWA]]) was signed; [[BWA]] talks went on, and the [[BWAs]] will be "
      "reviewed.\n\n"
      "## The [[FTA]]\n\n"
      "Before the [[FTA]], a [[free trade agreement]] ([[FTA]]) was rare. `BWA` in code.\n",
      gold);
  auto a = analyzeDraft(*k, text, Language::Markdown);
  // mentions: exactly the marked spans
  std::vector<Span> got;
  for (const Mention& m : a->mentions)
    got.push_back(m.span);
  std::vector<Span> want;
  for (const Gold& g : gold)
    want.push_back(g.span);
  CHECK(got == want);

  REQUIRE(a->localTerms.size() == 1);
  const Term& bwa = a->localTerms[0];
  CHECK(bwa.shortForm == "BWA");
  CHECK(bwa.longForm == "Blue Water Accord");
  CHECK(bwa.mined);
  const uint32_t local = static_cast<uint32_t>(k->terms.size());
  CHECK(&a->term(*k, local) == &a->localTerms[0]);

  REQUIRE(a->definitions.size() == 3);
  CHECK(a->definitions[0].definition.shortForm == "NEACD");
  CHECK(a->definitions[0].term == TermRef::known(static_cast<uint32_t>(*k->findId("neacd"))));
  CHECK(a->definitions[1].definition.shortForm == "BWA");
  CHECK(a->definitions[1].term == TermRef::local(0));
  CHECK(a->definitions[2].term == TermRef::known(static_cast<uint32_t>(*k->findId("fta"))));

  // every definition's short form is a mention of its term, with form Short
  for (const DraftDefinition& d : a->definitions) {
    const Mention* m = a->mentionAt(d.definition.shortSpan.begin);
    REQUIRE(m);
    CHECK(m->span == d.definition.shortSpan);
    CHECK(m->form == FormKind::Short);
    REQUIRE(d.term);
    uint32_t id = d.term.isKnown() ? d.term.index : local + d.term.index;
    CHECK(m->term == id);
  }
  // mentions of the local term before and after its definition
  size_t bwaMentions = 0;
  for (const Mention& m : a->mentions)
    bwaMentions += m.term == local;
  CHECK(bwaMentions == 5);
  // mentionAt: inside, at the end, outside
  size_t at = text.find("NEACD");
  REQUIRE(a->mentionAt(static_cast<uint32_t>(at + 2)));
  REQUIRE(a->mentionAt(static_cast<uint32_t>(at + 5)));
  CHECK(a->mentionAt(static_cast<uint32_t>(at + 7)) == nullptr);
  CHECK(a->mentionAt(0) == nullptr);

  CHECK(titles(a->sections) == std::vector<std::string>{"1 Trade", "2 The FTA"});
  CHECK(a->sections[0].body == Span{0, static_cast<uint32_t>(text.size())});
  CHECK(a->sections[1].body.begin == text.find("## The FTA"));
}

TEST_CASE("analysis: a draft defining a known term another way is tied to it") {
  auto k = knowledge();
  auto a = analyzeDraft(*k, "A Proliferation Safety Initiative (PSI) is not the usual one.",
                        Language::PlainText);
  REQUIRE(a->definitions.size() == 1);
  CHECK(a->definitions[0].term == TermRef::known(static_cast<uint32_t>(*k->findId("psi"))));
  CHECK(a->definitions[0].definition.longForm == "Proliferation Safety Initiative");
  CHECK(a->localTerms.empty());
}

TEST_CASE("analysis: Markdown sections, ATX and Setext, not in code") {
  std::string md = "Intro\n\n# One #\n\ntext\n\nTwo\n===\n\n```\n# not a heading\n```\n\n### "
                   "Three\n\nFour\n----\n\n- item\n---\n";
  CHECK(titles(findSections(md, Language::Markdown)) ==
        std::vector<std::string>{"1 One", "1 Two", "3 Three", "2 Four"});
  std::vector<Section> s = findSections(md, Language::Markdown);
  REQUIRE(s.size() == 4);
  CHECK(s[0].body.end == s[1].heading.begin);
  CHECK(s[2].body.end == s[3].heading.begin); // "Four" (level 2) ends "Three" (level 3)
  CHECK(s[3].body.end == md.size());
  CHECK(md.substr(s[1].heading.begin, s[1].heading.size()) == "Two\n===");
}

TEST_CASE("analysis: LaTeX sections") {
  std::string tex = "\\section{Intro}\ntext\n\\subsection*{Detail}\n% "
                    "\\section{Commented}\n\\section[Short]{Long {nested} title}\n";
  CHECK(titles(findSections(tex, Language::Latex)) ==
        std::vector<std::string>{"1 Intro", "2 Detail", "1 Long {nested} title"});
  std::string book = "\\chapter{A}\n\\section{B}\n\\subsection{C}\n";
  CHECK(titles(findSections(book, Language::Latex)) ==
        std::vector<std::string>{"1 A", "2 B", "3 C"});
}

TEST_CASE("analysis: a LaTeX heading ends with its paragraph") {
  // An unclosed \section{ does not take in the paragraphs after it up to a later '}' (TeX
  // stops at the blank line too); a line break inside the argument is fine, CRLF included.
  std::string tex =
      "\\section{Intro and\n\nThe GSOMIA text.} more\n\n\\section{Two\r\nlines}\r\n\r\n"
      "\\subsection[x\n\ny]{Three}\n\\section\r\n{Four}\n\\section{Five\\\n\n}\n";
  CHECK(titles(findSections(tex, Language::Latex)) ==
        std::vector<std::string>{"1 Two\r\nlines", "1 Four"});
}

TEST_CASE("analysis: plain text has only underlined headings") {
  std::string t = "Title\n=====\n\n# not a heading\n\nPart\n----\ntext\n\n-----------\n";
  CHECK(titles(findSections(t, Language::PlainText)) ==
        std::vector<std::string>{"1 Title", "2 Part"});
}

TEST_CASE("analysis: a definition's span reaches its closing parenthesis") {
  // Hovers quote this span and symbols select it: before the three copies became one, they
  // quoted "Republic of Korea (ROK" here, while the checks underlined the whole definition.
  std::string text = "the Republic of Korea (ROK, or South Korea) and (FTA )";
  MinedDefinition d;
  d.longSpan = {4, 21};
  d.shortSpan = {23, 26};
  Span s = definitionSpan(text, d);
  CHECK(text.substr(s.begin, s.size()) == "Republic of Korea (ROK, or South Korea)");
  MinedDefinition fta;
  fta.longSpan = {49, 52};
  fta.shortSpan = {49, 52};
  Span f = definitionSpan(text, fta);
  CHECK(text.substr(f.begin, f.size()) == "FTA )");
}
