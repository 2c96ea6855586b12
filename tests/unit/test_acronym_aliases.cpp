// Aliases written as acronyms ("USFJ" of USF-J, "KORUS FTA" of KORUS): a draft that spells one
// out defines the known term, in any language, and the checks count their uses; a name in
// capitals ("NORTH KOREA" in a dateline) is not one.
#include <catch2/catch.hpp>

#include "grammar/analysis.h"
#include "server/features/checks.h"

using namespace accord;
using namespace accord::features;

namespace {

std::shared_ptr<const Knowledge> bundledKnowledge() {
  static std::shared_ptr<const Knowledge> k = [] {
    KnowledgeOptions o;
    o.corpusRoots = {Knowledge::bundledCorpusDir()};
    o.lexiconDirs = {Knowledge::bundledLexiconDir()};
    return Knowledge::build(o);
  }();
  return k;
}

/// "code surface" for every finding on `text`.
std::vector<std::string> findings(const std::string& text) {
  auto k = bundledKnowledge();
  auto a = analyzeDraft(*k, text, Language::Markdown);
  std::vector<std::string> out;
  for (const Finding& f : runChecks(*k, *a, text, Language::Markdown, CheckOptions()))
    out.push_back(std::string(toString(f.code)) + " " + text.substr(f.span.begin, f.span.size()));
  return out;
}

/// The term id a draft's first definition is tied to ("" when a term of the draft's own).
std::string definedTerm(const std::string& text) {
  auto k = bundledKnowledge();
  auto a = analyzeDraft(*k, text, Language::Markdown);
  REQUIRE(!a->definitions.empty());
  const TermRef ref = a->definitions.front().term;
  return ref.isKnown() ? k->terms[ref.index].id : std::string();
}

} // namespace

TEST_CASE("acronym aliases: a definition by an alias defines the known term, in any language") {
  REQUIRE(bundledKnowledge());
  CHECK(definedTerm("한미 자유무역협정(KORUS FTA)이 발효되었다.\n") == "korus-fta");
  CHECK(definedTerm("在日米軍（USFJ）の再編が進む。\n") == "usf-j");
  CHECK(definedTerm("United States Forces Japan (USFJ) grew.\n") == "usf-j");
  // an acronym no term has stays the draft's own
  CHECK(definedTerm("The Maritime Safety Group (MSG) met.\n").empty());
}

TEST_CASE("acronym aliases: uses of a spaced alias count, a capitalised name does not") {
  using V = std::vector<std::string>;
  CHECK(findings("# Note\n\nThe Korea-U.S. Free Trade Agreement (KORUS FTA) took effect; KORUS "
                 "FTA talks resumed.\n") == V{});
  CHECK(findings("# Note\n\nThe KORUS FTA took effect in 2012.\n") ==
        V{"never-spelled-out KORUS FTA"});
  CHECK(findings("# Note\n\nThe KORUS FTA held. The Korea-U.S. Free Trade Agreement (KORUS FTA) "
                 "took effect; KORUS FTA talks resumed.\n") == V{"used-before-defined KORUS FTA"});
  // a dateline in capitals names North Korea; it is not an acronym to spell out
  CHECK(findings("SEOUL, NORTH KOREA — Talks resumed.\n").empty());
}
