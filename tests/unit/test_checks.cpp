// The drafting checks on drafts annotated by hand: each fires exactly where the gold says.
#include <catch2/catch.hpp>

#include "checks_fixture.h"

using namespace accord;
using namespace accord::features;
using accord::testing::annotate;
using accord::testing::asGold;
using accord::testing::check;
using accord::testing::checksKnowledge;
using accord::testing::describe;

namespace {

void expectGold(std::string_view source, Language language, const CheckOptions& options = {},
                bool useCrlf = false) {
  auto a = annotate(useCrlf ? accord::testing::crlf(source) : std::string(source));
  auto c = check(checksKnowledge(), a.text, language, options);
  auto got = asGold(c.findings);
  INFO("expected:\n" << describe(a.text, a.gold) << "got:\n" << describe(a.text, got));
  CHECK(got == a.gold);
}

const Finding* findCode(const std::vector<Finding>& fs, CheckCode code) {
  for (const Finding& f : fs)
    if (f.code == code)
      return &f;
  return nullptr;
}

CheckOptions only(CheckCode code) {
  CheckOptions o;
  for (auto& s : o.severity)
    s = Severity::Off;
  o[code] = defaultSeverity(code);
  return o;
}

// Every first-use check, the expansion check and a wrong year in one Markdown draft.
constexpr std::string_view kMarkdownDraft =
    "# GSOMIA and the region\n"
    "\n"
    "The [[GSOMIA|used-before-defined]] matters. Seoul and Tokyo signed the General Security of "
    "Military Information Agreement (GSOMIA) in [[2014|fact-contradicts]], and GSOMIA now works.\n"
    "\n"
    "Missile launches by the [[DPRK|never-spelled-out]] continue; the DPRK tests again.\n"
    "\n"
    "The Republic of Korea (ROK) and the UN agree with the US. The ROK leads, and the "
    "[[Republic of Korea (ROK)|defined-twice]] follows.\n"
    "\n"
    "The Proliferation Security Initiative (PSI) and the "
    "[[Proliferation Safety Initiative|defined-two-ways]] (PSI) differ. PSI works.\n"
    "\n"
    "Humanitarian assistance and disaster relief ([[HADR|used-once]]) drills are useful.\n"
    "\n"
    "The normalization treaty was signed in 1965, and the comfort women agreement was reached in "
    "December 2015.\n";

} // namespace

TEST_CASE("checks: each check fires exactly where the gold says (Markdown)", "[checks]") {
  expectGold(kMarkdownDraft, Language::Markdown);
}

TEST_CASE("checks: the same draft with CRLF line ends", "[checks]") {
  expectGold(kMarkdownDraft, Language::Markdown, {}, /*useCrlf=*/true);
}

TEST_CASE("checks: a definition inside a LaTeX textbf counts, comments and commands do not",
          "[checks]") {
  expectGold(
      "\\documentclass{article}\n"
      "\\begin{document}\n"
      "\\section{Background}\n"
      "Tokyo and Seoul need \\textbf{General Security of Military Information Agreement (GSOMIA)} "
      "talks, and GSOMIA matters.\n"
      "% OPCON in a comment is not prose, nor is DPRK here.\n"
      "Wartime [[OPCON|never-spelled-out]] transfer is debated, and OPCON shapes plans "
      "\\cite{tester2020}.\n"
      "The Japanese Maritime Self-Defense Force (JMSDF) sails; the JMSDF trains.\n"
      "The [[United Nations Commnad-Rear|expansion-differs]] (UNC-R) is in Japan; UNC-R stays.\n"
      "\\end{document}\n",
      Language::Latex);
}

TEST_CASE("checks: Korean text before a term", "[checks]") {
  expectGold(
      "서울과 도쿄의 관계: [[GSOMIA|never-spelled-out]] remains central. 한국 정부는 GSOMIA 를 "
      "유지한다.\n"
      "대한민국 Republic of Korea (ROK) officials met. 국방부 ROK 장관.\n",
      Language::PlainText);
}

