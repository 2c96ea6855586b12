// Korean and Japanese text: script classes, the Korean particles a term may carry, and the
// full-width forms folded to ASCII for matching (the recogniser and the miner share them).
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
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
/// 라고 이라고 이다 다 이며 며 이고 고 인 이나 야 이야 요 이요 등 들, so 에서는 (에서 + 는), 으로의
/// (으로 + 의), 까지의, 과의, 들의 are accepted and 사드르, 독도법 are not.
const std::vector<std::string>& koreanParticles();

/// The bytes of `t` from `pos` on that are Hangul syllables (up to the first other code point)
/// are empty or a sequence of at most three koreanParticles(); `particlesEnd` receives the
/// end of that Hangul run. False when the run is something else ("르" of "사드르").
bool koreanParticlesAt(std::string_view t, size_t pos, size_t* particlesEnd = nullptr);

/// Whether `t` holds a full-width ASCII variant (U+FF01–U+FF5E) from `begin` to `end`.
bool hasFullWidth(std::string_view t, size_t begin, size_t end);

/// `t` with every full-width ASCII variant (U+FF01–U+FF5E, three bytes) replaced by its ASCII
/// form (one byte): "ＧＳＯＭＩＡ" -> "GSOMIA", "６者協議" -> "6者協議", "（" -> "(". `origin`
/// holds, for each byte offset of `text` and its end, the offset in `t` it comes from, so origin[e]
/// of a span's end is the end of the span in `t`.
struct FullWidthFolded {
  std::string text;
  std::unique_ptr<uint32_t[]> origin; ///< text.size() + 1 offsets, increasing
  /// The offset in the folded text of the byte at `o` in `t` (or of the character holding it).
  uint32_t toFolded(uint32_t o) const {
    return static_cast<uint32_t>(std::lower_bound(origin.get(), origin.get() + text.size() + 1, o) -
                                 origin.get());
  }
};
FullWidthFolded foldFullWidth(std::string_view t);

} // namespace accord
