// Knowledge::build over a fixture corpus and over the bundled one; the term card.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include "grammar/card.h"
#include "grammar/knowledge.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;

namespace {

std::shared_ptr<const Knowledge> fixtureKnowledge() {
  KnowledgeOptions o;
  o.corpusRoots = {grammarData("corpus")};
  o.lexiconDirs = {grammarData("lexicon")};
  o.wellKnown = {"US"};
  return Knowledge::build(o);
}

std::shared_ptr<const Knowledge> bundledKnowledge() {
  static std::shared_ptr<const Knowledge> k = [] {
    KnowledgeOptions o;
    o.corpusRoots = {Knowledge::bundledCorpusDir()};
    o.lexiconDirs = {Knowledge::bundledLexiconDir()};
    o.wellKnown = {"UN", "US", "EU", "UK", "USA", "NATO"};
    return Knowledge::build(o);
  }();
  return k;
}

uint32_t termOf(const Knowledge& k, const std::string& id) {
  auto t = k.findId(id);
  REQUIRE(t);
  return *t;
}

} // namespace

TEST_CASE("knowledge: a corpus root with a catalog, a text without an entry, a lexicon") {
  auto k = fixtureKnowledge();
  REQUIRE(k);
  REQUIRE(k->sources.size() == 2);
  CHECK(k->sources[0].meta.id == "doe2021");
  CHECK(k->sources[1].meta.id == "notes-without-entry");
  CHECK(k->sources[1].meta.title == "Notes on the Dialogue");
  REQUIRE(k->errors.size() == 1);
  CHECK(k->errors[0].message.find("'ghost'") != std::string::npos);
  CHECK(k->errors[0].message.find("missing.txt") != std::string::npos);
  CHECK(k->findSource("doe2021") != nullptr);
  CHECK(k->findSource("ghost") == nullptr);
}

TEST_CASE("knowledge: mined definitions link to lexicon terms or become terms") {
  auto k = fixtureKnowledge();
  REQUIRE(k);
  // NEACD is defined by the corpus and unknown to the lexicon: a mined term
  uint32_t neacd = termOf(*k, "neacd");
  const Term& t = k->terms[neacd];
  CHECK(t.mined);
  CHECK(t.kind == TermKind::Acronym);
  CHECK(t.shortForm == "NEACD");
  CHECK(t.longForm == "Northeast Asia Cooperation Dialogue");
  CHECK(t.sources == std::vector<std::string>{"doe2021", "notes-without-entry"});
  CHECK(t.origin.line == 5);
  const TermIndex& ni = k->index[neacd];
  CHECK(ni.definitions.size() == 2);
  CHECK(ni.sourcesMentioning == 2);
  CHECK(ni.mentions.size() ==
        5); // long + short + "NEACD meetings" in one, long + short in the other
  // FTA: the lexicon term, defined once
  uint32_t fta = termOf(*k, "fta");
  CHECK(!k->terms[fta].mined);
  REQUIRE(k->index[fta].definitions.size() == 1);
  CHECK(definitionQuote(*k, k->index[fta].definitions[0]) ==
        "Seoul and Washington signed a free trade agreement (FTA) in 2007.");
  CHECK(k->index[fta].mentions.size() == 3);
  // every definition's short form is among the mentions
  for (uint32_t id = 0; id < k->terms.size(); ++id)
    for (const SourceDefinition& d : k->index[id].definitions) {
      bool found = false;
      for (const SourceLocation& m : k->index[id].mentions)
        found = found || (m.source == d.source && m.span == d.definition.shortSpan);
      CHECK(found);
    }
  CHECK(k->index[termOf(*k, "psi")].definitions.empty());
  CHECK(k->index[termOf(*k, "psi")].mentions.size() == 1);
  CHECK(k->terms[termOf(*k, "us")].wellKnown);
}