TEST_CASE("checks: an acronym introduced with a Korean or Japanese long form is spelled out",
          "[checks]") {
  // no never-spelled-out, no used-before-defined: the long form is Korean, Japanese
  expectGold("정부는 한일 군사정보보호협정(GSOMIA)을 연장했다. 그러나 GSOMIA는 불안하다.\n",
             Language::PlainText);
  expectGold("日本政府は日韓秘密軍事情報保護協定（GSOMIA）を歓迎した。GSOMIAは重要だ。\n",
             Language::PlainText);
  expectGold("GSOMIA(한일 군사정보보호협정)는 2016년에 체결되었다. GSOMIA는 중요하다.\n",
             Language::PlainText);
  // and the check still fires where it must: a use before the Korean definition
  expectGold("[[GSOMIA|used-before-defined]]는 중요하다. 정부는 한일 군사정보보호협정(GSOMIA)을 "
             "연장했다.\n",
             Language::PlainText);
}

TEST_CASE("checks: unknown acronyms in Korean and Japanese sentences", "[checks]") {
  // Japanese and Korean write no space around an acronym and have no lower case: a line of
  // either is prose, and its acronyms count (they were all skipped as if in a title line)
  expectGold("日本政府は[[QZRT|undefined-acronym]]の配備を検討している。QZRTは重要だ。\n",
             Language::PlainText);
  expectGold("한국은 [[QZRT|undefined-acronym]]를 검토했다. QZRT는 중요하다.\n",
             Language::PlainText);
  // full-width letters: the same acronym ("ＱＺＲＴ" is QZRT) ...
  expectGold("韓国は[[ＱＺＲＴ|undefined-acronym]]も検討した。QZRTは重要だ。\n",
             Language::PlainText);
  // ... spelled out in full width after a Japanese long form
  expectGold("韓国型量子防衛（ＱＺＲＴ）を導入した。ＱＺＲＴは重要だ。\n", Language::PlainText);
  // ... or before a Japanese name in parentheses
  expectGold("日米韓は、ＱＺＲＴ（海洋状況把握）の分野で協力する。ＱＺＲＴは重要だ。\n",
             Language::PlainText);
  // a Japanese long form that ends in kana ("枠組み") spells out a known term
  expectGold("米国が主導するインド太平洋経済枠組み（PSI）には日韓ともに参加している。PSIは続く。\n",
             Language::PlainText);
  // a bold masthead is a label, like a heading, in any language
  expectGold("**QZRT 이슈 브리프** (2022년 9월)\n\n무역이 늘었다.\n", Language::Markdown);
  expectGold("**QZRT Issue Brief** (September 2022)\n\nTrade grew.\n", Language::Markdown);
  // a bold sentence is prose
  expectGold("**The [[QZRT|undefined-acronym]] failed.** Trade grew.\n", Language::Markdown);
}

TEST_CASE("checks: used-once with full-width parentheses drops them whole", "[checks]") {
  const std::string text = "日本政府は日韓秘密軍事情報保護協定（GSOMIA）を歓迎した。(注) 以上。\n";
  testing::Checked c = check(checksKnowledge(), text, Language::PlainText);
  const features::Finding* once = nullptr;
  for (const features::Finding& f : c.findings)
    if (f.code == features::CheckCode::UsedOnce)
      once = &f;
  REQUIRE(once);
  CHECK(once->message.find("drop \u201C（GSOMIA）\u201D") != std::string::npos);
  REQUIRE(once->fixes.size() == 1);
  const Span t = once->fixes[0].target;
  CHECK(text.substr(t.begin, t.size()) == "（GSOMIA）");
}

TEST_CASE("checks: a Korean long form takes its short form without a space", "[checks]") {
  const std::string text = "한국은 KAMD를 구축한다. 한국형미사일방어체계(KAMD)는 별도다.\n";
  testing::Checked c = check(checksKnowledge(), text, Language::PlainText);
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].message.find("\u201C한국형미사일방어체계(KAMD)\u201D") != std::string::npos);
}

