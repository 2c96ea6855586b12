// Definition mining: "long form (SF)" and "SF (long form)" by right-to-left character alignment.
#include "grammar/miner.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <tuple>

#include "grammar/cjk.h"
#include "grammar/text.h"

namespace accord {

namespace {

constexpr size_t npos = std::string_view::npos;
constexpr int kImpossible = std::numeric_limits<int>::min() / 4;

bool isAsciiUpper(char32_t c) {
  return c >= 'A' && c <= 'Z';
}
bool isAsciiDigit(char32_t c) {
  return c >= '0' && c <= '9';
}
bool isUpperCp(char32_t c) {
  return isAsciiUpper(c) || (c >= 0x80 && isWordCodePoint(c) && foldCase(c) != c);
}
bool isLetterCp(char32_t c) {
  return isWordCodePoint(c) && !isAsciiDigit(c);
}

/// White space inside a definition: ASCII spaces and line breaks, NBSP and the U+2000 spaces.
size_t spaceLen(std::string_view t, size_t i) {
  if (i >= t.size())
    return 0;
  auto b = static_cast<unsigned char>(t[i]);
  if (b < 0x80)
    return (b == ' ' || b == '\t' || b == '\n' || b == '\r') ? 1 : 0;
  size_t len = 0;
  char32_t c = decodeUtf8(t, i, len);
  return (c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000) ? len : 0;
}

/// Start offset of the code point that ends just before `i`.
size_t prevCp(std::string_view t, size_t i) {
  size_t s = i - 1;
  while (s > 0 && (static_cast<unsigned char>(t[s]) & 0xC0) == 0x80)
    --s;
  return s;
}

bool isStopWord(std::string_view w) {
  // string_views compare by length first; ASCII words are lowered in place (this runs for every
  // word the aligner looks at). foldCase handles the rest ("İts" folds to "its").
  static constexpr std::string_view kStop[] = {
      "the", "a",  "an",  "and",   "of",   "for",  "in",   "on",  "to",  "with", "by",    "or",
      "at",  "as", "its", "their", "this", "that", "from", "our", "his", "her",  "these", "those"};
  if (w.empty() || w.size() > 10)
    return false; // no stop word is longer, even folded
  char buf[10];
  bool ascii = true;
  for (size_t i = 0; i < w.size(); ++i) {
    const auto c = static_cast<unsigned char>(w[i]);
    ascii = ascii && c < 0x80;
    buf[i] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  std::string folded = ascii ? std::string() : foldCase(w);
  const std::string_view l = ascii ? std::string_view(buf, w.size()) : std::string_view(folded);
  for (std::string_view s : kStop)
    if (l == s)
      return true;
  return false;
}

bool isAbbreviationWord(std::string_view w) {
  // "U.S.", "U.K.", "e.g." — dotted initials; titles and months keep a sentence going.
  size_t dots = std::count(w.begin(), w.end(), '.');
  if (dots >= 2)
    return true;
  static const char* const kAbbrev[] = {
      "mr.",  "mrs.", "ms.", "dr.",  "prof.", "st.",  "jr.",   "no.",  "vol.",  "gen.",  "gov.",
      "sen.", "rep.", "lt.", "col.", "co.",   "inc.", "corp.", "ltd.", "dept.", "univ.", "vs."};
  std::string l = foldCase(w);
  for (const char* a : kAbbrev)
    if (l == a)
      return true;
  return w.size() == 2 && w[1] == '.' && isAsciiUpper(static_cast<unsigned char>(w[0]));
}

int numberWordValue(std::string_view w) {
  static const char* const kWords[] = {
      "zero",     "one",     "two",     "three",     "four",     "five",     "six",
      "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
  std::string l = foldCase(w);
  for (int k = 0; k <= 20; ++k)
    if (l == kWords[k])
      return k;
  static const std::pair<const char*, int> kTens[] = {
      {"thirty", 30},  {"forty", 40},  {"fifty", 50},  {"sixty", 60},
      {"seventy", 70}, {"eighty", 80}, {"ninety", 90}, {"hundred", 100}};
  for (const auto& [word, v] : kTens)
    if (l == word)
      return v;
  // ordinals count too: "Fourth Industrial Revolution (4IR)", "Third Offset Strategy (3OS)"
  static const char* const kOrdinals[] = {
      "zeroth",     "first",      "second",     "third",     "fourth",    "fifth",
      "sixth",      "seventh",    "eighth",     "ninth",     "tenth",     "eleventh",
      "twelfth",    "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
      "eighteenth", "nineteenth", "twentieth"};
  for (int k = 1; k <= 20; ++k)
    if (l == kOrdinals[k])
      return k;
  return -1;
}

// -- short forms --------------------------------------------------------------------------

enum class UnitKind : uint8_t { Letter, Digits, Plus, Amp };
struct Unit {
  UnitKind kind;
  char32_t cp = 0;    // Letter: folded code point
  std::string digits; // Digits
};

struct ShortFormInfo {
  std::vector<Unit> units;
  size_t codePoints = 0;
  int upper = 0, lower = 0, digits = 0, letters = 0;
  bool symbolJoin = false; // '+' or '&'
  int spaces = 0;
};

bool analyzeShortForm(std::string_view sf, ShortFormInfo& info) {
  if (sf.empty())
    return false;
  for (size_t i = 0; i < sf.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(sf, i, len);
    ++info.codePoints;
    if (isWordCodePoint(c)) {
      if (isAsciiDigit(c)) {
        ++info.digits;
        if (!info.units.empty() && info.units.back().kind == UnitKind::Digits && i > 0 &&
            isAsciiDigit(static_cast<unsigned char>(sf[i - 1]))) {
          info.units.back().digits += static_cast<char>(c);
        } else {
          info.units.push_back({UnitKind::Digits, 0, std::string(1, static_cast<char>(c))});
        }
      } else {
        ++info.letters;
        if (isUpperCp(c))
          ++info.upper;
        else
          ++info.lower;
        info.units.push_back({UnitKind::Letter, foldCase(c), {}});
      }
    } else if (c == '+') {
      info.symbolJoin = true;
      info.units.push_back({UnitKind::Plus, 0, {}});
    } else if (c == '&') {
      info.symbolJoin = true;
      info.units.push_back({UnitKind::Amp, 0, {}});
    } else if (c == ' ') {
      ++info.spaces;
    } else if (c != '-' && c != '.' && c != '/' && c != 0x2010 && c != 0x2011 && c != 0x2013) {
      return false; // quotes, @, %, spaces … do not belong in a short form
    }
    i += len;
  }
  return true;
}

bool isRomanListMarker(std::string_view sf) {
  if (sf.size() > 4)
    return false;
  bool lower = true, upper = true;
  for (char c : sf) {
    lower = lower && std::strchr("ivx", c) != nullptr;
    upper = upper && std::strchr("IVX", c) != nullptr;
  }
  return lower || upper;
}

/// A short form as Schwartz and Hearst define it, with capitals in it.
bool validShortForm(std::string_view sf, const ShortFormInfo& info) {
  if (info.codePoints < 2 || info.codePoints > 10 || info.units.size() < 2)
    return false;
  if (info.spaces > 0) {
    // two acronyms in a row ("KORUS FTA"): each word has capitals and no lower case
    if (info.spaces > 1 || sf.front() == ' ' || sf.back() == ' ' || info.lower > 0)
      return false;
    size_t space = sf.find(' ');
    auto capitals = [](std::string_view w) {
      int n = 0;
      for (char c : w)
        n += (c >= 'A' && c <= 'Z');
      return n;
    };
    if (capitals(sf.substr(0, space)) < 2 || capitals(sf.substr(space + 1)) < 2)
      return false;
  }
  size_t len = 0;
  if (!isWordCodePoint(decodeUtf8(sf, 0, len)))
    return false;
  if (isRomanListMarker(sf))
    return false;
  if (info.letters == 0)
    return info.symbolJoin && info.digits >= 2; // "2+2"
  if (info.upper == 0)
    return false; // "(ii)", "(see)"
  // An ordinary capitalised word ("Annex", "Summit") is not an abbreviation.
  if (info.upper == 1 && info.digits == 0 && isUpperCp(decodeUtf8(sf, 0, len)) && info.lower >= 3 &&
      !info.symbolJoin)
    return false;
  return true;
}

bool acronymLike(const ShortFormInfo& info) {
  if (info.letters == 0)
    return info.symbolJoin && info.digits >= 2;
  return info.upper >= 2 || (info.upper >= 1 && info.digits >= 1);
}

// -- alignment ----------------------------------------------------------------------------

struct Item {
  char32_t cp;       // folded
  uint32_t offset;   // byte offset in the text
  uint32_t end;      // byte offset after this code point
  bool wordStart;    // first word character of a white-space separated word
  bool subwordStart; // first word character after a hyphen, slash, dot … (or a word start)
  uint16_t word;     // index of the white-space word
  bool stop = false; // in a function word ("of", "the")
};

struct Candidate {
  std::vector<Item> items;
  std::vector<std::pair<uint32_t, uint32_t>> words; // byte ranges of the words
};

/// The letters of the subword starting at item `i`.
std::string subwordAt(const std::vector<Item>& items, size_t i, size_t& count) {
  std::string out;
  size_t k = i;
  while (k < items.size() && isLetterCp(items[k].cp) && (k == i || !items[k].subwordStart)) {
    appendUtf8(out, items[k].cp);
    ++k;
  }
  count = k - i;
  return out;
}

/// Best number of units matched on (sub)word starts when units[0] sits on item `start`;
/// kImpossible when the short form cannot be aligned from there.
class Aligner {
public:
  /// `digitsAnyWord`: for short forms without letters ("2+2"), a digit stands for any word
  /// ("foreign and defense ministerial meeting (2+2)"): there is nothing else to align.
  /// `stopWordsScore`: a letter on the start of a function word counts as on a word start
  /// (false for long forms read forwards, whose end is open: "operational control of Korean
  /// forces" must not win for OPCON through the O of "of").
  Aligner(const std::vector<Unit>& units, const std::vector<Item>& items,
          bool digitsAnyWord = false, bool stopWordsScore = true)
      : units_(units), items_(items), n_(items.size()), digitsAnyWord_(digitsAnyWord),
        stopWordsScore_(stopWordsScore), best_((units.size() + 1) * (n_ + 1), kImpossible) {
    for (size_t i = 0; i <= n_; ++i)
      at(units_.size(), i) = 0;
    for (size_t u = units_.size(); u-- > 0;) {
      for (size_t i = n_ + 1; i-- > 0;) {
        int b = i < n_ ? at(u, i + 1) : kImpossible;
        if (i < n_) {
          int score = 0;
          size_t used = match(u, i, score);
          if (used && at(u + 1, i + used) != kImpossible)
            b = std::max(b, score + at(u + 1, i + used));
        }
        at(u, i) = b;
      }
    }
  }

  int pinned(size_t start) const {
    int score = 0;
    size_t used = match(0, start, score);
    if (!used || at(1, start + used) == kImpossible)
      return kImpossible;
    return score + at(1, start + used);
  }

private:
  int& at(size_t u, size_t i) { return best_[u * (n_ + 1) + i]; }
  int at(size_t u, size_t i) const { return best_[u * (n_ + 1) + i]; }

  /// How many items unit `u` consumes when matched at item `i` (0: no match).
  size_t match(size_t u, size_t i, int& score) const {
    const Unit& unit = units_[u];
    const Item& it = items_[i];
    score = it.subwordStart && (stopWordsScore_ || !it.stop) ? 1 : 0;
    switch (unit.kind) {
    case UnitKind::Letter:
      return it.cp == unit.cp ? 1 : 0;
    case UnitKind::Digits: {
      size_t k = 0;
      while (k < unit.digits.size() && i + k < n_ &&
             items_[i + k].cp == static_cast<char32_t>(unit.digits[k]))
        ++k;
      if (k == unit.digits.size() && (i + k >= n_ || !isAsciiDigit(items_[i + k].cp)) &&
          (i == 0 || !isAsciiDigit(items_[i - 1].cp)))
        return k;
      if (!it.subwordStart)
        return 0;
      size_t count = 0;
      std::string w = subwordAt(items_, i, count);
      if (digitsAnyWord_ && it.wordStart && count) {
        score = 0;
        return count;
      }
      int value = unit.digits.size() <= 3 ? std::atoi(unit.digits.c_str()) : -2;
      return count && numberWordValue(w) == value ? count : 0;
    }
    case UnitKind::Plus:
    case UnitKind::Amp: {
      score = 0;
      if (it.cp == (unit.kind == UnitKind::Plus ? U'+' : U'&'))
        return 1;
      if (!it.subwordStart)
        return 0;
      size_t count = 0;
      std::string w = subwordAt(items_, i, count);
      // "2+2" is read "two plus two" and also stands for "foreign and defense" ministers
      return (w == "and" || (unit.kind == UnitKind::Plus && w == "plus")) ? count : 0;
    }
    }
    return 0;
  }

  const std::vector<Unit>& units_;
  const std::vector<Item>& items_;
  size_t n_;
  bool digitsAnyWord_;
  bool stopWordsScore_;
  std::vector<int> best_;
};

/// Items of the words [words[first], end).
Candidate itemize(std::string_view t, const std::vector<std::pair<uint32_t, uint32_t>>& words) {
  Candidate c;
  c.words = words;
  for (size_t w = 0; w < words.size(); ++w) {
    bool seenWordChar = false;
    bool afterBreak = true;
    std::string_view bare = t.substr(words[w].first, words[w].second - words[w].first);
    while (!bare.empty() && std::strchr(",;:", bare.back()))
      bare.remove_suffix(1);
    const bool stop = isStopWord(bare);
    for (size_t i = words[w].first; i < words[w].second;) {
      size_t len = 0;
      char32_t cp = decodeUtf8(t, i, len);
      if (isFootnoteMarker(cp)) {
        i += len;
        continue;
      }
      bool wordChar = isWordCodePoint(cp);
      Item it{foldCase(cp),
              static_cast<uint32_t>(i),
              static_cast<uint32_t>(i + len),
              false,
              false,
              static_cast<uint16_t>(w),
              stop};
      if (wordChar) {
        it.wordStart = !seenWordChar;
        it.subwordStart = afterBreak;
        seenWordChar = true;
        afterBreak = false;
      } else {
        afterBreak = cp != '\'' && cp != 0x2019; // "People's" stays one subword
      }
      c.items.push_back(it);
      i += len;
    }
  }
  return c;
}

/// Normalised long form: white space folded, footnote markers dropped, a line broken after a
/// hyphen joined.

std::string normalizeLong(std::string_view t) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < t.size();) {
    if (size_t n = spaceLen(t, i)) {
      bool hyphenBreak = t[i] == '\n' && !out.empty() && out.back() == '-';
      space = space || !hyphenBreak;
      i += n;
      continue;
    }
    size_t len = 0;
    char32_t c = decodeUtf8(t, i, len);
    if (!isFootnoteMarker(c)) {
      if (space && !out.empty())
        out += ' ';
      space = false;
      out.append(t.substr(i, len));
    }
    i += len;
  }
  return out;
}

size_t countNonStopWords(std::string_view t,
                         const std::vector<std::pair<uint32_t, uint32_t>>& words, size_t from) {
  size_t n = 0;
  for (size_t w = from; w < words.size(); ++w) {
    std::string_view s = t.substr(words[w].first, words[w].second - words[w].first);
    while (!s.empty() && std::strchr(",;:\"'", s.back()))
      s.remove_suffix(1);
    if (!isStopWord(s))
      ++n;
  }
  return n;
}

/// "Korea's", "Korea’s", "allies'" (trailing commas ignored).
bool isPossessiveWord(std::string_view w) {
  while (!w.empty() && std::strchr(",;:", w.back()))
    w.remove_suffix(1);
  auto ends = [&](std::string_view s) {
    return w.size() > s.size() && w.substr(w.size() - s.size()) == s;
  };
  return ends("'s") || ends("\xE2\x80\x99s") || ends("s'") || ends("s\xE2\x80\x99");
}

bool isOpeningQuote(char32_t c) {
  return c == '"' || c == 0x201C || c == 0x2018 || c == '\'' || c == 0xAB;
}
bool isClosingQuote(char32_t c) {
  return c == '"' || c == 0x201D || c == 0x2019 || c == '\'' || c == 0xBB;
}

/// Skips white space (a blank line stops it) and footnote markers leftwards from `i`;
/// returns the new position, or npos when a blank line was crossed.
size_t skipLeftGap(std::string_view t, size_t i, size_t floor) {
  int newlines = 0;
  while (i > floor) {
    size_t s = prevCp(t, i);
    size_t len = 0;
    char32_t c = decodeUtf8(t, s, len);
    if (c == '\n') {
      if (++newlines >= 2)
        return npos;
      i = s;
    } else if (spaceLen(t, s) || isFootnoteMarker(c)) {
      i = s;
    } else {
      break;
    }
  }
  return i;
}

// Korean and Japanese long forms ------------------------------------------------------------

/// Korean words that end a long form leftwards: conjunctions, determiners and time words
/// ("정부는 및 이번 한일 군사정보보호협정(GSOMIA)" keeps "한일 군사정보보호협정").
bool isKoreanStopWord(std::string_view w) {
  static const char* const words[] = {"및",     "등",   "또는", "그리고", "이",   "그",   "저",
                                      "이번",   "지난", "새",   "새로운", "올해", "현재", "당시",
                                      "이른바", "소위", "일명", "우리",   "모든", "각"};
  for (const char* x : words)
    if (w == x)
      return true;
  return false;
}

/// The last syllables of a Korean word that is not part of a name: a particle (은 는 이 가 을 를
/// 의 에 와 과 도 로 서 께) or a verb's adnominal or connective ending (된 한 던 인 할 될 고 며 면
/// 다; not 적 of 포괄적, which names use).
bool endsWithKoreanEnding(std::string_view w) {
  static const char* const ends[] = {"은", "는", "이", "가", "을", "를", "의", "에",
                                     "와", "과", "도", "로", "서", "께", "된", "한",
                                     "던", "인", "할", "될", "고", "며", "면", "다"};
  for (const char* x : ends) {
    const size_t n = std::strlen(x);
    if (w.size() >= n && w.compare(w.size() - n, n, x) == 0)
      return true;
  }
  return false;
}

/// A code point that may be inside a Korean or Japanese long form: Han, Kana (not Hiragana,
/// which is grammar: は が を に の と で も …), Hangul, the middle dots of lists of names.
bool cjkNameCp(char32_t c, bool korean) {
  if (isHangulSyllable(c))
    return korean;
  return isHanCharacter(c) || isKatakana(c) || c == 0x30FB || c == 0xB7;
}

/// The long form written in Korean or Japanese that ends at `end` (before the parenthesis;
/// white space before it skipped), or an empty span when the text there is not CJK.
/// Japanese: the run of Han and Katakana characters before it, up to Hiragana (particles),
/// punctuation ("、", "。", "「") or a space. Korean: the word before it and up to three more
/// before that, separated by single spaces, stopping at a word with a particle or verb ending
/// (endsWithKoreanEnding), a stop word, or anything that is not Hangul or Han. At most 40
/// characters; at least two.
Span cjkLongFormBefore(std::string_view t, size_t end) {
  size_t e = skipLeftGap(t, end, 0);
  if (e == npos || e == 0)
    return {};
  size_t s = prevCp(t, e), len = 0;
  const char32_t last = decodeUtf8(t, s, len);
  // Japanese nouns that end in kana and close many names: "インド太平洋経済枠組み（IPEF）"
  static constexpr std::string_view kKanaEndings[] = {
      "\xE6\x9E\xA0\xE7\xB5\x84\xE3\x81\xBF",                         // 枠組み
      "\xE4\xBB\x95\xE7\xB5\x84\xE3\x81\xBF",                         // 仕組み
      "\xE5\x8F\x96\xE7\xB5\x84\xE3\x81\xBF",                         // 取組み
      "\xE5\x8F\x96\xE3\x82\x8A\xE7\xB5\x84\xE3\x81\xBF",             // 取り組み
      "\xE5\x8F\x96\xE3\x82\x8A\xE6\xB1\xBA\xE3\x82\x81",             // 取り決め
      "\xE5\x8F\x96\xE6\xB1\xBA\xE3\x82\x81",                         // 取決め
      "\xE7\x94\xB3\xE3\x81\x97\xE5\x90\x88\xE3\x82\x8F\xE3\x81\x9B", // 申し合わせ
  };
  size_t nameEnd = e; // where the scan back over name characters starts
  if (isHiragana(last)) {
    for (std::string_view ending : kKanaEndings)
      if (e >= ending.size() && t.substr(e - ending.size(), ending.size()) == ending)
        nameEnd = e - ending.size();
    if (nameEnd == e)
      return {};
  } else if (!isCjkCodePoint(last)) {
    return {};
  }
  const bool korean = isHangulSyllable(last);
  size_t b = e;
  int chars = 0;
  auto word = [&](size_t from) { // the start of the run of name characters ending at `from`
    size_t w = from;
    while (w > 0 && chars < 40) {
      size_t q = prevCp(t, w), l = 0;
      if (!cjkNameCp(decodeUtf8(t, q, l), korean))
        break;
      w = q;
      ++chars;
    }
    return w;
  };
  b = word(nameEnd);
  if (nameEnd != e && b == nameEnd)
    return {}; // the kana noun alone names nothing
  if (korean) {
    for (int words = 1; words < 4 && b > 1 && t[b - 1] == ' '; ++words) {
      const size_t we = b - 1;
      const size_t wb = word(we);
      if (wb == we)
        break;
      if (wb > 0) {
        size_t q = prevCp(t, wb), l = 0;
        const char32_t before = decodeUtf8(t, q, l);
        if (isWordCodePoint(before)) // "2016년", "GSOMIA협정": not a word of the name
          break;
      }
      const std::string_view w = t.substr(wb, we - wb);
      if (isKoreanStopWord(w) || endsWithKoreanEnding(w))
        break;
      b = wb;
    }
  }
  while (b < e) { // a list's middle dot does not open a name
    size_t l = 0;
    const char32_t c = decodeUtf8(t, b, l);
    if (c != 0x30FB && c != 0xB7)
      break;
    b += l;
  }
  size_t n = 0;
  for (size_t i = b; i < e; i += len) {
    decodeUtf8(t, i, len);
    ++n;
  }
  if (n < 2)
    return {};
  return {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
}

/// "GSOMIA(한일 군사정보보호협정)": the parentheses [cb, ce) hold a Korean or Japanese name (CJK
/// characters, spaces and middle dots only, starting with a Han, Kana or Hangul character).
bool cjkNameInside(std::string_view t, size_t cb, size_t ce) {
  size_t n = 0, len = 0;
  for (size_t i = cb; i < ce; i += len) {
    const char32_t c = decodeUtf8(t, i, len);
    if (i == cb && (!isCjkCodePoint(c) || isHiragana(c)))
      return false;
    if (!(isCjkCodePoint(c) || c == ' ' || c == 0xB7 || c == 0x30FB))
      return false;
    ++n;
  }
  return n >= 2 && n <= 40;
}

/// Opening parentheses, ASCII or full-width ("（"), in text order: each kind is searched for
/// again only once passed (a search per parenthesis for a kind the text lacks would read the
/// rest of the text each time).
struct OpenParens {
  std::string_view t;
  size_t ascii = 0, wide = 0;
  explicit OpenParens(std::string_view text)
      : t(text), ascii(text.find('(')), wide(text.find("\xEF\xBC\x88")) {}
  /// The first at or after `from`, and its length in `len`; npos when none.
  size_t next(size_t from, size_t& len) {
    if (ascii != npos && ascii < from)
      ascii = t.find('(', from);
    if (wide != npos && wide < from)
      wide = t.find("\xEF\xBC\x88", from);
    len = ascii < wide ? 1 : 3;
    return std::min(ascii, wide);
  }
};

struct Found {
  Span longSpan;
  int score = kImpossible;
};

/// "long form (SF)": the long form ends at `end` (just before the parenthesis).
Found alignLeft(std::string_view t, size_t end, const ShortFormInfo& sf) {
  Found none;
  size_t maxWords = std::min(sf.codePoints + 5, 2 * sf.codePoints);
  size_t e = skipLeftGap(t, end, 0);
  if (e == npos || e == 0)
    return none;
  // One to three ASCII digits glued to a lower-case letter are a footnote marker that lost its
  // superscript in extraction: "Institute for Defense Analyses14 (KIDA)". Not when the short
  // form has digits itself, nor after a capital ("G20", "COVID19").
  if (sf.digits == 0) {
    size_t d = e;
    while (d > 0 && e - d < 4 && isAsciiDigit(static_cast<unsigned char>(t[d - 1])))
      --d;
    if (d < e && e - d <= 3 && d > 0 && !isAsciiDigit(static_cast<unsigned char>(t[d - 1]))) {
      size_t len = 0;
      char32_t before = decodeUtf8(t, prevCp(t, d), len);
      if (isLetterCp(before) && !isUpperCp(before))
        e = d;
    }
  }
  // drop a closing quote and trailing commas before the parenthesis: “…Initiative” (PSI)
  for (;;) {
    size_t s = prevCp(t, e);
    size_t len = 0;
    char32_t c = decodeUtf8(t, s, len);
    if (isClosingQuote(c) || c == ',' || c == '}' || isFootnoteMarker(c))
      e = s;
    else
      break;
    if (e == 0)
      return none;
  }
  std::vector<std::pair<uint32_t, uint32_t>> words; // collected right to left
  size_t i = e;
  bool stopAfter = false;
  size_t counted = 0; // function words do not count against the window
  while (counted < maxWords && i > 0 && !stopAfter) {
    size_t we = i;
    size_t wb = i;
    while (wb > 0) {
      size_t s = prevCp(t, wb);
      if (spaceLen(t, s))
        break;
      wb = s;
    }
    std::string_view w = t.substr(wb, we - wb);
    if (w.empty())
      break;
    // What ends a long form: a sentence end, a clause mark, another parenthesis, a dash.
    if (!words.empty()) {
      char last = w.back();
      if (last == ')' || last == ']' || last == '}' || last == ';' || last == ':' ||
          w.find('(') != npos)
        break;
      if ((last == '.' || last == '!' || last == '?') && !isAbbreviationWord(w))
        break;
      if (w == "-" || w == "\xE2\x80\x94" || w == "\xE2\x80\x93" || w == "--")
        break;
      size_t l2 = 0;
      char32_t lastCp = decodeUtf8(t, prevCp(t, we), l2);
      if (lastCp == 0x201D || lastCp == 0x3002)
        break;
    }
    size_t open = w.find_last_of("()[]{}");
    if (open != npos) {
      // "(CJK) trilateral…", "\textbf{General …": the word touches a bracket; the long form
      // starts after it
      if (open + 1 >= w.size())
        break;
      wb += open + 1;
      stopAfter = true;
    }
    size_t len0 = 0;
    char32_t first = decodeUtf8(t, wb, len0);
    if (isOpeningQuote(first))
      stopAfter = true;
    words.emplace_back(static_cast<uint32_t>(wb), static_cast<uint32_t>(we));
    std::string_view bare = t.substr(wb, we - wb);
    while (!bare.empty() && std::strchr(",;:", bare.back()))
      bare.remove_suffix(1);
    if (!isStopWord(bare))
      ++counted;
    size_t g = skipLeftGap(t, wb, 0);
    if (g == npos)
      break;
    i = g;
  }
  if (words.empty())
    return none;
  std::reverse(words.begin(), words.end());
  Candidate c = itemize(t, words);
  Aligner aligner(sf.units, c.items, sf.letters == 0);
  // Candidate starts, nearest first. The best score wins; among equal scores the nearest,
  // unless a farther one extends it through capitalised words of the same name ("Nuclear
  // Non-Proliferation Treaty (NPT)", not "Non-Proliferation Treaty").
  struct Start {
    size_t item;
    uint16_t word;
    int score;
  };
  std::vector<Start> starts;
  for (size_t k = c.items.size(); k-- > 0;) {
    const Item& it = c.items[k];
    if (!it.wordStart)
      continue;
    std::string_view word =
        t.substr(words[it.word].first, words[it.word].second - words[it.word].first);
    while (!word.empty() && std::strchr(",;:", word.back()))
      word.remove_suffix(1);
    if (isStopWord(word))
      continue;
    int score = aligner.pinned(k);
    if (score == kImpossible)
      continue;
    if (countNonStopWords(t, words, it.word) > sf.units.size() + 2)
      continue;
    starts.push_back({k, it.word, score});
  }
  if (starts.empty())
    return {};
  size_t pick = 0;
  for (size_t k = 1; k < starts.size(); ++k)
    if (starts[k].score > starts[pick].score)
      pick = k;
  for (size_t k = pick + 1; k < starts.size() && starts[k].score == starts[pick].score; ++k) {
    bool capitalised = true;
    for (uint16_t w = starts[k].word; w < starts[pick].word && capitalised; ++w) {
      size_t len = 0;
      char32_t first = decodeUtf8(t, words[w].first, len);
      capitalised = isUpperCp(first);
    }
    size_t len = 0;
    if (!capitalised || !isUpperCp(decodeUtf8(t, words[starts[pick].word].first, len)))
      break;
    // A possessive is a determiner, not the first word of the name: "North Korea's Korean
    // Central News Agency (KCNA)" is not extended to "Korea's …".
    if (isPossessiveWord(t.substr(words[starts[k].word].first,
                                  words[starts[k].word].second - words[starts[k].word].first)))
      break;
    pick = k;
  }
  Found best;
  best.score = starts[pick].score;
  best.longSpan = {c.items[starts[pick].item].offset, static_cast<uint32_t>(e)};
  return best;
}

/// "SF (long form)": the long form is the parenthesised text [b, e).
Found alignInside(std::string_view t, size_t b, size_t e, const ShortFormInfo& sf,
                  bool stopWordsScore = true) {
  Found none;
  size_t maxWords = std::min(sf.codePoints + 5, 2 * sf.codePoints);
  std::vector<std::pair<uint32_t, uint32_t>> words;
  for (size_t i = b; i < e;) {
    if (size_t n = spaceLen(t, i)) {
      i += n;
      continue;
    }
    size_t wb = i;
    while (i < e && !spaceLen(t, i)) {
      size_t len = 0;
      decodeUtf8(t, i, len);
      i += len ? len : 1;
    }
    words.emplace_back(static_cast<uint32_t>(wb), static_cast<uint32_t>(i));
  }
  // leading "the", "or", "i.e.", "also known as"
  size_t first = 0;
  while (first < words.size()) {
    std::string_view w = t.substr(words[first].first, words[first].second - words[first].first);
    std::string l = foldCase(w);
    if (isStopWord(w) || l == "i.e." || l == "i.e.," || l == "also" || l == "known" || l == "aka" ||
        l == "formerly")
      ++first;
    else
      break;
  }
  if (first >= words.size() || words.size() - first > maxWords || words.size() - first < 2)
    return none;
  // the long form ends with a word character (drop trailing punctuation)
  std::vector<std::pair<uint32_t, uint32_t>> used(words.begin() + static_cast<long>(first),
                                                  words.end());
  Candidate c = itemize(t, used);
  size_t k = 0;
  while (k < c.items.size() && !c.items[k].wordStart)
    ++k;
  if (k >= c.items.size() || c.items[k].word != 0)
    return none;
  if (countNonStopWords(t, used, 0) > sf.units.size() + 2)
    return none;
  Aligner aligner(sf.units, c.items, sf.letters == 0, stopWordsScore);
  int score = aligner.pinned(k);
  if (score == kImpossible)
    return none;
  size_t last = c.items.size();
  while (last > 0 && !isWordCodePoint(c.items[last - 1].cp))
    --last;
  if (last == 0)
    return none;
  Found f;
  f.score = score;
  f.longSpan = {c.items[k].offset, c.items[last - 1].end};
  return f;
}

/// Trims white space, footnote markers and quotes from both ends of [b, e).
void trimShort(std::string_view t, size_t& b, size_t& e) {
  for (;;) {
    if (b >= e)
      return;
    size_t len = 0;
    char32_t c = decodeUtf8(t, b, len);
    if (spaceLen(t, b) || isFootnoteMarker(c) || isOpeningQuote(c) || isClosingQuote(c))
      b += len;
    else
      break;
  }
  while (e > b) {
    size_t s = prevCp(t, e);
    size_t len = 0;
    char32_t c = decodeUtf8(t, s, len);
    if (spaceLen(t, s) || isFootnoteMarker(c) || isOpeningQuote(c) || isClosingQuote(c))
      e = s;
    else
      break;
  }
}

/// Bytes of the words that may open a parenthesised short form: "also known as", "known
/// as", "a.k.a.", "aka", "abbreviated as", "the", each followed by a space.
size_t leadWordsLength(std::string_view s) {
  static constexpr std::string_view kLead[] = {"also known as ",  "known as ",    "a.k.a. ", "aka ",
                                               "abbreviated as ", "abbreviated ", "the "};
  size_t n = 0;
  for (bool again = true; again;) {
    again = false;
    for (std::string_view l : kLead) {
      if (s.size() - n > l.size() && foldCase(s.substr(n, l.size())) == l) {
        n += l.size();
        again = true;
      }
    }
  }
  return n;
}

size_t countWords(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    n += !space && !in;
    in = !space;
  }
  return n;
}

/// A clipped word used as a short form: one capital, then 2–5 lower-case letters ("Quad").
bool clippedWord(std::string_view sf, const ShortFormInfo& info) {
  size_t len = 0;
  return info.upper == 1 && info.digits == 0 && !info.symbolJoin && info.spaces == 0 &&
         info.codePoints >= 3 && info.codePoints <= 6 && isUpperCp(decodeUtf8(sf, 0, len));
}

/// The long form's first word begins with the clipped short form and more words follow.
bool startsClipped(std::string_view t, Span longSpan, std::string_view sf) {
  std::string_view l = t.substr(longSpan.begin, longSpan.size());
  return countWords(l) >= 2 && l.size() > sf.size() + 1 &&
         foldCase(l.substr(0, sf.size())) == foldCase(sf) && !spaceLen(l, sf.size());
}

bool isCapitalisedWord(std::string_view w) {
  size_t len = 0;
  return !w.empty() && isUpperCp(decodeUtf8(w, 0, len));
}

bool isNameConnector(std::string_view w) {
  static constexpr std::string_view kConnectors[] = {
      "of", "on", "and", "the", "for", "concerning", "regarding", "between", "in", "to", "&"};
  for (std::string_view c : kConnectors)
    if (w == c)
      return true;
  return false;
}

/// The word that ends at `e` (after skipping white space leftwards), as [b, e).
std::pair<size_t, size_t> wordBefore(std::string_view t, size_t e) {
  size_t g = skipLeftGap(t, e, 0);
  if (g == npos || g == 0)
    return {npos, npos};
  size_t b = g;
  while (b > 0 && !spaceLen(t, prevCp(t, b)))
    b = prevCp(t, b);
  return {b, g};
}

/// Where the capitalised name that ends before `p` begins: leftwards over capitalised words
/// and the connectors inside names ("of", "on the", "concerning"), never over a possessive,
/// a clause mark or a sentence end; connectors at its start are dropped.
uint32_t titlePhraseStart(std::string_view t, size_t p) {
  size_t start = npos;
  size_t e = p;
  for (int words = 0; words < 24; ++words) {
    auto [b, we] = wordBefore(t, e);
    if (b == npos)
      break;
    std::string_view w = t.substr(b, we - b);
    if (words > 0 && (std::strchr(",;:.!?)", w.back()) || isPossessiveWord(w)))
      break;
    while (!w.empty() && std::strchr(",;:", w.back()))
      w.remove_suffix(1);
    if (isCapitalisedWord(w))
      start = b;
    else if (!isNameConnector(w) || start == npos)
      break;
    e = b;
  }
  if (start == npos)
    return static_cast<uint32_t>(p);
  // "The Treaty …": a sentence-initial article is not part of the name
  auto [b0, e0] = std::pair<size_t, size_t>{start, start};
  while (e0 < t.size() && !spaceLen(t, e0))
    ++e0;
  if (foldCase(t.substr(b0, e0 - b0)) == "the") {
    size_t n = e0;
    while (n < t.size() && spaceLen(t, n))
      ++n;
    start = n;
  }
  return static_cast<uint32_t>(start);
}

/// "Treaty on the Non-Proliferation of Nuclear Weapons (NPT)": the aligned long form
/// ("Non-Proliferation …") is extended over a capitalised head word and "on|of|for [the]"
/// when the head's initial is a letter of the short form that no subword of the long form
/// starts with. Returns the (possibly earlier) start.
uint32_t extendHead(std::string_view t, Span longSpan, const ShortFormInfo& sf) {
  // letters of the short form not on a subword start of the long form
  std::vector<char32_t> left;
  for (const Unit& u : sf.units)
    if (u.kind == UnitKind::Letter)
      left.push_back(u.cp);
  bool afterBreak = true;
  std::string_view l = t.substr(longSpan.begin, longSpan.size());
  for (size_t i = 0; i < l.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(l, i, len);
    if (isWordCodePoint(c)) {
      if (afterBreak) {
        auto it = std::find(left.begin(), left.end(), foldCase(c));
        if (it != left.end())
          left.erase(it);
      }
      afterBreak = false;
    } else {
      afterBreak = c != '\'' && c != 0x2019;
    }
    i += len ? len : 1;
  }
  if (left.empty())
    return longSpan.begin;
  size_t e = longSpan.begin;
  auto [b1, e1] = wordBefore(t, e);
  if (b1 == npos)
    return longSpan.begin;
  std::string w1 = foldCase(t.substr(b1, e1 - b1));
  if (w1 == "the") {
    std::tie(b1, e1) = wordBefore(t, b1);
    if (b1 == npos)
      return longSpan.begin;
    w1 = foldCase(t.substr(b1, e1 - b1));
  }
  if (w1 != "on" && w1 != "of" && w1 != "for" && w1 != "concerning" && w1 != "regarding")
    return longSpan.begin;
  auto [b2, e2] = wordBefore(t, b1);
  if (b2 == npos)
    return longSpan.begin;
  std::string_view head = t.substr(b2, e2 - b2);
  size_t len = 0;
  char32_t first = decodeUtf8(head, 0, len);
  if (!isCapitalisedWord(head) || isStopWord(head) || isPossessiveWord(head) ||
      std::strchr(",;:.!?)", head.back()) ||
      std::find(left.begin(), left.end(), foldCase(first)) == left.end())
    return longSpan.begin;
  return static_cast<uint32_t>(b2);
}

/// "Export-Import Bank of Korea (KEXIM)", "five permanent members (P5)": when the letters do
/// not align in order, the first unit may stand for the last word or the last unit for the
/// first word; only accepted when every unit falls on a word or subword start.
Found alignLeftRotated(std::string_view t, size_t end, const ShortFormInfo& sf) {
  if (sf.units.size() < 2 || sf.units.size() > 6)
    return {};
  for (int dir = 0; dir < 2; ++dir) {
    ShortFormInfo r = sf;
    if (dir == 0)
      std::rotate(r.units.begin(), r.units.begin() + 1, r.units.end());
    else
      std::rotate(r.units.rbegin(), r.units.rbegin() + 1, r.units.rend());
    Found f = alignLeft(t, end, r);
    if (f.score >= static_cast<int>(sf.units.size()))
      return f;
  }
  return {};
}

/// A quoted name after "hereinafter": one to four words, capitalised ("Claims Agreement").
bool isNameShortForm(std::string_view sf) {
  size_t words = countWords(sf);
  if (words < 1 || words > 4 || sf.size() > 48)
    return false;
  size_t i = 0;
  while (i < sf.size()) {
    while (i < sf.size() && sf[i] == ' ')
      ++i;
    size_t j = i;
    while (j < sf.size() && sf[j] != ' ')
      ++j;
    std::string_view w = sf.substr(i, j - i);
    if (!w.empty() && !isCapitalisedWord(w) && !isNameConnector(w))
      return false;
    i = j;
  }
  return isCapitalisedWord(sf);
}

// -- definitions without parentheses ------------------------------------------------------

bool isShortFormByte(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '&' ||
         c == '+' || c == '-' || c == '.' || c == '/';
}

/// The short-form token that starts at `b` ("KEDO", "U.S.", "G7", "2+2"), without a final
/// sentence period; empty when none starts there.
std::pair<size_t, size_t> tokenAt(std::string_view t, size_t b) {
  size_t e = b;
  while (e < t.size() && isShortFormByte(t[e]))
    ++e;
  // "GSOMIA's": the possessive belongs to the token
  if (e + 1 < t.size() && t[e] == '\'' && t[e + 1] == 's')
    e += 2;
  while (e > b && (t[e - 1] == '.' || t[e - 1] == '-') &&
         std::count(t.begin() + static_cast<long>(b), t.begin() + static_cast<long>(e), '.') < 2)
    --e;
  return {b, e};
}

/// The token that ends at `e`.
std::pair<size_t, size_t> tokenBefore(std::string_view t, size_t e) {
  size_t b = e;
  while (b > 0 && isShortFormByte(t[b - 1]))
    --b;
  while (b < e && !std::isalnum(static_cast<unsigned char>(t[b])))
    ++b;
  return {b, e};
}

/// The token is an acronym-like short form ("THAAD", "G7", "2+2"), as a definition needs.
bool acronymToken(std::string_view t, std::pair<size_t, size_t> tok, ShortFormInfo& info) {
  if (tok.first >= tok.second || tok.second - tok.first > 16)
    return false;
  std::string singular = singularShortForm(t.substr(tok.first, tok.second - tok.first));
  info = {};
  return analyzeShortForm(singular, info) && validShortForm(singular, info) && acronymLike(info);
}

bool startsWith(std::string_view t, size_t i, std::string_view s) {
  return i <= t.size() && t.size() - i >= s.size() && t.compare(i, s.size(), s) == 0;
}

/// What may follow a short form introduced after its long form: punctuation, a dash, the end.
bool closesShortForm(std::string_view t, size_t e) {
  if (e >= t.size())
    return true;
  char c = t[e];
  if (c == ',' || c == '.' || c == ';' || c == ':' || c == ')' || c == '\n' || c == '\r')
    return true;
  return c == ' ' && (startsWith(t, e + 1, "\xE2\x80\x94") ||
                      startsWith(t, e + 1, "\xE2\x80\x93") || startsWith(t, e + 1, "--"));
}

/// "SF, which stands for LF, …": the long form starts at `b` and runs to a clause mark; the
/// best alignment over its first one or two words and every end wins, then the shortest.
Found alignForward(std::string_view t, size_t b, const ShortFormInfo& sf) {
  size_t maxWords = std::min(sf.codePoints + 5, 2 * sf.codePoints) + 1;
  std::vector<std::pair<uint32_t, uint32_t>> words;
  size_t i = b;
  while (words.size() < maxWords + 2 && i < t.size()) {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t'))
      ++i;
    if (i >= t.size() || t[i] == '\n' || t[i] == '\r' || t[i] == '(' || t[i] == ')' ||
        startsWith(t, i, "\xE2\x80\x94") || startsWith(t, i, "--") ||
        startsWith(t, i, "\xE2\x80\x93"))
      break;
    size_t wb = i;
    while (i < t.size() && !spaceLen(t, i) && t[i] != '(' && t[i] != ')')
      ++i;
    std::string_view w = t.substr(wb, i - wb);
    words.emplace_back(static_cast<uint32_t>(wb), static_cast<uint32_t>(i));
    char last = w.back();
    if (last == ';' || last == ':' ||
        ((last == '.' || last == '!' || last == '?') && !isAbbreviationWord(w)))
      break;
  }
  Found best;
  size_t bestLen = npos;
  for (size_t s = 0; s < 2 && s < words.size(); ++s) {
    for (size_t e = s + 1; e <= words.size(); ++e) {
      Found f = alignInside(t, words[s].first, words[e - 1].second, sf, false);
      if (f.score == kImpossible)
        continue;
      size_t len = f.longSpan.size();
      if (f.score > best.score || (f.score == best.score && len < bestLen)) {
        best = f;
        bestLen = len;
      }
    }
  }
  return best;
}

/// Definitions written without parentheses: "LF, or SF,", "LF — or SF —", "LF — SF —",
/// "LF, SF for short", "LF, (also) known as (the) SF", "SF, or (the) LF", "SF, which stands
/// for LF", "SF stands for LF", "SF refers to LF", "… SF …; the acronym stands for LF".
/// `emit(sb, se, longSpan, shortFirst, extentEnd, clause)` receives each: the definition as
/// written ends at extentEnd (after the comma or dash that closes an apposition).
template <class Emit> void minePhrases(std::string_view t, Emit&& emit) {
  // The long form ends at `lfEnd`; the short form is the token at `sb`.
  // a closing comma belongs to the apposition ("The LF, or SF, was" -> "The SF was")
  auto closing = [&](size_t e) { return e < t.size() && t[e] == ',' ? e + 1 : e; };
  auto backward = [&](size_t lfEnd, size_t sb, size_t afterToken = npos, size_t extentEnd = npos) {
    auto tok = tokenAt(t, sb);
    ShortFormInfo info;
    if (!acronymToken(t, tok, info))
      return;
    if (afterToken == npos && !closesShortForm(t, tok.second))
      return;
    if (afterToken != npos && !startsWith(t, tok.second, std::string_view(" for short")))
      return;
    Found f = alignLeft(t, lfEnd, info);
    if (f.score == kImpossible)
      return;
    f.longSpan.begin = extendHead(t, f.longSpan, info);
    size_t end = extentEnd != npos    ? extentEnd
                 : afterToken != npos ? closing(afterToken + 10)
                                      : closing(tok.second);
    emit(tok.first, tok.second, f.longSpan, false, end, false);
  };
  // The short form is the token ending at `se`; the long form starts at `lfBegin`.
  auto forward = [&](std::pair<size_t, size_t> tok, size_t lfBegin, bool clause) {
    ShortFormInfo info;
    if (!acronymToken(t, tok, info))
      return;
    Found f = alignForward(t, lfBegin, info);
    if (f.score == kImpossible)
      return;
    emit(tok.first, tok.second, f.longSpan, true, closing(f.longSpan.end), clause);
  };
  auto skipThe = [&](size_t i) { return foldCase(t.substr(i, 4)) == "the " ? i + 4 : i; };

  // ", or ": "LF, or SF," and "SF, or (the) LF"
  auto commaOrAt = [&](size_t c) {
    size_t after = skipThe(c + 5);
    backward(c, after);
    forward(tokenBefore(t, c), after, false);
  };
  // dashes: "LF — or SF —", "LF — SF —", "LF -- SF --" (one search for the em and en
  // dashes' first two bytes, one for "--")
  auto dashAt = [&](size_t d, std::string_view dash) {
    size_t after = d + dash.size();
    while (after < t.size() && t[after] == ' ')
      ++after;
    if (startsWith(t, after, "or "))
      after += 3;
    auto tok = tokenAt(t, after);
    size_t close = tok.second;
    while (close < t.size() && t[close] == ' ')
      ++close;
    if (tok.first < tok.second && startsWith(t, close, dash) && d > 0 &&
        (dash != "\xE2\x80\x93" || t[d - 1] == ' '))
      backward(d, after, npos, close + dash.size());
  };
  // ", (also) known as (the) SF"
  auto knownAsAt = [&](size_t k) {
    size_t comma = k;
    if (comma >= 5 && t.compare(comma - 5, 5, " also") == 0)
      comma -= 5;
    if (comma == 0 || t[comma - 1] != ',')
      return;
    backward(comma - 1, skipThe(k + 10));
  };
  // "SF stands for LF", "SF, which stands for LF", "SF refers to LF", "the acronym stands for"
  auto verbAt = [&](size_t v, std::string_view verb) {
    size_t e = v;
    if (e >= 7 && t.compare(e - 7, 7, ", which") == 0)
      e -= 7;
    auto tok = tokenBefore(t, e);
    std::string before = foldCase(t.substr(tok.first, tok.second - tok.first));
    if (before == "acronym" || before == "abbreviation" || before == "initials") {
      // the nearest acronym before it in the sentence
      size_t floor = tok.first > 300 ? tok.first - 300 : 0;
      for (size_t i = tok.first; i > floor;) {
        --i;
        char c = t[i];
        if (c == '.' && i + 1 < t.size() && t[i + 1] == ' ' && i > 0 &&
            std::islower(static_cast<unsigned char>(t[i - 1])))
          break; // a sentence end
        if (!isShortFormByte(c) || (i > 0 && isShortFormByte(t[i - 1])))
          continue;
        auto cand = tokenAt(t, i);
        ShortFormInfo info;
        if (cand.second <= tok.first && acronymToken(t, cand, info)) {
          Found f = alignForward(t, v + verb.size(), info);
          if (f.score != kImpossible) {
            emit(cand.first, cand.second, f.longSpan, true, f.longSpan.end, true);
            break;
          }
        }
      }
      return;
    }
    // "SF, which stands for LF," is an apposition; "SF stands for LF" a statement
    forward(tok, v + verb.size(), e == v);
  };
  // " for " serves "stands for", "stand for", "is short for" and "SF for short"
  auto forAt = [&](size_t f) {
    if (startsWith(t, f, " for short")) { // "LF, SF for short"
      auto tok = tokenBefore(t, f);
      if (tok.first >= 2 && t[tok.first - 1] == ' ' && t[tok.first - 2] == ',')
        backward(tok.first - 2, tok.first, f);
      return;
    }
    for (std::string_view head :
         {std::string_view(" stands"), std::string_view(" stand"), std::string_view(" is short")})
      if (f >= head.size() && t.compare(f - head.size(), head.size(), head) == 0) {
        verbAt(f - head.size(), t.substr(f - head.size(), head.size() + 5));
        return;
      }
  };
  // One pass over the text for every phrase's first byte: a comma, a dash, or a space before
  // "for", "refers to", "known as" (ten memmem searches cost 40 M instructions a MB).
  const size_t n = t.size();
  for (size_t i = 0; i < n; ++i) {
    switch (t[i]) {
    case ',':
      if (startsWith(t, i, ", or "))
        commaOrAt(i);
      break;
    case '\xE2':
      if (i + 2 < n && t[i + 1] == '\x80' && (t[i + 2] == '\x94' || t[i + 2] == '\x93'))
        dashAt(i, t.substr(i, 3));
      break;
    case '-':
      if (i + 1 < n && t[i + 1] == '-') {
        dashAt(i, "--");
        ++i;
      }
      break;
    case ' ':
      if (i + 1 >= n)
        break;
      if (t[i + 1] == 'f' && startsWith(t, i, " for "))
        forAt(i);
      else if (t[i + 1] == 'r' && startsWith(t, i, " refers to "))
        verbAt(i, " refers to ");
      else if (t[i + 1] == 'k' && startsWith(t, i, " known as "))
        knownAsAt(i);
      break;
    default:
      break;
    }
  }
}

} // namespace

std::string undottedShortForm(std::string_view sf) {
  if (sf.find('.') == std::string_view::npos)
    return std::string(sf);
  std::string undotted;
  for (char c : sf)
    if (c != '.')
      undotted += c;
  return undotted.size() >= 2 ? undotted : std::string(sf);
}

std::string singularShortForm(std::string_view sf) {
  std::string s(sf);
  // possessive: GSOMIA's, GSOMIA’s, FTAs'
  if (s.size() > 3 && s.compare(s.size() - 4, 4, "\xE2\x80\x99s") == 0)
    s.resize(s.size() - 4);
  else if (s.size() > 2 && s.compare(s.size() - 2, 2, "'s") == 0)
    s.resize(s.size() - 2);
  else if (s.size() > 1 && s.back() == '\'')
    s.pop_back();
  else if (s.size() > 3 && s.compare(s.size() - 3, 3, "\xE2\x80\x99") == 0)
    s.resize(s.size() - 3);
  if (s.size() >= 3 && s.back() == 's') {
    char before = s[s.size() - 2];
    if (isAsciiUpper(static_cast<unsigned char>(before)) ||
        isAsciiDigit(static_cast<unsigned char>(before)))
      s.pop_back();
  }
  return s;
}

namespace {
std::vector<MinedDefinition> mine(std::string_view text, const std::vector<Span>* knownSentences);
}

std::vector<MinedDefinition> mineDefinitions(std::string_view text) {
  return mine(text, nullptr);
}

namespace {
/// A short form as written, or in ASCII when it is written in full-width letters and digits
/// ("ＫＡＭＤ" is KAMD, as the recogniser and the checks read it).
std::string shortFormOf(std::string_view written) {
  if (written.find('\xEF') == std::string_view::npos)
    return std::string(written);
  std::string folded = foldFullWidth(written).text;
  for (char c : folded)
    if (static_cast<unsigned char>(c) >= 0x80)
      return std::string(written);
  return folded;
}

std::vector<MinedDefinition> mine(std::string_view text, const std::vector<Span>* knownSentences) {
  std::vector<MinedDefinition> out;
  if (text.size() >= std::numeric_limits<uint32_t>::max())
    return out;
  // A definition: the short form at [sb, se), the long form at longSpan, in either order.
  auto emit = [&](size_t sb, size_t se, Span longSpan, bool shortFirst, Span extent = {},
                  bool clause = false) {
    MinedDefinition d;
    d.shortForm = shortFormOf(text.substr(sb, se - sb));
    d.shortSpan = {static_cast<uint32_t>(sb), static_cast<uint32_t>(se)};
    d.longSpan = longSpan;
    d.longForm = normalizeLong(text.substr(longSpan.begin, longSpan.size()));
    d.shortFirst = shortFirst;
    d.extent = extent;
    d.clause = clause;
    out.push_back(std::move(d));
  };
  OpenParens parens(text);
  size_t openLen = 1;
  for (size_t p = parens.next(0, openLen); p != npos; p = parens.next(p + 1, openLen)) {
    // the closing parenthesis, within the paragraph and without nesting; "（" and "）" are the
    // full-width ones of Korean and Japanese text
    size_t q = p + openLen;
    bool ok = false, lineBlank = false;
    for (; q < text.size() && q - p < 400; ++q) {
      char c = text[q];
      if (c == ')' || (c == '\xEF' && text.compare(q, 3, "\xEF\xBC\x89") == 0)) {
        ok = true;
        break;
      }
      if (c == '(' || (c == '\xEF' && text.compare(q, 3, "\xEF\xBC\x88") == 0))
        break;
      if (c == '\n') {
        if (lineBlank)
          break; // a blank line ends the paragraph
        lineBlank = true;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        lineBlank = false;
      }
    }
    if (!ok)
      continue;
    size_t cb = p + openLen, ce = q;
    trimShort(text, cb, ce);
    if (cb >= ce)
      continue;

    // long form (SF): SF is the text up to a comma or semicolon ("(ROK, or South Korea)")
    size_t sb = cb, se = ce;
    bool hereinafter = false, quoted = false;
    {
      size_t cut = text.substr(cb, ce - cb).find_first_of(",;");
      if (cut != npos)
        se = cb + cut;
      // "(hereafter SF)", "(hereinafter, the “SF”)"
      std::string lead = foldCase(text.substr(sb, std::min<size_t>(12, se - sb)));
      for (const char* h : {"hereafter", "hereinafter", "henceforth"}) {
        if (lead.rfind(h, 0) == 0) {
          sb += std::strlen(h);
          se = ce;
          hereinafter = true;
          while (sb < se && (text[sb] == ',' || text[sb] == ' '))
            ++sb;
        }
      }
      // "(also known as SF)", "(the SF)", "(a.k.a. SF)", "(abbreviated as SF)"
      sb += leadWordsLength(text.substr(sb, se - sb));
      size_t qlen = 0;
      quoted = sb < se && isOpeningQuote(decodeUtf8(text, sb, qlen));
      trimShort(text, sb, se);
    }
    std::string_view sfText = text.substr(sb, se - sb);
    const std::string sfAscii = shortFormOf(sfText); // "（ＫＡＭＤ）" is read as "(KAMD)"
    const bool fullWidth = sfAscii.size() != sfText.size();
    if (fullWidth)
      sfText = sfAscii;
    ShortFormInfo info;
    std::string singular = singularShortForm(sfText);
    bool parsed = analyzeShortForm(singular, info);
    bool shortOk = parsed && validShortForm(singular, info);
    Found found;
    if (shortOk && acronymLike(info)) {
      // "한일 군사정보보호협정(GSOMIA)", "日韓秘密軍事情報保護協定（GSOMIA）": a Korean or Japanese
      // long form, which no letter of the short form aligns with
      const Span cjk = cjkLongFormBefore(text, p);
      if (!cjk.empty()) {
        emit(sb, se, cjk, false);
        continue;
      }
    }
    if (fullWidth)
      continue; // a full-width short form goes with a Korean or Japanese long form only
    if (shortOk) {
      found = alignLeft(text, p, info);
      if (found.score == kImpossible)
        found = alignLeftRotated(text, p, info);
    } else if (parsed && clippedWord(singular, info)) {
      // "Quadrilateral Security Dialogue (Quad)": a title-case short form is a definition
      // only as the clipped first word of a longer capitalised name.
      found = alignLeft(text, p, info);
      if (found.score != kImpossible && !startsClipped(text, found.longSpan, singular))
        found = {};
    }
    if (found.score != kImpossible) {
      found.longSpan.begin = extendHead(text, found.longSpan, info);
      if (hereinafter)
        found.longSpan.begin = std::min(found.longSpan.begin, titlePhraseStart(text, p));
      emit(sb, se, found.longSpan, false);
      continue;
    }
    if (hereinafter && quoted && isNameShortForm(sfText)) {
      // "… on Economic Co-operation (hereinafter the “Claims Agreement”)": an explicit
      // name, not an abbreviation; the long form is the capitalised name before it.
      uint32_t begin = titlePhraseStart(text, p);
      size_t end = skipLeftGap(text, p, 0);
      if (end != npos && begin < end && countWords(text.substr(begin, end - begin)) >= 3) {
        emit(sb, se, {begin, static_cast<uint32_t>(end)}, false);
        continue;
      }
    }

    // SF (long form): SF is the word just before the parenthesis
    size_t e = skipLeftGap(text, p, 0);
    if (e == npos || e == 0)
      continue;
    size_t b = e;
    while (b > 0) {
      size_t s = prevCp(text, b);
      size_t len = 0;
      char32_t c = decodeUtf8(text, s, len);
      if (spaceLen(text, s) || c == '(' || c == ')' || c == '[' || c == ']' || c == ',' ||
          c == ';' || c == ':' || isCjkCodePoint(c) || (c >= 0x3000 && !isWordCodePoint(c)))
        break; // (a Latin short form after Korean or Japanese: "日本はGSOMIA（…）")
      b = s;
    }
    size_t tb = b, te = e;
    trimShort(text, tb, te);
    while (te > tb && (text[te - 1] == ',' || text[te - 1] == ';'))
      --te;
    if (te <= tb)
      continue;
    std::string_view sf2 = text.substr(tb, te - tb);
    const std::string sf2Ascii = shortFormOf(sf2); // "ＭＤＡ（海洋状況把握）" is read as MDA
    const bool fullWidth2 = sf2Ascii.size() != sf2.size();
    ShortFormInfo info2;
    std::string singular2 = singularShortForm(sf2Ascii);
    if (!analyzeShortForm(singular2, info2) || !validShortForm(singular2, info2) ||
        !acronymLike(info2))
      continue;
    if (cjkNameInside(text, cb, ce)) {
      // "GSOMIA(한일 군사정보보호협정)"
      emit(tb, te, {static_cast<uint32_t>(cb), static_cast<uint32_t>(ce)}, true);
      continue;
    }
    if (fullWidth2)
      continue; // a full-width short form goes with a Korean or Japanese name only
    Found inside = alignInside(text, cb, ce, info2);
    if (inside.score == kImpossible)
      continue;
    emit(tb, te, inside.longSpan, true);
  }
  minePhrases(text, [&](size_t sb, size_t se, Span longSpan, bool shortFirst, size_t extentEnd,
                        bool clause) {
    for (const MinedDefinition& d : out)
      if (d.shortSpan.begin == sb)
        return; // found with parentheses already
    Span extent{std::min(static_cast<uint32_t>(sb), longSpan.begin),
                static_cast<uint32_t>(extentEnd)};
    emit(sb, se, longSpan, shortFirst, extent, clause);
  });
  // in text order of the marker (the parenthesis, or the phrase between the two forms)
  std::stable_sort(out.begin(), out.end(), [](const MinedDefinition& a, const MinedDefinition& b) {
    return std::max(a.shortSpan.begin, a.longSpan.begin) <
           std::max(b.shortSpan.begin, b.longSpan.begin);
  });
  if (!out.empty()) {
    std::vector<Span> split;
    if (!knownSentences)
      split = splitSentences(text);
    const std::vector<Span>& sentences = knownSentences ? *knownSentences : split;
    for (MinedDefinition& d : out) {
      uint32_t anchor = d.shortFirst ? d.shortSpan.begin : d.longSpan.begin;
      uint32_t endAnchor = std::max(d.shortSpan.end, d.longSpan.end);
      const Span* best = nullptr;
      auto it = std::upper_bound(sentences.begin(), sentences.end(), anchor,
                                 [](uint32_t o, const Span& s) { return o < s.begin; });
      for (int k = 0; it != sentences.begin() && k < 64; ++k) {
        --it;
        if (anchor >= it->begin && anchor < it->end && (!best || it->size() < best->size()))
          best = &*it;
      }
      if (best) {
        d.sentence = *best;
        d.sentence.begin =
            std::min(d.sentence.begin, std::min(d.longSpan.begin, d.shortSpan.begin));
        d.sentence.end = std::max(d.sentence.end, endAnchor);
      } else {
        d.sentence = {d.longSpan.begin < d.shortSpan.begin ? d.longSpan.begin : d.shortSpan.begin,
                      endAnchor};
      }
    }
  }
  return out;
}

} // namespace

std::vector<MinedDefinition> mineDefinitions(std::string_view text, Language language) {
  return mineDefinitions(text, nonProseRanges(text, language), nullptr);
}

std::vector<MinedDefinition> mineDefinitions(std::string_view text, const std::vector<Span>& masked,
                                             const std::vector<Span>* sentences) {
  std::vector<MinedDefinition> all = mine(text, sentences);
  if (masked.empty())
    return all;
  std::vector<MinedDefinition> out;
  for (MinedDefinition& d : all) {
    auto overlaps = [&](const Span& s) {
      auto it = std::upper_bound(masked.begin(), masked.end(), s.begin,
                                 [](uint32_t o, const Span& m) { return o < m.begin; });
      if (it != masked.begin() && std::prev(it)->end > s.begin)
        return true;
      return it != masked.end() && it->begin < s.end;
    };
    if (!overlaps(d.shortSpan) && !overlaps(d.longSpan))
      out.push_back(std::move(d));
  }
  return out;
}

} // namespace accord
