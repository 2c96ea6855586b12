// UTF-8 and code points: the one decoder and encoder, word and white space classes, case folding.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace accord {

/// Decodes one code point at `offset`; invalid bytes decode as U+FFFD of length 1.
/// `length` receives the byte length consumed (>= 1 unless offset is at the end).
/// Well-formed means RFC 3629: no overlong forms, no UTF-16 surrogates, nothing above
/// U+10FFFF. The only UTF-8 decoder of the tree (inline: it runs per character of every scan).
inline char32_t decodeUtf8(std::string_view text, size_t offset, size_t& length) {
  if (offset >= text.size()) {
    length = 0;
    return 0;
  }
  const auto b0 = static_cast<unsigned char>(text[offset]);
  if (b0 < 0x80) {
    length = 1;
    return b0;
  }
  size_t n = 0;
  char32_t cp = 0, min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    length = 1;
    return 0xFFFD;
  }
  if (offset + n > text.size()) {
    length = 1;
    return 0xFFFD;
  }
  for (size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(text[offset + i]);
    if ((b & 0xC0) != 0x80) {
      length = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    length = 1;
    return 0xFFFD;
  }
  length = n;
  return cp;
}

/// Whether `c` is a UTF-8 continuation byte (10xxxxxx), i.e. not the start of a character.
constexpr bool isContinuationByte(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

/// The byte length of the well-formed UTF-8 sequence at `offset`, or 0 when the bytes there
/// are not one (an ASCII byte is 1).
inline size_t validUtf8Length(std::string_view text, size_t offset) {
  if (offset >= text.size())
    return 0;
  if (static_cast<unsigned char>(text[offset]) < 0x80)
    return 1;
  size_t length = 0;
  decodeUtf8(text, offset, length);
  return length > 1 ? length : 0;
}

/// How many bytes at `offset`, which do not start a well-formed sequence, one U+FFFD replaces:
/// a lead byte and the continuation bytes that could still have completed it (Unicode's
/// "maximal subpart", what nlohmann writes), else the one byte.
inline size_t invalidUtf8Length(std::string_view text, size_t offset) {
  const auto b0 = static_cast<unsigned char>(text[offset]);
  size_t n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (n == 0 || b0 > 0xF4)
    return 1;
  size_t k = 1;
  for (; k < n && offset + k < text.size(); ++k) {
    const auto b = static_cast<unsigned char>(text[offset + k]);
    unsigned char lo = 0x80, hi = 0xBF;
    if (k == 1) {
      if (b0 == 0xE0)
        lo = 0xA0;
      else if (b0 == 0xED)
        hi = 0x9F;
      else if (b0 == 0xF0)
        lo = 0x90;
      else if (b0 == 0xF4)
        hi = 0x8F;
    }
    if (b < lo || b > hi)
      break;
  }
  return k;
}

/// Writes the UTF-8 encoding of `c` (as appendUtf8 does) to `out`; returns its length.
inline size_t encodeUtf8(char32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

/// Appends the UTF-8 encoding of `c` to `out`.
void appendUtf8(std::string& out, char32_t c);

/// True for superscript digits (¹²³⁴…⁰), the footnote markers of extracted commentaries.
/// They are not word code points, so "United States.¹" ends with a word boundary.
inline bool isFootnoteMarker(char32_t c) {
  return c == 0xB9 || c == 0xB2 || c == 0xB3 || c == 0x2070 || (c >= 0x2074 && c <= 0x2079);
}

/// True for code points that are part of a word: letters and digits of any script.
// Without ICU we classify by blocks: everything outside ASCII is a word character except the
// blocks of punctuation, symbols, spaces, superscripts, private use and emoji. That is exact
// for the scripts drafts use (Latin, Greek, Cyrillic, Hangul, Han, Kana) and errs towards
// "word" elsewhere, which only makes a boundary stricter.
inline bool isWordCodePoint(char32_t c) {
  if (c < 0x80)
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  if (c < 0xC0)
    return c == 0xAA || c == 0xB5 || c == 0xBA;
  if (c == 0xD7 || c == 0xF7)
    return false;
  if (c >= 0x2000 && c <= 0x2BFF)
    return false; // punctuation, super/subscripts, symbols
  if (c >= 0x2E00 && c <= 0x2E7F)
    return false; // supplemental punctuation
  if (c >= 0x3000 && c <= 0x303F)
    return c >= 0x3005 && c <= 0x3007; // CJK punctuation
  if (c == 0x30FB)
    return false; // katakana middle dot
  if (c >= 0xE000 && c <= 0xF8FF)
    return false; // private use
  if (c >= 0xFE10 && c <= 0xFE6F)
    return false; // vertical, compatibility and small forms
  if (c == 0xFEFF)
    return false;
  if (c >= 0xFF00 && c <= 0xFF0F)
    return false; // fullwidth punctuation …
  if (c >= 0xFF1A && c <= 0xFF20)
    return false;
  if (c >= 0xFF3B && c <= 0xFF40)
    return false;
  if (c >= 0xFF5B && c <= 0xFF65)
    return false;
  if (c >= 0xFFE0)
    return c >= 0x10000 && !(c >= 0x1F000 && c <= 0x1FAFF) && c < 0xE0000;
  return true;
}

/// True for Han, Kana and Hangul. These scripts are matched one character at a time (a
/// script change such as "GSOMIA는" is a word boundary; see recognizer.h).
inline bool isCjkCodePoint(char32_t c) {
  return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x2FDF) ||
         (c >= 0x3005 && c <= 0x3007) || (c >= 0x3040 && c <= 0x30FF && c != 0x30FB) ||
         (c >= 0x3130 && c <= 0x318F) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFFDC) ||
         (c >= 0x20000 && c <= 0x3134F);
}