TEST_CASE("checks: a Korean and an English long form of one term are not two ways", "[checks]") {
  // different scripts: a translation, compared with neither the other nor the commentaries'
  expectGold("The General Security of Military Information Agreement (GSOMIA) was signed. "
             "GSOMIA helps.\n\n"
             "정부는 한일 군사정보보호협정(GSOMIA)을 연장했다. GSOMIA는 중요하다.\n"
             "日本は日韓秘密軍事情報保護協定（GSOMIA）を歓迎した。\n",
             Language::PlainText);
  // two Korean long forms that differ are still two ways, and two English ones
  expectGold("정부는 한일 군사정보보호협정(GSOMIA)을 연장했다. 일본은 "
             "[[한일 정보보호협정|defined-two-ways]](GSOMIA)을 환영했다. GSOMIA는 중요하다.\n",
             Language::PlainText);
}

TEST_CASE("checks: a draft with no problems has no findings", "[checks]") {
  expectGold(
      "# Brief\n"
      "\n"
      "The General Security of Military Information Agreement (GSOMIA) was signed in November "
      "2016. GSOMIA helps, and the UN and the US welcome GSOMIA.\n"
      "\n"
      "The comfort women agreement and the 1965 treaty are agreements without a short form; "
      "the comfort women agreement is never an acronym.\n",
      Language::Markdown);
}

TEST_CASE("checks: headings do not count as first use", "[checks]") {
  expectGold(
      "# Restoring GSOMIA\n"
      "\n"
      "The General Security of Military Information Agreement (GSOMIA) is back. GSOMIA works.\n",
      Language::Markdown);
  // With no use in the text, the heading is where the reader meets it first.
  expectGold("# The [[DPRK|never-spelled-out]] problem\n\nNothing else.\n", Language::Markdown);
}

TEST_CASE("checks: first-use scope per top-level section", "[checks]") {
  constexpr std::string_view draft = "# Title\n"
                                     "\n"
                                     "Intro with nothing to spell out.\n"
                                     "\n"
                                     "## Trade\n"
                                     "\n"
                                     "The free trade agreement (FTA) talks; the FTA stalls.\n"
                                     "\n"
                                     "## Security\n"
                                     "\n"
                                     "Another %FTA% here, and an FTA there.\n";
  auto withMarkers = [&](bool marked) {
    std::string s(draft);
    size_t p = s.find("%FTA%");
    s.replace(p, 5, marked ? "[[FTA|never-spelled-out]]" : "FTA");
    return s;
  };
  expectGold(withMarkers(false), Language::Markdown);
  CheckOptions section;
  section.scope = FirstUseScope::Section;
  expectGold(withMarkers(true), Language::Markdown, section);

  auto c = check(checksKnowledge(), withMarkers(false), Language::Markdown, section);
  const Finding* f = findCode(c.findings, CheckCode::NeverSpelledOut);
  REQUIRE(f);
  CHECK(f->message.find("in this section") != std::string::npos);
  // Related: the definition in the other section.
  bool pointsAtDefinition = false;
  for (const RelatedSpan& r : f->related)
    if (r.source == -1 &&
        c.text.substr(r.span.begin, r.span.size()) == "free trade agreement (FTA)")
      pointsAtDefinition = true;
  CHECK(pointsAtDefinition);
}

TEST_CASE("checks: section scope defines again without defined-twice", "[checks]") {
  CheckOptions section;
  section.scope = FirstUseScope::Section;
  expectGold("## One\n\nThe Republic of Korea (ROK) acts. The ROK acts.\n\n"
             "## Two\n\nThe Republic of Korea (ROK) again. The ROK again.\n",
             Language::Markdown, section);
  // In document scope the second one is redundant.
  expectGold("## One\n\nThe Republic of Korea (ROK) acts. The ROK acts.\n\n"
             "## Two\n\nThe [[Republic of Korea (ROK)|defined-twice]] again. The ROK again.\n",
             Language::Markdown);
}

