// The house-style check: contested names against accord.houseStyle, judged by which names they
// give whatever their script, with the fix in the language of the line around them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "checks_fixture.h"
#include "server/features/fixes.h"
#include "server/features/house_style.h"
#include "server/settings.h"

using namespace accord;
using namespace accord::features;
using accord::testing::bundledKnowledge;

namespace {

CheckOptions houseOnly(std::string islets, std::string sea) {
  CheckOptions o;
  for (auto& s : o.severity)
    s = Severity::Off;
  o[CheckCode::HouseStyle] = Severity::Warning;
  o.houseStyle.islets = std::move(islets);
  o.houseStyle.sea = std::move(sea);
  return o;
}

struct Flag {
  std::string surface, replacement;
  friend bool operator==(const Flag&, const Flag&) = default;
};

std::ostream& operator<<(std::ostream& os, const Flag& f) {
  return os << "{" << f.surface << " -> " << f.replacement << "}";
}

/// What the check flags in `text`, and what its fix writes instead.
std::vector<Flag> flags(const std::string& text, const CheckOptions& o) {
  auto c = accord::testing::check(bundledKnowledge(), text, Language::Markdown, o);
  std::vector<Flag> out;
  for (const Finding& f : c.findings) {
    if (f.code != CheckCode::HouseStyle)
      continue;
    REQUIRE(f.fixes.size() == 1);
    CHECK(f.fixes[0].kind == FixKind::UseHouseName);
    CHECK(f.fixes[0].target == f.span);
    out.push_back({c.text.substr(f.span.begin, f.span.size()), f.fixes[0].text});
  }
  return out;
}

} // namespace

TEST_CASE("house style: silent without a house style, whatever the other checks do") {
  const std::string text =
      "Takeshima, 竹島 and the Sea of Japan. 일본해 표기는 다케시마 문제와 다르다.";
  CheckOptions defaults; // every check at its default level, no house style
  auto c = accord::testing::check(bundledKnowledge(), text, Language::Markdown, defaults);
  for (const Finding& f : c.findings)
    CHECK(f.code != CheckCode::HouseStyle);
  CHECK(flags(text, houseOnly("off", "off")).empty());
  // a house style with the check turned off is silent too
  CheckOptions off = houseOnly("Dokdo", "East Sea");
  off[CheckCode::HouseStyle] = Severity::Off;
  CHECK(accord::testing::check(bundledKnowledge(), text, Language::Markdown, off).findings.empty());
}

TEST_CASE("house style Dokdo: every other name of the islets, in the line's language") {
  const CheckOptions o = houseOnly("Dokdo", "off");
  CHECK(flags("Lee visited Dokdo in 2012.", o).empty());
  CHECK(flags("Lee visited Takeshima in 2012.", o) == std::vector<Flag>{{"Takeshima", "Dokdo"}});
  CHECK(flags("The Liancourt Rocks lie east of Ulleungdo.", o) ==
        std::vector<Flag>{{"Liancourt Rocks", "Dokdo"}});
  // the pair is not the house form either
  CHECK(flags("Dokdo/Takeshima is disputed.", o) ==
        std::vector<Flag>{{"Dokdo/Takeshima", "Dokdo"}});
  // 독도 is Dokdo in Korean; 竹島 and Takeshima in a Korean line become 독도
  CHECK(flags("정부는 독도 영유권을 재확인했다.", o).empty());
  CHECK(flags("일본 교과서는 竹島 표기를 늘렸다.", o) == std::vector<Flag>{{"竹島", "독도"}});
  CHECK(flags("일본 정부는 Takeshima 라는 이름을 쓴다.", o) ==
        std::vector<Flag>{{"Takeshima", "독도"}});
  CHECK(flags("일본은 다케시마 라고 부른다.", o) == std::vector<Flag>{{"다케시마", "독도"}});
  // in a Japanese line the house form is 独島
  CHECK(flags("島根県は 竹島 の日を定めた。", o) == std::vector<Flag>{{"竹島", "独島"}});
  CHECK(flags("韓国は 独島 と呼ぶ。", o).empty());
}

TEST_CASE("house style with both names: the order counts, and names written together are one") {
  const CheckOptions o = houseOnly("Takeshima/Dokdo", "off");
  CHECK(flags("Takeshima/Dokdo lies in the sea.", o).empty());
  CHECK(flags("Takeshima (Dokdo) lies in the sea.", o).empty());
  CHECK(flags("Dokdo/Takeshima lies in the sea.", o) ==
        std::vector<Flag>{{"Dokdo/Takeshima", "Takeshima/Dokdo"}});
  CHECK(flags("Dokdo lies in the sea.", o) == std::vector<Flag>{{"Dokdo", "Takeshima/Dokdo"}});
  // two names of the islets written together in Japanese are judged together
  CHECK(flags("島根県は 竹島（独島） を管轄する。", o).empty());
  CHECK(flags("韓国は 独島（竹島） を実効支配する。", o) ==
        std::vector<Flag>{{"独島（竹島）", "竹島/独島"}});
  // separate mentions further apart are judged one by one
  CHECK(flags("竹島 and later Dokdo.", o) ==
        std::vector<Flag>{{"竹島", "Takeshima/Dokdo"}, {"Dokdo", "Takeshima/Dokdo"}});
}

