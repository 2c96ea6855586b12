// The incremental checks equal a full run of the checks after every edit (a differential test).
#include <catch2/catch.hpp>
#include <random>

#include "grammar/analysis_incremental.h"
#include "grammar/files.h"
#include "server/features/checks_incremental.h"

using namespace accord;
using namespace accord::features;

namespace {

/// The checks' test Knowledge (checks_fixture.h) as a shared_ptr, which analyses keep.
std::shared_ptr<const Knowledge> checksKnowledge() {
  static std::shared_ptr<const Knowledge> k = [] {
    KnowledgeOptions o;
    o.corpusRoots = {std::string(ACCORD_TEST_DATA_DIR) + "/unit/checks-data/corpus"};
    o.lexiconDirs = {std::string(ACCORD_TEST_DATA_DIR) + "/unit/checks-data/lexicon"};
    o.wellKnown = {"UN", "US", "EU", "UK", "USA", "NATO"};
    return Knowledge::build(o);
  }();
  return k;
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

std::string show(Span s) {
  return std::to_string(s.begin) + "-" + std::to_string(s.end);
}

/// Everything a finding says, one line each, in order.
std::string describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += std::string(toString(f.code)) + " " + std::string(toString(f.severity)) + " " +
           show(f.span) + " " + f.message + "\n";
    for (const RelatedSpan& r : f.related)
      out += "  related " + std::to_string(r.source) + " " + show(r.span) + " " + r.message + "\n";
    for (const FixData& x : f.fixes)
      out += "  fix " + std::string(toString(x.kind)) + " " + show(x.target) + " " + x.text +
             " drop " + show(x.drop) + " " + x.dropText + " " + x.shortForm + "\n";
  }
  return out;
}

const char* kParagraphs[] = {
    "Japan and the ROK signed the General Security of Military Information Agreement (GSOMIA) "
    "in 2014.",
    "GSOMIA matters. The PSI and the FTA are discussed, as is the US.",
    "The Working Group on Maritime Safety (WGMS) met twice; the WGMS report followed.",
    "The DPRK tested again. THAAD was deployed and the KAMD grew; THAAD stays.",
    "South Korea (ROK) and the Republic of Korea (ROK) are one, and the ROK leads.",
    "The Proliferation Safety Initiative (PSI) differs. PSI works.",
    "Humanitarian assistance and disaster relief (HADR) drills are useful.",
    "“The NSC and the KAMD”, he said, “are THAAD’s.” The NSC met.",
    "> The MND said the OPCON transfer was near.",
    "GSOMIA was signed in 2019 by Japan and the ROK, and later suspended in 2019.",
    "Free trade agreements (FTAs) multiply; each FTA differs. The TCS met.",
    "SEOUL, Dec. 3 — The NIS spoke at 3 PM; SK Hynix and the JMSDF agreed.",
    "A table | with the OPCON | and HADR |",
    "한국어 문장 다음에 GSOMIA 와 😂 FTA 가 온다, and the WGMS.",
    "The Office of Quiet Diplomacy (OQD) met; the Office of Quiet Diplomacy and OQD signed in "
    "2015.",
    "OQD staff read the Harbour Board (HB) notes. The HB, the OQD and the Harbour Board agree.",
    "The Office of Loud Diplomacy (OQD) and the HB differ on THAAD.",
};

std::string makeDraft(std::mt19937& rng, Language language, int paragraphs) {
  std::string text;
  for (int i = 0; i < paragraphs; ++i) {
    if (language == Language::Markdown && rng() % 4 == 0)
      text += std::string(rng() % 2 ? "# " : "## ") + "Part " + std::to_string(i) + " on THAAD\n\n";
    if (language == Language::Latex && rng() % 5 == 0)
      text += "\\section{Part " + std::to_string(i) + "}\n\n";
    text += kParagraphs[rng() % std::size(kParagraphs)];
    text += rng() % 5 == 0 ? "\n" : "\n\n";
  }
  return text;
}

