// Korean and Japanese text (issue 18, engine): recognition with particles, full-width forms and
// mixed scripts, with a small lexicon of the names the data branch adds as aliases.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "grammar/analysis_incremental.h"
#include "grammar/cjk.h"
#include "grammar/miner.h"
#include "grammar/recognizer.h"
#include "grammar/sentences.h"

using namespace accord;

namespace {

Term makeTerm(std::string id, std::string shortForm, std::string longForm,
              std::vector<std::string> aliases) {
  Term t;
  t.id = std::move(id);
  t.shortForm = std::move(shortForm);
  t.longForm = std::move(longForm);
  t.aliases = std::move(aliases);
  return t;
}

struct CjkLexicon {
  std::vector<Term> terms;
  Recognizer recognizer;
  CjkLexicon() {
    terms = {
        makeTerm("gsomia", "GSOMIA", "General Security of Military Information Agreement",
                 {"지소미아", "한일 군사정보보호협정", "日韓秘密軍事情報保護協定"}),
        makeTerm("basic-treaty", "",
                 "Treaty on Basic Relations between Japan and the Republic of Korea",
                 {"한일기본조약", "日韓基本条約"}),
        makeTerm("comfort-women-agreement", "", "comfort women agreement",
                 {"위안부 합의", "慰安婦合意"}),
        makeTerm("thaad", "THAAD", "Terminal High Altitude Area Defense", {"사드"}),
        makeTerm("six-party-talks", "6PT", "Six-Party Talks", {"6者協議"}),
        makeTerm("korus-fta", "KORUS FTA", "Korea–United States Free Trade Agreement",
                 {"한미 FTA"}),
        makeTerm("fta", "FTA", "free trade agreement", {}),
        makeTerm("japan-us-2plus2", "", "Japan–US Security Consultative Committee", {"日米2+2"}),
        makeTerm("dokdo", "", "Dokdo", {"독도", "竹島", "韓"}),
    };
    std::vector<DataError> errors;
    recognizer = Recognizer::build(terms, errors);
    REQUIRE(errors.empty());
  }
};

const CjkLexicon& lexicon() {
  static const CjkLexicon l;
  return l;
}

/// "surface|id" of every mention, in order.
std::vector<std::string> found(const std::string& text) {
  const CjkLexicon& l = lexicon();
  std::vector<std::string> out;
  for (const Mention& m : l.recognizer.scan(text, Language::PlainText))
    out.push_back(text.substr(m.span.begin, m.span.size()) + "|" + l.terms[m.term].id);
  return out;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("cjk: Korean particles after a term do not stop recognition") {
  CHECK(found("정부는 지소미아를 연장했다.") == V{"지소미아|gsomia"});
  CHECK(found("독도는 한국이 관리한다.") == V{"독도|dokdo"});
  CHECK(found("한일기본조약에서 시작된 관계") == V{"한일기본조약|basic-treaty"});
  CHECK(found("사드의 배치") == V{"사드|thaad"});
  CHECK(found("위안부 합의로 끝났다") == V{"위안부 합의|comfort-women-agreement"});
  // combinations of particles
  CHECK(found("한일기본조약에서는 언급이 없다") == V{"한일기본조약|basic-treaty"});
  CHECK(found("사드으로의 전환, 지소미아까지의 길") == V{"사드|thaad", "지소미아|gsomia"});
  CHECK(found("독도와 竹島") == V{"독도|dokdo", "竹島|dokdo"});
  // the copula's forms
  CHECK(found("원인은 사드였다. 지소미아이지만 독도라도") ==
        V{"사드|thaad", "지소미아|gsomia", "독도|dokdo"});
  // at the end of the text, and before punctuation
  CHECK(found("사드") == V{"사드|thaad"});
  CHECK(found("(사드), 사드.") == V{"사드|thaad", "사드|thaad"});
}

TEST_CASE("cjk: a Hangul term is not matched inside a longer Hangul word") {
  CHECK(found("사드르 장군").empty()); // continues with what is not a particle
  CHECK(found("아사드 정권").empty()); // preceded by a syllable
  CHECK(found("바샤르 알아사드는").empty());
  CHECK(found("독도법 교육").empty());
  CHECK(found("독도법을 배웠고 독도를 보았다") == V{"독도|dokdo"});
  // a Hangul syllable before a Han term does not matter: Japanese and Korean are not mixed
  // within a word, and Han terms have no boundary rule
  CHECK(found("한竹島") == V{"竹島|dokdo"});
}

TEST_CASE("cjk: Japanese terms match without spaces, the longest wins") {
  CHECK(found("韓国政府は日韓秘密軍事情報保護協定の破棄を決めた。") ==
        V{"日韓秘密軍事情報保護協定|gsomia"});
  CHECK(found("日韓基本条約締結から六十年") == V{"日韓基本条約|basic-treaty"});
  CHECK(found("慰安婦合意と竹島問題") == V{"慰安婦合意|comfort-women-agreement", "竹島|dokdo"});
  CHECK(found("日米2+2では") == V{"日米2+2|japan-us-2plus2"});
  CHECK(found("6者協議の再開") == V{"6者協議|six-party-talks"});
  // an alias of one character is never matched: "韓" is in thousands of words
  CHECK(found("日韓関係と韓国").empty());
}

TEST_CASE("cjk: full-width letters and digits match their ASCII forms, spans stay exact") {
  const std::string text = "日本はＧＳＯＭＩＡを延長し、６者協議にも触れた。";
  const CjkLexicon& l = lexicon();
  std::vector<Mention> ms = l.recognizer.scan(text, Language::PlainText);
  REQUIRE(ms.size() == 2);
  CHECK(text.substr(ms[0].span.begin, ms[0].span.size()) == "ＧＳＯＭＩＡ");
  CHECK(l.terms[ms[0].term].id == "gsomia");
  CHECK(ms[0].span.begin == std::string("日本は").size());
  CHECK(ms[0].span.size() == 18); // six characters of three bytes
  CHECK(text.substr(ms[1].span.begin, ms[1].span.size()) == "６者協議");
  CHECK(found("ＴＨＡＡＤ配備とＫＯＲＵＳ　ＦＴＡ") ==
        V{"ＴＨＡＡＤ|thaad", "ＫＯＲＵＳ　ＦＴＡ|korus-fta"});
  CHECK(found("日米２＋２") == V{"日米２＋２|japan-us-2plus2"});
  // lower case full-width is lower case: not an acronym
  CHECK(found("ｇｓｏｍｉａ").empty());
  // a full-width form after the range scanned: the range's spans are still the text's
  const std::string mixed = "THAAD and ＧＳＯＭＩＡ";
  std::vector<Mention> part =
      l.recognizer.scan(mixed, {}, Span{0, static_cast<uint32_t>(mixed.size())});
  REQUIRE(part.size() == 2);
  CHECK(mixed.substr(part[1].span.begin, part[1].span.size()) == "ＧＳＯＭＩＡ");
  std::vector<Mention> tail = l.recognizer.scan(mixed, {}, Span{10, 28});
  REQUIRE(tail.size() == 1);
  CHECK(tail[0].span.begin == 10);
  CHECK(tail[0].span.end == 28);
}

TEST_CASE("cjk: a full-width alias matches both widths") {
  std::vector<Term> terms = {makeTerm("jgsdf", "", "", {"陸上自衛隊ＧＳＤＦ"})};
  std::vector<DataError> errors;
  Recognizer r = Recognizer::build(terms, errors);
  REQUIRE(errors.empty());
  for (const std::string text : {"陸上自衛隊ＧＳＤＦの", "陸上自衛隊GSDFの"}) {
    std::vector<Mention> ms = r.scan(text, Language::PlainText);
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].span.begin == 0);
    CHECK(ms[0].span.end == text.size() - std::string("の").size());
  }
  // written in capitals, it is matched as written (as "KORUS FTA" is): not in lower case
  CHECK(r.scan("陸上自衛隊gsdfの", Language::PlainText).empty());
}

