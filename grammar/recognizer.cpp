// The recogniser: a token trie for literal surfaces, and RE2 patterns run only near the words
// they require.
//
// Literal surfaces (short forms, long forms, aliases) are split into tokens (runs of word code
// points; every Han, Kana or Hangul character is a token of its own) joined by separators, and
// stored in two tries that share one hash table: an exact trie for acronyms and a case-folded
// one for names. The scan hashes each token of the text once (both ways, in the same loop),
// asks a Bloom filter whether any surface starts with it, and walks the trie only on a hit,
// so the cost per token does not depend on how many terms there are.
//
// Patterns: a small analysis of each pattern's syntax finds requirements, sets of strings one
// of which occurs in every match, and whether each always starts at a word start. The same
// token loop looks those strings up where a token begins (a byte scan is needed only for a
// string that may start inside a word); a pattern is then run only in windows around its most
// selective requirement that have its other requirements close by. Patterns without any
// requirement are found by one RE2::Set pass per chunk.
#include "grammar/recognizer.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

#include "grammar/text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace accord {

namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;
constexpr uint32_t kExactRoot = 0, kFoldedRoot = 1;
constexpr uint32_t kSepNone = 0, kSepSpace = 1, kSepHyphen = 2;

/// A two-hash Bloom filter over the hashes of first tokens, about 32 bits per entry (at least
/// 4 Kbit, so that a small lexicon's filter stays in L1): about 0.4% of the words that start
/// no surface pass it. (One hash and 16 bits let 6% through, and "to", "on" were among
/// them: thousands of trie lookups per megabyte for nothing.)
struct Filter {
  std::vector<uint64_t> words = std::vector<uint64_t>(64, 0);
  unsigned shift = 64 - 12;
  std::vector<uint64_t> pending;

  void add(uint64_t h) { pending.push_back(h); }
  void finish() {
    unsigned bits = 12;
    while (bits < 24 && (size_t{1} << bits) < pending.size() * 32)
      ++bits;
    words.assign((size_t{1} << bits) / 64, 0);
    shift = 64 - bits;
    for (uint64_t h : pending) {
      for (uint64_t bit : {h >> shift, second(h)})
        words[bit >> 6] |= 1ull << (bit & 63);
    }
    pending.clear();
    pending.shrink_to_fit();
  }
  uint64_t second(uint64_t h) const { return (h * 0x9E3779B97F4A7C15ull) >> shift; }
  bool has(uint64_t h) const {
    uint64_t a = h >> shift, b = second(h);
    return ((words[a >> 6] >> (a & 63)) & (words[b >> 6] >> (b & 63))) & 1;
  }
};

constexpr uint64_t kFoldMask = 0x2020202020202020ull;

inline uint64_t mix64(uint64_t h) {
  h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

/// Hash of n bytes, eight at a time. ORing 0x20 into every byte (`orMask` = kFoldMask) lower-
/// cases ASCII letters and leaves digits alone, so the folded hash of an ASCII token needs no
/// copy. `end` bounds what may be read past the token.
__attribute__((always_inline)) inline uint64_t
hashBytes(const unsigned char* p, size_t n, uint64_t orMask, const unsigned char* end) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = mix64(h ^ (w | orMask));
    p += 8;
    n -= 8;
  }
  if (n) {
    uint64_t w = 0;
    if (p + 8 <= end) {
      std::memcpy(&w, p, 8);
      w &= (1ull << (8 * n)) - 1;
    } else {
      for (size_t k = 0; k < n; ++k)
        w |= static_cast<uint64_t>(p[k]) << (8 * k);
    }
    h = mix64(h ^ ((w | orMask) & ((1ull << (8 * n)) - 1)));
  }
  return h;
}

inline uint64_t hashToken(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  return hashBytes(p, s.size(), 0, p + s.size());
}

/// The hash both tries are keyed by: that of the case-folded token, so one hash per token of
/// the text serves the exact trie (which then compares the exact bytes) and the folded one.
inline uint64_t keyHash(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80)
      return hashToken(foldCase(s));
  return hashBytes(p, s.size(), kFoldMask, p + s.size());
}
inline uint64_t mix(uint64_t a, uint64_t b) {
  uint64_t x = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  return x;
}
inline uint64_t edgeKey(uint32_t parent, uint32_t sep, uint64_t tokenHash) {
  return mix(mix(parent, sep), tokenHash) | 1; // never 0: 0 marks an empty slot
}

// Byte classes for the ASCII fast path.
enum : uint8_t { kOther = 0, kWord = 1, kUpperOrDigit = 2, kHigh = 4 };
constexpr std::array<uint8_t, 256> makeClasses() {
  std::array<uint8_t, 256> c{};
  for (int b = 0; b < 256; ++b) {
    if (b >= 0x80)
      c[b] = kHigh;
    else if (b >= 'a' && b <= 'z')
      c[b] = kWord;
    else if ((b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9'))
      c[b] = kWord | kUpperOrDigit;
  }
  return c;
}
constexpr std::array<uint8_t, 256> kClass = makeClasses();

/// Counts ASCII capitals, ASCII small letters and bytes of 0x80 or above in p[0, n).
inline void countCase(const unsigned char* p, size_t n, size_t& upper, size_t& lower,
                      size_t& high) {
  size_t i = 0;
#if defined(__SSE2__)
  // per-byte counters (a compare gives -1 where true), summed every 255 blocks at most
  const __m128i toLetter = _mm_set1_epi8(0x80 - 'a'), toCapital = _mm_set1_epi8(0x80 - 'A'),
                letters = _mm_set1_epi8(-128 + 26), zero = _mm_setzero_si128();
  auto sum = [&](__m128i counts) {
    const __m128i s = _mm_sad_epu8(counts, zero);
    return static_cast<size_t>(_mm_cvtsi128_si32(s)) + static_cast<size_t>(_mm_extract_epi16(s, 4));
  };
  while (i + 16 <= n) {
    __m128i u = zero, l = zero, h = zero;
    for (int blocks = 0; blocks < 255 && i + 16 <= n; ++blocks, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      u = _mm_sub_epi8(u, _mm_cmplt_epi8(_mm_add_epi8(v, toCapital), letters));
      l = _mm_sub_epi8(l, _mm_cmplt_epi8(_mm_add_epi8(v, toLetter), letters));
      h = _mm_sub_epi8(h, _mm_cmplt_epi8(v, zero));
    }
    upper += sum(u);
    lower += sum(l);
    high += sum(h);
  }
#endif
  for (; i < n; ++i) {
    upper += p[i] >= 'A' && p[i] <= 'Z';
    lower += p[i] >= 'a' && p[i] <= 'z';
    high += p[i] >= 0x80;
  }
}

/// Which of 64 bytes are ASCII letters or digits (kWord), capitals or digits (kUpperOrDigit),
/// at or above 0x80 (kHigh): one bit a byte. With SSE2 (every x86-64) a block costs about one
/// instruction a byte, and the token loop finds where a word starts and ends by counting zero
/// bits instead of a table lookup and a branch for every byte.
struct ByteMasks {
  uint64_t word = 0, upper = 0, high = 0;
};
inline ByteMasks classify64(const unsigned char* p) {
  ByteMasks m;
#if defined(__SSE2__)
  // Unsigned ranges by signed compares: adding 0x80 - low moves [low, low + n) to [-128, -128 + n).
  const __m128i toLetter = _mm_set1_epi8(0x80 - 'a'), toCapital = _mm_set1_epi8(0x80 - 'A'),
                toDigit = _mm_set1_epi8(static_cast<char>(0x80 - '0')), fold = _mm_set1_epi8(0x20);
  const __m128i letters = _mm_set1_epi8(-128 + 26), digits = _mm_set1_epi8(-128 + 10);
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, fold), toLetter), letters);
    const __m128i capital = _mm_cmplt_epi8(_mm_add_epi8(v, toCapital), letters);
    const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, toDigit), digits);
    m.word |=
        static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(letter, digit))))
        << (16 * k);
    m.upper |= static_cast<uint64_t>(
                   static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(capital, digit))))
               << (16 * k);
    m.high |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(v))) << (16 * k);
  }
#else
  for (int k = 0; k < 64; ++k) {
    const uint8_t c = kClass[p[k]];
    m.word |= static_cast<uint64_t>((c & kWord) != 0) << k;
    m.upper |= static_cast<uint64_t>((c & kUpperOrDigit) != 0) << k;
    m.high |= static_cast<uint64_t>((c & kHigh) != 0) << k;
  }
#endif
  return m;
}

/// ASCII capitals lowered, every other byte as it is.
constexpr std::array<uint8_t, 256> makeLowerAscii() {
  std::array<uint8_t, 256> a{};
  for (int b = 0; b < 256; ++b)
    a[b] = static_cast<uint8_t>((b >= 'A' && b <= 'Z') ? b + 32 : b);
  return a;
}
constexpr std::array<uint8_t, 256> kLowerAscii = makeLowerAscii();

/// The length of a non-word character of U+0080–U+00BF or U+2000–U+2BFF (quotes, dashes,
/// NBSP, superscripts …) at `i`, read from its bytes without decoding; 0 otherwise. The
/// commentaries are full of curly quotes and dashes, so this keeps the scan on its fast path.
inline size_t punctuationAt(const unsigned char* p, size_t i, size_t end) {
  if (p[i] == 0xC2 && i + 1 < end && p[i + 1] >= 0x80 && p[i + 1] <= 0xBF && p[i + 1] != 0xAA &&
      p[i + 1] != 0xB5 && p[i + 1] != 0xBA)
    return 2;
  if (p[i] == 0xE2 && i + 2 < end && p[i + 1] >= 0x80 && p[i + 1] <= 0xAF)
    return 3;
  return 0;
}

/// The key a pattern gate is found by: its first three bytes (lower case), and its filter slot.
inline uint32_t gateKey(const unsigned char* p) {
  return (static_cast<uint32_t>(p[0]) << 16) | (static_cast<uint32_t>(p[1]) << 8) | p[2];
}
inline uint32_t gateSlot(uint32_t key) {
  return (key * 0x9E3779B1u) >> 16;
}
/// The key of gates found at token starts: the first three bytes with 0x20 ORed in (lower
/// case for letters; a few punctuation marks meet others, which only costs a check).
inline uint32_t tokenKey3(const unsigned char* p) {
  return (static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
          (static_cast<uint32_t>(p[2]) << 16)) |
         0x202020u;
}

/// Where an ASCII token's first bytes fall in a start table (see Impl::formStarts): its
/// first min(n, 4) bytes with 0x20 ORed in (letters in lower case), hashed to 15 bits. `n` is
/// the token's length, so "US" and "USA" differ; `end` bounds what may be read. (Four bytes,
/// not three: "cons" of "consultations" no longer lets "contrast" and "concern" through.)
constexpr unsigned kStartBits = 15;
inline uint32_t startKey(const unsigned char* p, size_t n, const unsigned char* end) {
  uint32_t w = 0;
  if (p + 4 <= end)
    std::memcpy(&w, p, 4);
  else
    for (size_t k = 0; k < 4 && p + k < end; ++k)
      w |= static_cast<uint32_t>(p[k]) << (8 * k);
  static constexpr uint32_t kBytes[5] = {0, 0xFFu, 0xFFFFu, 0xFFFFFFu, 0xFFFFFFFFu};
  w = (w | 0x20202020u) & kBytes[n < 4 ? n : 4];
  return (w * 0x9E3779B1u) >> (32 - kStartBits);
}
inline bool hasStart(const std::vector<uint64_t>& bits, uint32_t key) {
  return (bits[key >> 6] >> (key & 63)) & 1;
}

inline bool hyphenLike(char32_t c) {
  return c == '-' || (c >= 0x2010 && c <= 0x2013) || c == 0x2212;
}

