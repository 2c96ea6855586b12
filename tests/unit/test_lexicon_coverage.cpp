// The bundled lexicon's content: it loads cleanly, covers the field (security, nuclear
// diplomacy, history, trade, the three governments), its descriptive patterns match the
// references drafts make and leave ordinary prose alone, and shared acronyms say so.
#include <catch2/catch.hpp>

#include <array>
#include <set>

#include "checks_fixture.h"
#include "grammar/card.h"
#include "grammar/knowledge.h"
#include "grammar/lexicon.h"
#include "grammar/recognizer.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;

namespace {

struct Bundled {
  std::vector<Term> terms;
  std::vector<DataError> errors;
  Recognizer recognizer;
  Bundled() {
    terms = loadLexiconDir(Knowledge::bundledLexiconDir(), errors);
    recognizer = Recognizer::build(terms, errors);
  }
  const Term* find(const std::string& id) const {
    for (const Term& t : terms)
      if (t.id == id)
        return &t;
    return nullptr;
  }
  /// "surface|id" for every mention in `text`.
  std::vector<std::string> mentions(const std::string& text) const {
    std::vector<std::string> out;
    for (const Mention& m : recognizer.scan(text, Language::PlainText))
      out.push_back(text.substr(m.span.begin, m.span.size()) + "|" + terms[m.term].id);
    return out;
  }
};

const Bundled& bundled() {
  static const Bundled b;
  return b;
}

std::shared_ptr<const Knowledge> bundledKnowledge() {
  static std::shared_ptr<const Knowledge> k = [] {
    KnowledgeOptions o;
    o.corpusRoots = {Knowledge::bundledCorpusDir()};
    o.lexiconDirs = {Knowledge::bundledLexiconDir()};
    return Knowledge::build(o);
  }();
  return k;
}

} // namespace

TEST_CASE("lexicon coverage: the bundled lexicon loads without errors and has 300 terms") {
  const Bundled& b = bundled();
  for (const DataError& e : b.errors)
    FAIL_CHECK(e.format());
  CHECK(b.terms.size() >= 300);
  auto k = bundledKnowledge();
  REQUIRE(k);
  std::set<std::string> catalog;
  for (const Source& s : k->sources)
    catalog.insert(s.meta.id);
  for (const Term& t : b.terms) {
    INFO(t.id);
    CHECK(!t.gloss.empty());
    for (const std::string& s : t.sources)
      CHECK(catalog.count(s) == 1);
  }
}

TEST_CASE("lexicon coverage: every domain of the field has its terms") {
  const std::vector<std::string> ids = {
      // security
      "thaad", "usfk", "usf-j", "cfc", "kamd", "nll", "kadiz", "jadiz", "sofa", "sma", "sdf",
      "jsdf", "jgsdf", "jmsdf", "jasdf", "defense-guidelines", "tisa", "camp-david-summit-2023",
      "gsomia", "unc", "dmz", "icbm", "slbm", "extended-deterrence", "ncg",
      // nuclear diplomacy
      "npt", "iaea", "kedo", "agreed-framework", "joint-statement-2005", "sunshine-policy", "cvid",
      "six-party-talks", "unscr-1718", "unscr-1874", "unscr-2087", "unscr-2094", "unscr-2270",
      "unscr-2321", "unscr-2371", "unscr-2375", "unscr-2397",
      // history
      "kono-statement", "murayama-statement", "kim-obuchi-declaration",
      "san-francisco-peace-treaty", "claims-agreement-1965", "normalization-treaty-1965",
      "forced-labor-ruling", "asian-womens-fund", "reconciliation-healing-foundation",
      "comfort-women-agreement-2015",
      // trade
      "export-controls-2019", "white-list", "cptpp", "rcep", "korus-fta", "wto", "wto-ds590",
      "wto-ds495",
      // institutions of the three governments and shared acronyms
      "mofa", "mofa-japan", "mofa-korea", "mod-japan", "mnd", "jcs", "nsc", "nss", "kcna", "nis",
      "cia", "dod",
      // forums and places
      "apec", "asean", "arf", "eas", "admm-plus", "quad", "aukus", "ipef", "g7", "g20", "sco",
      "dokdo-takeshima", "senkaku-islands", "northern-territories", "east-sea", "yasukuni-shrine",
      "panmunjom", "jsa", "kaesong-industrial-complex"};
  for (const std::string& id : ids) {
    INFO(id);
    CHECK(bundled().find(id) != nullptr);
  }
}

