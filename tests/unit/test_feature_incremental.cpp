// The incremental re-analysis equals a full analysis after every edit (a differential test).
#include <catch2/catch.hpp>
#include <random>

#include "grammar/analysis_incremental.h"

using namespace accord;

namespace {

std::shared_ptr<const Knowledge> fixtureKnowledge() {
  static std::shared_ptr<const Knowledge> k = [] {
    KnowledgeOptions o;
    o.corpusRoots = {std::string(ACCORD_TEST_DATA_DIR) + "/unit/data/features/corpus"};
    o.lexiconDirs = {std::string(ACCORD_TEST_DATA_DIR) + "/unit/data/features/lexicon"};
    o.wellKnown = {"UN", "US"};
    return Knowledge::build(o);
  }();
  return k;
}

std::string describe(const DraftAnalysis& a, std::string_view text) {
  std::string out;
  for (const Mention& m : a.mentions)
    out += "M " + std::to_string(m.term) + " " + std::to_string(m.span.begin) + "-" +
           std::to_string(m.span.end) + " " + std::to_string(static_cast<int>(m.form)) + " " +
           std::string(text.substr(m.span.begin, m.span.size())) + "\n";
  for (const DraftDefinition& d : a.definitions)
    out += "D " + toString(d.term) + " " + d.definition.shortForm + "|" + d.definition.longForm +
           " " + std::to_string(d.definition.shortSpan.begin) + "-" +
           std::to_string(d.definition.shortSpan.end) + " " +
           std::to_string(d.definition.longSpan.begin) + "-" +
           std::to_string(d.definition.longSpan.end) + " s" +
           std::to_string(d.definition.sentence.begin) + "-" +
           std::to_string(d.definition.sentence.end) + "\n";
  for (const Section& s : a.sections)
    out += "S " + std::to_string(s.level) + " " + s.title + " " + std::to_string(s.heading.begin) +
           "-" + std::to_string(s.heading.end) + " " + std::to_string(s.body.begin) + "-" +
           std::to_string(s.body.end) + "\n";
  for (const Term& t : a.localTerms)
    out += "L " + t.shortForm + "|" + t.longForm + "\n";
  for (const Span& s : a.sentences)
    out += "T " + std::to_string(s.begin) + "-" + std::to_string(s.end) + "\n";
  return out;
}

const char* kParagraphs[] = {
    "Japan and the ROK signed the General Security of Military Information Agreement (GSOMIA) "
    "in 2016.",
    "GSOMIA matters. The PSI and the FTA are discussed, as is the US.",
    "The Working Group on Maritime Safety (WGMS) met twice; the WGMS report followed.",
    "한국어 문장 다음에 GSOMIA 와 😂 FTA 가 온다.",
    "Takeshima, or Dokdo, and the 2015 comfort women agreement.",
    "Free trade agreements (FTAs) multiply; each FTA differs.",
    "Line one of a paragraph\r\ncontinues with the Six-Party Talks (6PT) here.",
    // The draft's own terms, their long forms used elsewhere, one defined two ways:
    "The Office of Quiet Diplomacy (OQD) drafts; the Office of Quiet Diplomacy and OQD meet.",
    "OQD staff read the Joint Harbour Council (JHC) notes on the Joint Harbour Council.",
    "The Office of Loud Diplomacy (OQD) and the JHC disagree about the WGMS.",
};

std::string makeDraft(std::mt19937& rng, Language language, int paragraphs) {
  std::string text;
  for (int i = 0; i < paragraphs; ++i) {
    if (language == Language::Markdown && rng() % 5 == 0)
      text += "## Heading " + std::to_string(i) + "\n\n";
    if (language == Language::Latex && rng() % 5 == 0)
      text += "\\section{Part " + std::to_string(i) + "}\n\n";
    text += kParagraphs[rng() % std::size(kParagraphs)];
    text += rng() % 4 == 0 ? "\r\n\r\n" : "\n\n";
  }
  return text;
}

/// A random edit: typing or deleting a few characters, pasting a paragraph, or breaking one.
std::string randomEdit(std::mt19937& rng, const std::string& text) {
  static const char* kInserts[] = {"a",        " ",       "G",
                                   "S",        "(",       ")",
                                   "\n",       "\n\n",    "FTA",
                                   " PSI ",    "GSOMIA",  "ROK",
                                   "한",       "😂",       "(WGMS)",
                                   "Trade",    "## ",     "`",
                                   "```\n",    "$$",      "\\begin{verbatim}",
                                   "    code", "$",       "\n---\n",
                                   " (OQD)",   "(JHC)",   "Loud",
                                   "Quiet",    "Harbour", "Office of Quiet Diplomacy (OQD)"};
  std::string out = text;
  size_t pos = text.empty() ? 0 : rng() % (text.size() + 1);
  while (pos > 0 && pos < out.size() && (static_cast<unsigned char>(out[pos]) & 0xC0) == 0x80)
    --pos;
  switch (rng() % 4) {
  case 0: {
    size_t len = std::min<size_t>(rng() % 6, out.size() - pos);
    while (pos + len < out.size() && (static_cast<unsigned char>(out[pos + len]) & 0xC0) == 0x80)
      ++len;
    out.erase(pos, len);
    break;
  }
  case 1:
    out.insert(pos, kParagraphs[rng() % std::size(kParagraphs)]);
    break;
  default:
    out.insert(pos, kInserts[rng() % std::size(kInserts)]);
  }
  return out;
}

} // namespace