/// Common English words written in capitals in headings; a short form equal to one of them is
/// not taken as an acronym inside an ALL-CAPS heading ("A NEW ERA FOR US").
bool isCommonWord(std::string_view upper) {
  static const char* const kWords[] = {
      "A",    "AN",    "THE",   "AND",   "OR",    "NOR",   "BUT",   "OF",     "TO",    "IN",
      "ON",   "AT",    "BY",    "FOR",   "WITH",  "FROM",  "INTO",  "OVER",   "UNDER", "AS",
      "IS",   "ARE",   "WAS",   "WERE",  "BE",    "BEEN",  "IT",    "ITS",    "WE",    "US",
      "OUR",  "YOU",   "YOUR",  "HE",    "HIS",   "SHE",   "HER",   "THEY",   "THEM",  "THEIR",
      "I",    "ME",    "MY",    "NEW",   "ERA",   "OLD",   "ALL",   "ANY",    "ONE",   "TWO",
      "SIX",  "TEN",   "NOT",   "NO",    "YES",   "IF",    "SO",    "UP",     "OUT",   "END",
      "ACT",  "AGE",   "AIM",   "ART",   "BIG",   "CAN",   "DAY",   "GET",    "HOW",   "KEY",
      "MAY",  "NOW",   "OFF",   "OWN",   "PUT",   "SEA",   "SET",   "WAR",    "WAY",   "WHO",
      "WHY",  "YET",   "LAW",   "MAN",   "MEN",   "NEXT",  "LAST",  "FIRST",  "ROLE",  "TIME",
      "YEAR", "DEAL",  "PACT",  "PLAN",  "PATH",  "TALK",  "TALKS", "PEACE",  "ASIA",  "EAST",
      "WEST", "NORTH", "SOUTH", "THIS",  "THAT",  "WHAT",  "WHEN",  "WHERE",  "WHICH", "WILL",
      "CAN",  "SEE",   "USE",   "ASK",   "AID",   "ARMS",  "CASE",  "FACT",   "FREE",  "OPEN",
      "FAIR", "RULE",  "TIES",  "TRADE", "CALL",  "LEAD",  "MOVE",  "STEP",   "HOPE",  "RISE",
      "FALL", "GOOD",  "BAD",   "BEST",  "MORE",  "MOST",  "LESS",  "SOME",   "SUCH",  "THAN",
      "THEN", "VERY",  "ALSO",  "ONLY",  "EVEN",  "BACK",  "WELL",  "JUST",   "LIKE",  "MAKE",
      "TAKE", "GIVE",  "COME",  "WORK",  "NEED",  "WANT",  "LOOK",  "HELP",   "KEEP",  "LET",
      "SAY",  "SAID",  "HAS",   "HAD",   "HAVE",  "DO",    "DID",   "DOES",   "GO",    "GOES",
      "BOTH", "EACH",  "FEW",   "MANY",  "MUCH",  "NEAR",  "FAR",   "LONG",   "HIGH",  "LOW",
      "TOP",  "REAL",  "TRUE",  "CORE",  "BASE",  "GAP",   "TIE",   "WIN",    "RED",   "SUN",
      "ICE",  "OIL",   "GAS",   "TAX",   "FUND",  "BANK",  "CARE",  "RACE",   "SIDE",  "HOME",
      "LAND", "AREA",  "ZONE",  "FORCE", "POWER", "UNITY", "ALLY",  "ALLIES", "SAFE",  "ARM",
      "EYE",  "OWN",   "PRO",   "CON"};
  for (const char* w : kWords)
    if (upper == w)
      return true;
  return false;
}

struct Node {
  uint32_t parent = kNone;
  uint32_t sep = kSepNone;
  std::string token; // as stored: exact, or folded
  uint32_t term = kNone;
  FormKind form = FormKind::Short;
  bool acronym = false; // matched in the exact trie as an acronym (heading rule applies)
  // A surface that ends with punctuation ("U.S."): accepted when the text continues with it.
  std::string trailing;
  uint32_t trailingTerm = kNone;
  FormKind trailingForm = FormKind::Short;
  // The first bytes of the children's tokens (ASCII lower-cased, six bits each): most walks
  // stop at the next word of the text, and this stops them before it is folded and hashed.
  uint64_t childFirst = 0;
};

struct Token {
  uint32_t begin = 0, end = 0;
};

/// Splits a surface into tokens and the separators between them.
struct SplitForm {
  std::vector<std::string> tokens;
  std::vector<std::string> seps; // seps[i] precedes tokens[i]; seps[0] is empty
  std::string trailing;
};

SplitForm splitForm(std::string_view s) {
  SplitForm f;
  std::string pending;
  bool inToken = false;
  bool prevCjk = false;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(s, i, len);
    bool word = isWordCodePoint(c);
    bool cjk = word && isCjkCodePoint(c);
    if (word) {
      if (!inToken || cjk || prevCjk) {
        if (!f.tokens.empty() || !pending.empty())
          f.seps.push_back(f.tokens.empty() ? std::string() : pending);
        else
          f.seps.push_back(std::string());
        f.tokens.emplace_back();
        pending.clear();
      }
      f.tokens.back().append(s.substr(i, len));
      inToken = true;
      prevCjk = cjk;
    } else {
      if (!f.tokens.empty())
        pending.append(s.substr(i, len));
      inToken = false;
      prevCjk = false;
    }
    i += len;
  }
  if (!f.seps.empty())
    f.seps[0].clear();
  f.trailing = pending;
  // trailing white space is not part of a surface
  while (!f.trailing.empty() && (f.trailing.back() == ' ' || f.trailing.back() == '\t'))
    f.trailing.pop_back();
  return f;
}

bool allSpace(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(s, i, len);
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
          (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000))
      return false;
    i += len;
  }
  return true;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Required literals of a pattern: a small analysis of RE2 syntax (in the manner of RE2's own
// prefilter) that finds a set of strings one of which occurs in every match. The scan looks
// for those strings and runs the pattern only around them, so a pattern costs nothing where
// its words do not occur. Anything the analysis does not understand weakens the requirement
// (never strengthens it); a pattern without a usable one is run over the whole text.

namespace {

constexpr size_t kMaxExact = 16, kMaxExactLen = 48;

using OrSet = std::vector<std::string>; // one of these strings occurs in every match

/// Bounds on how many bytes of a match may lie before or after a required string: kFar when
/// the syntax does not bound them (the scan then looks kMargin bytes either side). White
/// space repeated (\s+, \s*) counts as at most kSpaceRun bytes, as between the words of a
/// literal name.
constexpr uint32_t kFar = 1u << 30, kSpaceRun = 16;
constexpr uint32_t kMargin = 160; // how far a match may reach beyond its required words
uint32_t plus(uint32_t a, uint32_t b) {
  return std::min<uint32_t>(kFar, a + b);
}
uint32_t times(uint32_t a, uint32_t n) {
  return a == 0 ? 0 : (n >= kFar / a ? kFar : a * n);
}

/// The most bytes `s` (lower case) can match case-insensitively: RE2 lets "k" match the
/// Kelvin sign (3 bytes) and "s" the long s (2); other ASCII one byte; others up to four.
uint32_t maxBytes(const std::string& s) {
  uint32_t n = 0;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      if ((c & 0xC0) != 0x80)
        n += 4; // a lead byte: one character
    } else {
      n += c == 'k' ? 3 : c == 's' ? 2 : 1;
    }
  }
  return n;
}

/// A requirement: one of `strings` occurs in every match; `atWordStart` when each such
/// occurrence begins at a word start (after a non-word character or at the match's start,
/// which must be one), so the scan need look for it only where a token of the text begins.
struct Req {
  OrSet strings;
  bool atWordStart = false;
  uint32_t before = kFar, after = kFar; // bytes of a match before/after the string
  friend bool operator==(const Req&, const Req&) = default;
};

struct LitInfo {
  bool exact = false;     // `strings` is every string the node can match
  OrSet strings;          // exact: all strings; else the most selective requirement
  bool stringsAt = false; // `strings` start at a word start (exact: iff the node does)
  uint32_t stringsBefore = kFar, stringsAfter = kFar; // not exact: as Req's
  std::vector<Req> also; // not exact: further requirements (every match meets all of them)
  // Not exact: one of `prefix` starts every match, one of `suffix` ends every match (empty:
  // not known). They let a requirement reach across the node ("us" + "-" in
  // "(?:US|United\s+States)[-–]"), which is far more selective than either side alone.
  OrSet prefix, suffix;
  bool suffixAt = false;
  bool at = false;          // the node starts at a word start in every match
  bool canEmpty = false;    // it may match empty text
  bool endsNonWord = false; // every non-empty match ends with a non-word character
  uint32_t maxLen = kFar;   // the most bytes a match can have
  bool space = false;       // every match is white space
};

bool hasEmpty(const std::vector<std::string>& v) {
  return std::any_of(v.begin(), v.end(), [](const std::string& s) { return s.empty(); });
}

/// Whether `s`, less the spaces around it, is a word that occurs in nearly every paragraph:
/// a requirement of such words would place windows everywhere.
bool isCommonRequirementWord(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  static constexpr std::string_view kCommon[] = {
      "the",   "and",   "of",    "in",    "on",    "to",     "for",    "with",     "a",
      "an",    "as",    "at",    "by",    "is",    "its",    "or",     "that",     "this",
      "japan", "korea", "china", "south", "north", "united", "states", "national", "security"};
  for (std::string_view c : kCommon)
    if (s == c)
      return true;
  return false;
}

/// How selective a requirement is: its shortest string's length, less for common words.
int reqScore(const std::vector<std::string>& v) {
  if (v.empty() || hasEmpty(v))
    return 0;
  size_t shortest = SIZE_MAX;
  for (const std::string& s : v)
    shortest = std::min(shortest, s.size());
  int score = static_cast<int>(shortest) * 4 - static_cast<int>(v.size());
  for (const std::string& s : v)
    if (isCommonRequirementWord(s))
      score -= 40;
  return score;
}

Req reqOf(const LitInfo& i) {
  if (i.exact && !hasEmpty(i.strings))
    return {i.strings, i.at, 0, 0};
  if (i.exact)
    return {};
  return {i.strings, i.stringsAt, i.stringsBefore, i.stringsAfter};
}

/// A usable prefix or suffix set: known, and without the empty string.
bool knownAffix(const OrSet& v) {
  return !v.empty() && !hasEmpty(v);
}
OrSet prefixOf(const LitInfo& i) {
  return i.exact ? (hasEmpty(i.strings) ? OrSet{} : i.strings) : i.prefix;
}
OrSet suffixOf(const LitInfo& i) {
  return i.exact ? (hasEmpty(i.strings) ? OrSet{} : i.strings) : i.suffix;
}
bool suffixAtOf(const LitInfo& i) {
  return i.exact ? i.at : i.suffixAt;
}

bool endsWithNonWord(const std::string& s) {
  if (s.empty())
    return true;
  size_t b = s.size() - 1;
  while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80)
    --b;
  size_t len = 0;
  return !isWordCodePoint(decodeUtf8(s, b, len));
}

/// An exact node: its strings, with the properties that follow from them.
LitInfo exactly(OrSet strings) {
  LitInfo i;
  i.exact = true;
  i.strings = std::move(strings);
  i.canEmpty = hasEmpty(i.strings);
  i.endsNonWord = std::all_of(i.strings.begin(), i.strings.end(), endsWithNonWord);
  i.maxLen = 0;
  for (const std::string& x : i.strings)
    i.maxLen = std::max(i.maxLen, maxBytes(x));
  i.space = std::all_of(i.strings.begin(), i.strings.end(), [](const std::string& x) {
    return x.find_first_not_of(" \t\n\r\f\v") == std::string::npos;
  });
  return i;
}

/// A node the analysis knows nothing about but whether it ends with a non-word character,
/// how long it can be and whether it is white space.
LitInfo anything(bool endsNonWord = false, bool canEmpty = true, uint32_t maxLen = kFar,
                 bool space = false) {
  LitInfo i;
  i.endsNonWord = endsNonWord;
  i.canEmpty = canEmpty;
  i.maxLen = maxLen;
  i.space = space;
  return i;
}
LitInfo emptyString() {
  return exactly({std::string()});
}

