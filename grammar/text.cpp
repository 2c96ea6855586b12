// UTF-8 decoding, word characters, case folding, sentence splitting and the prose mask.
#include "grammar/text.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>
#include <string>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace accord {

// ---------------------------------------------------------------------------------------
// Code points

char32_t decodeUtf8(std::string_view text, size_t offset, size_t& length) {
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

bool isFootnoteMarker(char32_t c) {
  return c == 0xB9 || c == 0xB2 || c == 0xB3 || c == 0x2070 || (c >= 0x2074 && c <= 0x2079);
}

// Without ICU we classify by blocks: everything outside ASCII is a word character except the
// blocks of punctuation, symbols, spaces, superscripts, private use and emoji. That is exact
// for the scripts drafts use (Latin, Greek, Cyrillic, Hangul, Han, Kana) and errs towards
// "word" elsewhere, which only makes a boundary stricter.
bool isWordCodePoint(char32_t c) {
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

bool isCjkCodePoint(char32_t c) {
  return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x2FDF) ||
         (c >= 0x3005 && c <= 0x3007) || (c >= 0x3040 && c <= 0x30FF && c != 0x30FB) ||
         (c >= 0x3130 && c <= 0x318F) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFFDC) ||
         (c >= 0x20000 && c <= 0x3134F);
}

char32_t foldCase(char32_t c) {
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

void appendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string foldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out += static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b);
      ++i;
      continue;
    }
    size_t len = 0;
    char32_t c = decodeUtf8(text, i, len);
    if (c == 0xFFFD && len == 1) {
      out += text[i];
    } else {
      appendUtf8(out, foldCase(c));
    }
    i += len;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Sentences