TEST_CASE("cjk: mixed scripts are one mention, longer than the generic one") {
  CHECK(found("한미 FTA를 개정했다") == V{"한미 FTA|korus-fta"});
  CHECK(found("한미FTA 개정") == V{"한미FTA|korus-fta"});
  CHECK(found("한국의 FTA 정책") == V{"FTA|fta"});
  // a space between Hangul words of an alias may be left out, or be an ideographic space
  CHECK(found("위안부합의는") == V{"위안부합의|comfort-women-agreement"});
  CHECK(found("한일군사정보보호협정을") == V{"한일군사정보보호협정|gsomia"});
  CHECK(found("한일　군사정보보호협정") == V{"한일　군사정보보호협정|gsomia"});
  // but Japanese words of an alias are not split by a space that is not in it
  CHECK(found("日韓 基本条約").empty());
  // Latin acronyms inside Korean and Japanese text
  CHECK(found("GSOMIA는 종료, 日本のGSOMIA破棄") == V{"GSOMIA|gsomia", "GSOMIA|gsomia"});
}

TEST_CASE("cjk: Korean particles, the list") {
  size_t end = 0;
  const std::string s = "에서는 다음";
  CHECK(koreanParticlesAt(s, 0, &end));
  CHECK(end == std::string("에서는").size());
  CHECK(koreanParticlesAt("으로의", 0));
  CHECK(koreanParticlesAt("", 0));
  CHECK(koreanParticlesAt(" 다음", 0));
  CHECK_FALSE(koreanParticlesAt("르", 0));
  CHECK_FALSE(koreanParticlesAt("법을", 0));
  CHECK_FALSE(koreanParticlesAt("를를를를", 0)); // at most three
}

