// The house-style check: which name of a contested place a draft uses, against the one its
// institution chose (accord.houseStyle).
#include "server/features/house_style.h"

#include <algorithm>

#include "grammar/text.h"

namespace accord::features {

namespace {

/// One place with several names: each name is a letter, each style a sequence of letters.
struct Place {
  std::string_view termId;
  std::string_view setting; ///< "islets" or "sea", for messages
  /// Markers of each name (lower-case Latin, Hangul, Japanese), and the letter they stand for.
  std::vector<std::pair<std::string_view, char>> markers;
  /// The forms a style writes in each language: {style, letters, en, ko, ja}.
  std::vector<std::array<std::string_view, 5>> styles;
};

const std::array<Place, 2>& places() {
  static const std::array<Place, 2> kPlaces = {
      Place{"dokdo-takeshima",
            "islets",
            {{"dokdo", 'D'},
             {"\xEB\x8F\x85\xEB\x8F\x84", 'D'}, // 독도
             {"\xE7\x8B\xAC\xE5\xB3\xB6", 'D'}, // 独島
             {"takeshima", 'T'},
             {"\xEB\x8B\xA4\xEC\xBC\x80\xEC\x8B\x9C\xEB\xA7\x88", 'T'}, // 다케시마
             {"\xE7\xAB\xB9\xE5\xB3\xB6", 'T'},                         // 竹島
             {"liancourt", 'L'},
             {"\xEB\xA6\xAC\xEC\x95\x99\xEC\xBF\xA0\xEB\xA5\xB4", 'L'}, // 리앙쿠르
             {"\xE3\x83\xAA\xE3\x82\xA2\xE3\x83\xB3\xE3\x82\xAF\xE3\x83\xBC\xE3\x83\xAB",
              'L'}}, // リアンクール
            {{"Dokdo/Takeshima", "DT", "Dokdo/Takeshima", "독도/다케시마", "独島/竹島"},
             {"Takeshima/Dokdo", "TD", "Takeshima/Dokdo", "다케시마/독도", "竹島/独島"},
             {"Dokdo", "D", "Dokdo", "독도", "独島"},
             {"Takeshima", "T", "Takeshima", "다케시마", "竹島"},
             {"Liancourt Rocks", "L", "Liancourt Rocks", "리앙쿠르 암초", "リアンクール岩礁"}}},
      Place{
          "east-sea",
          "sea",
          {{"east sea", 'E'},
           {"\xEB\x8F\x99\xED\x95\xB4", 'E'}, // 동해
           {"\xE6\x9D\xB1\xE6\xB5\xB7", 'E'}, // 東海
           {"sea of japan", 'J'},
           {"\xEC\x9D\xBC\xEB\xB3\xB8\xED\x95\xB4", 'J'},  // 일본해
           {"\xE6\x97\xA5\xE6\x9C\xAC\xE6\xB5\xB7", 'J'}}, // 日本海
          {{"East Sea", "E", "East Sea", "동해", "東海"},
           {"Sea of Japan", "J", "Sea of Japan", "일본해", "日本海"},
           {"East Sea/Sea of Japan", "EJ", "East Sea/Sea of Japan", "동해/일본해", "東海/日本海"},
           {"Sea of Japan/East Sea", "JE", "Sea of Japan/East Sea", "일본해/동해", "日本海/東海"}}},
  };
  return kPlaces;
}

/// The letters of the names `surface` gives, in order, each once ("Takeshima (Dokdo)" is "TD").
std::string lettersOf(const Place& place, std::string_view surface) {
  const std::string folded = foldCase(surface);
  std::vector<std::pair<size_t, char>> found;
  for (const auto& [marker, letter] : place.markers)
    if (size_t at = folded.find(marker); at != std::string::npos)
      found.emplace_back(at, letter);
  std::sort(found.begin(), found.end());
  std::string out;
  for (const auto& [at, letter] : found)
    if (out.find(letter) == std::string::npos)
      out += letter;
  return out;
}

const std::array<std::string_view, 5>* styleOf(const Place& place, std::string_view style) {
  for (const auto& s : place.styles)
    if (s[0] == style)
      return &s;
  return nullptr;
}

bool isHangul(char32_t c) {
  return (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0x3130 && c <= 0x318F);
}
bool isJapanese(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0x3400 && c <= 0x4DBF);
}

/// Whether the bytes between two mentions only join two names of one place: white space, "/",
/// "(", "（", "／", "・".
bool joins(std::string_view gap) {
  for (size_t i = 0; i < gap.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(gap, i, len);
    if (len == 0)
      return false;
    if (c != ' ' && c != '/' && c != '(' && c != U'\uFF08' && c != U'\uFF0F' && c != U'\u30FB')
      return false;
    i += len;
  }
  return true;
}

std::string quote(std::string_view s) {
  return "\u201C" + std::string(s) + "\u201D";
}

} // namespace

