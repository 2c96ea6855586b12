// Korean and Japanese text: script classes, the Korean particles a term may carry, and the
// full-width forms folded to ASCII for matching (the recogniser and the miner share them).
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/utf8.h"

namespace accord {

/// A precomposed Hangul syllable (U+AC00–U+D7A3).
constexpr bool isHangulSyllable(char32_t c) {
  return c >= 0xAC00 && c <= 0xD7A3;
}
/// Hiragana (U+3041–U+309F).
constexpr bool isHiragana(char32_t c) {
  return c >= 0x3041 && c <= 0x309F;
}
/// Katakana, with the prolonged sound mark (U+30A0–U+30FF but the middle dot; half-width
/// katakana U+FF66–U+FF9F).
constexpr bool isKatakana(char32_t c) {
  return (c >= 0x30A0 && c <= 0x30FF && c != 0x30FB) || (c >= 0xFF66 && c <= 0xFF9F);
}
/// A Han character (CJK unified ideographs, extension A and B…, compatibility ideographs,
/// the iteration mark 々).
constexpr bool isHanCharacter(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) || c == 0x3005;
}

/// The common Han, Kana and Hangul characters (all of three bytes in UTF-8): a test without a
/// call for the scan's hot loop; isCjkCodePoint is the whole set.
constexpr bool isCommonCjk(char32_t c) {
  return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0x3041 && c <= 0x30FA) || c == 0x30FC;
}

/// The code point that ends just before byte `e` (`e` > 0), and its first byte in `start`.
inline char32_t codePointBefore(std::string_view t, size_t e, size_t& start) {
  size_t s = e - 1;
  while (s > 0 && e - s < 4 && isContinuationByte(static_cast<unsigned char>(t[s])))
    --s;
  size_t len = 0;
  char32_t c = decodeUtf8(t, s, len);
  if (s + len != e) {
    start = e - 1;
    return 0xFFFD;
  }
  start = s;
  return c;
}

/// The Korean particles and endings a noun may carry (조사, and the copula's common forms), as
/// written after a term: "지소미아를", "한일기본조약에서는", "위안부 합의로". A term written in
/// Hangul is a mention when the Hangul that follows it is up to three of these in a row and nothing
/// else: 을 를 이 가 은 는 의 에 에서 에게 께 께서 한테 와 과 도 로 으로 로서 으로서 로써 으로써
/// 만 까지 부터 이나 나 이랑 랑 하고 보다 처럼 조차 마저 밖에 만큼 마다 대로 뿐 란 이란 라는 이라는
/// 라고 이라고 이다 다 이며 며 이고 고 인 이나 야 이야 요 이요 등 들, and the copula's 였다 이었다
/// 였던 이었던 였고 이었고 인데 이지만 지만 이라 라 이라도 라도 이든 든 이면 면; so 에서는 (에서 +
/// 는), 으로의 (으로 + 의), 까지의, 과의, 들의 are accepted and 사드르, 독도법 are not.
const std::vector<std::string>& koreanParticles();

/// The bytes of `t` from `pos` on that are Hangul syllables (up to the first other code point)
/// are empty or a sequence of at most three koreanParticles(); `particlesEnd` receives the
/// end of that Hangul run. False when the run is something else ("르" of "사드르").
bool koreanParticlesAt(std::string_view t, size_t pos, size_t* particlesEnd = nullptr);

/// Whether `t` holds a full-width ASCII variant (U+FF01–U+FF5E) from `begin` to `end`.
bool hasFullWidth(std::string_view t, size_t begin, size_t end);

/// `t` with every full-width ASCII variant (U+FF01–U+FF5E, three bytes) replaced by its ASCII
/// form (one byte): "ＧＳＯＭＩＡ" -> "GSOMIA", "６者協議" -> "6者協議", "（" -> "(", with the map
/// between offsets of the two (kept small: the offsets of the folded characters only, so a
/// long Japanese draft does not pay four bytes a byte for it).
struct FullWidthFolded {
  std::string text;
  std::vector<uint32_t> folds; ///< offsets in `text` of the folded characters, increasing
  /// The offset in the original text of the byte at `f` in `text` (or of the end, f = size):
  /// each folded character before it was two bytes longer there.
  uint32_t origin(uint32_t f) const {
    const auto before = std::lower_bound(folds.begin(), folds.end(), f) - folds.begin();
    return f + 2 * static_cast<uint32_t>(before);
  }
  /// The offset in `text` of the byte at `o` in the original text; an offset inside a folded
  /// character maps to the character after it.
  uint32_t toFolded(uint32_t o) const {
    // the folded characters that end at or before o in the original text: folds[k] + 2k + 3 <= o
    size_t lo = 0, hi = folds.size();
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (folds[mid] + 2 * mid + 3 <= o)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo < folds.size() && folds[lo] + 2 * lo < o)
      return folds[lo] + 1; // inside it
    return o - 2 * static_cast<uint32_t>(lo);
  }
};
FullWidthFolded foldFullWidth(std::string_view t);

} // namespace accord