TEST_CASE("knowledge: lookups") {
  auto k = fixtureKnowledge();
  REQUIRE(k);
  CHECK(k->findShort("FTA") == k->findId("fta"));
  CHECK(k->findShort("FTAs") == k->findId("fta"));
  CHECK(!k->findShort("fta"));
  CHECK(!k->findShort(""));
  CHECK(k->findShort("US-ROK FTA") == k->findId("korus"));
  std::vector<uint32_t> ne = k->complete("ne", 10);
  REQUIRE(!ne.empty());
  CHECK(k->terms[ne[0]].id == "neacd");
  std::vector<uint32_t> g = k->complete("g", 10);
  REQUIRE(g.size() == 2); // G7 and GSOMIA, by short form (their long forms start with G too)
  CHECK(k->terms[g[0]].shortForm == "G7");
  CHECK(k->terms[g[1]].shortForm == "GSOMIA");
  std::vector<uint32_t> pr = k->complete("proliferation s", 10);
  REQUIRE(pr.size() == 1);
  CHECK(k->terms[pr[0]].id == "psi");
  std::vector<uint32_t> tk = k->complete("takes", 10);
  REQUIRE(tk.size() == 1);
  CHECK(k->terms[tk[0]].id == "dokdo");
  CHECK(k->complete("zzz", 5).empty());
  CHECK(k->complete("", 3).size() == 3);
}

TEST_CASE("knowledge: lookups work on a hand-made Knowledge too") {
  Knowledge k;
  k.terms.resize(2);
  k.terms[0].id = "a";
  k.terms[0].shortForm = "AB";
  k.terms[1].id = "b";
  k.terms[1].shortForm = "CD";
  CHECK(k.findShort("CDs") == 1u);
  CHECK(k.findId("a") == 0u);
  k.reindex();
  CHECK(k.findShort("AB") == 0u);
}

TEST_CASE("knowledge: progress and cancellation") {
  KnowledgeOptions o;
  o.corpusRoots = {grammarData("corpus")};
  o.lexiconDirs = {grammarData("lexicon")};
  std::vector<int> seen;
  o.progress = [&](int percent, const std::string&) { seen.push_back(percent); };
  REQUIRE(Knowledge::build(o));
  REQUIRE(!seen.empty());
  CHECK(seen.front() == 0);
  CHECK(seen.back() == 100);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  o.cancelled = [] { return true; };
  CHECK(Knowledge::build(o) == nullptr);
  KnowledgeOptions missing;
  missing.corpusRoots = {grammarData("no-such-corpus")};
  auto k = Knowledge::build(missing);
  REQUIRE(k);
  CHECK(k->sources.empty());
  REQUIRE(k->errors.size() == 1);
  CHECK(k->errors[0].message.find("not found") != std::string::npos);
}

TEST_CASE("knowledge: the card, as Markdown and as plain text") {
  auto k = fixtureKnowledge();
  REQUIRE(k);
  std::string md = renderCard(*k, termOf(*k, "fta"), CardFormat::Markdown);
  CHECK(md.find("**FTA** — free trade agreement") != std::string::npos);
  CHECK(md.find("*acronym*") != std::string::npos);
  CHECK(md.find("Test gloss: a treaty that removes barriers to trade.") != std::string::npos);
  CHECK(md.find("> Seoul and Washington signed a free trade agreement (FTA) in 2007.") !=
        std::string::npos);
  CHECK(md.find("Jane Doe, “A Test Commentary on Trade,” Test Series no. 4 (Test Institute, April "
                "2, 2021).") != std::string::npos);
  CHECK(md.find("Mentioned in 1 of 2 commentaries (3 mentions).") != std::string::npos);
  std::string plain = renderCard(*k, termOf(*k, "psi"), CardFormat::PlainText);
  CHECK(plain.rfind("PSI — Proliferation Security Initiative\nKind: initiative\n", 0) == 0);
  CHECK(plain.find("Not spelled out in the commentaries.") != std::string::npos);
  CHECK(plain.find("Mentioned in 1 of 2 commentaries (1 mention).") != std::string::npos);
  std::string korus = renderCard(*k, termOf(*k, "korus"), CardFormat::PlainText);
  CHECK(korus.find("Dates: signed 2007-06-30") != std::string::npos);
  CHECK(korus.find("Parties: United States, Republic of Korea") != std::string::npos);
  CHECK(korus.find("Not mentioned in the commentaries.") != std::string::npos);
  std::string neacd = renderCard(*k, termOf(*k, "neacd"), CardFormat::PlainText);
  CHECK(neacd.find("Defined in Doe 2021 (doe-2021-trade.txt:5):") != std::string::npos);
  CHECK(neacd.find("Also defined in Notes on the Dialogue.") != std::string::npos);
  // Markdown special characters in quoted text are escaped
  Term t;
  t.shortForm = "A_B";
  t.longForm = "a *starred* name";
  std::string escaped = renderCard(*k, t, nullptr, CardFormat::Markdown);
  CHECK(escaped.find("**A\\_B** — a \\*starred\\* name") != std::string::npos);
}

