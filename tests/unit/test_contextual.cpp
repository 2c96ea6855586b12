// Contextual references: "the 2015 agreement" names the comfort women agreement after a draft
// has brought up the comfort women, and nothing anywhere else; the incremental update agrees
// with a full analysis when an edit adds or removes the context.
#include <catch2/catch.hpp>

#include <random>

#include "grammar/analysis_incremental.h"
#include "grammar/knowledge.h"
#include "grammar/lexicon.h"

using namespace accord;

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

/// "surface|id" of every mention of the 2015 agreement in `text` (a Markdown draft).
std::vector<std::string> agreementMentions(std::string_view text) {
  auto k = bundledKnowledge();
  auto a = analyzeDraft(*k, text, Language::Markdown);
  std::vector<std::string> out;
  for (const Mention& m : a->mentions) {
    const Term& t = a->term(*k, m.term);
    if (t.id == "comfort-women-agreement-2015")
      out.push_back(std::string(text.substr(m.span.begin, m.span.size())));
  }
  return out;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("contextual references: the 2015 agreement after the comfort women") {
  REQUIRE(bundledKnowledge());
  CHECK(bundledKnowledge()->errors.empty());
  // The usual brief: the issue first, then the short reference, at a sentence start too.
  CHECK(agreementMentions("# Background\n\nThe comfort women issue returned in 2018.\n\n"
                          "The 2015 agreement set up a foundation. Critics of the December 2015 "
                          "deal said the victims were not heard; the deal of December 2015 "
                          "nonetheless stands.\n") ==
        V{"The 2015 agreement", "the December 2015 deal", "the deal of December 2015"});
  // The foundation it set up is context too; so is the agreement named in full.
  CHECK(agreementMentions("The Reconciliation and Healing Foundation was dissolved in 2019, "
                          "three years after the 2015 agreement created it.\n") ==
        V{"the 2015 agreement"});
  CHECK(agreementMentions("The 2015 comfort women agreement was the high point. Seoul never "
                          "repudiated the 2015 agreement.\n") ==
        V{"The 2015 comfort women agreement", "the 2015 agreement"});
}

TEST_CASE("contextual references: ordinary uses stay ordinary") {
  // No context: another 2015 agreement.
  CHECK(agreementMentions("Tehran accepted limits in the 2015 agreement, and Washington left "
                          "it in 2018.\n")
            .empty());
  // The context comes only after the reference: a reader could not have known.
  CHECK(agreementMentions("The 2015 agreement is fragile. The comfort women issue is not "
                          "settled.\n")
            .empty());
  // A complement names another agreement, even in a draft about the comfort women.
  CHECK(agreementMentions("The comfort women issue dominated 2015. The 2015 agreement on the "
                          "defense guidelines and the 2015 deal with Iran were other news.\n")
            .empty());
  // Neither a year alone nor another year.
  CHECK(agreementMentions("The comfort women issue: the 2014 agreement, the agreement, 2015 "
                          "agreements.\n")
            .empty());
}

TEST_CASE("contextual references: edits that add or remove the context agree with a full "
          "analysis") {
  auto k = bundledKnowledge();
  REQUIRE(k);
  std::string filler;
  for (int i = 0; i < 40; ++i)
    filler += "Paragraph " + std::to_string(i) + " says the 2015 agreement holds.\n\n";
  const std::string without = "# Notes\n\nThe issue is open.\n\n" + filler;
  const std::string with = "# Notes\n\nThe comfort women issue is open.\n\n" + filler;
  const std::string later = "# Notes\n\nThe issue is open.\n\n" + filler +
                            "The comfort women wait. The 2015 agreement is old.\n";
  const std::string typed = "# Notes\n\nThe comfort women issue is open now.\n\n" + filler;
  auto count = [&](const AnalysisState& s, const std::string& text) {
    int n = 0;
    for (const Mention& m : s.analysis->mentions)
      if (s.analysis->term(*k, m.term).id == "comfort-women-agreement-2015")
        ++n;
    (void)text;
    return n;
  };
  const std::vector<std::pair<std::string, std::string>> steps = {
      {without, with}, {with, without}, {without, later}, {later, without}, {with, typed}};
  for (const auto& [before, after] : steps) {
    auto state = analyzeFull(k, before, Language::Markdown);
    UpdateKind kind;
    auto updated = reanalyze(state, before, after, &kind);
    auto full = analyzeFull(k, after, Language::Markdown);
    INFO("before:\n" << before.substr(0, 60) << "\nafter:\n" << after.substr(0, 60));
    CHECK(updated->analysis->mentions == full->analysis->mentions);
    CHECK(count(*updated, after) == count(*full, after));
  }
  // Typing after the context, which stays first, is still an incremental update.
  auto state = analyzeFull(k, with, Language::Markdown);
  UpdateKind kind;
  auto updated = reanalyze(state, with, typed, &kind);
  CHECK(kind == UpdateKind::Incremental);
  CHECK(count(*updated, typed) == 40);
  // And text typed far below it finds its own references.
  std::string appended = with + "Then the 2015 deal was signed again.\n";
  auto more = reanalyze(state, with, appended, &kind);
  CHECK(kind == UpdateKind::Incremental);
  CHECK(count(*more, appended) == 41);
}

TEST_CASE("contextual references: bad entries are reported with file and line") {
  std::vector<DataError> errors;
  auto terms = parseLexicon(R"({"terms": [
  {"id": "a", "kind": "agreement", "long": "Alpha Accord", "gloss": "x",
   "contextual": {"after": ["b"], "patterns": ["the\\s+accord"]}},
  {"id": "bad-shape", "kind": "agreement", "long": "Beta Accord", "gloss": "x",
   "contextual": ["the\\s+accord"]},
  {"id": "bad-pattern", "kind": "agreement", "long": "Gamma Accord", "gloss": "x",
   "contextual": {"patterns": ["the\\s+(accord"]}},
  {"id": "bad-after", "kind": "agreement", "long": "Delta Accord", "gloss": "x",
   "contextual": {"after": ["Not An Id"], "patterns": ["the\\s+pact"]}}
]})",
                            "test.json", errors);
  REQUIRE(terms.size() == 1);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].line == 4);
  CHECK(errors[0].message.find("\"contextual\" must be") != std::string::npos);
  CHECK(errors[1].line == 6);
  CHECK(errors[2].line == 8);
  CHECK(errors[2].message.find("not a term id") != std::string::npos);
  // An id no term has: reported at the entry, the rest of the rule kept.
  errors.clear();
  ContextualReferences c = ContextualReferences::build(terms, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == "test.json");
  CHECK(errors[0].line == 2);
  CHECK(errors[0].message.find("\"b\"") != std::string::npos);
  CHECK_FALSE(c.empty());
  std::string text = "The Alpha Accord came first; the accord held.";
  std::vector<Mention> mentions = {{0, Span{4, 16}, FormKind::Long}};
  c.apply(text, {}, mentions);
  REQUIRE(mentions.size() == 2);
  CHECK(text.substr(mentions[1].span.begin, mentions[1].span.size()) == "the accord");
}