namespace {

bool isAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// The white space code points above ASCII that spaceAt knows.
bool isWideSpace(char32_t c) {
  return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0xFEFF || c == 0x2028 || c == 0x2029;
}

/// White space of any kind at `i` (ASCII, NBSP, the U+2000 spaces, ideographic space);
/// returns its byte length or 0.
size_t spaceAt(std::string_view t, size_t i) {
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
bool blankLine(std::string_view t, size_t b, size_t e) {
  for (size_t i = b; i < e;) {
    size_t n = spaceAt(t, i);
    if (n == 0)
      return false;
    i += n;
  }
  return true;
}

struct Para {
  uint32_t begin = 0, end = 0; // trimmed of white space
};

/// Writes the UTF-8 encoding of `c` (as appendUtf8 does) to `out`; returns its length.
size_t encodeUtf8(char32_t c, char* out) {
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

/// ASCII lower-cased, 0 for ASCII white space (and NUL, which normalizeForCompare reads through
/// its general path).
constexpr std::array<char, 256> makeAsciiFold() {
  std::array<char, 256> a{};
  for (int b = 1; b < 0x80; ++b) {
    bool space = b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v';
    a[b] = space ? 0 : static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b);
  }
  return a;
}
constexpr std::array<char, 256> kAsciiFold = makeAsciiFold();

std::vector<Para> paragraphs(std::string_view t) {
  std::vector<Para> out;
  size_t lineStart = 0;
  long paraBegin = -1;
  size_t lastContentEnd = 0;
  while (lineStart <= t.size()) {
    size_t nl = t.find('\n', lineStart);
    size_t lineEnd = nl == std::string_view::npos ? t.size() : nl;
    if (blankLine(t, lineStart, lineEnd)) {
      if (paraBegin >= 0)
        out.push_back({static_cast<uint32_t>(paraBegin), static_cast<uint32_t>(lastContentEnd)});
      paraBegin = -1;
    } else {
      size_t b = lineStart;
      while (size_t n = spaceAt(t, b))
        b += n;
      // Trailing white space. A line ending in an ASCII byte that is not white space (after
      // ASCII white space, if any) ends there: an ASCII byte is always a character of its own
      // (decodeUtf8 never takes it as part of a sequence). Otherwise scan forward.
      size_t e = lineEnd;
      while (e > b && isAsciiSpace(t[e - 1]))
        --e;
      if (e > b && static_cast<unsigned char>(t[e - 1]) < 0x80) {
        if (paraBegin < 0)
          paraBegin = static_cast<long>(b);
        lastContentEnd = e;
        if (nl == std::string_view::npos)
          break;
        lineStart = nl + 1;
        continue;
      }
      // Likewise a line ending in a multi-byte character that is not white space. Decoding
      // from `b`, a byte that is not a continuation byte always starts a character (each
      // character decodeUtf8 reads is one byte, or a lead byte and continuation bytes), so the
      // character read there is the last one when it ends at `e`.
      size_t s = e - 1; // t[b] is not ASCII white space, so e > b
      while (s > b && e - s < 4 && (static_cast<unsigned char>(t[s]) & 0xC0) == 0x80)
        --s;
      if (s == b || (static_cast<unsigned char>(t[s]) & 0xC0) != 0x80) {
        size_t len = 0;
        const char32_t c = decodeUtf8(t, s, len);
        if (s + len == e && !isWideSpace(c)) {
          if (paraBegin < 0)
            paraBegin = static_cast<long>(b);
          lastContentEnd = e;
          if (nl == std::string_view::npos)
            break;
          lineStart = nl + 1;
          continue;
        }
      }
      size_t lastNonSpace = b;
      for (size_t i = b; i < lineEnd;) {
        const auto c = static_cast<unsigned char>(t[i]);
        if (c < 0x80) { // the common case, without decoding
          ++i;
          if (!isAsciiSpace(static_cast<char>(c)))
            lastNonSpace = i;
          continue;
        }
        size_t len = 0;
        const char32_t cp = decodeUtf8(t, i, len);
        i += len;
        if (!isWideSpace(cp))
          lastNonSpace = i;
      }
      e = lastNonSpace;
      if (paraBegin < 0)
        paraBegin = static_cast<long>(b);
      lastContentEnd = e;
    }
    if (nl == std::string_view::npos)
      break;
    lineStart = nl + 1;
  }
  if (paraBegin >= 0)
    out.push_back({static_cast<uint32_t>(paraBegin), static_cast<uint32_t>(lastContentEnd)});
  return out;
}

/// Lower-cased text with white space folded and footnote markers dropped, for comparing
/// paragraphs (running heads, pull quotes). When `where` is given, it receives for each of
/// `paras` (sorted, trimmed, non-overlapping) the range of the result that is the normalised
/// text of that paragraph alone, so that paragraphs need not be normalised one by one.
std::string normalizeForCompare(std::string_view t, const std::vector<Para>& paras,
                                std::vector<std::pair<uint32_t, uint32_t>>* where) {
  // Written by index into a buffer kept at least as large as the input left to read (only an
  // invalid byte, written as U+FFFD, grows), with a tight loop for ASCII between paragraph
  // edges: push_back and decoding per byte cost more than the rest of sentence splitting.
  std::string out(t.size() + 16, '\0');
  char* o = out.data();
  size_t n = 0;
  bool space = false;
  size_t pk = 0;
  bool markStart = false; // the next character written starts paragraph pk
  if (where)
    where->assign(paras.size(), {0, 0});
  auto emit = [&](char ch) {
    if (space && n != 0)
      o[n++] = ' ';
    space = false;
    if (markStart)
      (*where)[pk].first = static_cast<uint32_t>(n), markStart = false;
    o[n++] = ch;
  };
  for (size_t i = 0; i < t.size();) {
    size_t stop = t.size();
    if (where) {
      while (pk < paras.size() && i >= paras[pk].end) {
        if (markStart)
          (*where)[pk] = {static_cast<uint32_t>(n), static_cast<uint32_t>(n)};
        else
          (*where)[pk].second = static_cast<uint32_t>(n);
        markStart = false;
        ++pk;
      }
      if (pk < paras.size()) {
        if (i == paras[pk].begin)
          markStart = true;
        stop = i < paras[pk].begin ? paras[pk].begin : paras[pk].end;
      }
    }
    const auto b = static_cast<unsigned char>(t[i]);
    if (b < 0x80) {
      ++i;
      if (isAsciiSpace(static_cast<char>(b)))
        space = true;
      else
        emit(static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b));
      // The common case: ASCII up to the next paragraph edge, eight bytes at a time when they
      // are printable ASCII without two spaces in a row and do not start with a space (a word
      // of prose: lower-cased in place, no white space to fold).
      while (!markStart && i < stop) {
        if (std::endian::native == std::endian::little && stop - i >= 8) {
          uint64_t x;
          std::memcpy(&x, t.data() + i, 8);
          constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
          const uint64_t notSpace =
              ((x ^ (kOnes * 0x20)) + kOnes * 0x7F) & kHigh; // exact for ASCII
          const uint64_t spaces = ~notSpace & kHigh;
          if ((x & kHigh) == 0 && ((x - kOnes * 0x20) & ~x & kHigh) == 0 && (spaces & 0x80) == 0 &&
              (spaces & (spaces << 8)) == 0) {
            if (space) {
              if (n != 0)
                o[n++] = ' ';
              space = false;
            }
            const uint64_t upper =
                (x + kOnes * (0x80 - 'A')) & ~(x + kOnes * (0x80 - 'Z' - 1)) & kHigh;
            x |= upper >> 2;
            std::memcpy(o + n, &x, 8);
            n += 8;
            i += 8;
            if ((x >> 56) == ' ')
              --n, space = true; // a space is written only before a character
            continue;
          }
        }
        const auto c = static_cast<unsigned char>(t[i]);
        const char folded = kAsciiFold[c]; // 0: white space; c >= 0x80 stops the loop
        if (c >= 0x80 || c == 0)
          break;
        ++i;
        if (folded == 0) {
          space = true;
          continue;
        }
        if (space) {
          if (n != 0)
            o[n++] = ' ';
          space = false;
        }
        o[n++] = folded;
      }
      continue;
    }
    size_t len = 0;
    const char32_t c = decodeUtf8(t, i, len);
    if (len == 0)
      break;
    const size_t at = i;
    i += len;
    if (isWideSpace(c)) {
      space = true;
      continue;
    }
    if (isFootnoteMarker(c))
      continue;
    if (out.size() - n < t.size() - i + 8) {
      out.resize(out.size() + t.size() - i + 64);
      o = out.data();
    }
    // A valid sequence is the one encoding of its code point: copied when folding keeps it.
    const char32_t f = foldCase(c);
    char enc[4];
    size_t encLen = len;
    if (f != c || len == 1) {
      encLen = encodeUtf8(f, enc);
    } else {
      std::memcpy(enc, t.data() + at, len);
    }
    emit(enc[0]);
    for (size_t k = 1; k < encLen; ++k)
      o[n++] = enc[k];
  }
  if (where)
    for (; pk < paras.size(); ++pk) {
      if (markStart)
        (*where)[pk] = {static_cast<uint32_t>(n), static_cast<uint32_t>(n)};
      else
        (*where)[pk].second = static_cast<uint32_t>(n);
      markStart = false;
    }
  out.resize(n);
  return out;
}
std::string normalizeForCompare(std::string_view t) {
  return normalizeForCompare(t, {}, nullptr);
}

bool isLowerStart(std::string_view t, size_t i) {
  size_t len = 0;
  char32_t c = decodeUtf8(t, i, len);
  if (c < 0x80)
    return c >= 'a' && c <= 'z';
  return isWordCodePoint(c) && foldCase(c) == c && !isCjkCodePoint(c) &&
         ((c >= 0xDF && c <= 0x24F) || (c >= 0x3B1 && c <= 0x3C9) || (c >= 0x430 && c <= 0x45F));
}

bool isUpperStart(std::string_view t, size_t i) {
  size_t len = 0;
  char32_t c = decodeUtf8(t, i, len);
  if (c < 0x80)
    return c >= 'A' && c <= 'Z';
  return isWordCodePoint(c) && foldCase(c) != c;
}

/// The last code point before `end` (skipping trailing footnote markers) and its offset.
char32_t lastCodePoint(std::string_view t, size_t begin, size_t end, size_t* at = nullptr) {
  size_t i = end;
  while (i > begin) {
    size_t s = i - 1;
    while (s > begin && (static_cast<unsigned char>(t[s]) & 0xC0) == 0x80)
      --s;
    size_t len = 0;
    char32_t c = decodeUtf8(t, s, len);
    if (!isFootnoteMarker(c)) {
      if (at)
        *at = s;
      return c;
    }
    i = s;
  }
  return 0;
}

/// A paragraph that ends mid-sentence: its last character is a letter, digit or comma.
bool unfinished(std::string_view t, const Para& p) {
  char32_t c = lastCodePoint(t, p.begin, p.end);
  if (c == ',')
    return true;
  return isWordCodePoint(c) && !isCjkCodePoint(c);
}

bool startsWithFootnoteNumber(std::string_view t, const Para& p) {
  size_t i = p.begin;
  size_t digits = 0;
  for (;;) {
    size_t len = 0;
    char32_t c = decodeUtf8(t, i, len);
    if (i < p.end && (isFootnoteMarker(c) || (c >= '0' && c <= '9'))) {
      ++digits;
      i += len;
    } else {
      break;
    }
  }
  if (digits == 0 || digits > 3 || i >= p.end)
    return false;
  if (t[i] != ' ' && t[i] != '\t') {
    // superscript markers may be glued to the note's first word
    size_t len = 0;
    if (!isFootnoteMarker(decodeUtf8(t, p.begin, len)))
      return false;
  }
  while (i < p.end && (t[i] == ' ' || t[i] == '\t'))
    ++i;
  return i < p.end && !isLowerStart(t, i) && p.end - p.begin > 12;
}

/// Words that a period does not end a sentence after: titles, months, "No.", "p." …
bool isAbbreviationWord(const std::string& w) {
  // string_views compare by length first (no strlen per candidate: this runs at every period).
  static constexpr std::string_view kAbbrev[] = {
      "mr",     "mrs", "ms",   "dr",   "prof", "st",   "jr",   "sr",   "no",   "nos", "vol",
      "vols",   "pp",  "p",    "fig",  "figs", "jan",  "feb",  "mar",  "apr",  "jun", "jul",
      "aug",    "sep", "sept", "oct",  "nov",  "dec",  "vs",   "cf",   "al",   "inc", "co",
      "corp",   "ltd", "gen",  "gov",  "sen",  "rep",  "lt",   "col",  "capt", "adm", "amb",
      "approx", "ca",  "ed",   "eds",  "esp",  "dept", "univ", "assn", "ch",   "sec", "art",
      "para",   "op",  "cit",  "ibid", "resp", "mt",   "ft",   "est"};
  if (w.empty() || w.size() > 6)
    return false; // no abbreviation is longer
  char buf[6];
  for (size_t i = 0; i < w.size(); ++i)
    buf[i] = static_cast<char>((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
  const std::string_view l(buf, w.size());
  for (std::string_view a : kAbbrev)
    if (l == a)
      return true;
  return false;
}

/// ASCII bytes that are neither white space nor sentence-ending punctuation.
constexpr std::array<bool, 256> makePlainBytes() {
  std::array<bool, 256> a{};
  for (int b = 0; b < 0x80; ++b)
    a[b] = !(b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v' ||
             b == '.' || b == '!' || b == '?');
  return a;
}
constexpr std::array<bool, 256> kPlainByte = makePlainBytes();

class SentenceSplitter {
public:
  explicit SentenceSplitter(std::string_view t) : t_(t), paras_(paragraphs(t)) {}

  std::vector<Span> run() {
    countRunningHeads();
    std::vector<bool> absorbed(paras_.size(), false);
    for (size_t i = 0; i < paras_.size(); ++i) {
      if (absorbed[i])
        continue;
      std::vector<Para> pieces{paras_[i]};
      size_t cur = i;
      // Follow a sentence across page-break artefacts into its continuation.
      while (unfinished(t_, paras_[cur])) {
        // The next prose paragraph continues the sentence when it starts in lower case, or
        // when this one stops on a function word ("… between South Korea and") and only
        // artefacts lie between. The cheap test comes first: most unfinished paragraphs are
        // headings followed by a capitalised paragraph.
        size_t next = cur + 1;
        bool functionWord = endsWithFunctionWord(paras_[cur]);
        if (!functionWord) {
          while (next < paras_.size() && next - cur <= 9 && !isLowerStart(t_, paras_[next].begin))
            ++next;
          if (next >= paras_.size() || next - cur > 9)
            break;
          bool allArtefacts = true;
          for (size_t k = cur + 1; k < next && allArtefacts; ++k)
            allArtefacts = isArtefact(k);
          if (!allArtefacts)
            break;
        } else {
          while (next < paras_.size() && next - cur <= 9 && isArtefact(next))
            ++next;
          if (next >= paras_.size() || next - cur > 9)
            break;
          if (next == cur + 1 && !isLowerStart(t_, paras_[next].begin))
            break;
        }
        if (absorbed[next])
          break;
        pieces.push_back(paras_[next]);
        absorbed[next] = true;
        cur = next;
      }
      splitBlock(pieces);
    }
    // Blocks come out in order, each sorted, but the artefacts a sentence spans come out after
    // it: sort those few on their own and merge (the order is total, so the result is the one
    // a full sort gives).
    auto before = [](const Span& a, const Span& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    };
    std::vector<Span> late;
    size_t kept = 0;
    for (size_t k = 0; k < out_.size(); ++k) {
      if (kept > 0 && before(out_[k], out_[kept - 1]))
        late.push_back(out_[k]);
      else
        out_[kept++] = out_[k];
    }
    if (late.empty())
      return std::move(out_);
    out_.resize(kept);
    std::sort(late.begin(), late.end(), before);
    std::vector<Span> merged(out_.size() + late.size());
    std::merge(out_.begin(), out_.end(), late.begin(), late.end(), merged.begin(), before);
    return merged;
  }

private:
  bool shortLine(const Para& p) const {
    if (p.end - p.begin > 60)
      return false;
    std::string_view s = t_.substr(p.begin, p.end - p.begin);
    if (s.find('\n') != std::string_view::npos)
      return false;
    char last = s.back();
    if (std::strchr(".!?:;,", last))
      return false;
    return std::count(s.begin(), s.end(), ' ') < 6;
  }

  bool endsWithFunctionWord(const Para& p) const {
    static const char* const kWords[] = {"and",  "or",  "of",    "the",  "a",       "an",
                                         "to",   "in",  "for",   "with", "between", "by",
                                         "on",   "at",  "from",  "as",   "that",    "which",
                                         "than", "its", "their", "nor",  "but"};
    size_t b = p.end;
    while (b > p.begin && ((t_[b - 1] | 0x20) >= 'a' && (t_[b - 1] | 0x20) <= 'z'))
      --b;
    std::string w(t_.substr(b, p.end - b));
    for (const char* k : kWords)
      if (w == k)
        return true;
    return false;
  }

  void countRunningHeads() {
    for (const Para& p : paras_)
      if (shortLine(p))
        ++headCounts_[normalizeForCompare(t_.substr(p.begin, p.end - p.begin))];
  }

  bool isArtefact(size_t k) {
    const Para& p = paras_[k];
    if (shortLine(p)) {
      auto it = headCounts_.find(normalizeForCompare(t_.substr(p.begin, p.end - p.begin)));
      if (it != headCounts_.end() && it->second >= 2)
        return true; // running head
    }
    if (startsWithFootnoteNumber(t_, p))
      return true;
    return isPullQuote(k);
  }

  /// A paragraph repeating, as a display quote, words found elsewhere in the document.
  bool isPullQuote(size_t k) {
    const Para& p = paras_[k];
    if (p.end - p.begin < 40 || p.end - p.begin > 600)
      return false;
    if (pullQuotes_.empty())
      findPullQuotes();
    return pullQuotes_[k];
  }

  /// Marks every paragraph whose normalised text (less closing punctuation, at least
  /// kPullQuoteMin bytes) occurs at least twice in the normalised document: itself and
  /// elsewhere (overlapping occurrences count). Searching the document once per candidate made
  /// long drafts quadratic (seconds for 1 MB), so one pass finds all candidates at once: each
  /// distinct candidate text is anchored at one of its word starts (a byte after a space), and
  /// every occurrence of it in the document has the same 8 bytes after a space at the same
  /// distance from its start. So only the positions after a space are looked up (about one
  /// byte in six of prose), in a hash table of the anchors. Candidates without a word start far
  /// enough from their end (Japanese, long URLs) are looked up at every position.
  void findPullQuotes() {
    pullQuotes_.assign(paras_.size(), false);
    std::vector<std::pair<uint32_t, uint32_t>> where;
    const std::string doc = normalizeForCompare(t_, paras_, &where);
    const std::string_view d(doc);
    auto key8 = [](const char* p) {
      uint64_t k;
      std::memcpy(&k, p, 8);
      return k;
    };
    auto mix = [](uint64_t k) { return k * 0x9E3779B97F4A7C15ull; };
    struct Candidate {
      uint64_t key; // the 8 bytes at the anchor
      std::string_view q;
      uint32_t anchor; // offset of the anchor in q; 0: none (looked up at every position)
      uint32_t para;
    };
    std::vector<Candidate> cands;
    for (size_t k = 0; k < paras_.size(); ++k) {
      const Para& p = paras_[k];
      if (p.end - p.begin < 40 || p.end - p.begin > 600)
        continue;
      std::string_view q = d.substr(where[k].first, where[k].second - where[k].first);
      while (!q.empty() && std::strchr(".!?\"'", q.back()))
        q.remove_suffix(1);
      if (q.size() < kPullQuoteMin)
        continue;
      cands.push_back({0, q, 0, static_cast<uint32_t>(k)});
    }
    if (cands.empty() || d.size() < kPullQuoteMin)
      return;
    // The anchor: of the first few word starts, the one whose 8 bytes are rarest among those
    // of all candidates (roughly, rarest in the document: fewer false hits to compare). Any
    // word start gives the same answer.
    constexpr size_t kTries = 6;
    constexpr unsigned kFreqBits = 12;
    std::vector<uint16_t> freq(size_t{1} << kFreqBits, 0);
    auto forWordStarts = [&](std::string_view q, auto&& f) {
      size_t tries = 0;
      for (size_t sp = q.find(' ');
           sp != std::string_view::npos && sp + 1 + 8 <= q.size() && tries < kTries;
           sp = q.find(' ', sp + 1), ++tries)
        f(sp + 1);
    };
    for (const Candidate& c : cands)
      forWordStarts(c.q, [&](size_t a) {
        uint16_t& n = freq[mix(key8(c.q.data() + a)) >> (64 - kFreqBits)];
        if (n < 0xFFFF)
          ++n;
      });
    for (Candidate& c : cands) {
      unsigned best = 0x10000;
      forWordStarts(c.q, [&](size_t a) {
        const unsigned n = freq[mix(key8(c.q.data() + a)) >> (64 - kFreqBits)];
        if (n < best)
          best = n, c.anchor = static_cast<uint32_t>(a);
      });
      c.key = key8(c.q.data() + c.anchor);
    }
    // Equal texts are counted once (a draft may repeat a paragraph many times): sorted by
    // anchor key then text, each run of equal texts is one pattern.
    std::sort(cands.begin(), cands.end(), [](const Candidate& x, const Candidate& y) {
      if (x.key != y.key)
        return x.key < y.key;
      if (x.anchor != y.anchor)
        return x.anchor < y.anchor;
      return x.q < y.q;
    });
    struct Pattern {
      uint64_t key;  // the 8 bytes at the anchor
      uint64_t head; // the first 8 bytes, compared before the rest
      std::string_view q;
      uint32_t anchor;
      uint32_t seen;
    };
    std::vector<Pattern> anchored, unanchored;
    std::vector<uint32_t> patternOf(cands.size()); // index into anchored or unanchored
    for (size_t c = 0; c < cands.size(); ++c) {
      const Candidate& x = cands[c];
      auto& list = x.anchor ? anchored : unanchored;
      if (list.empty() || list.back().key != x.key || list.back().q != x.q ||
          list.back().anchor != x.anchor)
        list.push_back({x.key, key8(x.q.data()), x.q, x.anchor, 0});
      patternOf[c] = static_cast<uint32_t>(list.size() - 1);
    }
    // Counts the occurrences of the patterns list[from…] with key `key` whose anchor is at `at`.
    auto count = [&](std::vector<Pattern>& list, size_t from, uint64_t key, size_t at) {
      for (auto it = list.begin() + static_cast<long>(from); it != list.end() && it->key == key;
           ++it) {
        if (it->seen >= 2 || at < it->anchor)
          continue;
        const size_t i = at - it->anchor;
        if (i + it->q.size() <= d.size() && key8(d.data() + i) == it->head &&
            std::memcmp(d.data() + i + 8, it->q.data() + 8, it->q.size() - 8) == 0)
          ++it->seen;
      }
    };
    // Open addressing: the first pattern of each key, at least twice as many slots as keys.
    auto lookupTable = [&](const std::vector<Pattern>& list, unsigned& bits) {
      bits = 4;
      while ((size_t{1} << bits) < list.size() * 2)
        ++bits;
      std::vector<uint32_t> table(size_t{1} << bits, UINT32_MAX);
      const size_t mask = (size_t{1} << bits) - 1;
      for (size_t k = 0; k < list.size(); ++k) {
        if (k > 0 && list[k - 1].key == list[k].key)
          continue;
        size_t s = mix(list[k].key) >> (64 - bits);
        while (table[s] != UINT32_MAX)
          s = (s + 1) & mask;
        table[s] = static_cast<uint32_t>(k);
      }
      return table;
    };
    auto find = [&](const std::vector<Pattern>& list, const std::vector<uint32_t>& table,
                    unsigned bits, uint64_t key) -> uint32_t {
      const size_t mask = (size_t{1} << bits) - 1;
      for (size_t s = mix(key) >> (64 - bits);; s = (s + 1) & mask) {
        const uint32_t k = table[s];
        if (k == UINT32_MAX || list[k].key == key)
          return k;
      }
    };
    if (!anchored.empty()) {
      unsigned bits = 0;
      const std::vector<uint32_t> table = lookupTable(anchored, bits);
      auto visit = [&](size_t at) { // `at` follows a space
        if (at + 8 > d.size())
          return;
        const uint64_t key = key8(d.data() + at);
        const uint32_t k = find(anchored, table, bits, key);
        if (k != UINT32_MAX)
          count(anchored, k, key, at);
      };
      // The spaces of the document, eight bytes at a time (exact zero-byte test of x ^ "        ").
      constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
      size_t w = 0;
      if constexpr (std::endian::native == std::endian::little) {
        for (; w + 8 <= d.size(); w += 8) {
          const uint64_t y = key8(d.data() + w) ^ 0x2020202020202020ull;
          uint64_t m = ~(((y & kLow7) + kLow7) | y | kLow7);
          while (m) {
            visit(w + static_cast<size_t>(std::countr_zero(m) >> 3) + 1);
            m &= m - 1;
          }
        }
      }
      for (; w < d.size(); ++w)
        if (d[w] == ' ')
          visit(w + 1);
    }
    if (!unanchored.empty()) {
      unsigned bits = 0;
      const std::vector<uint32_t> table = lookupTable(unanchored, bits);
      for (size_t i = 0; i + kPullQuoteMin <= d.size(); ++i) {
        const uint64_t key = key8(d.data() + i);
        const uint32_t k = find(unanchored, table, bits, key);
        if (k != UINT32_MAX)
          count(unanchored, k, key, i);
      }
    }
    for (size_t c = 0; c < cands.size(); ++c) {
      const auto& list = cands[c].anchor ? anchored : unanchored;
      pullQuotes_[cands[c].para] = list[patternOf[c]].seen >= 2;
    }
  }

  // -- splitting one block (a paragraph, or a paragraph and its continuations) -------------

  /// The next position at or after `i` that is not white space, crossing piece gaps;
  /// returns npos at the end of the block.
  size_t nextContent(size_t i, size_t piece) const {
    for (;;) {
      const Para& p = pieces_[piece];
      while (i < p.end) {
        size_t n = spaceAt(t_, i);
        if (!n)
          return i;
        i += n;
      }
      if (piece + 1 >= pieces_.size())
        return std::string_view::npos;
      ++piece;
      i = pieces_[piece].begin;
    }
  }

  static bool isBulletAt(std::string_view t, size_t i, size_t end, size_t* after) {
    size_t len = 0;
    char32_t c = decodeUtf8(t, i, len);
    if (c == 0x2022 || c == 0x25E6 || c == 0x25AA || c == 0x2023 || c == 0x2043 || c == 0x00B7 ||
        ((c == '-' || c == '*' || c == '+') && i + 1 < end && t[i + 1] == ' ')) {
      size_t j = i + len;
      while (j < end && (t[j] == ' ' || t[j] == '\t'))
        ++j;
      if (after)
        *after = j;
      return true;
    }
    // "1. " and "1) " list items
    size_t j = i;
    while (j < end && j - i < 3 && t[j] >= '0' && t[j] <= '9')
      ++j;
    if (j > i && j + 1 < end && (t[j] == '.' || t[j] == ')') && t[j + 1] == ' ') {
      j += 1;
      while (j < end && (t[j] == ' ' || t[j] == '\t'))
        ++j;
      if (after)
        *after = j;
      return true;
    }
    return false;
  }

  static bool isHeadingLine(std::string_view t, size_t i, size_t end) {
    size_t j = i;
    while (j < end && t[j] == '#')
      ++j;
    return j > i && j - i <= 6 && (j == end || t[j] == ' ' || t[j] == '\t');
  }

  static std::string wordBefore(std::string_view t, size_t dot, size_t begin) {
    size_t i = dot;
    while (i > begin) {
      char c = t[i - 1];
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
        --i;
      } else if (c == '.' && i - 1 > begin &&
                 ((t[i - 2] | 0x20) >= 'a' && (t[i - 2] | 0x20) <= 'z')) {
        --i;
      } else {
        break;
      }
    }
    return std::string(t.substr(i, dot - i));
  }

  static bool isAbbreviation(const std::string& w) { return isAbbreviationWord(w); }

  bool startsSentenceAfterAbbreviation(size_t i) const {
    static const char* const kStarters[] = {
        "The",     "This", "These", "That",  "Those", "It",  "Its", "In",       "But",
        "However", "A",    "An",    "We",    "They",  "He",  "She", "There",    "Such",
        "As",      "If",   "When",  "While", "Since", "On",  "At",  "For",      "Dr",
        "Mr",      "Mrs",  "Ms",    "Prof",  "Yet",   "And", "So",  "Moreover", "Also"};
    size_t e = i;
    while (e < t_.size() && ((t_[e] | 0x20) >= 'a' && (t_[e] | 0x20) <= 'z'))
      ++e;
    std::string_view w = t_.substr(i, e - i);
    for (const char* s : kStarters)
      if (w == s)
        return true;
    return false;
  }

  void emit(size_t b, size_t e) {
    if (e > b)
      out_.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  }

  void splitBlock(const std::vector<Para>& pieces) {
    pieces_ = pieces;
    size_t piece = 0;
    size_t start = std::string_view::npos;
    size_t lastEnd = 0; // end of the last content character of the current sentence
    auto beginSentence = [&](size_t i) {
      size_t after = 0;
      size_t lineEnd = t_.find('\n', i);
      if (lineEnd == std::string_view::npos || lineEnd > pieces_[piece].end)
        lineEnd = pieces_[piece].end;
      if (isBulletAt(t_, i, lineEnd, &after) && after < lineEnd)
        i = after;
      start = i;
    };
    auto close = [&](size_t e) {
      if (start != std::string_view::npos)
        emit(start, e);
      start = std::string_view::npos;
    };
    for (piece = 0; piece < pieces_.size(); ++piece) {
      const Para& p = pieces_[piece];
      size_t i = p.begin;
      while (i < p.end) {
        // Fast paths, same outcome as the general code below: a run of ASCII that is neither
        // white space nor sentence punctuation, and a plain space or tab.
        const auto b0 = static_cast<unsigned char>(t_[i]);
        if (kPlainByte[b0]) {
          if (start == std::string_view::npos)
            beginSentence(i);
          ++i;
          lastEnd = i;
          // Eight bytes at a time, the same as both fast paths: plain bytes and spaces, up to
          // the first byte that may be neither (any byte >= 0x80 or < 0x20, '.', '!', '?').
          // The lowest byte flagged by each (inexact) test is exact, so the lowest of their
          // union is the first such byte.
          if constexpr (std::endian::native == std::endian::little) {
            constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull,
                               kLow7 = 0x7F7F7F7F7F7F7F7Full;
            auto hasByte = [](uint64_t x, unsigned char v) {
              const uint64_t y = x ^ (kOnes * v);
              return (y - kOnes) & ~y & kHigh;
            };
            while (p.end - i >= 8) {
              uint64_t x;
              std::memcpy(&x, t_.data() + i, 8);
              const uint64_t stop = (x & kHigh) | ((x - kOnes * 0x20) & ~x & kHigh) |
                                    hasByte(x, '.') | hasByte(x, '!') | hasByte(x, '?');
              const uint64_t sp = x ^ (kOnes * ' ');
              uint64_t content = (((sp & kLow7) + kLow7) | sp) & kHigh; // exact: not a space
              if (stop)
                content &= (stop & (~stop + 1)) - 1;
              if (content)
                lastEnd = i + static_cast<size_t>((63 - std::countl_zero(content)) >> 3) + 1;
              if (stop) {
                i += static_cast<size_t>(std::countr_zero(stop) >> 3);
                break;
              }
              i += 8;
            }
          }
          size_t j = i;
          while (j < p.end && kPlainByte[static_cast<unsigned char>(t_[j])])
            ++j;
          if (j > i)
            lastEnd = j, i = j;
          continue;
        }
        if (b0 == ' ' || b0 == '\t') {
          ++i;
          continue;
        }
        if (size_t n = spaceAt(t_, i)) {
          if (t_[i] == '\n') {
            // A new line that starts a list item or a heading, or ends a heading, ends the
            // sentence.
            size_t j = i + 1;
            while (j < p.end && (t_[j] == ' ' || t_[j] == '\t'))
              ++j;
            size_t lineStart = t_.rfind('\n', i == 0 ? 0 : i - 1);
            lineStart = lineStart == std::string_view::npos ? 0 : lineStart + 1;
            while (lineStart < i && (t_[lineStart] == ' ' || t_[lineStart] == '\t'))
              ++lineStart;
            size_t nextLineEnd = t_.find('\n', j);
            if (nextLineEnd == std::string_view::npos || nextLineEnd > p.end)
              nextLineEnd = p.end;
            if (isBulletAt(t_, j, nextLineEnd, nullptr) || isHeadingLine(t_, j, nextLineEnd) ||
                isHeadingLine(t_, lineStart, i))
              close(lastEnd);
          }
          i += n;
          continue;
        }
        if (start == std::string_view::npos)
          beginSentence(i);
        size_t len = 0;
        char32_t c = decodeUtf8(t_, i, len);
        i += len;
        lastEnd = i;
        bool cjkStop = c == 0x3002 || c == 0xFF01 || c == 0xFF1F;
        if (c != '.' && c != '!' && c != '?' && !cjkStop)
          continue;
        size_t termPos = i - len;
        if (c == '.')
          while (i < p.end && t_[i] == '.')
            ++i; // ellipsis
        // closing quotes and brackets, then footnote markers
        for (;;) {
          size_t l2 = 0;
          char32_t d = decodeUtf8(t_, i, l2);
          if (i < p.end && (d == '"' || d == '\'' || d == ')' || d == ']' || d == 0x201D ||
                            d == 0x2019 || d == 0xBB || d == '*' || isFootnoteMarker(d))) {
            i += l2;
          } else {
            break;
          }
        }
        // ASCII digits glued after a word's final period: "Korea.4 The"
        size_t digitsEnd = i;
        while (digitsEnd < p.end && digitsEnd - i < 3 && t_[digitsEnd] >= '0' &&
               t_[digitsEnd] <= '9')
          ++digitsEnd;
        bool gluedDigits = false;
        if (digitsEnd > i && c == '.' && termPos > p.begin &&
            ((t_[termPos - 1] | 0x20) >= 'a' && (t_[termPos - 1] | 0x20) <= 'z') &&
            (digitsEnd >= p.end || spaceAt(t_, digitsEnd))) {
          size_t nx = nextContent(digitsEnd, piece);
          if (nx != std::string_view::npos && isUpperStart(t_, nx) &&
              !isAbbreviation(wordBefore(t_, termPos, p.begin))) {
            i = digitsEnd;
            gluedDigits = true;
          }
        }
        lastEnd = i;
        if (!cjkStop && i < p.end && !spaceAt(t_, i))
          continue;
        size_t nx = nextContent(i, piece);
        if (nx != std::string_view::npos) {
          if (isLowerStart(t_, nx) || std::strchr(",;:)", t_[nx]))
            continue;
          if (c == '.' && !gluedDigits) {
            std::string w = wordBefore(t_, termPos, p.begin);
            bool dotted = w.find('.') != std::string::npos;
            if (dotted) {
              if (!startsSentenceAfterAbbreviation(nx))
                continue;
            } else if (isAbbreviation(w) || (w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z')) {
              continue;
            }
          }
        }
        close(lastEnd);
      }
    }
    close(lastEnd);
  }

  std::string_view t_;
  std::vector<Para> paras_;
  std::unordered_map<std::string, int> headCounts_;
  static constexpr size_t kPullQuoteMin = 30; ///< shorter paragraphs are never pull quotes
  std::vector<bool> pullQuotes_;              ///< per paragraph; computed on first use
  std::vector<Para> pieces_;
  std::vector<Span> out_;
};

} // namespace

std::vector<Span> splitSentences(std::string_view text) {
  return SentenceSplitter(text).run();
}

Span sentenceAround(std::string_view text, uint32_t offset) {
  return sentenceAround(splitSentences(text), offset);
}

Span sentenceAround(const std::vector<Span>& sentences, uint32_t offset) {
  const Span* best = nullptr;
  auto it = std::upper_bound(sentences.begin(), sentences.end(), offset,
                             [](uint32_t o, const Span& s) { return o < s.begin; });
  for (int k = 0; it != sentences.begin() && k < 64; ++k) {
    --it;
    if (offset >= it->begin && offset < it->end && (!best || it->size() < best->size()))
      best = &*it;
  }
  if (best)
    return *best;
  return {offset, offset};
}

namespace {
/// The letters just before a final period of `s`: "Korea" in "… Korea.".
std::string lastWord(const std::string& s) {
  size_t e = s.size();
  while (e > 0 && !((s[e - 1] | 0x20) >= 'a' && (s[e - 1] | 0x20) <= 'z'))
    --e;
  size_t b = e;
  while (b > 0 && ((s[b - 1] | 0x20) >= 'a' && (s[b - 1] | 0x20) <= 'z'))
    --b;
  return s.substr(b, e - b);
}
} // namespace

std::string sentenceText(std::string_view text, Span sentence) {
  if (sentence.end > text.size() || sentence.begin >= sentence.end)
    return {};
  std::string_view s = text.substr(sentence.begin, sentence.size());
  // Pieces separated by blank lines: a sentence that spans a page break keeps its first and
  // last piece; what lies between is what the break left behind.
  std::vector<std::pair<size_t, size_t>> pieces;
  size_t pieceBegin = 0, lineStart = 0;
  while (lineStart <= s.size()) {
    size_t nl = s.find('\n', lineStart);
    size_t lineEnd = nl == std::string_view::npos ? s.size() : nl;
    if (blankLine(s, lineStart, lineEnd) && lineStart > pieceBegin) {
      pieces.emplace_back(pieceBegin, lineStart);
      pieceBegin = lineEnd;
    } else if (blankLine(s, lineStart, lineEnd)) {
      pieceBegin = lineEnd;
    }
    if (nl == std::string_view::npos)
      break;
    lineStart = nl + 1;
  }
  if (pieceBegin < s.size())
    pieces.emplace_back(pieceBegin, s.size());
  if (pieces.size() > 2)
    pieces.erase(pieces.begin() + 1, pieces.end() - 1);
  std::string out;
  bool space = false;
  for (const auto& [b, e] : pieces) {
    space = space || !out.empty();
    for (size_t i = b; i < e;) {
      if (size_t n = spaceAt(s, i)) {
        // "Self-\nDefense": a line broken after a hyphen joins without a space
        bool hyphenBreak = s[i] == '\n' && !out.empty() && out.back() == '-';
        space = space || !hyphenBreak;
        i += n;
        continue;
      }
      size_t len = 0;
      char32_t c = decodeUtf8(s, i, len);
      if (isFootnoteMarker(c)) {
        i += len;
        continue;
      }
      // ASCII footnote digits glued after a sentence's period: "Korea.4"
      if (c >= '0' && c <= '9' && !out.empty() && (out.back() == '.' || out.back() == '"') &&
          out.size() >= 3 &&
          ((out[out.size() - 2] | 0x20) >= 'a' && (out[out.size() - 2] | 0x20) <= 'z') &&
          ((out[out.size() - 3] | 0x20) >= 'a' && (out[out.size() - 3] | 0x20) <= 'z') &&
          !isAbbreviationWord(lastWord(out))) {
        size_t j = i;
        while (j < e && s[j] >= '0' && s[j] <= '9')
          ++j;
        if (j - i <= 3 && (j >= e || spaceAt(s, j))) {
          i = j;
          continue;
        }
      }
      if (space && !out.empty())
        out += ' ';
      space = false;
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The prose mask

namespace {

class RangeList {
public:
  void add(size_t b, size_t e) {
    if (e > b)
      spans_.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  }
  std::vector<Span> finish() {
    std::sort(spans_.begin(), spans_.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    std::vector<Span> out;
    for (const Span& s : spans_) {
      if (!out.empty() && s.begin <= out.back().end) {
        out.back().end = std::max(out.back().end, s.end);
      } else {
        out.push_back(s);
      }
    }
    return out;
  }

private:
  std::vector<Span> spans_;
};

bool startsWith(std::string_view t, size_t i, std::string_view prefix) {
  return t.size() >= i + prefix.size() && t.compare(i, prefix.size(), prefix) == 0;
}

bool isUrlChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && c != '<' && c != '>' && c != '"' && u != 0x7F;
}

/// The end of a URL starting at `b` (up to white space or <>"), without trailing sentence
/// punctuation and without an unbalanced closing parenthesis.
size_t urlEnd(std::string_view t, size_t b, size_t to) {
  size_t e = b;
  int parens = 0;
  while (e < to && isUrlChar(t[e])) {
    if (t[e] == '(')
      ++parens;
    if (t[e] == ')') {
      if (parens == 0)
        break;
      --parens;
    }
    ++e;
  }
  while (e > b && std::strchr(".,;:!?'*", t[e - 1]))
    --e;
  return e;
}

bool asciiWordByte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

/// The first of the bytes Cs in t[i, e), or e; 16 bytes at a time with SSE2 (prose has few
/// of the bytes markup and addresses are found by).
template <char... Cs> size_t findAnyOf(std::string_view t, size_t i, size_t e) {
  const char* p = t.data();
#if defined(__SSE2__)
  for (; i + 16 <= e; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i any = _mm_setzero_si128();
    ((any = _mm_or_si128(any, _mm_cmpeq_epi8(v, _mm_set1_epi8(Cs)))), ...);
    if (const int bits = _mm_movemask_epi8(any))
      return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
  }
#endif
  for (; i < e; ++i)
    if (((p[i] == Cs) || ...))
      return i;
  return e;
}

/// Bare URLs (http://, https://, ftp://, www., mailto:) and e-mail addresses in t[from, to).
/// One pass stops at each ':', '.' and '@' and looks around it for the kind of address that
/// byte ends or holds; each kind keeps its own place, so they are found as four separate
/// searches would (four substring searches stopped at every 'w' and 'm' of the prose).
void addUrls(std::string_view t, size_t from, size_t to, RangeList& out) {
  std::string_view r = t.substr(0, to);
  size_t nextScheme = from, nextWww = from, nextMailto = from, nextAt = from;
  for (size_t c = findAnyOf<':', '.', '@'>(r, from, to); c < to;
       c = findAnyOf<':', '.', '@'>(r, c + 1, to)) {
    if (t[c] == ':') {
      if (c >= nextScheme && r.compare(c, 3, "://") == 0) {
        size_t k = c;
        nextScheme = k + 3;
        size_t b = k;
        while (b > from && std::isalpha(static_cast<unsigned char>(t[b - 1])))
          --b;
        std::string scheme(t.substr(b, k - b));
        for (char& ch : scheme)
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (scheme == "http" || scheme == "https" || scheme == "ftp" || scheme == "file") {
          size_t e = urlEnd(t, b, to);
          out.add(b, e);
          nextScheme = std::max(k, e > 3 ? e - 3 : e) + 3;
        }
      }
      if (c >= from + 6 && c - 6 >= nextMailto && r.compare(c - 6, 7, "mailto:") == 0) {
        out.add(c - 6, urlEnd(t, c - 6, to));
        nextMailto = c + 1;
      }
    } else if (t[c] == '.') {
      if (c >= from + 3 && c - 3 >= nextWww && r.compare(c - 3, 4, "www.") == 0) {
        size_t k = c - 3;
        nextWww = k + 4;
        if (k > 0 && (asciiWordByte(t[k - 1]) || t[k - 1] == '/' || t[k - 1] == '.'))
          continue;
        size_t e = urlEnd(t, k, to);
        out.add(k, e);
        nextWww = std::max(k, e > 4 ? e - 4 : e) + 4;
      }
    } else if (c >= nextAt) {
      // e-mail: word characters, dots, +, - on both sides, a dot in the domain
      const size_t i = c;
      nextAt = i + 1;
      size_t l = i;
      while (l > from && (asciiWordByte(t[l - 1]) || std::strchr("._+-", t[l - 1])))
        --l;
      size_t e = i + 1;
      while (e < to && (asciiWordByte(t[e]) || std::strchr(".-", t[e])))
        ++e;
      while (e > i + 1 && t[e - 1] == '.')
        --e;
      if (l < i && t.substr(i + 1, e - i - 1).find('.') != std::string_view::npos) {
        out.add(l, e);
        nextAt = e;
      }
    }
  }
}

// Markdown ------------------------------------------------------------------------------

size_t lineEndAt(std::string_view t, size_t i) {
  size_t nl = t.find('\n', i);
  return nl == std::string_view::npos ? t.size() : nl;
}

size_t indentOf(std::string_view t, size_t b, size_t e) {
  size_t col = 0;
  for (size_t i = b; i < e; ++i) {
    if (t[i] == ' ')
      ++col;
    else if (t[i] == '\t')
      col += 4 - col % 4;
    else
      break;
  }
  return col;
}

bool isListItemLine(std::string_view t, size_t b, size_t e) {
  size_t i = b;
  while (i < e && (t[i] == ' ' || t[i] == '\t'))
    ++i;
  if (i < e && std::strchr("-*+", t[i]) && i + 1 < e && (t[i + 1] == ' ' || t[i + 1] == '\t'))
    return true;
  size_t j = i;
  while (j < e && j - i < 9 && t[j] >= '0' && t[j] <= '9')
    ++j;
  return j > i && j + 1 < e && (t[j] == '.' || t[j] == ')') &&
         (t[j + 1] == ' ' || t[j + 1] == '\t');
}

/// Inline non-prose inside one Markdown block of prose lines [b, e).
void markdownInline(std::string_view t, size_t b, size_t e, RangeList& out) {
  for (size_t i = b; i < e; ++i) {
    // where inline Markdown may start (byte by byte, this was a fifth of the recogniser's
    // time on a Markdown draft)
    i = findAnyOf<'\\', '`', '<', ']', '$'>(t, i, e);
    if (i >= e)
      break;
    char c = t[i];
    if (c == '\\') {
      ++i; // an escaped character is literal text
      continue;
    }
    if (c == '`') {
      size_t run = i;
      while (run < e && t[run] == '`')
        ++run;
      size_t n = run - i;
      // find a closing run of exactly n backticks
      size_t k = run;
      bool closed = false;
      while (k < e) {
        size_t f = t.find('`', k);
        if (f == std::string_view::npos || f >= e)
          break;
        size_t r = f;
        while (r < e && t[r] == '`')
          ++r;
        if (r - f == n) {
          out.add(i, r);
          i = r - 1;
          closed = true;
          break;
        }
        k = r;
      }
      if (!closed)
        i = run - 1;
      continue;
    }
    if (c == '<') {
      if (startsWith(t, i, "<!--")) {
        size_t f = t.find("-->", i + 4);
        size_t end = f == std::string_view::npos ? e : std::min(e, f + 3);
        out.add(i, end);
        i = end - 1;
        continue;
      }
      // autolink or HTML tag: <scheme:…>, <a@b>, <tag …>, </tag>
      size_t close = t.find('>', i + 1);
      if (close != std::string_view::npos && close < e && close - i < 2000) {
        std::string_view inner = t.substr(i + 1, close - i - 1);
        bool autolink =
            inner.find(':') != std::string_view::npos && inner.find(' ') == std::string_view::npos;
        bool email =
            inner.find('@') != std::string_view::npos && inner.find(' ') == std::string_view::npos;
        bool tag = !inner.empty() &&
                   (std::isalpha(static_cast<unsigned char>(inner[0])) || inner[0] == '/') &&
                   inner.find('\n') == std::string_view::npos;
        if (autolink || email || tag) {
          out.add(i, close + 1);
          i = close;
        }
      }
      continue;
    }
    if (c == ']' && i + 1 < e && t[i + 1] == '(') {
      // link destination (and title): ](url "title")
      size_t k = i + 2;
      int depth = 1;
      while (k < e && depth > 0) {
        if (t[k] == '\\') {
          k += 2;
          continue;
        }
        if (t[k] == '(')
          ++depth;
        if (t[k] == ')')
          --depth;
        if (depth > 0)
          ++k;
      }
      if (k < e) {
        out.add(i + 2, k);
        i = k;
      }
      continue;
    }
    if (c == '$') {
      // $$…$$ and pandoc's $…$: the opener is followed by a non-space, the closer is preceded by
      // a non-space and not followed by a digit.
      if (i + 1 < e && t[i + 1] == '$') {
        size_t f = t.find("$$", i + 2);
        if (f != std::string_view::npos && f < e) {
          out.add(i, f + 2);
          i = f + 1;
        }
        continue;
      }
      if (i + 1 < e && !isAsciiSpace(t[i + 1])) {
        for (size_t k = i + 1; k < e; ++k) {
          if (t[k] == '\n' && k + 1 < e && t[k + 1] == '\n')
            break;
          if (t[k] == '\\') {
            ++k;
            continue;
          }
          if (t[k] == '$' && !isAsciiSpace(t[k - 1]) &&
              !(k + 1 < e && t[k + 1] >= '0' && t[k + 1] <= '9')) {
            out.add(i, k + 1);
            i = k;
            break;
          }
        }
      }
      continue;
    }
  }
  addUrls(t, b, e, out);
}

void markdownRanges(std::string_view t, RangeList& out) {
  size_t i = 0;
  // YAML front matter
  if (opensFrontMatter(t)) {
    size_t f = t.find("\n---", 3);
    while (f != std::string_view::npos) {
      size_t le = lineEndAt(t, f + 1);
      std::string_view line = t.substr(f + 1, le - f - 1);
      if (line == "---" || line == "---\r" || line == "..." || line == "...\r") {
        out.add(0, le);
        i = le;
        break;
      }
      f = t.find("\n---", f + 1);
    }
  }
  size_t proseStart = std::string_view::npos;
  bool prevBlank = true;
  bool prevListContext = false; // last non-blank line was a list item or belonged to one
  auto flushProse = [&](size_t end) {
    if (proseStart != std::string_view::npos)
      markdownInline(t, proseStart, end, out);
    proseStart = std::string_view::npos;
  };
  while (i < t.size()) {
    size_t le = lineEndAt(t, i);
    size_t next = le < t.size() ? le + 1 : le;
    if (blankLine(t, i, le)) {
      prevBlank = true;
      i = next;
      continue;
    }
    size_t ind = indentOf(t, i, le);
    size_t first = i;
    while (first < le && (t[first] == ' ' || t[first] == '\t'))
      ++first;
    // fenced code
    if (ind <= 3 && first + 2 < le && (t[first] == '`' || t[first] == '~') &&
        t[first + 1] == t[first] && t[first + 2] == t[first]) {
      char fc = t[first];
      size_t n = 0;
      while (first + n < le && t[first + n] == fc)
        ++n;
      flushProse(i);
      size_t k = next, end = t.size();
      while (k < t.size()) {
        size_t ke = lineEndAt(t, k);
        size_t f = k;
        while (f < ke && f - k < 4 && t[f] == ' ')
          ++f;
        size_t m = 0;
        while (f + m < ke && t[f + m] == fc)
          ++m;
        if (m >= n && blankLine(t, f + m, ke)) {
          end = ke;
          break;
        }
        k = ke < t.size() ? ke + 1 : ke;
      }
      out.add(i, end);
      i = end < t.size() ? end + 1 : end;
      prevBlank = false;
      prevListContext = false;
      continue;
    }
    // indented code: after a blank line, not inside a list
    if (ind >= 4 && prevBlank && !prevListContext) {
      flushProse(i);
      size_t k = i, end = le;
      while (k < t.size()) {
        size_t ke = lineEndAt(t, k);
        if (blankLine(t, k, ke)) {
          k = ke < t.size() ? ke + 1 : ke;
          continue;
        }
        if (indentOf(t, k, ke) < 4)
          break;
        end = ke;
        k = ke < t.size() ? ke + 1 : ke;
      }
      out.add(i, end);
      i = end < t.size() ? end + 1 : end;
      prevBlank = false;
      continue;
    }
    // reference definition: [label]: url "title"
    if (ind <= 3 && t[first] == '[') {
      size_t close = t.find("]:", first);
      if (close != std::string_view::npos && close < le) {
        flushProse(i);
        out.add(close + 2, le);
        i = next;
        prevBlank = false;
        continue;
      }
    }
    if (prevBlank)
      flushProse(i);
    if (proseStart == std::string_view::npos)
      proseStart = i;
    if (isListItemLine(t, i, le))
      prevListContext = true;
    else if (ind == 0)
      prevListContext = false;
    prevBlank = false;
    i = next;
  }
  flushProse(t.size());
}

// LaTeX ---------------------------------------------------------------------------------

bool isLatexLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@';
}

/// True when a blank line starts right after the line break at `k` (\n, \r\n or a lone \r).
bool blankLineAfter(std::string_view t, size_t k) {
  size_t next = k + (t[k] == '\r' && k + 1 < t.size() && t[k + 1] == '\n' ? 2 : 1);
  size_t le = t.find_first_of("\r\n", next);
  return le != std::string_view::npos && blankLine(t, next, le);
}

/// The end of a balanced group opened at `i` ('{' or '['), or npos. A group does not run past
/// a blank line (TeX: "Paragraph ended before … was complete"), so a brace typed paragraphs
/// away never changes how this one reads (the incremental analysis relies on it; fuzz-found).
size_t groupEnd(std::string_view t, size_t i) {
  char open = t[i], close = open == '{' ? '}' : ']';
  int depth = 0;
  for (size_t k = i; k < t.size(); ++k) {
    if (t[k] == '\\') {
      ++k;
      continue;
    }
    if ((t[k] == '\n' || t[k] == '\r') && blankLineAfter(t, k))
      return std::string_view::npos;
    if (t[k] == open)
      ++depth;
    if (t[k] == close && --depth == 0)
      return k + 1;
  }
  return std::string_view::npos;
}

size_t skipSpaces(std::string_view t, size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
    ++i;
  return i;
}

void latexRanges(std::string_view t, RangeList& out) {
  // Commands whose every argument is not prose (keys, labels, paths, lengths …).
  static const char* const kNonProse[] = {"cite",
                                          "citep",
                                          "citet",
                                          "citealp",
                                          "citealt",
                                          "citeauthor",
                                          "citeyear",
                                          "nocite",
                                          "parencite",
                                          "textcite",
                                          "autocite",
                                          "footcite",
                                          "fullcite",
                                          "smartcite",
                                          "supercite",
                                          "Cite",
                                          "Parencite",
                                          "Textcite",
                                          "Autocite",
                                          "ref",
                                          "eqref",
                                          "pageref",
                                          "autoref",
                                          "cref",
                                          "Cref",
                                          "nameref",
                                          "vref",
                                          "label",
                                          "url",
                                          "input",
                                          "include",
                                          "includeonly",
                                          "includegraphics",
                                          "usepackage",
                                          "RequirePackage",
                                          "documentclass",
                                          "bibliography",
                                          "bibliographystyle",
                                          "addbibresource",
                                          "printbibliography",
                                          "newcommand",
                                          "renewcommand",
                                          "providecommand",
                                          "newenvironment",
                                          "renewenvironment",
                                          "def",
                                          "let",
                                          "setlength",
                                          "addtolength",
                                          "setcounter",
                                          "addtocounter",
                                          "hspace",
                                          "vspace",
                                          "color",
                                          "pagestyle",
                                          "thispagestyle",
                                          "fontsize",
                                          "graphicspath",
                                          "hypersetup",
                                          "geometry",
                                          "lstset",
                                          "DeclareMathOperator",
                                          "newtheorem",
                                          "pagenumbering",
                                          "numberwithin",
                                          "crefname",
                                          "Crefname",
                                          "newlength",
                                          "newcounter",
                                          "definecolor",
                                          "captionsetup",
                                          "setmainfont",
                                          "setsansfont",
                                          "setmonofont",
                                          "selectlanguage",
                                          "hyphenation",
                                          "linespread",
                                          "verb"};
  static const char* const kVerbatimEnvs[] = {"verbatim", "verbatim*",   "lstlisting",
                                              "minted",   "comment",     "Verbatim",
                                              "alltt",    "filecontents"};
  static const char* const kMathEnvs[] = {
      "equation", "equation*",   "align",       "align*",   "gather",   "gather*",
      "multline", "multline*",   "flalign",     "flalign*", "eqnarray", "eqnarray*",
      "math",     "displaymath", "tikzpicture", "alignat",  "alignat*"};
  auto inList = [](std::string_view name, const char* const* list, size_t n) {
    for (size_t k = 0; k < n; ++k)
      if (name == list[k])
        return true;
    return false;
  };
  size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    if (c == '%') {
      size_t le = lineEndAt(t, i);
      out.add(i, le);
      i = le;
      continue;
    }
    if (c == '$') {
      bool dbl = i + 1 < t.size() && t[i + 1] == '$';
      size_t from = i + (dbl ? 2 : 1);
      size_t k = from;
      size_t end = std::string_view::npos;
      while (k < t.size()) {
        if (t[k] == '\\') {
          k += 2;
          continue;
        }
        if (t[k] == '$') {
          end =
              dbl ? (k + 1 < t.size() && t[k + 1] == '$' ? k + 2 : std::string_view::npos) : k + 1;
          break;
        }
        // Math never spans a paragraph (TeX ends it at a blank line with "Missing $"): a stray
        // '$' must not turn the rest of the draft into math, and a '$' typed at the end must
        // not change how text paragraphs away reads (the incremental analysis relies on it;
        // found by fuzz_edits).
        if ((t[k] == '\n' || t[k] == '\r') && blankLineAfter(t, k))
          break;
        ++k;
      }
      if (end == std::string_view::npos) {
        ++i;
        continue;
      }
      out.add(i, end);
      i = end;
      continue;
    }
    if (c != '\\') {
      ++i;
      continue;
    }
    if (i + 1 >= t.size()) {
      out.add(i, i + 1);
      break;
    }
    if (!isLatexLetter(t[i + 1])) {
      char n = t[i + 1];
      if (n == '(' || n == '[') {
        const char* closer = n == '(' ? "\\)" : "\\]";
        size_t f = t.find(closer, i + 2);
        size_t end = f == std::string_view::npos ? t.size() : f + 2;
        out.add(i, end);
        i = end;
        continue;
      }
      out.add(i, i + 2); // \%, \$, \\, \, …
      i += 2;
      continue;
    }
    size_t e = i + 1;
    while (e < t.size() && isLatexLetter(t[e]))
      ++e;
    std::string_view name = t.substr(i + 1, e - i - 1);
    if (e < t.size() && t[e] == '*')
      ++e;
    out.add(i, e);
    if (name == "verb" && e < t.size()) {
      char delim = t[e];
      // \verb ends on its line (TeX: "\verb ended by end of line").
      size_t le = std::min(lineEndAt(t, e), t.find('\r', e));
      size_t f = t.find(delim, e + 1);
      size_t end = f == std::string_view::npos || f >= le ? le : f + 1;
      if (end > e)
        out.add(e, end);
      i = end;
      continue;
    }
    if (name == "begin" || name == "end") {
      size_t k = skipSpaces(t, e);
      if (k < t.size() && t[k] == '{') {
        size_t ge = groupEnd(t, k);
        if (ge == std::string_view::npos) {
          i = e;
          continue;
        }
        std::string_view env = t.substr(k + 1, ge - k - 2);
        out.add(k, ge);
        // options of the environment ([..]) and, for tabular-like ones, the column spec
        size_t a = ge;
        while (name == "begin" && a < t.size() &&
               (t[a] == '[' || (t[a] == '{' && (env == "tabular" || env == "tabularx" ||
                                                env == "longtable" || env == "array")))) {
          size_t ae = groupEnd(t, a);
          if (ae == std::string_view::npos)
            break;
          out.add(a, ae);
          a = ae;
        }
        if (name == "begin" && (inList(env, kVerbatimEnvs, std::size(kVerbatimEnvs)) ||
                                inList(env, kMathEnvs, std::size(kMathEnvs)))) {
          std::string endTag = "\\end{" + std::string(env) + "}";
          size_t f = t.find(endTag, a);
          size_t end = f == std::string_view::npos ? t.size() : f + endTag.size();
          out.add(a, end);
          i = end;
          continue;
        }
        i = a;
        continue;
      }
      i = e;
      continue;
    }
    if (inList(name, kNonProse, std::size(kNonProse))) {
      size_t a = e;
      for (int groups = 0; groups < 4; ++groups) {
        size_t k = skipSpaces(t, a);
        if (k >= t.size())
          break;
        if (t[k] == '[' || t[k] == '{') {
          size_t ge = groupEnd(t, k);
          if (ge == std::string_view::npos)
            break;
          out.add(k, ge);
          a = ge;
          if (t[k] == '{' && name != "newcommand" && name != "renewcommand" &&
              name != "providecommand" && name != "newenvironment" && name != "renewenvironment" &&
              name != "setlength" && name != "addtolength" && name != "setcounter" &&
              name != "addtocounter" && name != "definecolor" && name != "DeclareMathOperator" &&
              name != "newtheorem" && name != "crefname" && name != "Crefname" &&
              name != "numberwithin")
            break;
        } else if (t[k] == '\\' && (name == "def" || name == "let" || name == "newcommand" ||
                                    name == "renewcommand")) {
          size_t ce = k + 1;
          while (ce < t.size() && isLatexLetter(t[ce]))
            ++ce;
          out.add(k, ce);
          a = ce;
        } else {
          break;
        }
      }
      i = a;
      continue;
    }
    if (name == "href" || name == "hyperref" || name == "textcolor") {
      // the first argument is a target or a color; the second is prose
      size_t k = skipSpaces(t, e);
      if (k < t.size() && (t[k] == '{' || t[k] == '[')) {
        size_t ge = groupEnd(t, k);
        if (ge != std::string_view::npos) {
          out.add(k, ge);
          i = ge;
          continue;
        }
      }
    }
    i = e;
  }
  addUrls(t, 0, t.size(), out);
}

} // namespace

std::string slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9'))
      out += l;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out.empty() ? "term" : out;
}

bool opensFrontMatter(std::string_view text) {
  return text.substr(0, 4) == "---\n" || text.substr(0, 5) == "---\r\n";
}

std::vector<Span> nonProseRanges(std::string_view text, Language language) {
  RangeList out;
  switch (language) {
  case Language::Markdown:
    markdownRanges(text, out);
    break;
  case Language::Latex:
    latexRanges(text, out);
    break;
  case Language::PlainText:
    addUrls(text, 0, text.size(), out);
    break;
  }
  return out.finish();
}

} // namespace accord