TEST_CASE("lexicon coverage: acronyms, names and descriptive references are recognised") {
  struct Case {
    std::string text, surface, id;
  };
  const std::vector<Case> cases = {
      {"Seoul agreed to host a THAAD battery.", "THAAD", "thaad"},
      {"USFK and USFJ share one theatre.", "USFJ", "usf-j"},
      {"The CFC would pass to a Korean general.", "CFC", "cfc"},
      {"Chinese bombers entered the KADIZ twice.", "KADIZ", "kadiz"},
      {"Tokyo scrambled jets over the JADIZ.", "JADIZ", "jadiz"},
      {"The SOFA limits Japanese jurisdiction.", "SOFA", "sofa"},
      {"The eleventh SMA was signed late.", "SMA", "sma"},
      {"The JGSDF and the JASDF trained together.", "JASDF", "jasdf"},
      {"Under the 2015 defense guidelines, roles changed.", "the 2015 defense guidelines",
       "defense-guidelines"},
      {"Data flowed under the Trilateral Information Sharing Arrangement.",
       "Trilateral Information Sharing Arrangement", "tisa"},
      {"Since the 2023 Camp David summit, the three meet yearly.", "2023 Camp David summit",
       "camp-david-summit-2023"},
      {"Seoul relies on its Kill Chain strategy.", "Kill Chain strategy", "kill-chain"},
      {"North Korea left the NPT in 2003.", "NPT", "npt"},
      {"KEDO never finished the reactors.", "KEDO", "kedo"},
      {"The Agreed Framework froze Yongbyon.", "The Agreed Framework", "agreed-framework"},
      {"They returned to the September 19, 2005 Joint Statement.",
       "September 19, 2005 Joint Statement", "joint-statement-2005"},
      {"Kim Dae-jung's Sunshine Policy opened Kaesong.", "Sunshine Policy", "sunshine-policy"},
      {"Tokyo still insists on CVID.", "CVID", "cvid"},
      {"UNSC Resolution 2397 capped oil imports.", "UNSC Resolution 2397", "unscr-2397"},
      {"Under UNSCR 2270 all cargo is inspected.", "UNSCR 2270", "unscr-2270"},
      {"The Kono Statement of 1993 was reviewed.", "Kono Statement of 1993", "kono-statement"},
      {"Abe upheld the 1995 Murayama statement.", "the 1995 Murayama statement",
       "murayama-statement"},
      {"The Kim-Obuchi Joint Declaration opened Korea to Japanese films.",
       "Kim-Obuchi Joint Declaration", "kim-obuchi-declaration"},
      {"Korea did not sign the San Francisco Peace Treaty.", "the San Francisco Peace Treaty",
       "san-francisco-peace-treaty"},
      {"Tokyo cites the 1965 Claims Agreement.", "1965 Claims Agreement", "claims-agreement-1965"},
      {"After the 2018 forced labor rulings, trade suffered.", "the 2018 forced labor rulings",
       "forced-labor-ruling"},
      {"Seoul dissolved the Reconciliation and Healing Foundation.",
       "Reconciliation and Healing Foundation", "reconciliation-healing-foundation"},
      {"Both sides said the 2015 Japan-ROK agreement was final.", "2015 Japan-ROK agreement",
       "comfort-women-agreement-2015"},
      {"Critics of the December 2015 deal on the comfort women issue protested.",
       "the December 2015 deal on the comfort women issue", "comfort-women-agreement-2015"},
      {"Japan's 2019 export controls hit chipmakers.", "Japan's 2019 export controls",
       "export-controls-2019"},
      {"Korea was removed from the white list.", "white list", "white-list"},
      {"Seoul weighs joining the CPTPP.", "CPTPP", "cptpp"},
      {"RCEP links Japan and Korea.", "RCEP", "rcep"},
      {"Seoul withdrew South Korea's WTO complaint against Japan's export controls.",
       "South Korea's WTO complaint against Japan's export controls", "wto-ds590"},
      {"A statement from MOFA followed.", "MOFA", "mofa"},
      {"The Korean Foreign Ministry protested.", "Korean Foreign Ministry", "mofa-korea"},
      {"The MND announced the launch.", "MND", "mnd"},
      {"The Quad met in Tokyo.", "The Quad", "quad"},
      {"Fishermen crossed the NLL.", "NLL", "nll"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::vector<std::string> got = bundled().mentions(c.text);
    INFO("found: " << [&] {
      std::string s;
      for (const std::string& g : got)
        s += "[" + g + "] ";
      return s;
    }());
    if (c.id.empty())
      continue;
    CHECK(std::find(got.begin(), got.end(), c.surface + "|" + c.id) != got.end());
  }
}

TEST_CASE("lexicon coverage: ordinary prose does not match") {
  struct Case {
    std::string text, id; ///< `id` must not be found in `text` (empty: nothing at all)
  };
  const std::vector<Case> cases = {
      {"The 2015 agreement on climate was signed in Paris.", "comfort-women-agreement-2015"},
      {"The 2015 agreement was a milestone for the Paris talks.", "comfort-women-agreement-2015"},
      {"The parties reached an agreed framework for the next round.", "agreed-framework"},
      {"the agreed framework for talks was loose", "agreed-framework"},
      {"She sat on the sofa in the embassy lobby.", ""},
      {"Kill chain analysis is a method of network defense.", "kill-chain"},
      {"The kill chain of a modern air force is short.", "kill-chain"},
      {"Students crossed the quad to the library.", "quad"},
      {"Australia's Northern Territory hosts US Marines.", "northern-territories"},
      {"The 1993 statement by the minister was brief.", "kono-statement"},
      {"Defense of Japan is the SDF's mission.", "defense-of-japan"},
      {"We protest every Wednesday.", "wednesday-demonstration"},
      {"An APT group stole the data.", ""},
      {"The guidelines of 2015 for the census were revised.", "defense-guidelines"},
      {"The 1965 claims of the farmers were settled.", "claims-agreement-1965"},
      {"the export controls on rice were lifted", "export-controls-2019"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::vector<std::string> got = bundled().mentions(c.text);
    for (const std::string& g : got) {
      INFO("found: " << g);
      if (c.id.empty())
        FAIL_CHECK("nothing should match");
      else
        CHECK(g.substr(g.rfind('|') + 1) != c.id);
    }
  }
}

TEST_CASE("lexicon coverage: the region's terms have their Korean and Japanese names") {
  const Bundled& b = bundled();
  auto has = [&](const std::string& id, const std::string& text, const std::string& lang) {
    const Term* t = b.find(id);
    REQUIRE(t);
    for (const LocalName& n : t->names)
      if (n.text == text)
        return n.lang == lang &&
               std::find(t->aliases.begin(), t->aliases.end(), text) != t->aliases.end();
    return false;
  };
  // the names the issue asks for, and their language
  const std::vector<std::array<std::string, 3>> required = {
      {"gsomia", "지소미아", "ko"},
      {"gsomia", "한일 군사정보보호협정", "ko"},
      {"gsomia", "日韓秘密軍事情報保護協定", "ja"},
      {"gsomia", "日韓GSOMIA", "ja"},
      {"thaad", "사드", "ko"},
      {"normalization-treaty-1965", "한일기본조약", "ko"},
      {"normalization-treaty-1965", "日韓基本条約", "ja"},
      {"comfort-women-agreement-2015", "위안부 합의", "ko"},
      {"comfort-women-agreement-2015", "慰安婦合意", "ja"},
      {"comfort-women-agreement-2015", "日韓合意", "ja"},
      {"korus-fta", "한미 FTA", "ko"},
      {"korus-fta", "한미 자유무역협정", "ko"},
      {"six-party-talks", "6자회담", "ko"},
      {"six-party-talks", "6者協議", "ja"},
      {"six-party-talks", "六者協議", "ja"},
      {"scc", "日米2+2", "ja"},
      {"scc", "日米安全保障協議委員会", "ja"},
      {"dokdo-takeshima", "독도", "ko"},
      {"dokdo-takeshima", "竹島", "ja"},
      {"east-sea", "동해", "ko"},
      {"east-sea", "日本海", "ja"},
      {"wto", "세계무역기구", "ko"},
      {"wto", "世界貿易機関", "ja"},
  };
  for (const auto& [id, text, lang] : required) {
    INFO(id << ": " << text << " (" << lang << ")");
    CHECK(has(id, text, lang));
  }
  // Most terms of the field have names in use; the few without are generic or English-only
  // coinages (IP4, the Young Strategists Forum, the WTO dispute numbers).
  size_t named = 0;
  for (const Term& t : b.terms)
    named += t.names.empty() ? 0 : 1;
  CHECK(named >= 300);
  // A name is never an ordinary word: the hover must not fire on "agreement" or "treaty".
  const std::set<std::string> ordinary = {
      "합의", "협정", "조약", "회담",   "정부", "선언", "정책", "동맹",   "위원회",
      "회의", "문제", "판결", "미사일", "한일", "한미", "북미", "합의서", "合意",
      "協定", "条約", "会談", "政府",   "宣言", "政策", "同盟", "委員会", "会議",
      "問題", "判決", "日韓", "日米",   "米韓", "東海"};
  for (const Term& t : b.terms)
    for (const LocalName& n : t.names) {
      INFO(t.id << ": " << n.text);
      CHECK((n.lang == "ko" || n.lang == "ja"));
      CHECK(ordinary.count(n.text) == 0);
      size_t codePoints = 0;
      for (unsigned char c : n.text)
        codePoints += (c & 0xC0) != 0x80;
      CHECK((codePoints >= 2 || n.text == "괌")); // Guam is one syllable in Korean
    }
}

TEST_CASE("lexicon coverage: Korean and Japanese names are recognised between spaces and "
          "brackets") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"정부는 지소미아 종료를 유예했다.", "지소미아|gsomia"},
      {"사드 배치 이후 중국은 반발했다.", "사드|thaad"},
      {"양국은 「日韓秘密軍事情報保護協定」 に署名した。", "日韓秘密軍事情報保護協定|gsomia"},
      {"1965년 한일기본조약 체결 이후", "한일기본조약|normalization-treaty-1965"},
      {"2015년 위안부 합의 직후", "위안부 합의|comfort-women-agreement-2015"},
      {"한미 FTA 개정 협상", "한미 FTA|korus-fta"},
      {"2003년 6자회담 출범", "6자회담|six-party-talks"},
      {"（日米2+2）", "日米2+2|scc"},
      {"독도 방문", "독도|dokdo-takeshima"},
      {"「竹島」", "竹島|dokdo-takeshima"},
  };
  for (const auto& [text, want] : cases) {
    INFO(text);
    std::vector<std::string> got = bundled().mentions(text);
    CHECK(std::find(got.begin(), got.end(), want) != got.end());
  }
  // the longest name wins over the names inside it
  std::vector<std::string> got = bundled().mentions("유엔 안보리 결의 2397호 채택");
  CHECK(got == std::vector<std::string>{"유엔 안보리 결의 2397호|unscr-2397"});
}