TEST_CASE("incremental re-analysis equals full analysis over random edits") {
  auto k = fixtureKnowledge();
  REQUIRE(k);
  for (Language language : {Language::Markdown, Language::PlainText, Language::Latex}) {
    std::mt19937 rng(1234 + static_cast<int>(language));
    int incremental = 0;
    for (int doc = 0; doc < 6; ++doc) {
      std::string text = makeDraft(rng, language, 12);
      auto state = analyzeFull(k, text, language);
      for (int step = 0; step < 60; ++step) {
        std::string next = randomEdit(rng, text);
        UpdateKind kind;
        auto updated = reanalyze(state, text, next, &kind);
        auto full = analyzeFull(k, next, language);
        INFO("language " << static_cast<int>(language) << " doc " << doc << " step " << step
                         << " kind " << static_cast<int>(kind) << "\n--- before\n"
                         << text << "\n--- after\n"
                         << next);
        REQUIRE(describe(*updated->analysis, next) == describe(*full->analysis, next));
        REQUIRE(updated->nonProse == full->nonProse);
        REQUIRE(updated->knownMentions == full->knownMentions);
        if (kind == UpdateKind::Incremental)
          ++incremental;
        text = std::move(next);
        state = updated;
      }
    }
    // Most small edits must take the fast path, or the test proves nothing about it.
    CHECK(incremental > 6 * 60 / 3);
  }
}