TEST_CASE("checks: well-known acronyms and the wellKnown setting", "[checks]") {
  // UN and US are well known in the lexicon; NATO only by the setting's default list.
  expectGold("The UN, the US and NATO met. The UN met again.\n", Language::PlainText);
  CheckOptions extra;
  extra.wellKnown.push_back("DPRK");
  expectGold("The DPRK tested. The DPRK tests.\n", Language::PlainText, extra);
  expectGold("The [[DPRK|never-spelled-out]] tested. The DPRK tests.\n", Language::PlainText);
}

TEST_CASE("checks: severities come from the settings, and off turns a check off", "[checks]") {
  std::string text = "The DPRK tested. The DPRK tests.\n";
  CheckOptions o;
  o[CheckCode::NeverSpelledOut] = Severity::Error;
  auto c = check(checksKnowledge(), text, Language::PlainText, o);
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].severity == Severity::Error);
  o[CheckCode::NeverSpelledOut] = Severity::Off;
  CHECK(check(checksKnowledge(), text, Language::PlainText, o).findings.empty());

  // Defaults: used-once is a hint, the others warnings.
  CheckOptions d;
  CHECK(d[CheckCode::UsedOnce] == Severity::Hint);
  CHECK(d[CheckCode::FactContradicts] == Severity::Warning);
  Severity s;
  CHECK(parseSeverity("information", s));
  CHECK(s == Severity::Information);
  CHECK_FALSE(parseSeverity("loud", s));
  CheckCode code;
  CHECK(parseCheckCode("defined-two-ways", code));
  CHECK(code == CheckCode::DefinedTwoWays);
  CHECK(toString(CheckCode::UsedBeforeDefined) == "used-before-defined");
}

TEST_CASE("checks: a lone undefined use is used-once only when never-spelled-out is off",
          "[checks]") {
  CheckOptions o;
  o[CheckCode::NeverSpelledOut] = Severity::Off;
  expectGold("Only one [[DPRK|used-once]] here.\n", Language::PlainText, o);
  // With never-spelled-out on, that finding carries the long-form fix itself.
  auto c = check(checksKnowledge(), "Only one DPRK here.\n", Language::PlainText);
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].code == CheckCode::NeverSpelledOut);
  bool hasLongForm = false;
  for (const FixData& f : c.findings[0].fixes)
    hasLongForm |= f.kind == FixKind::UseLongForm;
  CHECK(hasLongForm);
}