TEST_CASE("contextual references: random edits agree with a full analysis") {
  auto k = bundledKnowledge();
  REQUIRE(k);
  const std::vector<std::string> pieces = {"The comfort women issue is open. ",
                                           "The 2015 agreement holds. ",
                                           "the deal of December 2015 ",
                                           "the 2015 deal with Iran ",
                                           "Seoul and Tokyo talk. ",
                                           "\n\n",
                                           "# Heading\n\n",
                                           "The Reconciliation and Healing Foundation closed. ",
                                           "comfort ",
                                           "women ",
                                           "2015 ",
                                           "the "};
  std::mt19937 rng(2015);
  int incremental = 0, steps = 0;
  for (int doc = 0; doc < 8; ++doc) {
    std::string text;
    for (int i = 0; i < 30; ++i)
      text += pieces[rng() % pieces.size()];
    auto state = analyzeFull(k, text, Language::Markdown);
    for (int step = 0; step < 40; ++step, ++steps) {
      std::string next = text;
      const size_t at = rng() % (next.size() + 1);
      if (rng() % 2 && at < next.size())
        next.erase(at, std::min<size_t>(next.size() - at, 1 + rng() % 30));
      else
        next.insert(at, pieces[rng() % pieces.size()]);
      UpdateKind kind;
      auto updated = reanalyze(state, text, next, &kind);
      auto full = analyzeFull(k, next, Language::Markdown);
      INFO("doc " << doc << " step " << step << "\n--- before\n"
                  << text << "\n--- after\n"
                  << next);
      REQUIRE(updated->analysis->mentions == full->analysis->mentions);
      incremental += kind == UpdateKind::Incremental;
      text = std::move(next);
      state = updated;
    }
  }
  CHECK(incremental > steps / 4);
}