TEST_CASE("edits that change how text far away reads still equal a full analysis") {
  // Each edit adds or removes a delimiter whose pair is paragraphs away (found by fuzz_edits).
  auto k = fixtureKnowledge();
  REQUIRE(k);
  struct Case {
    Language language;
    std::string before, after;
  };
  const std::string body =
      "# Brief\n\nThe GSOMIA matters.\n\nThe PSI and the FTA.\n\nEnd of the FTA note.\n";
  const std::vector<Case> cases = {
      // YAML front matter: an edit closes it (the heading and the GSOMIA become metadata) …
      {Language::Markdown, "---\ntitle: x\n" + body, "---\ntitle: x\n" + body + "\n---\n"},
      // … or reopens it.
      {Language::Markdown, "---\ntitle: x\n---\n" + body, "---\ntitle: x\n--\n" + body},
      {Language::Markdown, "--\ntitle: x\n" + body + "\n...\n",
       "---\ntitle: x\n" + body + "\n...\n"},
      // A paragraph that starts with "---" (a thematic break) analysed alone must not open
      // front matter: typing "---" under "Overview" makes it a setext heading.
      {Language::Markdown, "Intro.\n\n---\nOverview\n",
       "Intro.\n\n---\nOverview\n---\nThe GSOMIA."},
      // A paragraph whose text repeats elsewhere: typing in the other copy must not change how
      // the sentence before it reads (splitSentences reads such a paragraph as a pull quote a
      // sentence runs on over; a draft's sentences do not, or this edit would change them two
      // paragraphs away from it).
      {Language::Markdown,
       "## Background\n\nThe alliance held firm through the long talks of the decade.\n\n"
       "sixth round of the GSOMIA talks ended.\n\nLater: The alliance held firm through the "
       "long talks of the decade.\n",
       "## Background\n\nThe alliance held firm through the long talks of the decade.\n\n"
       "sixth round of the GSOMIA talks ended.\n\nLater: The alliance held firmly through the "
       "long talks of the decade.\n"},
      // A sentence carried over a footnote into the paragraph after it: the edit makes that
      // paragraph start in lower case, two paragraphs below the sentence's start.
      {Language::Markdown,
       "Intro.\n\nThe GSOMIA was signed in Seoul\n\n1 A footnote that names its source at "
       "length.\n\nBy the ROK and Japan in 2016.\n",
       "Intro.\n\nThe GSOMIA was signed in Seoul\n\n1 A footnote that names its source at "
       "length.\n\nby the ROK and Japan in 2016.\n"},
      // A '$' typed at the end of a LaTeX draft whose first paragraph has a stray '$'.
      {Language::Latex, "Costs in $ and yen.\n\nThe GSOMIA and the FTA (costs)",
       "Costs in $ and yen.\n\nThe GSOMIA and the FTA (costs)$"},
  };
  for (const Case& c : cases) {
    auto state = analyzeFull(k, c.before, c.language);
    UpdateKind kind;
    auto updated = reanalyze(state, c.before, c.after, &kind);
    auto full = analyzeFull(k, c.after, c.language);
    INFO("--- before\n" << c.before << "\n--- after\n" << c.after);
    CHECK(describe(*updated->analysis, c.after) == describe(*full->analysis, c.after));
    CHECK(updated->nonProse == full->nonProse);
  }
}

TEST_CASE("a one-character edit in a large draft is incremental") {
  auto k = fixtureKnowledge();
  std::mt19937 rng(99);
  std::string text = makeDraft(rng, Language::Markdown, 3000);
  auto state = analyzeFull(k, text, Language::Markdown);
  // The draft is rich: known terms, its own terms (WGMS), definitions and sections.
  CHECK(state->analysis->mentions.size() > 3000);
  CHECK(state->analysis->definitions.size() > 300);
  CHECK(state->analysis->localTerms.size() >= 1);
  CHECK(state->analysis->sections.size() > 100);
  std::string next = text;
  size_t pos = text.size() / 2;
  pos = text.find("GSOMIA", pos);
  REQUIRE(pos != std::string::npos);
  next.insert(pos + 6, "s");
  UpdateKind kind;
  auto updated = reanalyze(state, text, next, &kind);
  CHECK(kind == UpdateKind::Incremental);
  CHECK(describe(*updated->analysis, next) ==
        describe(*analyzeFull(k, next, Language::Markdown)->analysis, next));
  // An unchanged text keeps the analysis.
  reanalyze(updated, next, next, &kind);
  CHECK(kind == UpdateKind::Unchanged);
}

TEST_CASE("typing beside a code block stays incremental, editing its fence does not") {
  // A window with a fence or an indented line in it is analysed alone when the edit leaves
  // the non-prose ranges as they were; an edit to the fence itself re-analyses the draft.
  auto k = fixtureKnowledge();
  REQUIRE(k);
  const std::string text =
      "# Brief\n\nThe GSOMIA matters.\n\n```text\nFTA inside code\n```\n\nThe PSI and the FTA "
      "note.\n\n"
      "    indented FTA code\n\nEnd of the WGMS (Working Group on Maritime Safety) note.\n";
  struct Case {
    std::string after;
    UpdateKind kind;
  };
  auto at = [&](const std::string& anchor, size_t offset, const std::string& insert) {
    std::string t = text;
    t.insert(text.find(anchor) + offset, insert);
    return t;
  };
  const std::vector<Case> cases = {
      {at("The PSI", 4, "x"), UpdateKind::Incremental},            // the paragraph after the fence
      {at("The GSOMIA", 4, "FTA "), UpdateKind::Incremental},      // the paragraph before it
      {at("End of the", 0, "The ROK. "), UpdateKind::Incremental}, // after the indented line
      {at("FTA inside", 0, "x"), UpdateKind::Incremental},         // inside the code: same ranges
      {at("```text", 1, "x"), UpdateKind::Full},                   // the fence broken: not code
      {at("    indented", 0, "x"), UpdateKind::Full},              // no longer indented code
  };
  auto state = analyzeFull(k, text, Language::Markdown);
  for (const Case& c : cases) {
    UpdateKind kind;
    auto updated = reanalyze(state, text, c.after, &kind);
    auto full = analyzeFull(k, c.after, Language::Markdown);
    INFO("--- after\n" << c.after);
    CHECK(kind == c.kind);
    CHECK(describe(*updated->analysis, c.after) == describe(*full->analysis, c.after));
    CHECK(updated->nonProse == full->nonProse);
  }
}