TEST_CASE("house style for the sea") {
  const CheckOptions east = houseOnly("off", "East Sea");
  CHECK(flags("Missiles fell into the East Sea.", east).empty());
  CHECK(flags("Missiles fell into the Sea of Japan.", east) ==
        std::vector<Flag>{{"Sea of Japan", "East Sea"}});
  CHECK(flags("Missiles fell into the East Sea (Sea of Japan) again.", east) ==
        std::vector<Flag>{{"East Sea (Sea of Japan)", "East Sea"}});
  CHECK(flags("미사일은 동해 상에 떨어졌다.", east).empty());
  CHECK(flags("일본은 일본해 표기를 고집한다.", east) == std::vector<Flag>{{"일본해", "동해"}});
  CHECK(flags("ミサイルは 日本海 に落下した。", east) == std::vector<Flag>{{"日本海", "東海"}});

  const CheckOptions both = houseOnly("off", "East Sea/Sea of Japan");
  CHECK(flags("Missiles fell into the East Sea/Sea of Japan.", both).empty());
  CHECK(flags("Missiles fell into the East Sea (Sea of Japan).", both).empty());
  CHECK(flags("Missiles fell into the Sea of Japan.", both) ==
        std::vector<Flag>{{"Sea of Japan", "East Sea/Sea of Japan"}});
  // the islets' style does not touch the sea
  CHECK(flags("Missiles fell into the Sea of Japan.", houseOnly("Dokdo", "off")).empty());
}

TEST_CASE("house style: the fix replaces the name, and only the name it saw") {
  const CheckOptions o = houseOnly("Dokdo/Takeshima", "Sea of Japan/East Sea");
  auto c = accord::testing::check(
      bundledKnowledge(), "Takeshima sits in the East Sea, far from Dokdo.", Language::Markdown, o);
  std::vector<TextEdit> edits;
  for (const Finding& f : c.findings) {
    CHECK(f.code == CheckCode::HouseStyle);
    CHECK(f.message.find("accord.houseStyle.") != std::string::npos);
    std::vector<QuickFix> fixes = quickFixes(f, c.text);
    REQUIRE(fixes.size() == 1);
    CHECK(fixes[0].preferred);
    CHECK(fixes[0].title.rfind("Use the house style's \u201C", 0) == 0);
    edits.insert(edits.end(), fixes[0].edits.begin(), fixes[0].edits.end());
  }
  CHECK(c.findings.size() == 3);
  CHECK(applyEdits(c.text, edits) ==
        "Dokdo/Takeshima sits in the Sea of Japan/East Sea, far from Dokdo/Takeshima.");
  // once the text changed under it, the fix no longer applies
  QuickFix stale;
  CHECK_FALSE(buildFix(c.findings[0].fixes[0], "Dokdo sits in the East Sea.", stale));
}

TEST_CASE("house style: the forms per language and the language of a line") {
  CHECK(houseForm("Dokdo", "en") == "Dokdo");
  CHECK(houseForm("Dokdo", "ko") == "독도");
  CHECK(houseForm("Dokdo", "ja") == "独島");
  CHECK(houseForm("Takeshima", "ko") == "다케시마");
  CHECK(houseForm("Liancourt Rocks", "ja") == "リアンクール岩礁");
  CHECK(houseForm("Sea of Japan", "ko") == "일본해");
  CHECK(houseForm("off", "en").empty());
  CHECK(houseForm("Tokdo", "en").empty());
  const std::string text = "Intro line\n일본은 竹島 라고\n日本は 竹島 と\nonly 竹島 here";
  auto at = [&](const std::string& line) {
    size_t b = text.find(line);
    size_t m = text.find("竹島", b);
    return std::string(lineLanguage(text, {uint32_t(m), uint32_t(m + 6)}));
  };
  CHECK(at("일본은") == "ko");
  CHECK(at("日本は") == "ja");
  CHECK(at("only") == "en"); // the mention itself does not count
}

TEST_CASE("house style settings: read, checked, and handed to the checks") {
  std::vector<std::string> warnings;
  Settings s = parseSettings(
      nlohmann::json::parse(R"({"houseStyle": {"islets": "Takeshima", "sea": "East Sea"}})"),
      warnings);
  CHECK(warnings.empty());
  CHECK(s.houseStyle.islets == "Takeshima");
  CHECK(s.houseStyle.sea == "East Sea");
  CHECK(settingsToJson(s)["houseStyle"]["islets"] == "Takeshima");
  CHECK(s.check("house-style") == CheckLevel::Warning);

  warnings.clear();
  s = parseSettings(
      nlohmann::json::parse(R"({"houseStyle": {"islets": "Tokdo", "sea": 3, "lake": "x"}})"),
      warnings);
  CHECK(s.houseStyle.islets == "off");
  CHECK(s.houseStyle.sea == "off");
  REQUIRE(warnings.size() == 3);
  CHECK(warnings[0].rfind("accord.houseStyle.islets: expected one of off, Dokdo/Takeshima", 0) ==
        0);
  CHECK(warnings[1].rfind("accord.houseStyle.sea: expected one of", 0) == 0);
  CHECK(warnings[2] == "accord.houseStyle.lake: unknown setting (ignored)");

  Settings d;
  CHECK(d.houseStyle.islets == "off");
  CHECK(d.houseStyle.sea == "off");
}