std::vector<std::string> dedupe(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

/// Every string of `a` followed by every string of `b`, when that stays small; else empty.
OrSet crossProduct(const OrSet& a, const OrSet& b) {
  if (a.empty() || b.empty() || a.size() * b.size() > kMaxExact)
    return {};
  OrSet out;
  for (const std::string& x : a)
    for (const std::string& y : b) {
      if (x.size() + y.size() > kMaxExactLen)
        return {};
      out.push_back(x + y);
    }
  return dedupe(std::move(out));
}

/// Splits requirements into the most selective one and the rest (at most four).
void fromRequirements(std::vector<Req> reqs, LitInfo& info) {
  reqs.erase(std::remove_if(reqs.begin(), reqs.end(),
                            [](const Req& r) { return reqScore(r.strings) <= 0; }),
             reqs.end());
  std::stable_sort(reqs.begin(), reqs.end(), [](const Req& a, const Req& b) {
    return reqScore(a.strings) > reqScore(b.strings);
  });
  reqs.erase(std::unique(reqs.begin(), reqs.end()), reqs.end());
  if (reqs.empty())
    return;
  info.strings = reqs[0].strings;
  info.stringsAt = reqs[0].atWordStart;
  info.stringsBefore = reqs[0].before;
  info.stringsAfter = reqs[0].after;
  // Further requirements cost a few hits each and save a window of RE2 wherever the most
  // selective one occurs without them, which on policy prose is nearly everywhere ("agreement").
  for (size_t k = 1; k < reqs.size() && info.also.size() < 4; ++k) {
    size_t shortest = SIZE_MAX;
    for (const std::string& x : reqs[k].strings)
      shortest = std::min(shortest, x.size());
    if (shortest >= 3)
      info.also.push_back(reqs[k]);
  }
}

/// `parts[i].at` must already say whether part i starts at a word start.
LitInfo concat(const std::vector<LitInfo>& parts) {
  // sum[i]: the most bytes parts [0, i) can match
  std::vector<uint32_t> sum(parts.size() + 1, 0);
  for (size_t k = 0; k < parts.size(); ++k)
    sum[k + 1] = plus(sum[k], parts[k].maxLen);
  const uint32_t total = sum.back();
  auto after = [&](size_t k) { return total >= kFar ? kFar : total - sum[k + 1]; }; // after part k
  std::vector<std::string> run{std::string()};
  bool runAt = parts.front().at; // the run's strings start at a word start
  // The run's strings start within part runFirst at the earliest and end within part
  // runLast at the latest (loose bounds: a part of the run may match empty text).
  size_t runFirst = 0, runLast = 0;
  bool runInside = false; // the run began with a part's suffix: inside part runFirst
  std::vector<Req> reqs;
  bool allExact = true;
  OrSet prefix;
  auto closeRun = [&] {
    if (!hasEmpty(run))
      reqs.push_back({run, runAt, sum[runInside && runLast == runFirst ? runFirst + 1 : runLast],
                      after(runFirst)});
  };
  for (size_t idx = 0; idx < parts.size(); ++idx) {
    const LitInfo& p = parts[idx];
    if (p.exact) {
      // strings that were empty so far start where p does
      bool at = run.size() == 1 && run[0].empty() ? p.at : (hasEmpty(run) ? runAt && p.at : runAt);
      OrSet next = crossProduct(run, p.strings);
      if (!next.empty()) {
        if (run.size() == 1 && run[0].empty())
          runFirst = idx, runInside = false;
        run = std::move(next);
        runAt = at;
        runLast = idx;
        continue;
      }
      if (allExact)
        prefix = hasEmpty(run) ? OrSet{} : run;
      allExact = false;
      closeRun();
      run = p.strings;
      runAt = p.at;
      runFirst = runLast = idx;
      runInside = false;
      continue;
    }
    // A non-exact part: the run so far followed by the part's prefix is one requirement.
    OrSet across = knownAffix(run) && knownAffix(p.prefix) ? crossProduct(run, p.prefix) : OrSet{};
    if (allExact) {
      if (run.size() == 1 && run[0].empty())
        prefix = p.prefix;
      else if (!across.empty())
        prefix = across;
      else
        prefix = knownAffix(run) ? run : OrSet{};
    }
    allExact = false;
    if (!across.empty())
      reqs.push_back({std::move(across), runAt, sum[idx], after(runFirst)});
    else
      closeRun();
    // requirements inside the part: its bounds plus the parts around it
    if (!p.strings.empty())
      reqs.push_back({p.strings, p.stringsAt, plus(sum[idx], p.stringsBefore),
                      plus(p.stringsAfter, after(idx))});
    for (const Req& r : p.also)
      reqs.push_back(
          {r.strings, r.atWordStart, plus(sum[idx], r.before), plus(r.after, after(idx))});
    if (knownAffix(p.suffix)) {
      run = p.suffix;
      runAt = p.suffixAt;
      runInside = true;
    } else {
      run = {std::string()};
    }
    runFirst = runLast = idx;
  }
  // Whether every non-empty match ends with a non-word character: so must every part that
  // can be the last non-empty one.
  bool endsNonWord = true, canEmpty = true;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    endsNonWord = endsNonWord && it->endsNonWord;
    if (!it->canEmpty) {
      canEmpty = false;
      break;
    }
  }
  LitInfo info;
  if (allExact) {
    info = exactly(run);
  } else {
    closeRun();
    fromRequirements(std::move(reqs), info);
    info.prefix = knownAffix(prefix) ? prefix : OrSet{};
    info.suffix = knownAffix(run) ? run : OrSet{};
    info.suffixAt = runAt;
  }
  info.at = parts.front().at;
  info.canEmpty = canEmpty;
  info.endsNonWord = endsNonWord;
  info.maxLen = total;
  info.space = std::all_of(parts.begin(), parts.end(), [](const LitInfo& x) { return x.space; });
  return info;
}

LitInfo alternate(const std::vector<LitInfo>& branches) {
  bool allExact = true, endsNonWord = true, canEmpty = false, space = true;
  size_t total = 0;
  uint32_t maxLen = 0;
  for (const LitInfo& b : branches) {
    allExact = allExact && b.exact;
    endsNonWord = endsNonWord && b.endsNonWord;
    canEmpty = canEmpty || b.canEmpty;
    space = space && b.space;
    maxLen = std::max(maxLen, b.maxLen);
    total += b.strings.size();
  }
  std::vector<std::string> all;
  if (allExact && total <= kMaxExact) {
    for (const LitInfo& b : branches)
      all.insert(all.end(), b.strings.begin(), b.strings.end());
    LitInfo info = exactly(dedupe(std::move(all)));
    info.at = branches.front().at;
    return info;
  }
  // every match starts (ends) with a prefix (suffix) of one branch
  auto unionOf = [&](OrSet (*of)(const LitInfo&)) {
    OrSet u;
    for (const LitInfo& b : branches) {
      OrSet x = of(b);
      if (!knownAffix(x))
        return OrSet{};
      u.insert(u.end(), x.begin(), x.end());
    }
    u = dedupe(std::move(u));
    return u.size() <= 64 ? u : OrSet{};
  };
  LitInfo info = anything(endsNonWord, canEmpty, maxLen, space);
  info.at = branches.front().at;
  info.prefix = unionOf(prefixOf);
  info.suffix = unionOf(suffixOf);
  info.suffixAt = std::all_of(branches.begin(), branches.end(), suffixAtOf);
  bool at = true;
  uint32_t before = 0, after = 0;
  for (const LitInfo& b : branches) {
    Req r = reqOf(b);
    if (r.strings.empty())
      return info;
    all.insert(all.end(), r.strings.begin(), r.strings.end());
    at = at && r.atWordStart;
    before = std::max(before, r.before);
    after = std::max(after, r.after);
  }
  info.strings = dedupe(std::move(all));
  info.stringsAt = at;
  info.stringsBefore = before;
  info.stringsAfter = after;
  return info;
}

class PatternAnalyzer {
public:
  explicit PatternAnalyzer(std::string_view p) : p_(p) {}

  /// The requirements (each an OR-set of lower-case strings; every match meets all of them),
  /// the most selective first; empty when none is usable.
  std::vector<Req> run() {
    // a match starts at a word start: the recogniser keeps only those
    LitInfo info = alternation(true);
    if (failed_ || pos_ != p_.size())
      return {};
    std::vector<Req> groups;
    std::vector<Req> all{reqOf(info)};
    if (!info.exact)
      all.insert(all.end(), info.also.begin(), info.also.end());
    for (const Req& r : all)
      if (usable(r.strings))
        groups.push_back(r);
    return groups;
  }

private:
  static bool usable(const OrSet& r) {
    if (r.empty() || r.size() > 64)
      return false;
    for (const std::string& s : r) {
      if (s.size() < 3)
        return false;
      // a cased letter outside ASCII would need Unicode folding in the scan
      for (size_t i = 0; i < s.size();) {
        size_t len = 0;
        char32_t c = decodeUtf8(s, i, len);
        if (c >= 0x80 && isWordCodePoint(c) && !isCjkCodePoint(c))
          return false;
        i += len;
      }
    }
    return true;
  }

  bool more() const { return pos_ < p_.size() && !failed_; }

  /// `at`: whether what is parsed next starts at a word start in every match.
  LitInfo alternation(bool at) {
    std::vector<LitInfo> branches{sequence(at)};
    while (more() && p_[pos_] == '|') {
      ++pos_;
      branches.push_back(sequence(at));
    }
    return branches.size() == 1 ? branches[0] : alternate(branches);
  }

  LitInfo sequence(bool at) {
    std::vector<LitInfo> parts;
    while (more() && p_[pos_] != '|' && p_[pos_] != ')') {
      parts.push_back(repeat(at));
      const LitInfo& p = parts.back();
      // the next part starts at a word start when this one ends with a non-word character,
      // or may be empty and this one started at a word start
      at = p.endsNonWord && (!p.canEmpty || at);
    }
    if (parts.empty()) {
      LitInfo e = emptyString();
      e.at = at;
      return e;
    }
    return concat(parts);
  }

  LitInfo repeat(bool at) {
    LitInfo a = atom(at);
    a.at = at;
    while (more()) {
      char c = p_[pos_];
      size_t min = 0;
      uint32_t max = kFar;   // at most this many (kFar: no limit)
      bool bounded1 = false; // at most one
      if (c == '?') {
        ++pos_;
        min = 0, bounded1 = true, max = 1;
      } else if (c == '*') {
        ++pos_;
        min = 0;
      } else if (c == '+') {
        ++pos_;
        min = 1;
      } else if (c == '{') {
        size_t close = p_.find('}', pos_);
        std::string_view body = close == std::string_view::npos
                                    ? std::string_view()
                                    : p_.substr(pos_ + 1, close - pos_ - 1);
        if (body.empty() || body.find_first_not_of("0123456789,") != std::string_view::npos ||
            !std::isdigit(static_cast<unsigned char>(body[0])))
          break; // a literal '{'
        min = static_cast<size_t>(std::atoi(std::string(body).c_str()));
        bounded1 = body == "0,1" || body == "1" || body == "0" || body == "1,1";
        const size_t comma = body.find(',');
        if (comma == std::string_view::npos)
          max = static_cast<uint32_t>(std::min<size_t>(min, kFar));
        else if (comma + 1 < body.size())
          max = static_cast<uint32_t>(
              std::min<long>(std::atol(std::string(body.substr(comma + 1)).c_str()), kFar));
        pos_ = close + 1;
      } else {
        break;
      }
      if (more() && p_[pos_] == '?')
        ++pos_; // non-greedy
      // A second repetition starts where the first ended: at a word start only if that
      // ended with a non-word character (what the last one ends with may start there).
      const bool again = !bounded1 && !a.endsNonWord;
      // what the repetitions after the first can add
      const uint32_t rest =
          max < kFar ? times(a.maxLen, max == 0 ? 0 : max - 1) : (a.space ? kSpaceRun : kFar);
      const uint32_t maxLen = max == 0 ? 0 : plus(a.maxLen, rest);
      if (min == 0) {
        if (a.exact && bounded1 && a.strings.size() + 1 <= kMaxExact) {
          OrSet s = a.strings;
          s.push_back(std::string());
          LitInfo o = exactly(dedupe(std::move(s)));
          o.at = at;
          a = std::move(o);
        } else {
          a = anything(a.endsNonWord, true, maxLen, a.space);
          a.at = at;
        }
      } else if (!(bounded1 && min == 1)) {
        LitInfo o = anything(a.endsNonWord, a.canEmpty, maxLen, a.space);
        o.at = at;
        Req r = reqOf(a);
        o.strings = r.strings;
        o.stringsAt = r.atWordStart; // the first repetition has them where they were
        o.stringsBefore = r.before;
        o.stringsAfter = plus(r.after, rest);
        if (!a.exact) {
          o.also = a.also;
          for (Req& x : o.also)
            x.after = plus(x.after, rest);
        }
        o.prefix = prefixOf(a);
        o.suffix = suffixOf(a);
        o.suffixAt = suffixAtOf(a) && !again;
        a = std::move(o);
      }
    }
    return a;
  }

  LitInfo literal(char32_t c) {
    std::string s;
    appendUtf8(s, foldCase(c));
    return exactly({s});
  }

  LitInfo atom(bool at) {
    char c = p_[pos_];
    if (c == '(') {
      ++pos_;
      if (more() && p_[pos_] == '?') {
        ++pos_;
        if (more() && (p_[pos_] == 'P' || p_[pos_] == '<')) {
          size_t close = p_.find('>', pos_);
          if (close == std::string_view::npos) {
            failed_ = true;
            return anything();
          }
          pos_ = close + 1;
        } else {
          // flags: (?i) (?i:…) (?-s:…)
          while (more() && p_[pos_] != ':' && p_[pos_] != ')')
            ++pos_;
          if (more() && p_[pos_] == ')') {
            ++pos_;
            return emptyString();
          }
          ++pos_;
        }
      }
      LitInfo inner = alternation(at);
      if (!more() || p_[pos_] != ')') {
        failed_ = true;
        return anything();
      }
      ++pos_;
      return inner;
    }
    if (c == '[')
      return charClass();
    if (c == '\\')
      return escape(false);
    if (c == '.') {
      ++pos_;
      return anything(false, false, 4);
    }
    if (c == '^' || c == '$') {
      ++pos_;
      return emptyString();
    }
    size_t len = 0;
    char32_t cp = decodeUtf8(p_, pos_, len);
    pos_ += std::max<size_t>(len, 1);
    return literal(cp);
  }