TEST_CASE("checks: messages say what to do, and related information points at the other place",
          "[checks]") {
  auto a = annotate(std::string(kMarkdownDraft));
  auto c = check(checksKnowledge(), a.text, Language::Markdown);
  const Knowledge& k = checksKnowledge();

  const Finding* early = findCode(c.findings, CheckCode::UsedBeforeDefined);
  REQUIRE(early);
  CHECK(early->message ==
        "GSOMIA is used before the draft spells it out; spell it out here, at its first use: "
        "\u201CGeneral Security of Military Information Agreement (GSOMIA)\u201D.");
  REQUIRE(early->related.size() == 1);
  CHECK(c.text.substr(early->related[0].span.begin, early->related[0].span.size()) ==
        "General Security of Military Information Agreement (GSOMIA)");

  const Finding* never = findCode(c.findings, CheckCode::NeverSpelledOut);
  REQUIRE(never);
  CHECK(never->message ==
        "DPRK is never spelled out; at its first use write \u201CDemocratic People's Republic of "
        "Korea (DPRK)\u201D.");

  const Finding* twoWays = findCode(c.findings, CheckCode::DefinedTwoWays);
  REQUIRE(twoWays);
  REQUIRE(twoWays->related.size() == 1);
  CHECK(c.text.substr(twoWays->related[0].span.begin, twoWays->related[0].span.size()) ==
        "Proliferation Security Initiative");

  CHECK(twoWays->message ==
        "PSI is spelled out two ways in this draft: \u201CProliferation Safety Initiative\u201D "
        "here and \u201CProliferation Security Initiative\u201D above, which is the commentaries' "
        "expansion; use that one throughout.");

  auto wrong = check(k, "The Proliferation Safety Initiative (PSI) works. PSI grows.\n",
                     Language::PlainText);
  const Finding* differs = findCode(wrong.findings, CheckCode::ExpansionDiffers);
  REQUIRE(differs);
  CHECK(differs->message ==
        "The commentaries spell out PSI as \u201CProliferation Security Initiative\u201D, not "
        "\u201CProliferation Safety Initiative\u201D; use their expansion.");
  REQUIRE(differs->related.size() == 1);
  REQUIRE(differs->related[0].source >= 0);
  const Source& src = k.sources[static_cast<size_t>(differs->related[0].source)];
  CHECK(src.text.substr(differs->related[0].span.begin, differs->related[0].span.size()) ==
        "Proliferation Security Initiative (PSI)");

  const Finding* fact = findCode(c.findings, CheckCode::FactContradicts);
  REQUIRE(fact);
  CHECK(fact->message ==
        "GSOMIA was signed in 2016 according to the commentaries, not in 2014; correct the year.");
  REQUIRE(fact->related.size() == 1);
  REQUIRE(fact->related[0].source >= 0);
  const Source& fs = k.sources[static_cast<size_t>(fact->related[0].source)];
  std::string sentence = fs.text.substr(fact->related[0].span.begin, fact->related[0].span.size());
  CHECK(sentence.find("November 2016") != std::string::npos);
  CHECK(sentence.find("concluded a General Security") != std::string::npos);

  const Finding* once = findCode(c.findings, CheckCode::UsedOnce);
  REQUIRE(once);
  CHECK(once->severity == Severity::Hint);
  CHECK(
      once->message ==
      "HADR is spelled out but never used again; drop \u201C(HADR)\u201D and keep the long form.");
}

TEST_CASE("checks: expansion differences that do not count", "[checks]") {
  // Case, hyphen versus space, plural, a leading "the", and a commentary's own variant.
  expectGold("The Proliferation security initiative (PSI) works. PSI again.\n"
             "Many free-trade agreements (FTAs) exist. FTAs grow.\n"
             "The Japanese Maritime Self-Defense Force (JMSDF) sails. The JMSDF trains.\n"
             "The Trilateral Cooperation Secretariats (TCS) serve. The TCS serves.\n",
             Language::PlainText);
}

TEST_CASE("checks: defined two ways without a commentary entry (a local term)", "[checks]") {
  expectGold(
      "The Joint Planning Cell (JPC) met. The [[Joint Policy Cell|defined-two-ways]] (JPC) met "
      "again. The JPC adjourned.\n",
      Language::PlainText);
}