TEST_CASE("cjk: full-width folding keeps a map to the original bytes") {
  const std::string t = "aＢ（c）";
  CHECK(hasFullWidth(t, 0, t.size()));
  CHECK_FALSE(hasFullWidth("日本語「」", 0, 15));
  FullWidthFolded folded = foldFullWidth(t);
  CHECK(folded.text == "aB(c)");
  std::vector<uint32_t> origin;
  for (uint32_t f = 0; f <= folded.text.size(); ++f)
    origin.push_back(folded.origin(f));
  CHECK(origin == std::vector<uint32_t>{0, 1, 4, 7, 8, 11});
  for (uint32_t f = 0; f <= folded.text.size(); ++f)
    CHECK(folded.toFolded(origin[f]) == f);
  CHECK(folded.toFolded(4) == 2);
  CHECK(folded.toFolded(5) == 3); // inside "（": the character after it in the folded text
  CHECK(folded.toFolded(11) == 5);
}

namespace {
using Pair = std::pair<std::string, std::string>;
std::vector<Pair> mined(const std::string& text) {
  std::vector<Pair> out;
  for (const MinedDefinition& d : mineDefinitions(text)) {
    // spans are exact byte ranges of the text
    CHECK(text.substr(d.shortSpan.begin, d.shortSpan.size()) == d.shortForm);
    CHECK(text.substr(d.longSpan.begin, d.longSpan.size()) == d.longForm);
    out.emplace_back(d.shortForm, d.longForm);
  }
  return out;
}
using P = std::vector<Pair>;
} // namespace

TEST_CASE("cjk: definitions in Korean and Japanese are mined") {
  CHECK(mined("정부는 한일 군사정보보호협정(GSOMIA)을 연장했다.") ==
        P{{"GSOMIA", "한일 군사정보보호협정"}});
  CHECK(mined("日本政府は日韓秘密軍事情報保護協定（GSOMIA）の延長を歓迎した。") ==
        P{{"GSOMIA", "日韓秘密軍事情報保護協定"}});
  CHECK(mined("日韓秘密軍事情報保護協定(GSOMIA)") == P{{"GSOMIA", "日韓秘密軍事情報保護協定"}});
  CHECK(mined("GSOMIA(한일 군사정보보호협정)는 2016년에 체결되었다.") ==
        P{{"GSOMIA", "한일 군사정보보호협정"}});
  CHECK(mined("日本はGSOMIA（日韓秘密軍事情報保護協定）を重視する。") ==
        P{{"GSOMIA", "日韓秘密軍事情報保護協定"}});
  // Latin acronyms inside Korean and Japanese sentences
  CHECK(mined("미국은 고고도미사일방어체계(THAAD)를 배치했다.") ==
        P{{"THAAD", "고고도미사일방어체계"}});
  CHECK(mined("米国は終末高高度防衛ミサイル（THAAD）を配備した。") ==
        P{{"THAAD", "終末高高度防衛ミサイル"}});
  CHECK(mined("한국은 Terminal High Altitude Area Defense(THAAD)를 배치했다.") ==
        P{{"THAAD", "Terminal High Altitude Area Defense"}});
}