  /// An escape at pos_ (a backslash). Inside a class only single characters are useful.
  LitInfo escape(bool inClass) {
    ++pos_;
    if (!more()) {
      failed_ = true;
      return anything();
    }
    char c = p_[pos_++];
    switch (c) {
    case 's':
      return anything(true, false, 1, true); // white space: never a word character
    case 'd':
    case 'w':
      return anything(false, false, 1);
    case 'D':
    case 'S':
    case 'W':
    case 'C':
      return anything(false, false, 4);
    case 'p':
    case 'P':
      if (more() && p_[pos_] == '{') {
        size_t close = p_.find('}', pos_);
        pos_ = close == std::string_view::npos ? p_.size() : close + 1;
      } else if (more()) {
        ++pos_;
      }
      return anything(false, false, 4);
    case 'b':
    case 'B':
    case 'A':
    case 'z':
      return inClass ? anything(false, false, 4) : emptyString();
    case 'n':
      return literal('\n');
    case 't':
      return literal('\t');
    case 'r':
      return literal('\r');
    case 'f':
      return literal('\f');
    case 'v':
      return literal('\v');
    case 'a':
      return literal('\a');
    case 'x': {
      std::string hex;
      if (more() && p_[pos_] == '{') {
        size_t close = p_.find('}', pos_);
        if (close == std::string_view::npos) {
          failed_ = true;
          return anything();
        }
        hex = std::string(p_.substr(pos_ + 1, close - pos_ - 1));
        pos_ = close + 1;
      } else {
        hex = std::string(p_.substr(pos_, 2));
        pos_ += 2;
      }
      if (hex.empty() || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        return anything(false, false, 4);
      return literal(static_cast<char32_t>(std::strtoul(hex.c_str(), nullptr, 16)));
    }
    case 'Q': {
      size_t end = p_.find("\\E", pos_);
      std::string_view lit =
          p_.substr(pos_, end == std::string_view::npos ? std::string_view::npos : end - pos_);
      pos_ = end == std::string_view::npos ? p_.size() : end + 2;
      std::string folded;
      for (size_t i = 0; i < lit.size();) {
        size_t len = 0;
        appendUtf8(folded, foldCase(decodeUtf8(lit, i, len)));
        i += std::max<size_t>(len, 1);
      }
      return exactly({folded});
    }
    default:
      if (c >= '0' && c <= '9')
        return anything(); // octal or back reference: give up on it
      if (std::isalpha(static_cast<unsigned char>(c)))
        return anything();
      {
        size_t len = 0;
        char32_t cp = decodeUtf8(p_, pos_ - 1, len);
        pos_ = pos_ - 1 + std::max<size_t>(len, 1);
        return literal(cp);
      }
    }
  }

  LitInfo charClass() {
    ++pos_; // '['
    bool negated = false, useful = true;
    bool nonWord = true; // every member is a non-word character
    bool space = true;   // every member is white space
    if (more() && p_[pos_] == '^') {
      negated = true;
      ++pos_;
    }
    std::vector<std::string> chars;
    bool first = true;
    while (more() && (first || p_[pos_] != ']')) {
      first = false;
      if (p_.substr(pos_, 2) == "[:") {
        size_t close = p_.find(":]", pos_ + 2);
        if (close == std::string_view::npos) {
          failed_ = true;
          return anything();
        }
        pos_ = close + 2;
        useful = false;
        nonWord = false;
        space = false;
        continue;
      }
      char32_t lo = 0;
      if (p_[pos_] == '\\') {
        const bool isSpaceEscape = pos_ + 1 < p_.size() && p_[pos_ + 1] == 's';
        LitInfo e = escape(true);
        if (!e.exact || e.strings.size() != 1 || e.strings[0].empty()) {
          useful = false;
          nonWord = nonWord && isSpaceEscape;
          space = space && isSpaceEscape;
          continue;
        }
        size_t len = 0;
        lo = decodeUtf8(e.strings[0], 0, len);
      } else {
        size_t len = 0;
        lo = decodeUtf8(p_, pos_, len);
        pos_ += std::max<size_t>(len, 1);
      }
      char32_t hi = lo;
      if (more() && p_[pos_] == '-' && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') {
        ++pos_;
        size_t len = 0;
        if (p_[pos_] == '\\') {
          LitInfo e = escape(true);
          if (!e.exact || e.strings.size() != 1 || e.strings[0].empty()) {
            useful = false;
            nonWord = false;
            space = false;
            continue;
          }
          hi = decodeUtf8(e.strings[0], 0, len);
        } else {
          hi = decodeUtf8(p_, pos_, len);
          pos_ += std::max<size_t>(len, 1);
        }
      }
      if (hi < lo || hi - lo > 6) {
        useful = false;
        nonWord = false;
        space = false;
        continue;
      }
      for (char32_t c = lo; c <= hi; ++c) {
        nonWord = nonWord && !isWordCodePoint(c);
        space =
            space && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v');
        std::string s;
        appendUtf8(s, foldCase(c));
        chars.push_back(s);
      }
    }
    if (!more()) {
      failed_ = true;
      return anything();
    }
    ++pos_; // ']'
    chars = dedupe(std::move(chars));
    if (negated || !useful || chars.empty() || chars.size() > 8)
      return anything(nonWord && !negated, false, 4, space && !negated);
    return exactly(chars);
  }

  std::string_view p_;
  size_t pos_ = 0;
  bool failed_ = false;
};

} // namespace

std::vector<std::string> requiredLiterals(std::string_view pattern) {
  std::vector<Req> groups = PatternAnalyzer(pattern).run();
  return groups.empty() ? std::vector<std::string>{} : groups.front().strings;
}

struct Recognizer::Impl {
  std::vector<Node> nodes;
  std::vector<uint64_t> slotKeys;
  std::vector<uint32_t> slotNodes;
  uint64_t slotMask = 0;
  Filter exactFilter, foldedFilter;
  bool exactNeedsCapital = true; // every exact first token has a capital or a digit
  // The first tokens of both tries (build only), and the start tables: bit startKey() of an
  // ASCII token is set when the token may start a literal form, as written or as a plural
  // (formStarts), or when a gate may start where it does (gateStarts). Most tokens of prose
  // ("the", "of", "policy") have both clear and skip hashing, the filters and the gate tables.
  std::vector<std::string> rootTokens;
  std::vector<uint64_t> formStarts = std::vector<uint64_t>(size_t{1} << (kStartBits - 6), 0),
                        gateStarts = std::vector<uint64_t>(size_t{1} << (kStartBits - 6), 0),
                        anyStarts; // either (skim() tests both at once)
  static void setStart(std::vector<uint64_t>& bits, std::string_view token) {
    const auto* p = reinterpret_cast<const unsigned char*>(token.data());
    const uint32_t key = startKey(p, token.size(), p + token.size());
    bits[key >> 6] |= uint64_t{1} << (key & 63);
  }
  std::unordered_map<std::string, uint32_t> sepIds;
  std::array<bool, 128> sepBytes{}; // the ASCII bytes of sepIds' keys

  std::vector<std::shared_ptr<const RE2>> patterns; // leftmost-longest, case-insensitive
  std::vector<uint32_t> patternTerm;
  // Gated patterns. Every distinct required string is one gate, found by its first three
  // (folded) bytes; a pattern has up to five requirements, each a set of gates one of which
  // occurs in every match. The first requirement places the windows; the others must occur
  // in the window too.
  struct Gate {
    uint32_t key;
    std::string text;
    bool atWordStart; // found at token starts by the token loop; else by the byte scan
    uint8_t lead;     // non-word characters of the requirement left off its front
    // The first 16 bytes with 0x20 ORed into each, and which bytes count: a two-word test
    // that lets through every occurrence (and the odd non-occurrence, "@" for "`", which
    // costs a window but no mention).
    std::array<uint64_t, 2> word{}, mask{};
  };
  std::vector<Gate> gates;
  std::vector<uint32_t> gateLength; // per gate, its text's size: gated() reads nothing else
  // Gates found at token starts, in one hash table keyed by their first three bytes, 0x20
  // ORed in: a slot's entries lie in entries[first[slot], first[slot + 1]) (8 slots an entry:
  // a few KB for these lexicons). One lookup a token (there were two tables, of gates of
  // three bytes and of longer ones keyed by four).
  struct GateTable {
    unsigned shift = 32;
    std::vector<uint32_t> first{0, 0};
    std::vector<std::pair<uint32_t, uint32_t>> entries; // key, gate
    // per entry, its gate's first eight bytes as Gate::word[0] and mask[0]: a token compares
    // them without reading the gate ("Japan" has the key of some 25 gates, "japan-korea" …)
    std::vector<std::pair<uint64_t, uint64_t>> heads;
    // 64-bit so that an empty table (shift 32, one slot) is well defined
    uint32_t slot(uint32_t key) const {
      return static_cast<uint32_t>(static_cast<uint64_t>(key * 0x9E3779B1u) >> shift);
    }
  };
  GateTable tokenGates;
  // The byte scan's gates (those that may start inside a word), sorted by key.
  std::vector<uint32_t> byteGates, byteKeys;
  // A requirement of a pattern: its gates, and how far a match may reach before and after one
  // (at most kMargin).
  struct GateGroup {
    std::vector<uint32_t> gates;
    uint32_t before = 0, after = 0;
  };
  std::vector<std::vector<GateGroup>> patternGates; // pattern -> requirements
  std::vector<uint8_t> byteSlots;                   // a filter over hashed keys, a byte per slot
  // Patterns without a usable requirement: found by one RE2::Set pass per chunk.
  std::unique_ptr<RE2::Set> set;
  std::vector<uint32_t> setPattern; // set index -> pattern index

  Impl() {
    nodes.resize(2);
    slotKeys.assign(1024, 0);
    slotNodes.assign(1024, kNone);
    slotMask = 1023;
  }

  // -- the hash table of edges -----------------------------------------------------------

  /// The child of `parent` over `sep` whose stored token `same` accepts, by the edge hash.
  template <class Same>
  uint32_t probe(uint32_t parent, uint32_t sep, uint64_t tokenHash, Same same) const {
    uint64_t key = edgeKey(parent, sep, tokenHash);
    for (uint64_t i = key & slotMask;; i = (i + 1) & slotMask) {
      uint64_t k = slotKeys[i];
      if (k == 0)
        return kNone;
      if (k == key) {
        const Node& n = nodes[slotNodes[i]];
        if (n.parent == parent && n.sep == sep && same(n.token))
          return slotNodes[i];
      }
    }
  }

  uint32_t find(uint32_t parent, uint32_t sep, uint64_t tokenHash, std::string_view token) const {
    return probe(parent, sep, tokenHash,
                 [&](const std::string& stored) { return stored == token; });
  }

  /// find() for the folded trie with an ASCII token as written (letters and digits only):
  /// `tokenHash` is its folded hash, and it is compared lower-cased, without a copy.
  uint32_t findAscii(uint32_t parent, uint32_t sep, uint64_t tokenHash,
                     std::string_view token) const {
    return probe(parent, sep, tokenHash, [&](const std::string& stored) {
      if (stored.size() != token.size())
        return false;
      for (size_t q = 0; q < token.size(); ++q)
        if (stored[q] != static_cast<char>(token[q] | 0x20))
          return false;
      return true;
    });
  }

  void grow() {
    std::vector<uint64_t> keys(slotKeys.size() * 2, 0);
    std::vector<uint32_t> vals(slotKeys.size() * 2, kNone);
    uint64_t mask = keys.size() - 1;
    for (size_t i = 0; i < slotKeys.size(); ++i) {
      if (!slotKeys[i])
        continue;
      uint64_t j = slotKeys[i] & mask;
      while (keys[j])
        j = (j + 1) & mask;
      keys[j] = slotKeys[i];
      vals[j] = slotNodes[i];
    }
    slotKeys.swap(keys);
    slotNodes.swap(vals);
    slotMask = mask;
  }

  uint32_t child(uint32_t parent, uint32_t sep, std::string_view token) {
    uint64_t h = keyHash(token);
    uint32_t found = find(parent, sep, h, token);
    if (found != kNone)
      return found;
    if ((nodes.size() + 1) * 2 > slotKeys.size())
      grow();
    uint32_t id = static_cast<uint32_t>(nodes.size());
    Node n;
    n.parent = parent;
    n.sep = sep;
    n.token = std::string(token);
    nodes.push_back(std::move(n));
    if (!token.empty() && static_cast<unsigned char>(token[0]) < 0x80)
      nodes[parent].childFirst |= 1ull << (kLowerAscii[static_cast<unsigned char>(token[0])] & 63);
    uint64_t key = edgeKey(parent, sep, h);
    uint64_t i = key & slotMask;
    while (slotKeys[i])
      i = (i + 1) & slotMask;
    slotKeys[i] = key;
    slotNodes[i] = id;
    if (parent <= kFoldedRoot) {
      (parent == kExactRoot ? exactFilter : foldedFilter).add(h);
      rootTokens.emplace_back(token);
    }
    return id;
  }

  uint32_t sepId(std::string_view sep, bool folded) {
    if (sep.empty())
      return kSepNone;
    if (allSpace(sep))
      return kSepSpace;
    size_t len = 0;
    char32_t c = decodeUtf8(sep, 0, len);
    if (len == sep.size() && hyphenLike(c))
      return folded ? kSepSpace : kSepHyphen;
    std::string norm = normalizeSep(sep);
    auto it = sepIds.find(norm);
    if (it != sepIds.end())
      return it->second;
    uint32_t id = static_cast<uint32_t>(3 + sepIds.size());
    for (char c : norm)
      if (static_cast<unsigned char>(c) < 0x80)
        sepBytes[static_cast<unsigned char>(c)] = true;
    sepIds.emplace(norm, id);
    return id;
  }

  /// Separators other than white space and a hyphen are compared with white space folded.
  static std::string normalizeSep(std::string_view sep) {
    std::string out;
    bool space = false;
    for (size_t i = 0; i < sep.size();) {
      size_t len = 0;
      char32_t c = decodeUtf8(sep, i, len);
      if (allSpace(sep.substr(i, len))) {
        space = true;
      } else {
        if (space)
          out += ' ';
        space = false;
        if (hyphenLike(c))
          out += '-';
        else if (c == 0x2019)
          out += '\'';
        else
          out.append(sep.substr(i, len));
      }
      i += len;
    }
    if (space)
      out += ' ';
    return out;
  }