TEST_CASE("knowledge: the bundled corpus and lexicon") {
  auto k = bundledKnowledge();
  REQUIRE(k);
  for (const DataError& e : k->errors)
    FAIL_CHECK(e.format());
  REQUIRE(k->sources.size() == 5);
  for (const Source& s : k->sources)
    CHECK(!s.meta.title.empty());
  // every short form the commentaries define has a term with that corpus definition
  const std::vector<std::string> defined = {
      "FTA", "OPCON", "PSI",  "TCOG", "JMSDF",  "USF-J", "JSDF",  "UNC-R", "ROK", "CJK",
      "TCS", "ACSA",  "CSIS", "DTT",  "GSOMIA", "HADR",  "ASEAN", "TPP",   "GMF", "SPF"};
  for (const std::string& sf : defined) {
    INFO(sf);
    auto t = k->findShort(sf);
    REQUIRE(t);
    CHECK(!k->index[*t].definitions.empty());
    CHECK(k->index[*t].sourcesMentioning >= 1);
  }
  auto fta = k->findShort("FTA");
  REQUIRE(fta);
  CHECK(k->index[*fta].definitions.size() == 2);
  std::set<uint32_t> sources;
  for (const SourceDefinition& d : k->index[*fta].definitions)
    sources.insert(d.source);
  CHECK(sources.size() == 2);
  std::string card = renderCard(*k, *k->findShort("GSOMIA"), CardFormat::PlainText);
  CHECK(card.find("A critical step toward more meaningful defense cooperation between Tokyo and "
                  "Seoul will be the "
                  "conclusion of a General Security of Military Information Agreement (GSOMIA).") !=
        std::string::npos);
  CHECK(card.find("Masahiko Ando, Wei C. Chou, and Aoi Fujita") != std::string::npos);
}

TEST_CASE("knowledge: bundled directories are found") {
  CHECK(!Knowledge::bundledCorpusDir().empty());
  CHECK(!Knowledge::bundledLexiconDir().empty());
}

TEST_CASE(
    "knowledge: a term defined in many commentaries, the card names six and counts the rest") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("accord-many-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (int i = 0; i < 10; ++i) {
    std::ofstream out(dir / ("c" + std::to_string(i) + ".txt"));
    out << "Commentary " << i << "\n\nThe " << (i == 7 ? "Zeta Omega Pact" : "Zeta Omega Treaty")
        << " (ZOT) was signed. The ZOT held.\n";
  }
  KnowledgeOptions o;
  o.corpusRoots = {dir.string()};
  auto k = Knowledge::build(o);
  fs::remove_all(dir);
  REQUIRE(k);
  uint32_t zot = termOf(*k, "zot");
  const TermIndex& index = k->index[zot];
  CHECK(index.definitions.size() == 10);
  CHECK(index.sourcesDefining == 10);
  REQUIRE(index.expansions.size() == 2); // "Treaty" first, then the one "Pact"
  CHECK(index.expansions[0] == 0);
  CHECK(index.definitions[index.expansions[1]].definition.longForm == "Zeta Omega Pact");
  std::string card = renderCard(*k, zot, CardFormat::PlainText);
  CHECK(card.find(
            "Also defined in Commentary 1; Commentary 2; Commentary 3; Commentary 4; Commentary 5; "
            "Commentary 6 and 3 more commentaries.") != std::string::npos);
  // A hand-made index without the precomputed counts gives the same card.
  TermIndex hand;
  hand.definitions = index.definitions;
  hand.mentions = index.mentions;
  hand.sourcesMentioning = index.sourcesMentioning;
  CHECK(renderCard(*k, k->terms[zot], &hand, CardFormat::PlainText) == card);
}