TEST_CASE("checks: fact-contradicts is precise", "[checks][facts]") {
  CheckOptions o = only(CheckCode::FactContradicts);
  // Contradictions.
  expectGold("GSOMIA, signed in [[2014|fact-contradicts]], matters.\n", Language::PlainText, o);
  expectGold("GSOMIA was signed on 23 November [[2014|fact-contradicts]].\n", Language::PlainText,
             o);
  expectGold("In [[2014|fact-contradicts]], Japan and the ROK signed GSOMIA.\n",
             Language::PlainText, o);
  expectGold("The 1965 treaty, signed in [[1966|fact-contradicts]], still matters.\n",
             Language::PlainText, o);
  expectGold(
      "The normalization treaty was signed by Japan and the ROK in [[1964|fact-contradicts]].\n",
      Language::PlainText, o);
  expectGold("The comfort women agreement was reached in December [[2014|fact-contradicts]].\n",
             Language::PlainText, o);
  expectGold("The signing of GSOMIA in [[2014|fact-contradicts]] was welcomed.\n",
             Language::PlainText, o);
  expectGold("Japan signed the intelligence-sharing pact in [[2015|fact-contradicts]].\n",
             Language::PlainText, o);
  expectGold("GSOMIA collapsed in June [[2013|fact-contradicts]].\n", Language::PlainText, o);
  expectGold(
      "They launched negotiations on a trilateral FTA in November [[2013|fact-contradicts]].\n",
      Language::PlainText, o);
  // Not contradictions.
  expectGold("The launch of negotiations on the trilateral FTA in 2012 was welcome.\n",
             Language::PlainText, o);
  expectGold("The China-Japan-Korea Free Trade Agreement was signed in 2015.\n",
             Language::PlainText, o);
  expectGold("GSOMIA talks resumed; the signing in June 2012 collapsed.\n", Language::PlainText, o);
  expectGold("GSOMIA was signed in 2016.\n", Language::PlainText, o);
  expectGold("The two governments signed GSOMIA in November 2016 after it collapsed in 2012.\n",
             Language::PlainText, o);
  expectGold("GSOMIA collapsed in 2012.\n", Language::PlainText, o);
  expectGold("GSOMIA was not signed in 2012.\n", Language::PlainText, o);
  expectGold("GSOMIA was almost signed in 2012.\n", Language::PlainText, o);
  expectGold("After GSOMIA, the two sides signed an FTA in 2014.\n", Language::PlainText, o);
  expectGold("GSOMIA was signed in 2016 and suspended in 2019.\n", Language::PlainText, o);
  expectGold("In 2019, Seoul threatened to end GSOMIA, signed in 2016.\n", Language::PlainText, o);
  expectGold("Seoul and Tokyo signed a memorandum in 2009, long before GSOMIA.\n",
             Language::PlainText, o);
  expectGold("The 1965 treaty is the basis; the 2015 comfort women agreement followed.\n",
             Language::PlainText, o);
  expectGold("Seoul walked away from the signing in June 2012, an hour before the ceremony.\n",
             Language::PlainText, o);
}

TEST_CASE("checks: fact messages name the fact and the year to write", "[checks][facts]") {
  CheckOptions o = only(CheckCode::FactContradicts);
  auto c = check(checksKnowledge(),
                 "They launched negotiations on a trilateral FTA in November 2013.\n"
                 "The 1965 treaty, signed in 1966, holds. GSOMIA collapsed in 2013.\n",
                 Language::PlainText, o);
  // The test commentary states none of these years: the dates are the test lexicon's.
  REQUIRE(c.findings.size() == 3);
  CHECK(c.findings[0].message ==
        "For China-Japan-Korea Free Trade Agreement, negotiations launched in 2012 according to "
        "the lexicon, not in 2013; correct the year.");
  CHECK(c.findings[1].message ==
        "Treaty on Basic Relations between Japan and the Republic of Korea was signed in 1965 "
        "according to the lexicon, not in 1966; correct the year.");
  CHECK(c.findings[2].message ==
        "GSOMIA collapsed in 2012 according to the lexicon, not in 2013; correct the year.");
  // The bundled commentaries state the 1965 signature: they are cited.
  auto b = check(testing::bundledKnowledge(), "The 1965 treaty, signed in 1966, holds.\n",
                 Language::PlainText, o);
  REQUIRE(b.findings.size() == 1);
  CHECK(b.findings[0].message ==
        "Treaty on Basic Relations between Japan and the Republic of Korea was signed in 1965 "
        "according to the commentaries, not in 1966; correct the year.");
  CHECK_FALSE(b.findings[0].related.empty());
}

TEST_CASE("checks: findings are sorted and carry fix data", "[checks]") {
  auto a = annotate(std::string(kMarkdownDraft));
  auto c = check(checksKnowledge(), a.text, Language::Markdown);
  for (size_t i = 1; i < c.findings.size(); ++i)
    CHECK(c.findings[i - 1].span.begin <= c.findings[i].span.begin);
  for (const Finding& f : c.findings) {
    INFO(toString(f.code));
    CHECK_FALSE(f.fixes.empty());
  }
}

