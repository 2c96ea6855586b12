// Quick fixes: each fix's edits applied to the draft give the text a careful editor would write.
#include <catch2/catch.hpp>

#include "checks_fixture.h"
#include "server/features/fixes.h"

using namespace accord;
using namespace accord::features;
using accord::testing::check;
using accord::testing::checksKnowledge;
using accord::testing::crlf;

namespace {

/// Applies fix number `which` of the (only) finding with `code` and returns the new text.
std::string fixed(const std::string& text, Language language, CheckCode code, size_t which = 0,
                  const CheckOptions& options = {}) {
  auto c = check(checksKnowledge(), text, language, options);
  const Finding* finding = nullptr;
  for (const Finding& f : c.findings)
    if (f.code == code) {
      REQUIRE_FALSE(finding); // exactly one
      finding = &f;
    }
  REQUIRE(finding);
  std::vector<QuickFix> fixes = quickFixes(*finding, c.text);
  REQUIRE(which < fixes.size());
  CHECK(fixes.front().preferred);
  return applyEdits(c.text, fixes[which].edits);
}

std::string fixTitle(const std::string& text, Language language, CheckCode code, size_t which = 0) {
  auto c = check(checksKnowledge(), text, language);
  for (const Finding& f : c.findings)
    if (f.code == code) {
      auto fixes = quickFixes(f, c.text);
      REQUIRE(which < fixes.size());
      return fixes[which].title;
    }
  FAIL("no finding");
  return {};
}

} // namespace

TEST_CASE("fixes: spell out at first use and drop the later definition", "[fixes]") {
  std::string text =
      "The GSOMIA matters. We signed the General Security of Military Information Agreement "
      "(GSOMIA) later, and GSOMIA works.\n";
  CHECK(fixed(text, Language::PlainText, CheckCode::UsedBeforeDefined) ==
        "The General Security of Military Information Agreement (GSOMIA) matters. We signed the "
        "GSOMIA later, and GSOMIA works.\n");
  CHECK(fixTitle(text, Language::PlainText, CheckCode::UsedBeforeDefined) ==
        "Spell out GSOMIA here and drop the later definition");
  // The same with CRLF line ends and the definition on another line.
  CHECK(fixed(crlf("The GSOMIA matters.\nLater the General Security of Military Information "
                   "Agreement (GSOMIA) came.\nGSOMIA works.\n"),
              Language::PlainText, CheckCode::UsedBeforeDefined) ==
        crlf("The General Security of Military Information Agreement (GSOMIA) matters.\nLater the "
             "GSOMIA came.\nGSOMIA works.\n"));
}

TEST_CASE("fixes: spell out at first use from a plural definition", "[fixes]") {
  CHECK(fixed("One FTA came first. Later free trade agreements (FTAs) multiplied, and FTAs grew.\n",
              Language::PlainText, CheckCode::UsedBeforeDefined) ==
        "One free trade agreement (FTA) came first. Later FTAs multiplied, and FTAs grew.\n");
}

TEST_CASE("fixes: spell out a term the draft never defines", "[fixes]") {
  CHECK(fixed("Missile launches by the DPRK continue; the DPRK tests.\n", Language::PlainText,
              CheckCode::NeverSpelledOut) ==
        "Missile launches by the Democratic People's Republic of Korea (DPRK) continue; the DPRK "
        "tests.\n");
  // A plural use and a lower-case long form at the start of a sentence.
  CHECK(fixed("Talks stalled. FTAs matter. FTAs help.\n", Language::PlainText,
              CheckCode::NeverSpelledOut) ==
        "Talks stalled. Free trade agreements (FTAs) matter. FTAs help.\n");
  // A possessive keeps its ending after the parenthesis.
  CHECK(fixed("We read the DPRK's statement; the DPRK waits.\n", Language::PlainText,
              CheckCode::NeverSpelledOut) ==
        "We read the Democratic People's Republic of Korea (DPRK)'s statement; the DPRK waits.\n");
  // Korean text before the term.
  CHECK(fixed("서울과 도쿄: DPRK tests. DPRK again.\n", Language::PlainText,
              CheckCode::NeverSpelledOut) ==
        "서울과 도쿄: Democratic People's Republic of Korea (DPRK) tests. DPRK again.\n");
}

