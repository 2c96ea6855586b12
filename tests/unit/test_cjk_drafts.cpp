// The Korean, Japanese and mixed drafts of tests/drafts/cjk: recall of the gold mentions and no
// hover on ordinary words, per set (tune, held-out), through the same analysis the hover reads.
#include <catch2/catch.hpp>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "checks_fixture.h"

using namespace accord;

namespace {

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Occurrence {
  Span span;
  std::string surface, id;
  bool optional = false;
};

/// Every occurrence of each gold surface, longest surfaces first, none inside another.
std::vector<Occurrence> occurrences(const std::string& text, const nlohmann::json& draft) {
  std::vector<Occurrence> pairs;
  for (const char* key : {"mentions", "optional"})
    for (const auto& p : draft[key])
      pairs.push_back(
          {{}, p[0].get<std::string>(), p[1].get<std::string>(), std::string(key) == "optional"});
  std::stable_sort(pairs.begin(), pairs.end(), [](const Occurrence& a, const Occurrence& b) {
    return a.surface.size() > b.surface.size();
  });
  std::vector<Occurrence> out;
  for (const Occurrence& p : pairs) {
    size_t found = 0;
    for (size_t at = text.find(p.surface); at != std::string::npos;
         at = text.find(p.surface, at + p.surface.size())) {
      Span s{uint32_t(at), uint32_t(at + p.surface.size())};
      bool inside = false;
      for (const Occurrence& o : out)
        inside = inside || (o.span.begin < s.end && s.begin < o.span.end);
      if (!inside) {
        out.push_back({s, p.surface, p.id, p.optional});
        ++found;
      }
    }
    INFO(draft["file"].get<std::string>() << ": gold surface " << p.surface);
    CHECK(found > 0); // the gold names text the draft has
  }
  return out;
}

bool overlaps(Span a, Span b) {
  return a.begin < b.end && b.begin < a.end;
}

struct Tally {
  size_t gold = 0, found = 0, negatives = 0, unexpected = 0;
  size_t insideWords = 0; ///< of `negatives`: a name matched inside a longer word (독도 in 독도법)
  std::vector<std::string> misses, wrong;
};

/// Whether the recogniser has the engine part of issue 18 (branch wt-cjk-engine): it folds
/// full-width letters (ＧＳＯＭＩＡ) and knows where a Korean word ends, so that a name inside a
/// longer word (독도 in 독도법, "map reading") is not a mention. Without it every Han, Kana and
/// Hangul character is a token of its own and names match anywhere inside a run of them.
bool engineReadsCjk(const Knowledge& k) {
  auto a = analyzeDraft(k, "정부는 ＧＳＯＭＩＡ를 연장했다.", Language::Markdown);
  return !a->mentions.empty();
}

} // namespace

TEST_CASE("cjk drafts: gold mentions are recognised and ordinary words get no hover") {
  const Knowledge& k = accord::testing::bundledKnowledge();
  const std::string dir = std::string(ACCORD_TEST_DATA_DIR) + "/drafts/cjk/";
  const nlohmann::json gold = nlohmann::json::parse(readText(dir + "gold.json"));
  std::map<std::string, Tally> sets;
  for (const auto& draft : gold["drafts"]) {
    const std::string file = draft["file"].get<std::string>();
    const std::string text = readText(dir + file);
    REQUIRE(!text.empty());
    CHECK(text.size() >= 1000);
    CHECK(text.size() <= 3072);
    Tally& t = sets[file.substr(0, file.find('/'))];
    const std::vector<Occurrence> occ = occurrences(text, draft);
    auto analysis = analyzeDraft(k, text, Language::Markdown);
    auto idOf = [&](const Mention& m) {
      return m.term < k.terms.size() ? k.terms[m.term].id : std::string("(draft's own term)");
    };
    for (const Occurrence& o : occ) {
      if (o.optional)
        continue;
      ++t.gold;
      bool hit = false;
      for (const Mention& m : analysis->mentions)
        hit = hit || (overlaps(m.span, o.span) && idOf(m) == o.id);
      if (hit)
        ++t.found;
      else
        t.misses.push_back(file + ": " + o.surface + " (" + o.id + ") at byte " +
                           std::to_string(o.span.begin));
    }
    for (const Mention& m : analysis->mentions) {
      bool expected = false;
      for (const Occurrence& o : occ)
        expected = expected || overlaps(m.span, o.span);
      if (expected)
        continue;
      const std::string surface = text.substr(m.span.begin, m.span.size());
      bool ordinary = false, insideWord = false;
      for (const auto& n : draft["negatives"]) {
        const std::string word = n.get<std::string>();
        for (size_t at = text.find(word); at != std::string::npos;
             at = text.find(word, at + word.size())) {
          const Span w{uint32_t(at), uint32_t(at + word.size())};
          if (!overlaps(m.span, w))
            continue;
          ordinary = true;
          insideWord = insideWord ||
                       (m.span.begin >= w.begin && m.span.end <= w.end && m.span.size() < w.size());
        }
      }
      (ordinary ? t.negatives : t.unexpected)++;
      t.insideWords += insideWord ? 1 : 0;
      t.wrong.push_back(file + ": " + (ordinary ? "ORDINARY WORD " : "unexpected ") + surface +
                        " -> " + idOf(m));
    }
  }
  // Recall >= 95% holds with the lexicon alone: the recogniser already matches a name inside
  // a run of Han, Kana or Hangul (particles, unspaced Japanese). Keeping ordinary words free
  // of hovers needs the engine part of issue 18 (wt-cjk-engine) where a name sits inside a
  // longer word; until it is merged those are reported, not failed.
  const bool engine = engineReadsCjk(k);
  const double target = 0.95;
  for (const auto& [name, t] : sets) {
    const double recall = t.gold ? double(t.found) / double(t.gold) : 0;
    std::cerr << "cjk drafts " << name << ": recall " << t.found << "/" << t.gold << " = " << recall
              << ", ordinary words hovered " << t.negatives << " (" << t.insideWords
              << " inside a longer word), other mentions outside the gold " << t.unexpected
              << (engine ? "" : "; recogniser without the issue-18 engine") << "\n";
    for (const std::string& m : t.misses)
      std::cerr << "  missed " << m << "\n";
    for (const std::string& w : t.wrong)
      std::cerr << "  " << w << "\n";
    INFO(name << " recall " << recall << " (target " << target << ")");
    CHECK(recall >= target);
    CHECK(t.negatives - (engine ? 0 : t.insideWords) == 0);
    CHECK(t.unexpected <= t.gold / 20); // at most one stray mention for twenty gold ones
  }
  CHECK(sets.size() == 2);
}