TEST_CASE("lexicon coverage: the card lists Korean and Japanese names apart from the aliases") {
  auto k = bundledKnowledge();
  REQUIRE(k);
  auto t = k->findShort("GSOMIA");
  REQUIRE(t);
  std::string card = renderCard(*k, *t, CardFormat::PlainText);
  INFO(card);
  CHECK(card.find("\nKorean: 대한민국 정부와 일본국 정부 간의 군사비밀정보의 보호에 관한 협정, "
                  "한일 군사정보보호협정, ") != std::string::npos);
  CHECK(card.find(", 지소미아 \xC2\xB7 Japanese: 日韓秘密軍事情報保護協定, ") != std::string::npos);
  size_t also = card.find("Also: ");
  REQUIRE(also != std::string::npos);
  std::string alsoLine = card.substr(also, card.find('\n', also) - also);
  CHECK(alsoLine.find("지소미아") == std::string::npos);
  CHECK(alsoLine.find("military information-sharing pact") != std::string::npos);
  // English stays the language of the gloss; a term without names has no such line
  std::string dc = renderCard(*k, *k->findShort("DC"), CardFormat::Markdown);
  CHECK(dc.find("Korean:") == std::string::npos);
  CHECK(dc.find("Japanese:") == std::string::npos);
}

TEST_CASE("lexicon coverage: a shared acronym's card names every government that uses it") {
  auto k = bundledKnowledge();
  REQUIRE(k);
  for (const char* sf : {"MOFA", "NSC", "JCS"}) {
    INFO(sf);
    auto t = k->findShort(sf);
    REQUIRE(t);
    std::string card = renderCard(*k, *t, CardFormat::PlainText);
    if (std::string(sf) != "JCS")
      CHECK(card.find("Japan") != std::string::npos);
    CHECK(card.find("South Korea") != std::string::npos);
  }
  std::string mofa = renderCard(*k, *k->findShort("MOFA"), CardFormat::PlainText);
  CHECK(mofa.find("Japan's Ministry of Foreign Affairs") != std::string::npos);
  CHECK(mofa.find("South Korea's Ministry of Foreign Affairs") != std::string::npos);
}