  void addSurface(std::string_view surface, uint32_t term, FormKind form, bool exact) {
    SplitForm f = splitForm(surface);
    if (f.tokens.empty())
      return;
    uint32_t cur = exact ? kExactRoot : kFoldedRoot;
    for (size_t i = 0; i < f.tokens.size(); ++i) {
      uint32_t sep = i == 0 ? kSepNone : sepId(f.seps[i], !exact);
      std::string token = exact ? f.tokens[i] : foldCase(f.tokens[i]);
      if (i == 0 && exact) {
        bool capital = false;
        for (char ch : token)
          capital = capital || (kClass[static_cast<unsigned char>(ch)] & (kUpperOrDigit | kHigh));
        exactNeedsCapital = exactNeedsCapital && capital;
      }
      cur = child(cur, sep, token);
    }
    Node& n = nodes[cur];
    std::string trailing = normalizeSep(f.trailing);
    if (!trailing.empty() && !allSpace(trailing)) {
      if (n.trailingTerm == kNone) {
        n.trailing = trailing;
        n.trailingTerm = term;
        n.trailingForm = form;
      }
      return;
    }
    if (n.term == kNone) {
      n.term = term;
      n.form = form;
      n.acronym = exact;
    }
  }
};

Recognizer::Recognizer() : impl_(std::make_unique<Impl>()) {}
Recognizer::~Recognizer() = default;
Recognizer::Recognizer(Recognizer&&) noexcept = default;
Recognizer& Recognizer::operator=(Recognizer&&) noexcept = default;

namespace {

/// An alias written in capitals ("U.S.", "KORUS FTA", "G-20") is matched like a short form.
bool capitalsOnly(std::string_view s) {
  int upper = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(s, i, len);
    if (isWordCodePoint(c)) {
      if (foldCase(c) != c)
        ++upper;
      else if (!(c >= '0' && c <= '9') && !isCjkCodePoint(c))
        return false;
    }
    i += len;
  }
  return upper >= 2;
}

RE2::Options patternOptions() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_longest_match(true);
  o.set_log_errors(false);
  o.set_never_capture(true);
  o.set_max_mem(2 << 20);
  return o;
}

} // namespace

std::shared_ptr<const RE2> detail::compiledPattern(const std::string& pattern, std::string& error) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const RE2>> cache;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(pattern); // only good patterns are cached
    if (it != cache.end())
      return it->second;
  }
  auto re = std::make_shared<const RE2>(pattern, patternOptions());
  std::shared_ptr<const RE2> result;
  if (!re->ok()) {
    error =
        re->error_code() == RE2::ErrorPatternTooLarge
            ? std::string("it is too large for RE2's memory budget: split it into simpler patterns")
            : "it is not valid RE2 (" + re->error() + "): fix it";
    return nullptr;
  }
  if (RE2::FullMatch("", *re)) {
    error = "it matches empty text: make a part of it required";
    return nullptr;
  }
  result = re;
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() > 4096)
    cache.clear(); // edited lexicons must not grow it without bound
  cache.emplace(pattern, result);
  return result;
}

Recognizer Recognizer::build(const std::vector<Term>& terms, std::vector<DataError>& errors) {
  Recognizer r;
  Impl& im = *r.impl_;
  std::vector<std::string> setPatterns;
  for (uint32_t t = 0; t < terms.size(); ++t) {
    const Term& term = terms[t];
    if (!term.shortForm.empty())
      im.addSurface(term.shortForm, t, FormKind::Short, true);
    if (!term.longForm.empty()) {
      // a long form written in capitals only ("NATO" as a name) is still a name
      im.addSurface(term.longForm, t, FormKind::Long, false);
    }
    for (const std::string& a : term.aliases)
      im.addSurface(a, t, FormKind::Alias, capitalsOnly(a));
  }
  im.exactFilter.finish();
  im.foldedFilter.finish();
  // A token starts a form as written or as a plural whose stem does: "FTAs", "taxes",
  // "strategies" (see forEachStem; a token's key differs from its stem's when the stem is
  // shorter than four bytes or ends in y).
  for (const std::string& f : im.rootTokens) {
    Impl::setStart(im.formStarts, f);
    Impl::setStart(im.formStarts, f + "s");
    Impl::setStart(im.formStarts, f + "es");
    if (!f.empty() && (f.back() == 'y' || f.back() == 'Y'))
      Impl::setStart(im.formStarts, f.substr(0, f.size() - 1) + "ies");
  }
  std::vector<std::string>().swap(im.rootTokens);
  // Patterns: one RE2 each (leftmost-longest: it compiles ten times faster than
  // leftmost-first and is what "longest match wins" wants), gated by required strings.
  std::vector<std::string> ungated;
  std::vector<std::vector<Req>> gateGroups; // per pattern
  for (uint32_t t = 0; t < terms.size(); ++t) {
    for (const std::string& p : terms[t].patterns) {
      std::string error;
      std::shared_ptr<const RE2> re = detail::compiledPattern(p, error);
      if (!re) {
        const std::string where =
            terms[t].origin.file.empty() ? std::string("<terms>") : terms[t].origin.file;
        errors.push_back(
            {where, terms[t].origin.line,
             "term '" + terms[t].id + "': pattern \"" + p + "\" is left out: " + error});
        continue;
      }
      uint32_t index = static_cast<uint32_t>(im.patterns.size());
      im.patterns.push_back(std::move(re));
      im.patternTerm.push_back(t);
      std::vector<Req> groups = PatternAnalyzer(p).run();
      if (groups.size() > 5)
        groups.resize(5);
      if (groups.empty()) {
        im.setPattern.push_back(index);
        ungated.push_back(p);
      }
      gateGroups.push_back(std::move(groups));
    }
  }
  // One gate per distinct string, however many patterns require it: the scan verifies each
  // occurrence once. A string that always starts at a word start is looked for only where a
  // token of the text starts (by the token loop, at no extra pass); leading punctuation
  // ("“comfort") is left off so that it does; the rest needs the byte scan.
  {
    auto gateOf = [](const std::string& text, bool atWordStart) {
      size_t lead = 0;
      while (lead < text.size()) {
        size_t len = 0;
        char32_t c = decodeUtf8(text, lead, len);
        if (isWordCodePoint(c))
          break;
        lead += std::max<size_t>(len, 1);
      }
      Impl::Gate g{0, text, false, 0};
      if (lead > 0 && lead < 16 && text.size() - lead >= 3) {
        g.text = text.substr(lead);
        g.atWordStart = true;
        g.lead = static_cast<uint8_t>(lead);
      } else if (lead == 0) {
        size_t len = 0;
        g.atWordStart = atWordStart || isCjkCodePoint(decodeUtf8(text, 0, len));
      }
      g.key = gateKey(reinterpret_cast<const unsigned char*>(g.text.data()));
      return g;
    };
    auto idOf = [](const Impl::Gate& g) { return std::string(1, char(g.atWordStart)) + g.text; };
    std::unordered_map<std::string, uint32_t> id;
    for (const auto& groups : gateGroups) {
      auto& out = im.patternGates.emplace_back();
      for (const Req& r : groups) {
        auto& group = out.emplace_back();
        group.before = std::min<uint32_t>(r.before, kMargin);
        group.after = std::min<uint32_t>(r.after, kMargin);
        auto& ids = group.gates;
        for (const std::string& t : r.strings) {
          Impl::Gate g = gateOf(t, r.atWordStart);
          auto [it, added] = id.emplace(idOf(g), static_cast<uint32_t>(im.gates.size()));
          if (added)
            im.gates.push_back(std::move(g));
          else
            im.gates[it->second].lead = std::max(im.gates[it->second].lead, g.lead);
          if (std::find(ids.begin(), ids.end(), it->second) == ids.end())
            ids.push_back(it->second);
        }
      }
    }
    // A requirement that needs the byte scan is dropped when the pattern has another that
    // does not (fewer requirements only mean more windows): most lexicons then need no byte scan.
    for (auto& groups : im.patternGates) {
      auto byToken = [&](const Impl::GateGroup& g) {
        return std::all_of(g.gates.begin(), g.gates.end(),
                           [&](uint32_t k) { return im.gates[k].atWordStart; });
      };
      if (std::any_of(groups.begin(), groups.end(), byToken))
        groups.erase(std::remove_if(groups.begin(), groups.end(),
                                    [&](const auto& g) { return !byToken(g); }),
                     groups.end());
    }
    std::vector<uint8_t> used(im.gates.size(), 0);
    for (const auto& groups : im.patternGates)
      for (const auto& g : groups)
        for (uint32_t k : g.gates)
          used[k] = 1;
    im.byteSlots.assign(size_t{1} << 16, 0);
    std::vector<std::pair<uint32_t, uint32_t>> atTokens; // key, gate
    for (uint32_t k = 0; k < im.gates.size(); ++k) {
      if (!used[k])
        continue;
      const Impl::Gate& g = im.gates[k];
      const auto* text = reinterpret_cast<const unsigned char*>(g.text.data());
      if (!g.atWordStart) {
        im.byteGates.push_back(k);
        im.byteSlots[gateSlot(g.key)] = 1;
      } else {
        atTokens.emplace_back(tokenKey3(text), k);
      }
    }
    std::stable_sort(im.byteGates.begin(), im.byteGates.end(),
                     [&](uint32_t a, uint32_t b) { return im.gates[a].key < im.gates[b].key; });
    for (uint32_t k : im.byteGates)
      im.byteKeys.push_back(im.gates[k].key);
    auto fill = [](const std::vector<std::pair<uint32_t, uint32_t>>& from, Impl::GateTable& table) {
      if (from.empty())
        return;
      unsigned bits = 10;
      while (bits < 16 && (size_t{1} << bits) < from.size() * 8)
        ++bits;
      table.shift = 32 - bits;
      std::vector<std::pair<uint32_t, uint32_t>> bySlot(from);
      std::stable_sort(bySlot.begin(), bySlot.end(), [&](const auto& a, const auto& b) {
        return table.slot(a.first) < table.slot(b.first);
      });
      table.first.assign((size_t{1} << bits) + 1, 0);
      for (const auto& e : bySlot)
        ++table.first[table.slot(e.first) + 1];
      for (size_t k = 1; k < table.first.size(); ++k)
        table.first[k] += table.first[k - 1];
      table.entries = std::move(bySlot);
    };
    fill(atTokens, im.tokenGates);
    for (Impl::Gate& g : im.gates)
      for (size_t q = 0; q < g.text.size() && q < 16; ++q) {
        g.word[q / 8] |= static_cast<uint64_t>(static_cast<unsigned char>(g.text[q]) | 0x20)
                         << (8 * (q % 8));
        g.mask[q / 8] |= uint64_t{0xFF} << (8 * (q % 8));
      }
    for (const Impl::Gate& g : im.gates)
      im.gateLength.push_back(static_cast<uint32_t>(g.text.size()));
    for (const auto& e : im.tokenGates.entries) {
      const Impl::Gate& g = im.gates[e.second];
      im.tokenGates.heads.emplace_back(g.word[0], g.mask[0]);
      // the token where the gate starts: its leading ASCII letters and digits (a token with
      // other bytes is not filtered)
      size_t run = 0;
      while (run < g.text.size() && (kClass[static_cast<unsigned char>(g.text[run])] & kWord))
        ++run;
      Impl::setStart(im.gateStarts, std::string_view(g.text).substr(0, run));
    }
  }
  im.anyStarts = im.formStarts;
  for (size_t k = 0; k < im.anyStarts.size(); ++k)
    im.anyStarts[k] |= im.gateStarts[k];
  if (!ungated.empty()) {
    RE2::Options setOptions = patternOptions();
    setOptions.set_max_mem(int64_t{32} << 20);
    auto set = std::make_unique<RE2::Set>(setOptions, RE2::UNANCHORED);
    for (const std::string& p : ungated)
      set->Add(p, nullptr);
    if (set->Compile())
      im.set = std::move(set);
  }
  return r;
}