TEST_CASE("paragraphs of a draft with bare-CR lines are the sentence splitter's") {
  // Lines that end in a lone CR are one paragraph for the sentence splitter (it breaks lines
  // at LF); a window split at "\r\r" cut a definition whose sentence ran across them
  // (fuzz_edits: the texts are its input's, trimmed).
  auto k = fixtureKnowledge();
  REQUIRE(k);
  const std::string head =
      "three\n\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 GSOMIA\xeb\x8a\x94\r\n\xc2\xa5\r\n\r\r\r\r\r";
  const std::string tail = "\r\r\r\r\n\r\r\r\r\ron Agreement (GSOMIA) mat# New\nline\r\n";
  const std::string before = head + "\r\r\r\r" + tail;
  const std::string after = head + "\U0001F602\r\r\r\r" + tail;
  for (Language language : {Language::PlainText, Language::Markdown, Language::Latex}) {
    auto state = analyzeFull(k, before, language);
    auto updated = reanalyze(state, before, after, nullptr);
    auto full = analyzeFull(k, after, language);
    INFO("language " << static_cast<int>(language));
    CHECK(describe(*updated->analysis, after) == describe(*full->analysis, after));
    CHECK(updated->nonProse == full->nonProse);
  }
}

TEST_CASE("an edit that changes the draft's own terms in a large draft is incremental") {
  // Typing in the long form of the first definition of a term the draft defines itself changes
  // that term (and its mentions anywhere); adding a definition adds a term and moves the ids of
  // the terms after it; removing one takes a term away. None of it needs a full analysis.
  auto k = fixtureKnowledge();
  std::mt19937 rng(7);
  std::string text = "The Harbour Safety Board (HSB) met. The Harbour Safety Board and the HSB "
                     "agree.\n\n" +
                     makeDraft(rng, Language::Markdown, 2000) +
                     "The Harbour Safety Board spoke last; the HSB too.\n";
  auto state = analyzeFull(k, text, Language::Markdown);
  REQUIRE(state->analysis->localTerms.size() >= 4);
  const std::string added = "The Quiet Harbour Group (QHG) met first.\n\n";
  struct Edit {
    std::string find, replace;
  };
  const Edit edits[] = {
      {"Harbour Safety Board (HSB)", "Harbour Maritime Safety Board (HSB)"}, // long form changes
      {"Harbour Maritime Safety Board (HSB)", "Harbour Safety Board (HSB)"}, // and back
      {"The Harbour Safety Board (HSB)", added + "The Harbour Safety Board (HSB)"}, // a new term
      {added, ""},                                                                  // gone again
      {"Safety Board (HSB)", "Safety Board"}, // HSB no longer defined
  };
  for (const Edit& e : edits) {
    std::string next = text;
    const size_t at = next.find(e.find);
    REQUIRE(at != std::string::npos);
    next.replace(at, e.find.size(), e.replace);
    UpdateKind kind;
    const char* why = nullptr;
    auto updated = reanalyze(state, text, next, &kind, &why);
    INFO("edit " << e.find << ": " << (why ? why : ""));
    CHECK(kind == UpdateKind::Incremental);
    auto full = analyzeFull(k, next, Language::Markdown);
    CHECK(describe(*updated->analysis, next) == describe(*full->analysis, next));
    CHECK(updated->knownMentions == full->knownMentions);
    text = std::move(next);
    state = updated;
  }
}