std::string houseForm(std::string_view style, std::string_view lang) {
  for (const Place& place : places())
    if (const auto* s = styleOf(place, style))
      return std::string(lang == "ko" ? (*s)[3] : lang == "ja" ? (*s)[4] : (*s)[2]);
  return {};
}

std::string_view lineLanguage(std::string_view text, Span mention,
                              const std::vector<Mention>& names) {
  size_t b = mention.begin;
  while (b > 0 && text[b - 1] != '\n' && text[b - 1] != '\r')
    --b;
  size_t e = std::min<size_t>(mention.end, text.size());
  while (e < text.size() && text[e] != '\n' && text[e] != '\r')
    ++e;
  bool japanese = false;
  auto next = std::lower_bound(names.begin(), names.end(), b,
                               [](const Mention& m, size_t at) { return m.span.end <= at; });
  for (size_t i = b; i < e;) {
    if (i >= mention.begin && i < mention.end) {
      i = mention.end;
      continue;
    }
    while (next != names.end() && next->span.end <= i)
      ++next;
    if (next != names.end() && next->span.begin <= i) {
      i = next->span.end;
      continue;
    }
    size_t len = 0;
    char32_t c = decodeUtf8(text, i, len);
    if (len == 0)
      len = 1;
    if (isHangul(c))
      return "ko";
    japanese = japanese || isJapanese(c);
    i += len;
  }
  return japanese ? "ja" : "en";
}

void houseStyleFindings(const Knowledge& knowledge, const DraftAnalysis& analysis,
                        std::string_view text, const HouseStyle& style, Severity severity,
                        std::vector<Finding>& out) {
  if (severity == Severity::Off)
    return;
  for (const Place& place : places()) {
    const std::string& chosen = place.setting == "islets" ? style.islets : style.sea;
    const auto* house = styleOf(place, chosen);
    if (house == nullptr) // "off", empty or unknown: the settings warned about the last
      continue;
    auto term = knowledge.findId(place.termId);
    if (!term)
      continue;
    const auto& mentions = analysis.mentions;
    for (size_t i = 0; i < mentions.size(); ++i) {
      if (mentions[i].term != *term || mentions[i].span.end > text.size())
        continue;
      // names of the place written together are one group: "East Sea (Sea of Japan)"
      Span group = mentions[i].span;
      while (i + 1 < mentions.size() && mentions[i + 1].term == *term &&
             mentions[i + 1].span.begin >= group.end && mentions[i + 1].span.end <= text.size() &&
             joins(text.substr(group.end, mentions[i + 1].span.begin - group.end))) {
        group.end = mentions[++i].span.end;
        if (group.end < text.size() && text[group.end] == ')')
          ++group.end;
        else if (text.substr(group.end, 3) == "\uFF09") // ）
          group.end += 3;
      }
      const std::string_view surface = text.substr(group.begin, group.size());
      const std::string letters = lettersOf(place, surface);
      if (letters.empty() || letters == (*house)[1])
        continue;
      const std::string replacement = houseForm(chosen, lineLanguage(text, group, mentions));
      Finding f;
      f.code = CheckCode::HouseStyle;
      f.severity = severity;
      f.span = group;
      f.message = "The house style (accord.houseStyle." + std::string(place.setting) + ") writes " +
                  quote(chosen) + ": write " + quote(replacement) + " instead of " +
                  quote(surface) + ".";
      FixData fix;
      fix.kind = FixKind::UseHouseName;
      fix.target = group;
      fix.text = replacement;
      fix.shortForm = std::string(surface);
      f.fixes.push_back(std::move(fix));
      out.push_back(std::move(f));
    }
  }
}

} // namespace accord::features