/// Simple one-to-one case folding (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic);
/// other code points are returned unchanged.
inline char32_t foldCase(char32_t c) {
  if (c < 0x80)
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
    return c + 32;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130)
      return 'i';
    if (c == 0x178)
      return 0xFF;
    if (c == 0x17F)
      return 's';
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
      return (c & 1) ? c + 1 : c;
    if (c == 0x131 || c == 0x138 || c == 0x149)
      return c;
    return (c & 1) ? c : c + 1;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
    return c + 32;
  if (c >= 0x410 && c <= 0x42F)
    return c + 32;
  if (c >= 0x400 && c <= 0x40F)
    return c + 80;
  return c;
}
/// `text` folded with foldCase(char32_t); invalid bytes are copied unchanged.
std::string foldCase(std::string_view text);

/// An id made of `s`: ASCII letters lower-cased and digits, other runs as one '-' ("term" when
/// nothing is left). Term ids of the lexicon, the corpus and the draft's own terms.
std::string slug(std::string_view s);

// White space ---------------------------------------------------------------------------

inline bool isAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// The white space code points above ASCII that spaceAt knows.
inline bool isWideSpace(char32_t c) {
  return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0xFEFF || c == 0x2028 || c == 0x2029;
}

/// White space of any kind at `i` (ASCII, NBSP, the U+2000 spaces, ideographic space);
/// returns its byte length or 0.
inline size_t spaceAt(std::string_view t, size_t i) {
  if (i >= t.size())
    return 0;
  const auto b = static_cast<unsigned char>(t[i]);
  if (b < 0x80)
    return isAsciiSpace(static_cast<char>(b)) ? 1 : 0;
  size_t len = 0;
  char32_t c = decodeUtf8(t, i, len);
  return isWideSpace(c) ? len : 0;
}

/// True when the line [b, e) holds only white space.
inline bool blankLine(std::string_view t, size_t b, size_t e) {
  for (size_t i = b; i < e;) {
    size_t n = spaceAt(t, i);
    if (n == 0)
      return false;
    i += n;
  }
  return true;
}

} // namespace accord