TEST_CASE("lexicon coverage: dates the checks compare are on the public record") {
  const Bundled& b = bundled();
  auto dateOf = [&](const std::string& id, const std::string& event) {
    const Term* t = b.find(id);
    REQUIRE(t);
    std::vector<std::string> out;
    for (const DatedEvent& e : t->dates)
      if (e.event == event)
        out.push_back(e.date);
    return out;
  };
  CHECK(dateOf("korus-fta", "signed") == std::vector<std::string>{"2007-06-30"});
  CHECK(dateOf("kono-statement", "issued") == std::vector<std::string>{"1993-08-04"});
  CHECK(dateOf("murayama-statement", "issued") == std::vector<std::string>{"1995-08-15"});
  CHECK(dateOf("kim-obuchi-declaration", "signed") == std::vector<std::string>{"1998-10-08"});
  CHECK(dateOf("san-francisco-peace-treaty", "signed") == std::vector<std::string>{"1951-09-08"});
  CHECK(dateOf("agreed-framework", "signed") == std::vector<std::string>{"1994-10-21"});
  CHECK(dateOf("joint-statement-2005", "agreed") == std::vector<std::string>{"2005-09-19"});
  CHECK(dateOf("camp-david-summit-2023", "held") == std::vector<std::string>{"2023-08-18"});
}