namespace {

struct Candidate {
  uint32_t begin, end, term;
  FormKind form;
};

// A template so that it may name Recognizer's private Impl through Recognizer::scan.
template <class Impl> class Scanner {
public:
  Scanner(const Impl& im, std::string_view text, Span range, const std::vector<Span>& masked)
      : im_(im), t_(text), range_(range), masked_(masked) {}

  void literals(std::vector<Candidate>& out) {
    const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
    size_t i = range_.begin;
    const size_t end = range_.end;
    const unsigned char* textEnd = p + t_.size();
    size_t maskIdx = firstMaskAtOrAfter(i);
    size_t nextMask = maskIdx < masked_.size() ? masked_[maskIdx].begin : SIZE_MAX;
    const bool tokenGates = !im_.tokenGates.entries.empty();
    while (i < end) {
      i = skim(i, end, nextMask);
      if (i >= end)
        break;
      uint8_t cls = kClass[p[i]];
      if (i >= nextMask) {
        i = std::max<size_t>(i, masked_[maskIdx].end);
        ++maskIdx;
        while (maskIdx < masked_.size() && masked_[maskIdx].end <= i)
          ++maskIdx;
        nextMask = maskIdx < masked_.size() ? masked_[maskIdx].begin : SIZE_MAX;
        continue;
      }
      size_t tb = i;
      bool capital = false, high = false;
      if (cls & kHigh) {
        if (size_t n = punctuationAt(p, i, end)) {
          i += n;
          continue;
        }
        size_t len = 0;
        char32_t c = decodeUtf8(t_, i, len);
        if (!isWordCodePoint(c)) {
          i += len;
          continue;
        }
        if (isCjkCodePoint(c)) {
          // a token of one character
          if (tokenGates)
            gateAt(p, i);
          Token tok{static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)};
          uint64_t h = keyHash(t_.substr(i, len));
          size_t matched = tryAt(tok, h, h, true, nextMask, out, true);
          if (tokenGates && matched > i + len)
            gatesWithin(p, i + len, matched);
          i = matched ? matched : i + len;
          continue;
        }
      }
      // the token: letters and digits of one script
      size_t j = i;
      const bool skimmed = i == skimmed_.begin;
      if (skimmed) {
        j = skimmed_.end;
        capital = skimmed_.capital;
      } else if (!(cls & kHigh)) {
        // Most tokens are ASCII and end inside their 64-byte block, before an ASCII byte: the
        // block's masks (skim() has just read them) give the end and whether a capital or
        // digit is in it.
        const ByteMasks& m = masksAt(i);
        const unsigned shift = i & 63;
        if (const uint64_t other = ~m.word >> shift) {
          const unsigned k = static_cast<unsigned>(__builtin_ctzll(other));
          if (!((m.high >> (shift + k)) & 1) && i + k <= end) {
            j = i + k;
            capital = ((m.upper >> shift) & ((uint64_t{1} << k) - 1)) != 0;
          }
        }
      }
      // anything else, byte by byte where it must be
      for (const bool found = j > tb; !found && j < end;) {
        uint8_t c = kClass[p[j]];
        if (c & kWord) {
          j = asciiWordEnd(j, end, capital);
        } else if (c & kHigh) {
          if (punctuationAt(p, j, end))
            break;
          size_t len = 0;
          char32_t cp = decodeUtf8(t_, j, len);
          if (!isWordCodePoint(cp) || isCjkCodePoint(cp))
            break;
          high = true;
          capital = true;
          j += len;
        } else {
          break;
        }
      }
      if (!high) {
        // most tokens start neither a form nor a gate: one bit test each
        const uint32_t key = skimmed ? skimmed_.key : startKey(p + tb, j - tb, textEnd);
        if (tokenGates && hasStart(im_.gateStarts, key))
          gateAt(p, tb);
        if (!hasStart(im_.formStarts, key)) {
          i = j;
          continue;
        }
      } else if (tokenGates) {
        gateAt(p, tb);
      }
      uint64_t hf = high ? hashToken(fold(t_.substr(tb, j - tb), foldBuf_))
                         : hashBytes(p + tb, j - tb, kFoldMask, textEnd);
      uint64_t he = hf;
      bool tryExact = capital || !im_.exactNeedsCapital;
      // most tokens start no surface: a few bit tests and on to the next (a token ending in
      // 's' is also tested as a plural, as tryAt would)
      if (!(tryExact && filterHas(im_.exactFilter, he)) && !filterHas(im_.foldedFilter, hf)) {
        bool stem = false;
        if (j - tb >= 2 && p[j - 1] == 's' && !high) {
          const uint64_t hs = hashBytes(p + tb, j - tb - 1, kFoldMask, textEnd);
          stem = (tryExact && filterHas(im_.exactFilter, hs)) ||
                 (j - tb >= 4 && filterHas(im_.foldedFilter, hs));
        }
        if (!stem) {
          i = j;
          continue;
        }
      }
      Token tok{static_cast<uint32_t>(tb), static_cast<uint32_t>(j)};
      size_t matched = tryAt(tok, tryExact ? he : 0, hf, tryExact, nextMask, out, high);
      if (tokenGates && matched > j)
        gatesWithin(p, j, matched);
      i = matched ? matched : j;
    }
  }

  /// The masks of the 64-byte block of the text holding offset `i` (bytes past the end: none).
  const ByteMasks& masksAt(size_t i) {
    const size_t base = i & ~size_t{63};
    if (base != masksBase_) {
      masksBase_ = base;
      const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
      if (base + 64 <= t_.size()) {
        masks_ = classify64(p + base);
      } else {
        unsigned char last[64] = {};
        std::memcpy(last, p + base, t_.size() - base);
        masks_ = classify64(last);
      }
    }
    return masks_;
  }

  /// The first offset from `i` on, before `end`, of an ASCII letter or digit or a byte of
  /// 0x80 or above (where a token may start); `end` when there is none.
  size_t skipToWord(size_t i, size_t end) {
    while (i < end) {
      const ByteMasks& m = masksAt(i);
      if (const uint64_t starts = (m.word | m.high) >> (i & 63))
        return std::min(end, i + __builtin_ctzll(starts));
      i = (i & ~size_t{63}) + 64;
    }
    return end;
  }

  /// The first token start from `i` on that needs the token loop: tokens of a block without
  /// bytes of 0x80 or above, which end inside it and start neither a form nor a gate (most of
  /// prose), are passed over here, from the block's masks, without leaving the block. Stops
  /// at the first other token, at a token in or after `nextMask`, or at `end`.
  size_t skim(size_t i, size_t end, size_t nextMask) {
    const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
    const unsigned char* textEnd = p + t_.size();
    while (i < end) {
      const ByteMasks& m = masksAt(i);
      if (m.high)
        return skipToWord(i, end);
      const size_t base = i & ~size_t{63};
      const unsigned shift = i & 63;
      // token starts at or after i: a word byte after a non-word one, or at i itself
      uint64_t starts =
          ((m.word & ~(m.word << 1)) | (m.word & (uint64_t{1} << shift))) & (~uint64_t{0} << shift);
      while (starts) {
        const unsigned a = static_cast<unsigned>(__builtin_ctzll(starts));
        const size_t tb = base + a;
        if (tb >= end || tb >= nextMask)
          return std::min(tb, end);
        const uint64_t rest = ~m.word >> a;
        if (!rest)
          return tb; // runs into the next block
        const size_t e = tb + static_cast<size_t>(__builtin_ctzll(rest));
        if (e > end)
          return tb;
        const uint32_t key = startKey(p + tb, e - tb, textEnd);
        if (hasStart(im_.anyStarts, key)) {
          // the token loop takes it from here with what is known of it
          skimmed_ = {tb, e, key, ((m.upper >> a) & ((uint64_t{1} << (e - tb)) - 1)) != 0};
          return tb;
        }
        starts &= starts - 1;
      }
      i = base + 64;
    }
    return end;
  }

  /// The end of the run of ASCII letters and digits at `j` (at most `end`); sets `capital`
  /// when the run holds a capital or a digit.
  size_t asciiWordEnd(size_t j, size_t end, bool& capital) {
    while (j < end) {
      const ByteMasks& m = masksAt(j);
      const unsigned shift = j & 63;
      const size_t n = std::min<size_t>(64 - shift, end - j); // bytes of this block from j
      const uint64_t keep = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
      const uint64_t other = (~m.word >> shift) & keep, upper = (m.upper >> shift) & keep;
      if (!other) {
        capital = capital || upper;
        j += n;
        continue;
      }
      const unsigned k = __builtin_ctzll(other);
      capital = capital || (upper & ((uint64_t{1} << k) - 1));
      return j + k;
    }
    return end;
  }

  void patterns(std::vector<Candidate>& out) {
    if (im_.patterns.empty())
      return;
    gated(out);
    if (!im_.set)
      return;
    // Patterns without a requirement: one RE2::Set pass per chunk says which occur.
    size_t pos = range_.begin;
    std::vector<int> hits;
    while (pos < range_.end) {
      size_t chunkEnd = chunkBoundary(pos);
      re2::StringPiece chunk(t_.data() + pos, chunkEnd - pos);
      hits.clear();
      RE2::Set::ErrorInfo info{RE2::Set::kNoError};
      bool any = im_.set->Match(chunk, &hits, &info);
      if (!any && info.kind == RE2::Set::kOutOfMemory) {
        any = true;
        for (size_t k = 0; k < im_.setPattern.size(); ++k)
          hits.push_back(static_cast<int>(k));
      }
      if (any) {
        std::sort(hits.begin(), hits.end());
        for (int k : hits)
          locate(im_.setPattern[static_cast<size_t>(k)], pos, chunkEnd, out);
      }
      pos = chunkEnd;
    }
  }

private:
  /// Takes the occurrences of required strings the token loop found at token starts, adds
  /// those of strings that may start inside a word (a rolling three-byte key over the
  /// case-folded text, only when the lexicon has such strings), then runs each pattern only in
  /// windows around occurrences of its most selective requirement, as wide as a match can
  /// reach, that have its other requirements in them too. Call after literals().
  void gated(std::vector<Candidate>& out) {
    if (im_.gates.empty())
      return;
    const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
    const size_t b = range_.begin, e = range_.end;
    if (e - b < 3)
      return;
    // Occurrences of gates: those at token starts were found by the token loop (literals());
    // the rest by a scan of every byte, in text order.
    std::vector<std::pair<uint32_t, uint32_t>>& hits = gateHits_;
    if (!im_.byteGates.empty()) {
      // The tight loop (it sees every byte): a rolling key, a folding table and a byte-per-slot
      // filter keep it to a few instructions a byte.
      uint32_t key = (static_cast<uint32_t>(kLowerAscii[p[b]]) << 8) | kLowerAscii[p[b + 1]];
      const uint8_t* slots = im_.byteSlots.data();
      for (size_t j = b + 2; j < e; ++j) {
        key = ((key << 8) | kLowerAscii[p[j]]) & 0xFFFFFFu;
        if (slots[gateSlot(key)])
          verifyGates(im_.byteKeys, im_.byteGates, key, p, j - 2);
      }
    }
    const auto& gates = im_.gates;
    if (hits.empty())
      return;
    // Group the occurrences by gate, keeping text order (a counting sort: linear).
    std::vector<uint32_t> first(gates.size() + 1, 0);
    for (const auto& h : hits)
      ++first[h.first + 1];
    for (size_t k = 1; k < first.size(); ++k)
      first[k] += first[k - 1];
    std::vector<uint32_t> at(hits.size());
    {
      std::vector<uint32_t> fill(first.begin(), first.end() - 1);
      for (const auto& h : hits)
        at[fill[h.first]++] = h.second;
    }
    // Whether gate `g` occurs within [wb, we). A pattern asks with wb never decreasing, so each
    // gate keeps a cursor that only moves forward: a few steps, then a binary search for a long
    // way (a binary search for every question cost a twelfth of the scan's time).
    std::vector<uint32_t> cursor(gates.size(), 0);
    auto occursIn = [&](uint32_t g, size_t wb, size_t we) {
      uint32_t c = cursor[g];
      const uint32_t l = first[g + 1];
      for (int steps = 0; c < l && at[c] < wb; ++c)
        if (++steps == 8) {
          c = static_cast<uint32_t>(
              std::lower_bound(at.begin() + c, at.begin() + l, static_cast<uint32_t>(wb)) -
              at.begin());
          break;
        }
      cursor[g] = c;
      return c < l && at[c] + im_.gateLength[g] <= we;
    };
    std::vector<std::pair<uint32_t, uint32_t>> primary; // begin, end
    for (uint32_t pattern = 0; pattern < im_.patternGates.size(); ++pattern) {
      const auto& groups = im_.patternGates[pattern];
      if (groups.empty())
        continue;
      for (size_t r = 1; r < groups.size(); ++r)
        for (uint32_t g : groups[r].gates)
          cursor[g] = first[g];
      primary.clear();
      size_t lists = 0; // gates of the group that occur: each gives its occurrences in order
      for (uint32_t g : groups[0].gates) {
        lists += first[g] < first[g + 1];
        for (uint32_t k = first[g]; k < first[g + 1]; ++k)
          primary.emplace_back(
              at[k] - std::min<uint32_t>(at[k] - static_cast<uint32_t>(b), gates[g].lead),
              at[k] + im_.gateLength[g]);
      }
      if (primary.empty())
        continue;
      if (lists > 1)
        std::sort(primary.begin(), primary.end());
      // A match lies within [hit - before, hit + after]: the window, in which the other
      // requirements must occur too.
      const size_t before = groups[0].before, after = groups[0].after;
      size_t wb = 0, we = 0;
      bool open = false;
      // Matches of one pattern do not overlap: a window starts after the last match found, as
      // one search over the whole text would.
      size_t floor = b;
      // Every match holds an occurrence of a primary string whole, so once the search is past
      // the end of the last occurrence that begins before the window's end, it stops: RE2 is
      // not asked again for the rest of a window after its match (half of all searches).
      size_t seen = 0, lastEnd = 0;
      auto run = [&] {
        for (; seen < primary.size() && primary[seen].first < we; ++seen)
          lastEnd = std::max<size_t>(lastEnd, primary[seen].second);
        const size_t found = out.size();
        locate(pattern, std::max(wb, floor), we, out, lastEnd);
        if (out.size() > found)
          floor = out.back().end;
      };
      for (const auto& [hb, he] : primary) {
        size_t nb = hb > b + before ? hb - before : b;
        size_t ne = std::min<size_t>(e, he + after);
        bool all = true;
        for (size_t r = 1; r < groups.size() && all; ++r) {
          bool any = false;
          for (uint32_t g : groups[r].gates)
            if ((any = occursIn(g, nb, ne)))
              break;
          all = any;
        }
        if (!all)
          continue;
        if (open && nb <= we) {
          we = std::max(we, ne);
          continue;
        }
        if (open)
          run();
        wb = nb, we = ne, open = true;
      }
      if (open)
        run();
    }
  }