TEST_CASE("fixes: the long form already written only needs the acronym after it", "[fixes]") {
  std::string text = "The operational control debate is old. OPCON is key, and OPCON stays.\n";
  CHECK(fixTitle(text, Language::PlainText, CheckCode::NeverSpelledOut) ==
        "Add \u201C(OPCON)\u201D after \u201Coperational control\u201D");
  CHECK(fixed(text, Language::PlainText, CheckCode::NeverSpelledOut, 0) ==
        "The operational control (OPCON) debate is old. OPCON is key, and OPCON stays.\n");
  CHECK(fixed(text, Language::PlainText, CheckCode::NeverSpelledOut, 1) ==
        "The operational control debate is old. Operational control (OPCON) is key, and OPCON "
        "stays.\n");
}

TEST_CASE("fixes: use the long form for a single use", "[fixes]") {
  // Never defined, used once: the second fix of never-spelled-out.
  CHECK(fixed("Only one DPRK here.\n", Language::PlainText, CheckCode::NeverSpelledOut, 1) ==
        "Only one Democratic People's Republic of Korea here.\n");
  CHECK(fixTitle("Only one DPRK here.\n", Language::PlainText, CheckCode::NeverSpelledOut, 1) ==
        "Use the long form \u201CDemocratic People's Republic of Korea\u201D");
  // Defined and never used again: drop the parenthesis.
  CHECK(fixed("Humanitarian assistance and disaster relief (HADR) drills are useful.\n",
              Language::PlainText, CheckCode::UsedOnce) ==
        "Humanitarian assistance and disaster relief drills are useful.\n");
  // Inside LaTeX \textbf{} the braces stay.
  CHECK(fixed("Plans for \\textbf{humanitarian assistance and disaster relief (HADR)} exist.\n",
              Language::Latex, CheckCode::UsedOnce) ==
        "Plans for \\textbf{humanitarian assistance and disaster relief} exist.\n");
  // Plural single use, with never-spelled-out off.
  CheckOptions o;
  o[CheckCode::NeverSpelledOut] = Severity::Off;
  CHECK(fixed("Several FTAs were signed.\n", Language::PlainText, CheckCode::UsedOnce, 0, o) ==
        "Several free trade agreements were signed.\n");
}

TEST_CASE("fixes: replace a wrong expansion", "[fixes]") {
  CHECK(fixed("The Proliferation Safety Initiative (PSI) works. PSI grows.\n", Language::PlainText,
              CheckCode::ExpansionDiffers) ==
        "The Proliferation Security Initiative (PSI) works. PSI grows.\n");
  // Two ways: the later one follows the first …
  CHECK(
      fixed("The Joint Planning Cell (JPC) met. The Joint Policy Cell (JPC) met. The JPC ended.\n",
            Language::PlainText, CheckCode::DefinedTwoWays) ==
      "The Joint Planning Cell (JPC) met. The Joint Planning Cell (JPC) met. The JPC ended.\n");
  // … unless only the later one is the commentaries' expansion: then the first is replaced.
  CheckOptions o;
  o[CheckCode::ExpansionDiffers] = Severity::Off;
  CHECK(fixed("The Trilateral Consultation Secretariat (TCS) met. The Trilateral Cooperation "
              "Secretariat (TCS) met. The TCS ended.\n",
              Language::PlainText, CheckCode::DefinedTwoWays, 0, o) ==
        "The Trilateral Cooperation Secretariat (TCS) met. The Trilateral Cooperation "
        "Secretariat (TCS) met. The TCS ended.\n");
}

TEST_CASE("fixes: drop a repeated definition", "[fixes]") {
  CHECK(fixed("The Republic of Korea (ROK) acts. Later the Republic of Korea (ROK) acts again. "
              "The ROK waits.\n",
              Language::PlainText, CheckCode::DefinedTwice) ==
        "The Republic of Korea (ROK) acts. Later the ROK acts again. The ROK waits.\n");
}