TEST_CASE("cjk: the long form's extent before the parenthesis") {
  // Korean: words with a particle or verb ending, stop words and numbers end it
  CHECK(mined("2016년 체결된 한일 군사정보보호협정(GSOMIA)") ==
        P{{"GSOMIA", "한일 군사정보보호협정"}});
  CHECK(mined("이번 포괄적 경제동반자협정(RCEP)은") == P{{"RCEP", "포괄적 경제동반자협정"}});
  CHECK(mined("양국은 및 역내포괄적경제동반자협정(RCEP)") ==
        P{{"RCEP", "역내포괄적경제동반자협정"}});
  // Japanese: Hiragana (particles), punctuation and the sentence start end it
  CHECK(mined("韓国が破棄を決めた日韓秘密軍事情報保護協定（GSOMIA）") ==
        P{{"GSOMIA", "日韓秘密軍事情報保護協定"}});
  CHECK(mined("「地域的な包括的経済連携協定（RCEP）」") == P{{"RCEP", "包括的経済連携協定"}});
  CHECK(mined("。六者協議(6PT)") == P{{"6PT", "六者協議"}});
  // not definitions: a year, a list marker, a particle before the parenthesis, one character
  CHECK(mined("협정(2016)을").empty());
  CHECK(mined("協定（i）").empty());
  CHECK(mined("これは(GSOMIA)").empty());
  CHECK(mined("약(GSOMIA)").empty());
  CHECK(mined("GSOMIA(협)").empty());
}

TEST_CASE("cjk: sentences split on 。！？ and on Korean sentence endings") {
  const std::string ja = "日韓は協議した。合意はない！本当か？はい";
  std::vector<Span> s = splitSentences(ja);
  std::vector<std::string> got;
  for (const Span& x : s)
    got.push_back(ja.substr(x.begin, x.size()));
  CHECK(got == std::vector<std::string>{"日韓は協議した。", "合意はない！", "本当か？", "はい"});
  const std::string fw = "協定は重要である．ただし３．５％の差がある．";
  got.clear();
  for (const Span& x : splitSentences(fw))
    got.push_back(fw.substr(x.begin, x.size()));
  CHECK(got == std::vector<std::string>{"協定は重要である．", "ただし３．５％の差がある．"});
  const std::string ko =
      "정부는 지소미아를 연장했다. 일본은 환영했어요. 미국은? 모른다.\n다음 문단";
  got.clear();
  for (const Span& x : splitSentences(ko))
    got.push_back(ko.substr(x.begin, x.size()));
  CHECK(got == std::vector<std::string>{"정부는 지소미아를 연장했다.", "일본은 환영했어요.",
                                        "미국은?", "모른다.", "다음 문단"});
}