  /// Records the gates among `ids` (sorted by key) whose text is at `start`.
  /// Whether gate `g` is at `start` (or, rarely, something that differs from it only in bit
  /// 0x20 of a non-letter); records it.
  __attribute__((always_inline)) void verifyGate(uint32_t id, const unsigned char* p,
                                                 size_t start) {
    const auto& gate = im_.gates[id];
    const std::string& g = gate.text;
    if (start + g.size() > range_.end)
      return;
    bool same = true;
    size_t q = 3;
    if (start + 16 <= t_.size()) {
      uint64_t w0, w1;
      std::memcpy(&w0, p + start, 8);
      std::memcpy(&w1, p + start + 8, 8);
      same = ((w0 | kFoldMask) & gate.mask[0]) == gate.word[0] &&
             ((w1 | kFoldMask) & gate.mask[1]) == gate.word[1];
      q = 16;
    }
    for (; q < g.size() && same; ++q)
      same = static_cast<unsigned char>(g[q]) == kLowerAscii[p[start + q]];
    if (same)
      gateHits_.emplace_back(id, static_cast<uint32_t>(start));
  }

  void verifyGates(const std::vector<uint32_t>& keys, const std::vector<uint32_t>& ids,
                   uint32_t key, const unsigned char* p, size_t start) {
    size_t k = static_cast<size_t>(std::lower_bound(keys.begin(), keys.end(), key) - keys.begin());
    for (; k < keys.size() && keys[k] == key; ++k)
      verifyGate(ids[k], p, start);
  }

  /// `head`: the eight bytes at `start` (zeros past the text's end), which must agree with
  /// the first eight of a gate (its key among them) before the gate is read.
  __attribute__((always_inline)) void lookUp(const typename Impl::GateTable& table, uint32_t key,
                                             uint64_t head, const unsigned char* p, size_t start) {
    const uint32_t slot = table.slot(key);
    head |= kFoldMask;
    for (uint32_t k = table.first[slot], end = table.first[slot + 1]; k < end; ++k)
      if ((head & table.heads[k].second) == table.heads[k].first)
        verifyGate(table.entries[k].second, p, start);
  }

  /// The gates that start at word starts, looked up where a token starts.
  __attribute__((always_inline)) void gateAt(const unsigned char* p, size_t tb) {
    if (tb + 3 > range_.end)
      return;
    uint64_t head = 0;
    if (tb + 8 <= t_.size())
      std::memcpy(&head, p + tb, 8);
    else
      std::memcpy(&head, p + tb, t_.size() - tb);
    lookUp(im_.tokenGates, tokenKey3(p + tb), head, p, tb);
  }

  /// Token starts inside a literal match the token loop jumped over. Any byte that may start
  /// a word and follows one that is not an ASCII letter or digit is tried: a superset of token
  /// starts (a spurious hit costs a window, a missed one a mention).
  /// (From the block masks: such bytes of a block are (word | high) & ~(word << 1).)
  void gatesWithin(const unsigned char* p, size_t from, size_t to) {
    for (size_t k = from; k < to;) {
      const ByteMasks& m = masksAt(k);
      const size_t base = k & ~size_t{63};
      const uint64_t before =
          base > 0 && (kClass[p[base - 1]] & kWord) ? 1 : 0; // the byte before the block
      uint64_t starts = (m.word | m.high) & ~((m.word << 1) | before) & (~uint64_t{0} << (k & 63));
      if (to - base < 64)
        starts &= (uint64_t{1} << (to - base)) - 1;
      for (; starts; starts &= starts - 1)
        gateAt(p, base + static_cast<size_t>(__builtin_ctzll(starts)));
      k = base + 64;
    }
  }

  size_t firstMaskAtOrAfter(size_t i) const {
    auto it = std::upper_bound(masked_.begin(), masked_.end(), i,
                               [](size_t o, const Span& s) { return o < s.end; });
    return static_cast<size_t>(it - masked_.begin());
  }

  bool inMask(size_t b, size_t e) const {
    auto it = std::upper_bound(masked_.begin(), masked_.end(), b,
                               [](size_t o, const Span& s) { return o < s.end; });
    return it != masked_.end() && it->begin < e;
  }

  /// Chunks end at a blank line (or a line end, or white space) so that a pattern rarely
  /// straddles two.
  size_t chunkBoundary(size_t pos) const {
    constexpr size_t kMin = 16 << 10, kMax = 256 << 10;
    if (range_.end - pos <= kMin + kMin / 2)
      return range_.end;
    size_t from = pos + kMin;
    size_t limit = std::min<size_t>(range_.end, pos + kMax);
    size_t blank = t_.find("\n\n", from);
    if (blank != std::string_view::npos && blank < limit)
      return blank + 1;
    size_t nl = t_.find('\n', from);
    if (nl != std::string_view::npos && nl < limit)
      return nl + 1;
    for (size_t k = limit; k > from; --k)
      if (t_[k - 1] == ' ')
        return k;
    return limit;
  }

  bool boundaryBefore(size_t b) const {
    if (b == 0)
      return true;
    size_t s = b - 1;
    while (s > 0 && (static_cast<unsigned char>(t_[s]) & 0xC0) == 0x80)
      --s;
    size_t len = 0;
    char32_t before = decodeUtf8(t_, s, len);
    if (!isWordCodePoint(before))
      return true;
    char32_t first = decodeUtf8(t_, b, len);
    return isCjkCodePoint(before) || isCjkCodePoint(first);
  }

  bool boundaryAfter(size_t e) const {
    if (e >= t_.size())
      return true;
    size_t len = 0;
    char32_t after = decodeUtf8(t_, e, len);
    if (!isWordCodePoint(after))
      return true;
    size_t s = e - 1;
    while (s > 0 && (static_cast<unsigned char>(t_[s]) & 0xC0) == 0x80)
      --s;
    char32_t last = decodeUtf8(t_, s, len);
    return isCjkCodePoint(after) || isCjkCodePoint(last);
  }