TEST_CASE("fixes: correct a contradicted year", "[fixes]") {
  CHECK(fixed("GSOMIA was signed in 2014. GSOMIA holds.\n", Language::PlainText,
              CheckCode::FactContradicts) == "GSOMIA was signed in 2016. GSOMIA holds.\n");
  CHECK(fixTitle("GSOMIA was signed in 2014. GSOMIA holds.\n", Language::PlainText,
                 CheckCode::FactContradicts) == "Change the year to 2016");
  CHECK(fixed("The 1965 treaty, signed in 1966, holds.\n", Language::PlainText,
              CheckCode::FactContradicts) == "The 1965 treaty, signed in 1965, holds.\n");
}

TEST_CASE("fixes: a fix that no longer fits the text is refused", "[fixes]") {
  FixData f;
  f.kind = FixKind::SpellOut;
  f.target = {4, 10};
  f.text = "General Security of Military Information Agreement";
  f.shortForm = "GSOMIA";
  QuickFix q;
  CHECK(buildFix(f, "The GSOMIA holds.", q));
  CHECK_FALSE(buildFix(f, "The treaty holds.", q)); // edited since
  CHECK(q.edits.empty());
  CHECK_FALSE(buildFix(f, "The", q)); // out of range
  FixData y;
  y.kind = FixKind::ReplaceYear;
  y.target = {0, 4};
  y.text = "2016";
  CHECK_FALSE(buildFix(y, "GSOM", q));
  CHECK(buildFix(y, "2014", q));
}

TEST_CASE("fixes: applyEdits and startsSentence", "[fixes]") {
  CHECK(applyEdits("abcdef", {{{4, 5}, "E"}, {{0, 1}, "A"}, {{2, 2}, "+"}}) == "Ab+cdEf");
  CHECK(startsSentence("Hello", 0));
  CHECK(startsSentence("One. Two", 5));
  CHECK_FALSE(startsSentence("One two", 4));
  CHECK(startsSentence("# Heading\n\nText", 11));
  CHECK(startsSentence("- item", 2));
  CHECK(startsSentence("Done.\n\\textbf{Text}", 14));
  CHECK_FALSE(startsSentence("Japan-ROK", 6));
}

// Issue 16: fixes that produce clean prose.
TEST_CASE("fixes: an acronym already in parentheses is spelled out inside them", "[fixes]") {
  CHECK(fixed("The North (DPRK) fired two missiles; the DPRK said so.\n", Language::PlainText,
              CheckCode::NeverSpelledOut) ==
        "The North (Democratic People's Republic of Korea, DPRK) fired two missiles; the DPRK said "
        "so.\n");
}

TEST_CASE("fixes: the word after the acronym is not doubled", "[fixes]") {
  // the test lexicon's HADR expands to "humanitarian assistance and disaster relief"
  CHECK(
      fixed("Navies train for HADR relief at sea, and HADR drills follow.\n", Language::PlainText,
            CheckCode::NeverSpelledOut) ==
      "Navies train for humanitarian assistance and disaster relief (HADR) at sea, and HADR drills "
      "follow.\n");
}

TEST_CASE("fixes: in Korean and Japanese the short form follows the long form without a space",
          "[fixes]") {
  CHECK(fixed("한국은 KAMD를 구축한다. 한국형미사일방어체계(KAMD)는 별도다. KAMD는 중요하다.\n",
              Language::PlainText, CheckCode::UsedBeforeDefined) ==
        "한국은 한국형미사일방어체계(KAMD)를 구축한다. KAMD는 별도다. KAMD는 중요하다.\n");
  // a full-width definition dropped whole, and a Japanese long form
  CHECK(fixed("日本はJADGEを使う。自動警戒管制システム（JADGE）は古い。JADGEは重要だ。\n",
              Language::PlainText, CheckCode::UsedBeforeDefined) ==
        "日本は自動警戒管制システム(JADGE)を使う。JADGEは古い。JADGEは重要だ。\n");
}