/// A random edit: typing or deleting a few characters, pasting a paragraph or a phrase that
/// one of the checks reads, joining or splitting paragraphs.
std::string randomEdit(std::mt19937& rng, const std::string& text) {
  static const char* kInserts[] = {"a",
                                   " ",
                                   "G",
                                   "(",
                                   ")",
                                   "\n",
                                   "\n\n",
                                   "FTA",
                                   " PSI ",
                                   "GSOMIA",
                                   "ROK",
                                   "THAAD",
                                   " (THAAD)",
                                   "(ROK)",
                                   "“",
                                   "”",
                                   "\"",
                                   "> ",
                                   "## ",
                                   "# ",
                                   "```\n",
                                   "$$",
                                   "    code",
                                   "signed",
                                   " 2016",
                                   "South Korea",
                                   "(WGMS)",
                                   "Working Group on Maritime Safety (WGMS)",
                                   "Terminal High Altitude Area Defense (THAAD)",
                                   "NSC's",
                                   "KAMD-related",
                                   "PM",
                                   "한",
                                   "😂",
                                   "|",
                                   "-",
                                   " (OQD)",
                                   "(HB)",
                                   "Loud",
                                   "Quiet",
                                   "Office of Quiet Diplomacy (OQD)"};
  std::string out = text;
  size_t pos = text.empty() ? 0 : rng() % (text.size() + 1);
  while (pos > 0 && pos < out.size() && (static_cast<unsigned char>(out[pos]) & 0xC0) == 0x80)
    --pos;
  switch (rng() % 5) {
  case 0: {
    size_t len = std::min<size_t>(rng() % 8, out.size() - pos);
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

struct Run {
  int steps = 0;
  int incremental = 0;
};

/// Edits `text` `steps` times, checking after each that the incremental checks equal a full
/// analysis and a full run of the checks.
void differential(const std::shared_ptr<const Knowledge>& k, std::string text, Language language,
                  const CheckOptions& options, std::mt19937& rng, int steps, Run& run,
                  std::string (*edit)(std::mt19937&, const std::string&) = randomEdit) {
  auto analysis = analyzeFull(k, text, language);
  auto checks = updateChecks(nullptr, analysis, {}, text, options);
  REQUIRE(describe(checks->findings) ==
          describe(runChecks(*k, *analysis->analysis, text, language, options)));
  for (int step = 0; step < steps; ++step) {
    std::string next = edit(rng, text);
    auto nextAnalysis = reanalyze(analysis, text, next);
    CheckUpdate how;
    auto nextChecks = updateChecks(checks, nextAnalysis, text, next, options, &how);
    auto full = analyzeFull(k, next, language);
    std::string want = describe(runChecks(*k, *full->analysis, next, language, options));
    INFO("language " << static_cast<int>(language) << " step " << step << " "
                     << (how.incremental ? "incremental, window " + show(how.window)
                                         : std::string("full: ") + how.why)
                     << "\n--- before\n"
                     << text << "\n--- after\n"
                     << next);
    REQUIRE(describe(nextChecks->findings) == want);
    run.incremental += how.incremental;
    ++run.steps;
    text = std::move(next);
    analysis = nextAnalysis;
    checks = nextChecks;
  }
}

} // namespace

TEST_CASE("incremental checks equal a full run over random edits") {
  auto k = checksKnowledge();
  REQUIRE(k);
  CheckOptions sections;
  sections.scope = FirstUseScope::Section;
  CheckOptions quiet; // a check off changes which findings speak for which key
  quiet[CheckCode::NeverSpelledOut] = Severity::Off;
  quiet[CheckCode::UsedOnce] = Severity::Information;
  int variant = 0;
  for (const CheckOptions& options : {CheckOptions(), sections, quiet}) {
    for (Language language : {Language::Markdown, Language::PlainText, Language::Latex}) {
      std::mt19937 rng(4321 + 10 * variant + static_cast<int>(language));
      Run run;
      for (int doc = 0; doc < 4; ++doc)
        differential(k, makeDraft(rng, language, 14), language, options, rng, 50, run);
      // Most edits must take the incremental path, or the test proves nothing about it.
      INFO("options " << variant << " language " << static_cast<int>(language) << ": "
                      << run.incremental << " of " << run.steps << " incremental");
      CHECK(run.incremental > run.steps / 2);
    }
    ++variant;
  }
}

TEST_CASE("incremental checks: edits beside what another paragraph reads") {
  auto k = checksKnowledge();
  REQUIRE(k);
  struct Case {
    const char* name;
    std::string before, after;
    bool incremental = true; ///< with first use per document
  };
  const std::string intro = "First para.\n\nSouth Korea (ROK) leads. The ROK acts.\n\n"
                            "Then THAAD came.\n\nThe THAAD stays. The DPRK waits.\n";
  const Case cases[] = {
      // "introduced by" reads the mention before: typing between them changes it.
      {"between a name and its acronym", intro,
       "First para.\n\nSouth Korea x(ROK) leads. The ROK acts.\n\nThen THAAD came.\n\n"
       "The THAAD stays. The DPRK waits.\n"},
      // ... also across a blank line, where the mention before is in another paragraph
      {"a name before a blank line", "They met South Korea\n\n(ROK) leads. The ROK acts.\n",
       "They met South Koreans\n\n(ROK) leads. The ROK acts.\n"},
      // a quotation opened in one paragraph pairs with nothing after a blank line
      {"a quotation mark typed", intro,
       "First para.\n\nSouth Korea (ROK) leads. The ROK acts.\n\nThen “THAAD came.\n\n"
       "The THAAD” stays. The DPRK waits.\n"},
      // joining two paragraphs: the second THAAD's first use moves
      {"joining paragraphs", intro,
       "First para.\n\nSouth Korea (ROK) leads. The ROK acts.\n\nThen THAAD came.\nThe THAAD "
       "stays. The DPRK waits.\n"},
      // a definition of a known term added after its first use
      {"a definition added", intro,
       "First para.\n\nThe DPRK fired. South Korea (ROK) leads. The ROK acts.\n\nThen THAAD "
       "came.\n\nThe THAAD stays. The Democratic People's Republic of Korea (DPRK) waits.\n"},
      // a definition of a term the Knowledge lacks makes it the draft's own: its key is checked
      // again whole, with the mention after each of its mentions
      {"a term of the draft's own defined", intro,
       "First para.\n\nSouth Korea (ROK) leads. The ROK acts.\n\nThen THAAD came.\n\nThe "
       "Terminal High Altitude Area Defense (THAAD) stays. The DPRK waits.\n"},
      // ... and one defined first in another paragraph: the THAAD before it is used before
      // its definition now, two paragraphs away
      {"a term of the draft's own defined after its first use", intro,
       "First para.\n\nSouth Korea (ROK) leads. The ROK acts.\n\nThen THAAD came.\n\nThe "
       "THAAD stays. The DPRK waits. The Terminal High Altitude Area Defense (THAAD) too.\n"},
      // the draft's own term spelled out another way: its uses far away read the new long form
      {"a term of the draft's own spelled out otherwise",
       "The Office of Quiet Diplomacy (OQD) met.\n\nMiddle para.\n\nThe OQD and the Office of "
       "Quiet Diplomacy agreed; OQD staff signed in 2014.\n",
       "The Office of Loud Diplomacy (OQD) met.\n\nMiddle para.\n\nThe OQD and the Office of "
       "Quiet Diplomacy agreed; OQD staff signed in 2014.\n"},
      // and a term of the draft's own that goes away moves the ids of those after it
      {"a term of the draft's own undefined",
       "The Office of Quiet Diplomacy (OQD) met.\n\nThe Harbour Board (HB) met.\n\nThe OQD and "
       "the HB agreed; HB staff and OQD staff.\n",
       "The Office of Quiet Diplomacy met.\n\nThe Harbour Board (HB) met.\n\nThe OQD and "
       "the HB agreed; HB staff and OQD staff.\n"},
      // a heading makes the use in it not count
      {"a heading made", intro,
       "First para.\n\nSouth Korea (ROK) leads. The ROK acts.\n\n# Then THAAD came.\n\n"
       "The THAAD stays. The DPRK waits.\n"},
  };
  for (const Case& c : cases) {
    for (CheckOptions options : {CheckOptions(), [] {
                                   CheckOptions o;
                                   o.scope = FirstUseScope::Section;
                                   return o;
                                 }()}) {
      INFO(c.name);
      auto a = analyzeFull(k, c.before, Language::Markdown);
      auto checks = updateChecks(nullptr, a, {}, c.before, options);
      auto b = reanalyze(a, c.before, c.after);
      CheckUpdate how;
      auto next = updateChecks(checks, b, c.before, c.after, options, &how);
      auto full = analyzeFull(k, c.after, Language::Markdown);
      CHECK(describe(next->findings) ==
            describe(runChecks(*k, *full->analysis, c.after, Language::Markdown, options)));
      if (options.scope == FirstUseScope::Document)
        CHECK(how.incremental == c.incremental);
    }
  }
}

TEST_CASE("incremental checks: a one-character edit in a long draft re-checks a few short "
          "forms") {
  auto k = bundledKnowledge();
  REQUIRE(k);
  std::string text;
  REQUIRE(
      readFile(std::string(ACCORD_TEST_DATA_DIR) + "/drafts/heldout/camp-david-brief.md", text));
  std::string longText;
  for (int i = 0; i < 20; ++i)
    longText += text + "\n\n";
  auto a = analyzeFull(k, longText, Language::Markdown);
  auto checks = updateChecks(nullptr, a, {}, longText, {});
  REQUIRE(!checks->findings.empty());
  size_t at = longText.find("the", longText.size() / 2);
  REQUIRE(at != std::string::npos);
  std::string next = longText;
  next.insert(at + 1, "x");
  auto b = reanalyze(a, longText, next);
  CheckUpdate how;
  auto updated = updateChecks(checks, b, longText, next, {}, &how);
  CHECK(how.incremental);
  CHECK(how.window.size() < next.size() / 20);
  auto full = analyzeFull(k, next, Language::Markdown);
  CHECK(describe(updated->findings) ==
        describe(runChecks(*k, *full->analysis, next, Language::Markdown, {})));
}

TEST_CASE("incremental checks over random edits of the briefs, with the bundled Knowledge") {
  auto k = bundledKnowledge();
  REQUIRE(k);
  const char* briefs[] = {"heldout/camp-david-brief.md", "heldout/forced-labour.md",
                          "heldout/nuclear-cable.txt",   "tune/normalization-note.tex",
                          "tune/thaad-brief.md",         "tune/export-memo.txt"};
  std::mt19937 rng(77);
  Run run;
  for (const char* brief : briefs) {
    std::string text;
    REQUIRE(readFile(std::string(ACCORD_TEST_DATA_DIR) + "/drafts/" + brief, text));
    std::string_view name(brief);
    Language language = name.ends_with(".tex")  ? Language::Latex
                        : name.ends_with(".md") ? Language::Markdown
                                                : Language::PlainText;
    differential(k, text, language, {}, rng, 40, run);
  }
  CHECK(run.incremental > run.steps / 2);
}

TEST_CASE("incremental checks with a house style, over random edits of the Korean and "
          "Japanese drafts") {
  auto k = bundledKnowledge();
  REQUIRE(k);
  CheckOptions styled;
  styled.houseStyle.islets = "Dokdo";
  styled.houseStyle.sea = "East Sea";
  const char* drafts[] = {"cjk/tune/ko-history.md", "cjk/tune/ja-security.md",
                          "cjk/heldout/ja-history.md", "cjk/heldout/mixed-ja-alliance.md"};
  std::mt19937 rng(1905);
  Run run;
  for (const char* draft : drafts) {
    std::string text;
    REQUIRE(readFile(std::string(ACCORD_TEST_DATA_DIR) + "/drafts/" + draft, text));
    // ja-security names 竹島 and 日本海 (the others name Takeshima Day, 독도, or neither)
    auto a = analyzeFull(k, text, Language::Markdown);
    bool styleFinding = false;
    for (const Finding& f : runChecks(*k, *a->analysis, text, Language::Markdown, styled))
      styleFinding = styleFinding || f.code == CheckCode::HouseStyle;
    INFO(draft);
    differential(k, text, Language::Markdown, styled, rng, 30, run);
    if (std::string_view(draft).find("ja-security") != std::string_view::npos)
      CHECK(styleFinding);
  }
  CHECK(run.incremental > run.steps / 2);
}