  /// Finds the matches of pattern `k` in [from, to): leftmost-longest, unanchored (RE2 runs
  /// its forward DFA to the end of a match and its reverse DFA back to the start), each then
  /// checked for word boundaries and masks; a match that fails is retried one character on.
  /// No match lies wholly after `hitsEnd` (the end of the last occurrence of a required string
  /// that may be in one), so the search stops there.
  void locate(size_t k, size_t from, size_t to, std::vector<Candidate>& out,
              size_t hitsEnd = SIZE_MAX) {
    const RE2& re = *im_.patterns[k];
    re2::StringPiece whole(t_.data(), to);
    re2::StringPiece m;
    size_t pos = from;
    while (pos < to && pos < hitsEnd && re.Match(whole, pos, to, RE2::UNANCHORED, &m, 1)) {
      size_t b = static_cast<size_t>(m.data() - t_.data());
      size_t e = b + m.size();
      if (e > b && boundaryBefore(b) && boundaryAfter(e) && !inMask(b, e)) {
        out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), im_.patternTerm[k],
                       FormKind::Pattern});
        pos = e;
      } else {
        size_t len = 0;
        decodeUtf8(t_, b, len);
        pos = b + std::max<size_t>(len, 1);
      }
    }
  }

  static bool filterHas(const Filter& f, uint64_t h) { return f.has(h); }

  /// Reads the separator after `e` and the token after it. Returns false at the end of the
  /// text or range, at a blank line, or before a non-prose range.
  /// `childFirst`: the first bytes (ASCII, lower case) the next token may have; another ASCII
  /// one ends the walk before the separator is classified or the token read.
  bool nextToken(size_t e, size_t limit, uint32_t& sep, bool folded, Token& tok,
                 uint64_t childFirst) const {
    size_t j = e;
    int newlines = 0;
    bool onlySpace = true;
    while (j < range_.end) {
      unsigned char b = static_cast<unsigned char>(t_[j]);
      if (kClass[b] & kWord)
        break;
      if (b >= 0x80) {
        size_t len = 0;
        char32_t c = decodeUtf8(t_, j, len);
        if (isWordCodePoint(c))
          break;
        if (!allSpace(t_.substr(j, len)))
          onlySpace = false;
        j += len;
        continue;
      }
      if (b == '\n') {
        if (++newlines >= 2)
          return false;
      } else if (b != ' ' && b != '\t' && b != '\r') {
        onlySpace = false;
      }
      ++j;
      if (j - e > 16)
        return false;
    }
    if (j >= range_.end || j >= limit)
      return false;
    if (const auto first = static_cast<unsigned char>(t_[j]);
        first < 0x80 && !((childFirst >> (kLowerAscii[first] & 63)) & 1))
      return false;
    std::string_view between = t_.substr(e, j - e);
    if (between.empty()) {
      sep = kSepNone;
    } else if (onlySpace) {
      sep = kSepSpace;
    } else {
      size_t len = 0;
      char32_t c = decodeUtf8(between, 0, len);
      if (len == between.size() && hyphenLike(c)) {
        sep = folded ? kSepSpace : kSepHyphen;
      } else {
        // an ASCII mark no separator of the lexicon has ("," "(" ":") ends the walk at once
        for (char ch : between) {
          const auto b = static_cast<unsigned char>(ch);
          if (b < 0x80 && !im_.sepBytes[b] && b != ' ' && b != '\t' && b != '\r' && b != '\n')
            return false;
        }
        auto it = im_.sepIds.find(Impl::normalizeSep(between));
        if (it == im_.sepIds.end())
          return false;
        sep = it->second;
      }
    }
    // the token
    const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
    size_t k = j;
    size_t len = 0;
    if (p[k] >= 0x80 && isCjkCodePoint(decodeUtf8(t_, k, len))) {
      k += len;
    } else {
      while (k < t_.size()) {
        if (kClass[p[k]] & kWord) {
          ++k;
          continue;
        }
        if (p[k] < 0x80 || punctuationAt(p, k, t_.size()))
          break;
        char32_t c = decodeUtf8(t_, k, len);
        if (!isWordCodePoint(c) || isCjkCodePoint(c))
          break;
        k += len;
      }
    }
    tok = {static_cast<uint32_t>(j), static_cast<uint32_t>(k)};
    return true;
  }

  /// The token's text, case-folded into `foldBuf_` when `folded` (valid until the next call).
  std::string_view tokenText(const Token& tok, bool folded) const {
    std::string_view s = t_.substr(tok.begin, tok.end - tok.begin);
    return folded ? fold(s, foldBuf_) : s;
  }

  /// Case-folds `s` into `buf` (no allocation for short ASCII tokens).
  static std::string_view fold(std::string_view s, std::string& buf) {
    bool ascii = true;
    for (char c : s)
      ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (!ascii) {
      buf = foldCase(s);
      return buf;
    }
    buf.resize(s.size());
    for (size_t i = 0; i < s.size(); ++i)
      buf[i] = static_cast<char>((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    return buf;
  }

  /// Plural stems of a token: "FTAs" -> "FTA" (exact: after a capital or digit); folded:
  /// "agreements" -> "agreement", "taxes" -> "tax", "strategies" -> "strategy". Calls `fn`
  /// with each until it returns true.
  template <class Fn> void forEachStem(std::string_view token, bool folded, Fn fn) const {
    const size_t n = token.size();
    if (n < 2 || token[n - 1] != 's')
      return;
    if (!folded) {
      unsigned char before = static_cast<unsigned char>(token[n - 2]);
      if ((before >= 'A' && before <= 'Z') || (before >= '0' && before <= '9'))
        fn(token.substr(0, n - 1));
      return;
    }
    if (n >= 4 && fn(token.substr(0, n - 1)))
      return;
    if (n >= 5 && token[n - 2] == 'e' && fn(token.substr(0, n - 2)))
      return;
    if (n >= 5 && token.compare(n - 3, 3, "ies") == 0) {
      stemBuf_.assign(token.substr(0, n - 3));
      stemBuf_ += 'y';
      fn(std::string_view(stemBuf_));
    }
  }

  static bool isAscii(std::string_view s) {
    for (char c : s)
      if (static_cast<unsigned char>(c) >= 0x80)
        return false;
    return true;
  }

  struct Match {
    uint32_t end = 0, term = kNone;
    FormKind form = FormKind::Short;
    bool acronym = false;
  };

  /// Walks one trie from the node of the first token; returns the longest accepted match.
  Match walk(uint32_t node, uint32_t tokenEnd, bool folded, size_t limit) const {
    Match best;
    uint32_t cur = node;
    uint32_t curEnd = tokenEnd;
    for (int depth = 0; depth < 64; ++depth) {
      const Node& n = im_.nodes[cur];
      if (n.term != kNone)
        best = {curEnd, n.term, n.form, n.acronym};
      if (n.trailingTerm != kNone && t_.compare(curEnd, n.trailing.size(), n.trailing) == 0) {
        uint32_t e = static_cast<uint32_t>(curEnd + n.trailing.size());
        if (e <= range_.end && boundaryAfter(e) && !inMask(curEnd, e))
          best = {e, n.trailingTerm, n.trailingForm, !folded};
      }
      uint32_t sep = 0;
      Token tok;
      // (no child starts with the next token's first byte: neither it nor a plural stem of it
      // can follow)
      if (!nextToken(curEnd, limit, sep, folded, tok, n.childFirst))
        break;
      // both tries are keyed by the folded token's hash (keyHash); the folded trie also
      // compares folded text, the exact one the text as written
      std::string_view raw = t_.substr(tok.begin, tok.end - tok.begin);
      const bool ascii = isAscii(raw);
      uint32_t next;
      if (folded && ascii) {
        const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
        next = im_.findAscii(cur, sep,
                             hashBytes(p + tok.begin, raw.size(), kFoldMask, p + t_.size()), raw);
      } else {
        std::string_view text = tokenText(tok, folded);
        next = im_.find(cur, sep, folded ? hashToken(text) : keyHash(text), text);
      }
      if (next == kNone) {
        // Only a token ending in 's' has a plural stem: skip building strings for the others
        // (most walks end on an ordinary next word).
        if (raw.size() < 2 || (folded && ascii ? (raw.back() | 0x20) : raw.back()) != 's') {
          if (!folded || ascii)
            break;
        }
        std::string_view text = tokenText(tok, folded);
        if (text.size() < 2 || text.back() != 's')
          break;
        forEachStem(text, folded, [&](std::string_view s) {
          uint32_t st = im_.find(cur, sep, keyHash(s), s);
          if (st == kNone || im_.nodes[st].term == kNone)
            return false;
          best = {tok.end, im_.nodes[st].term, im_.nodes[st].form, im_.nodes[st].acronym};
          return true;
        });
        break;
      }
      cur = next;
      curEnd = tok.end;
    }
    return best;
  }

  /// Tries both tries at the token; returns the end of the accepted match or 0.
  size_t tryAt(const Token& tok, uint64_t he, uint64_t hf, bool tryExact, size_t limit,
               std::vector<Candidate>& out, bool high) {
    const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
    const unsigned char* textEnd = p + t_.size();
    bool plural = tok.end - tok.begin >= 2 && t_[tok.end - 1] == 's' && !high;
    uint64_t hfStem =
        plural ? hashBytes(p + tok.begin, tok.end - tok.begin - 1, kFoldMask, textEnd) : 0;
    uint64_t heStem = hfStem;
    Match best;
    auto consider = [&](const Match& m) {
      if (m.term != kNone && m.end > best.end)
        best = m;
    };
    std::string_view tokText = t_.substr(tok.begin, tok.end - tok.begin);
    if (tryExact && filterHas(im_.exactFilter, he)) {
      uint32_t n = im_.find(kExactRoot, kSepNone, he, tokText);
      if (n != kNone)
        consider(walk(n, tok.end, false, limit));
    }
    if (tryExact && plural && filterHas(im_.exactFilter, heStem)) {
      forEachStem(tokText, false, [&](std::string_view s) {
        uint32_t n = im_.find(kExactRoot, kSepNone, heStem, s);
        if (n != kNone && im_.nodes[n].term != kNone)
          consider({tok.end, im_.nodes[n].term, im_.nodes[n].form, im_.nodes[n].acronym});
        return false;
      });
    }
    if (filterHas(im_.foldedFilter, hf)) {
      // an ASCII token is compared lower-cased as it stands, without a folded copy
      uint32_t n = high ? im_.find(kFoldedRoot, kSepNone, hf, fold(tokText, foldBuf_))
                        : im_.findAscii(kFoldedRoot, kSepNone, hf, tokText);
      if (n != kNone)
        consider(walk(n, tok.end, true, limit));
    }
    if (plural && tokText.size() >= 4 && filterHas(im_.foldedFilter, hfStem)) {
      // (plural: an ASCII token)
      uint32_t n =
          im_.findAscii(kFoldedRoot, kSepNone, hfStem, tokText.substr(0, tokText.size() - 1));
      if (n != kNone && im_.nodes[n].term != kNone)
        consider({tok.end, im_.nodes[n].term, im_.nodes[n].form, im_.nodes[n].acronym});
    }
    if (best.term == kNone || best.end > range_.end)
      return 0;
    // In an ALL-CAPS heading an acronym that is also an English word ("A NEW ERA FOR US") is
    // taken for the word; a real acronym (ROK, GSOMIA, "U.S.") still counts.
    if (best.acronym && inHeading(tok.begin) &&
        isCommonWord(t_.substr(tok.begin, best.end - tok.begin)))
      return 0;
    out.push_back({tok.begin, best.end, best.term, best.form});
    return best.end;
  }

  /// The heading rule: a line with at least three words, at least 60% of its letters in
  /// capitals, and at least two words in capitals that are not known short forms.
  bool inHeading(size_t offset) {
    // matches come in text order: the line is usually the one seen last
    if (headingLine_ != SIZE_MAX && offset >= headingLine_ && offset <= headingEnd_)
      return headingValue_;
    size_t floor = headingLine_ != SIZE_MAX && offset > headingEnd_ ? headingEnd_ : 0;
    // No heading is longer than 400 bytes: the line's start is looked for no further back
    // (paragraphs are single lines of thousands of bytes in many drafts).
    const size_t stop = std::max(floor, offset > 401 ? offset - 401 : size_t{0});
    const void* nl = offset > stop ? ::memrchr(t_.data() + stop, '\n', offset - stop) : nullptr;
    size_t ls = nl ? static_cast<size_t>(static_cast<const char*>(nl) - t_.data()) + 1 : stop;
    size_t le = t_.find('\n', offset);
    if (le == std::string_view::npos)
      le = t_.size();
    headingLine_ = ls;
    headingEnd_ = le;
    headingValue_ = false;
    if (le - ls > 400)
      return false;
    {
      // Most lines are prose: fewer capitals than the rule needs, even were every byte of
      // 0x80 or above a capital, is seen 16 bytes at a time, before reading words.
      size_t asciiUpper = 0, asciiLower = 0, highBytes = 0;
      countCase(reinterpret_cast<const unsigned char*>(t_.data()) + ls, le - ls, asciiUpper,
                asciiLower, highBytes);
      if (2 * (asciiUpper + highBytes) < 3 * asciiLower)
        return false;
    }
    int words = 0, capsWords = 0, upper = 0, lower = 0;
    size_t i = ls;
    const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
    while (i < le) {
      size_t len = 1;
      char32_t c = p[i];
      if (c >= 0x80)
        c = decodeUtf8(t_, i, len);
      if (c < 0x80 ? !(kClass[c] & kWord) : !isWordCodePoint(c)) {
        i += len;
        continue;
      }
      size_t wb = i;
      int wu = 0, wl = 0;
      while (i < le) {
        if (p[i] < 0x80) { // ASCII without decoding: long paragraph lines are read whole
          const uint8_t cls = kClass[p[i]];
          if (!(cls & kWord))
            break;
          if (p[i] >= 'A' && p[i] <= 'Z')
            ++wu;
          else if (!(cls & kUpperOrDigit))
            ++wl;
          ++i;
          continue;
        }
        c = decodeUtf8(t_, i, len);
        if (!isWordCodePoint(c))
          break;
        if (foldCase(c) != c)
          ++wu;
        else if (!(c >= '0' && c <= '9') && !isCjkCodePoint(c))
          ++wl;
        i += len;
      }
      if (wu + wl == 0)
        continue;
      ++words;
      upper += wu;
      lower += wl;
      if (wl == 0) {
        std::string_view w = t_.substr(wb, i - wb);
        if (im_.find(kExactRoot, kSepNone, keyHash(w), w) == kNone)
          ++capsWords;
      }
    }
    headingValue_ = words >= 3 && upper * 10 >= (upper + lower) * 6 && capsWords >= 2;
    return headingValue_;
  }

  const Impl& im_;
  std::string_view t_;
  Span range_;
  const std::vector<Span>& masked_;
  std::vector<std::pair<uint32_t, uint32_t>> gateHits_; // (gate, begin), found so far
  ByteMasks masks_;
  size_t masksBase_ = SIZE_MAX; // the block masks_ describes
  struct Skimmed {
    size_t begin = SIZE_MAX, end = 0;
    uint32_t key = 0;
    bool capital = false;
  } skimmed_; // the token skim() stopped at for its start bits
  size_t headingLine_ = SIZE_MAX, headingEnd_ = 0;
  bool headingValue_ = false;
  mutable std::string foldBuf_, stemBuf_;
};

} // namespace

std::vector<Mention> Recognizer::scan(std::string_view text, Language language) const {
  return scan(text, language, Span{0, static_cast<uint32_t>(text.size())});
}

std::vector<Mention> Recognizer::scan(std::string_view text, Language language, Span range) const {
  if (text.size() >= 0xFFFFFFFFu)
    return {};
  range.end = std::min<uint32_t>(range.end, static_cast<uint32_t>(text.size()));
  if (range.begin >= range.end)
    return {};
  return scan(text, nonProseRanges(text, language), range);
}

std::vector<Mention> Recognizer::scan(std::string_view text, const std::vector<Span>& masked,
                                      Span range) const {
  std::vector<Mention> result;
  if (text.size() >= 0xFFFFFFFFu)
    return result;
  range.end = std::min<uint32_t>(range.end, static_cast<uint32_t>(text.size()));
  if (range.begin >= range.end)
    return result;
  Scanner<Impl> scanner(*impl_, text, range, masked);
  std::vector<Candidate> literal, pattern;
  scanner.literals(literal);
  scanner.patterns(pattern);
  if (pattern.empty()) {
    result.reserve(literal.size());
    for (const Candidate& c : literal)
      result.push_back({c.term, {c.begin, c.end}, c.form});
    return result;
  }
  // The longest match wins (then the earlier one, then a literal over a pattern). Literal
  // matches are leftmost-longest among themselves already; a pattern match is taken when it
  // is longer than every literal and every taken pattern match it overlaps.
  std::sort(pattern.begin(), pattern.end(), [](const Candidate& a, const Candidate& b) {
    uint32_t la = a.end - a.begin, lb = b.end - b.begin;
    return la != lb ? la > lb : a.begin < b.begin;
  });
  std::vector<uint64_t> takenBits((range.end - range.begin + 64) / 64, 0);
  // Bits [b, e) of takenBits (offsets from range.begin), a 64-bit word at a time.
  auto forBits = [&](uint32_t b, uint32_t e, auto fn) {
    for (uint32_t x = b - range.begin, end = e - range.begin; x < end;) {
      const uint32_t n = std::min<uint32_t>(64 - (x & 63), end - x);
      const uint64_t bits = (n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1) << (x & 63);
      if (fn(takenBits[x >> 6], bits))
        return true;
      x += n;
    }
    return false;
  };
  auto bitsOverlap = [&](uint32_t b, uint32_t e) {
    return forBits(b, e, [](uint64_t word, uint64_t bits) { return (word & bits) != 0; });
  };
  std::vector<uint8_t> literalDead(literal.size(), 0);
  std::vector<Candidate> kept;
  for (const Candidate& c : pattern) {
    if (bitsOverlap(c.begin, c.end))
      continue;
    auto first = std::lower_bound(literal.begin(), literal.end(), c.begin,
                                  [](const Candidate& l, uint32_t o) { return l.end <= o; });
    bool wins = true;
    for (auto it = first; it != literal.end() && it->begin < c.end && wins; ++it)
      if (!literalDead[static_cast<size_t>(it - literal.begin())])
        wins = it->end - it->begin < c.end - c.begin;
    if (!wins)
      continue;
    for (auto it = first; it != literal.end() && it->begin < c.end; ++it)
      literalDead[static_cast<size_t>(it - literal.begin())] = 1;
    forBits(c.begin, c.end, [](uint64_t& word, uint64_t bits) {
      word |= bits;
      return false;
    });
    kept.push_back(c);
  }
  // Merge the kept pattern matches (by begin) into the live literal ones (already in order);
  // no two kept candidates overlap, so begins are distinct.
  std::sort(kept.begin(), kept.end(),
            [](const Candidate& a, const Candidate& b) { return a.begin < b.begin; });
  result.reserve(literal.size() + kept.size());
  size_t q = 0;
  for (size_t k = 0; k < literal.size(); ++k) {
    if (literalDead[k])
      continue;
    while (q < kept.size() && kept[q].begin < literal[k].begin) {
      result.push_back({kept[q].term, {kept[q].begin, kept[q].end}, kept[q].form});
      ++q;
    }
    result.push_back({literal[k].term, {literal[k].begin, literal[k].end}, literal[k].form});
  }
  for (; q < kept.size(); ++q)
    result.push_back({kept[q].term, {kept[q].begin, kept[q].end}, kept[q].form});
  return result;
}

} // namespace accord