namespace {

/// A Knowledge of the test corpus and a lexicon with Korean and Japanese names, written to a
/// temporary folder.
std::shared_ptr<const Knowledge> cjkKnowledge() {
  static std::shared_ptr<const Knowledge> k = [] {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("accord-cjk-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "terms.json") << R"({"terms": [
      {"id": "gsomia", "kind": "agreement", "short": "GSOMIA",
       "long": "General Security of Military Information Agreement",
       "aliases": ["지소미아", "한일 군사정보보호협정", "日韓秘密軍事情報保護協定"]},
      {"id": "thaad", "kind": "acronym", "short": "THAAD",
       "long": "Terminal High Altitude Area Defense", "aliases": ["사드"]},
      {"id": "korus-fta", "kind": "agreement", "short": "KORUS FTA",
       "long": "Korea-United States Free Trade Agreement", "aliases": ["한미 FTA"]},
      {"id": "six-party-talks", "kind": "forum", "short": "6PT", "long": "Six-Party Talks",
       "aliases": ["6者協議"]},
      {"id": "dokdo", "kind": "place", "long": "Dokdo", "aliases": ["독도", "竹島"]}]})";
    KnowledgeOptions o;
    o.corpusRoots = {std::string(ACCORD_TEST_DATA_DIR) + "/unit/data/features/corpus"};
    o.lexiconDirs = {dir.string()};
    auto built = Knowledge::build(o);
    std::filesystem::remove_all(dir);
    return built;
  }();
  return k;
}

std::string describe(const DraftAnalysis& a, std::string_view text) {
  std::string out;
  for (const Mention& m : a.mentions)
    out += "M " + std::to_string(m.term) + " " + std::to_string(m.span.begin) + "-" +
           std::to_string(m.span.end) + " " +
           std::string(text.substr(m.span.begin, m.span.size())) + "\n";
  for (const DraftDefinition& d : a.definitions)
    out += "D " + d.definition.shortForm + "|" + d.definition.longForm + " " +
           std::to_string(d.definition.longSpan.begin) + " s" +
           std::to_string(d.definition.sentence.begin) + "-" +
           std::to_string(d.definition.sentence.end) + "\n";
  for (const Span& s : a.sentences)
    out += "T " + std::to_string(s.begin) + "-" + std::to_string(s.end) + "\n";
  return out;
}

} // namespace

TEST_CASE("cjk: a draft's analysis, and its incremental update, in Korean and Japanese") {
  auto k = cjkKnowledge();
  REQUIRE(k);
  REQUIRE(k->terms.size() >= 5);
  const char* paragraphs[] = {
      "정부는 한일 군사정보보호협정(GSOMIA)을 연장했다. 지소미아를 둘러싼 논의는 계속된다.",
      "日本政府は日韓秘密軍事情報保護協定（GSOMIA）を歓迎した。ＧＳＯＭＩＡは重要だ。",
      "한미FTA와 사드의 배치, 아사드 정권과 사드르 세력, 독도는 한국이 관리한다.",
      "６者協議と竹島問題。😂 고고도미사일방어체계(THAAD)를 배치했다.",
  };
  const char* inserts[] = {"를",           "는",   "아",   "르", "(", "（",  "）",   ")",
                           "ＧＳＯＭＩＡ", "사드", "\n\n", "。", " ", "FTA", "한미", "６"};
  std::mt19937 rng(18);
  int incremental = 0;
  for (int doc = 0; doc < 4; ++doc) {
    std::string text;
    for (int i = 0; i < 8; ++i)
      text += std::string(paragraphs[rng() % std::size(paragraphs)]) + "\n\n";
    auto state = analyzeFull(k, text, Language::Markdown);
    if (doc == 0) {
      // the names are found, and the definitions mined
      const std::string d = describe(*state->analysis, text);
      CHECK(d.find("D GSOMIA|") != std::string::npos);
    }
    for (int step = 0; step < 40; ++step) {
      std::string next = text;
      size_t pos = rng() % (next.size() + 1);
      while (pos > 0 && pos < next.size() && (static_cast<unsigned char>(next[pos]) & 0xC0) == 0x80)
        --pos;
      if (rng() % 3 == 0) {
        size_t len = 0;
        for (int chars = static_cast<int>(rng() % 3); chars >= 0 && pos + len < next.size();
             --chars) {
          size_t l = 0;
          decodeUtf8(next, pos + len, l);
          len += l;
        }
        next.erase(pos, len);
      } else {
        next.insert(pos, inserts[rng() % std::size(inserts)]);
      }
      UpdateKind kind;
      auto updated = reanalyze(state, text, next, &kind);
      auto full = analyzeFull(k, next, Language::Markdown);
      INFO("doc " << doc << " step " << step << "\n--- before\n"
                  << text << "\n--- after\n"
                  << next);
      REQUIRE(describe(*updated->analysis, next) == describe(*full->analysis, next));
      incremental += kind == UpdateKind::Incremental;
      text = std::move(next);
      state = updated;
    }
  }
  CHECK(incremental > 4 * 40 / 3);
}