TEST_CASE("lexicon coverage: the fact check accepts every true year and corrects a wrong one") {
  features::CheckOptions o;
  for (auto& sev : o.severity)
    sev = features::Severity::Off;
  o[features::CheckCode::FactContradicts] = features::Severity::Warning;
  const Knowledge& k = accord::testing::bundledKnowledge();
  auto years = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const features::Finding& f :
         accord::testing::check(k, text, Language::PlainText, o).findings)
      out.push_back(text.substr(f.span.begin, f.span.size()));
    return out;
  };
  const std::vector<std::string> none;
  // Agreements adopted or signed more than once: every true year is accepted.
  CHECK(years("The U.S.-Japan Defense Guidelines were adopted in 1978.") == none);
  CHECK(years("The U.S.-Japan Defense Guidelines were adopted in 1997.") == none);
  CHECK(years("The U.S.-Japan Defense Guidelines were adopted in 2015.") == none);
  CHECK(years("The U.S.-Japan Security Treaty was signed in 1951.") == none);
  CHECK(years("The U.S.-Japan Security Treaty was signed in 1960.") == none);
  CHECK(years("The U.S.-Japan Defense Guidelines were adopted in 2005.") ==
        std::vector<std::string>{"2005"});
  // Single events from the public record.
  CHECK(years("KORUS was signed in 2007.") == none);
  CHECK(years("KORUS was signed in 2012.") == std::vector<std::string>{"2012"});
  CHECK(years("The Agreed Framework was signed in 1994.") == none);
  CHECK(years("The Kim-Obuchi Joint Declaration was signed in 1999.") ==
        std::vector<std::string>{"1999"});
  CHECK(years("UNSC Resolution 2397 was adopted in 2016.") == std::vector<std::string>{"2016"});
  CHECK(years("The Kono Statement was issued in 1993.") == none);
  // Events the check does not compare ("entered into force") raise nothing.
  CHECK(years("KORUS entered into force in 2012.") == none);
}