TEST_CASE("checks: foldExpansion tolerates what it should and nothing more", "[checks]") {
  CHECK(foldExpansion("The Free-Trade Agreements") == foldExpansion("free trade agreement"));
  CHECK(foldExpansion("U.S. Forces Japan") == foldExpansion("US Forces Japan"));
  CHECK(foldExpansion("Ministry of Economy, Trade & Industry") ==
        foldExpansion("Ministry of Economy Trade and Industry"));
  // spelling variants of one expansion (issue 16)
  CHECK(foldExpansion("Korean Peninsula Energy Development Organisation") ==
        foldExpansion("Korean Peninsula Energy Development Organization"));
  CHECK(foldExpansion("Ministry of National Defence") ==
        foldExpansion("Ministry of National Defense"));
  CHECK(foldExpansion("Economic Co-operation Programme") ==
        foldExpansion("Economic Cooperation Program"));
  CHECK(foldExpansion("Research & Development Centres") ==
        foldExpansion("research and development center"));
  CHECK(foldExpansion("Ministry of Defense") != foldExpansion("Ministry of Finance"));
  CHECK(foldExpansion("Proliferation Safety Initiative") !=
        foldExpansion("Proliferation Security Initiative"));
  CHECK(foldExpansion("Trilateral Consultation Secretariat") !=
        foldExpansion("Trilateral Cooperation Secretariat"));
}

// Issue 16: acronyms no term covers are checked as PerfectIt checks them, and kept quiet where a
// careful editor would not ask for an expansion.
TEST_CASE("checks: undefined acronyms, and where they stay quiet", "[checks]") {
  expectGold(
      "# Brief\n"
      "\n"
      "SEOUL, Dec. 3 \xE2\x80\x94 [[THAAD|undefined-acronym]] was deployed in 2017, and the "
      "[[NGOs|undefined-acronym]] near the site protested. THAAD stays.\n"
      "\n"
      "## II. OPTIONS FOR THE ALLIANCE\n"
      "\n"
      "It cost USD 1.2 bn and KRW 3 trillion; the meeting is at 3 PM. Article IV applies.\n"
      "See `USFK_CONFIG` and <https://example.org/ABC/DEF>, as [@KIM2020] notes.\n"
      "> \"KAMD is ours,\" a minister said.\n"
      "The U.S. and the UN agree; SK Hynix and PAC-3 are names; the GDP grew.\n"
      "The Special Measures Agreement (SMA) is renewed; the SMA matters.\n"
      "The \xC2\xAB OTAN et l'UE \xC2\xBB phrase is French. The [[DPJ|undefined-acronym]]-era "
      "quarrels and the [[DoD|undefined-acronym]] plan.\n",
      Language::Markdown);
}

TEST_CASE("checks: undefined-acronym has its own code, off by setting", "[checks]") {
  CheckOptions o;
  o[CheckCode::UndefinedAcronym] = Severity::Off;
  expectGold("THAAD was deployed in 2017 and THAAD stays.\n", Language::PlainText, o);
  CheckOptions w;
  w.wellKnown.push_back("THAAD");
  expectGold("THAAD was deployed in 2017 and THAAD stays.\n", Language::PlainText, w);
}

TEST_CASE("checks: a common name introduces the acronym after it", "[checks]") {
  expectGold("North Korea (DPRK) fired two missiles. The DPRK said so, and the DPRK meant it.\n"
             "South Korea (ROK) answered; the ROK Navy sailed, and ROK forces stayed.\n",
             Language::PlainText);
  expectGold("The [[DPRK|used-before-defined]] fired. North Korea (DPRK) said so; DPRK again.\n",
             Language::PlainText);
}

TEST_CASE("checks: dotted and undotted acronyms are one term", "[checks]") {
  expectGold("The United States (U.S.) and Japan agree. The US Navy and the U.S. Army sail.\n",
             Language::PlainText);
  expectGold("The Democratic People's Republic of Korea (D.P.R.K.) fired; the DPRK said so.\n",
             Language::PlainText);
}

TEST_CASE("checks: acronyms joined by hyphens are read one by one", "[checks]") {
  expectGold("The [[KAMD|undefined-acronym]]-[[THAAD|undefined-acronym]] link and the KAMD-US "
             "talks; PAC-3 stays whole, and THAAD returns.\n",
             Language::PlainText);
}
