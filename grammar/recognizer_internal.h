// The recogniser's private header: what its three stages share. recognizer_literals.cpp finds
// the strings a pattern requires, recognizer_build.cpp builds the trie, the filters, the gate
// tables and the patterns (Recognizer::Impl), recognizer_scan.cpp scans a text with them.
// Included by those three files only.
//
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
#pragma once
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "grammar/bytescan.h"
#include "grammar/cjk.h"
#include "grammar/recognizer.h"
#include "grammar/text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace accord {

namespace recog {

inline constexpr uint32_t kNone = 0xFFFFFFFFu;
inline constexpr uint32_t kExactRoot = 0, kFoldedRoot = 1;
inline constexpr uint32_t kSepNone = 0, kSepSpace = 1, kSepHyphen = 2;

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

inline constexpr uint64_t kFoldMask = 0x2020202020202020ull;

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
    if (static_cast<unsigned char>(c) >= 0x80) {
      size_t len = 0;
      if (isCjkCodePoint(decodeUtf8(s, 0, len)) && len == s.size())
        return hashToken(s); // a Han, Kana or Hangul token: folding leaves it as it is
      return hashToken(foldCase(s));
    }
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
inline constexpr std::array<uint8_t, 256> kClass = makeClasses();

// countCase, ByteMasks and classify64 (SSE2): grammar/bytescan.h.
using bytescan::ByteMasks;
using bytescan::classify64;
using bytescan::countCase;

/// ASCII capitals lowered, every other byte as it is.
constexpr std::array<uint8_t, 256> makeLowerAscii() {
  std::array<uint8_t, 256> a{};
  for (int b = 0; b < 256; ++b)
    a[b] = static_cast<uint8_t>((b >= 'A' && b <= 'Z') ? b + 32 : b);
  return a;
}
inline constexpr std::array<uint8_t, 256> kLowerAscii = makeLowerAscii();

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

/// Where an ASCII token falls in a start table (see Impl::formStarts): its first min(n, 4)
/// bytes with 0x20 ORed in (letters in lower case) and its length n (up to kStartLengths:
/// longer tokens count as that long), hashed to 15 bits. `end` bounds what may be read. (Four
/// bytes, not three: "cons" of "consultations" no longer lets "contrast" and "concern"
/// through; and the length: with 336 terms, "force", "minister", "strategy", "nations" shared
/// four bytes with a first token, "forces", "ministry", "strategic", "national".) The top
/// bits of the 32-bit key index a StartTable.
inline constexpr size_t kStartLengths = 16;
/// Per length (up to kStartLengths): which of the first four bytes count, and a salt that
/// makes the key depend on the length (one table read: as cheap as the mask alone).
struct StartLength {
  uint32_t bytes, salt;
};
constexpr std::array<StartLength, kStartLengths + 1> makeStartLengths() {
  std::array<StartLength, kStartLengths + 1> a{};
  uint64_t x = 0x243F6A8885A308D3ull; // a splitmix64 sequence: fixed, well spread
  for (size_t n = 0; n <= kStartLengths; ++n) {
    x += 0x9E3779B97F4A7C15ull;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    a[n] = {n >= 4 ? 0xFFFFFFFFu : static_cast<uint32_t>((uint64_t{1} << (8 * n)) - 1),
            static_cast<uint32_t>(z)};
  }
  return a;
}
inline constexpr std::array<StartLength, kStartLengths + 1> kStartLength = makeStartLengths();
inline uint32_t startKey(const unsigned char* p, size_t n, const unsigned char* end) {
  uint32_t w = 0;
  if (p + 4 <= end)
    std::memcpy(&w, p, 4);
  else
    for (size_t k = 0; k < 4 && p + k < end; ++k)
      w |= static_cast<uint32_t>(p[k]) << (8 * k);
  const StartLength& l = kStartLength[n < kStartLengths ? n : kStartLengths];
  return (((w | 0x20202020u) & l.bytes) ^ l.salt) * 0x9E3779B1u;
}

/// A bit per start key (its top bits): at least 32,768 bits, and about 16 bits a key set so
/// that few tokens of prose pass by chance (a gate of letters may start a longer token, so it
/// sets the keys of every length from its own up).
struct StartTable {
  unsigned shift = 32 - 6;
  std::vector<uint64_t> bits = std::vector<uint64_t>(1, 0);
  void resize(size_t keys) {
    unsigned b = 15;
    while (b < 20 && (size_t{1} << b) < keys * 16)
      ++b;
    shift = 32 - b;
    bits.assign(size_t{1} << (b - 6), 0);
  }
  void set(uint32_t key) {
    const uint32_t b = key >> shift;
    bits[b >> 6] |= uint64_t{1} << (b & 63);
  }
  bool has(uint32_t key) const {
    const uint32_t b = key >> shift;
    return (bits[b >> 6] >> (b & 63)) & 1;
  }
};

inline bool hyphenLike(char32_t c) {
  return c == '-' || (c >= 0x2010 && c <= 0x2013) || c == 0x2212;
}

/// Common English words written in capitals in headings; a short form equal to one of them is
/// not taken as an acronym inside an ALL-CAPS heading ("A NEW ERA FOR US").
inline bool isCommonWord(std::string_view upper) {
  // (a hash set: the rule asks this of every acronym found, before looking at its line)
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
  static const std::unordered_set<std::string_view> kSet(std::begin(kWords), std::end(kWords));
  return kSet.count(upper) != 0;
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
  // The same for the children's first two bytes (secondBit): the next word's second byte,
  // when an ASCII letter or digit, stops most of the walks childFirst lets through ("Japan
  // and" has children "a…", "South Korea" ends before "Korean").
  uint64_t childSecond = 0;
  // The same for children whose token is a Han, Kana or Hangul character (cjkChildBit): a walk
  // from "한" stops at "한국" before the next character is hashed.
  uint64_t childCjk = 0;
  // The stored token's first eight bytes (zeros past its end), for findAscii.
  uint64_t head = 0;
};

/// The bit of Node::childSecond for a token that starts with bytes `a` and `b` (ASCII; case
/// folded).
inline unsigned secondBit(unsigned char a, unsigned char b) {
  return ((kLowerAscii[a] * 0x9E3779B1u + kLowerAscii[b]) * 0x85EBCA6Bu) >> 26;
}

/// The bit of Node::childCjk for a token that is the character `c`.
inline unsigned cjkChildBit(char32_t c) {
  return (static_cast<uint32_t>(c) * 0x9E3779B1u) >> 26;
}

struct Token {
  uint32_t begin = 0, end = 0;
};

/// Splits a surface into tokens and the separators between them.
struct SplitForm {
  std::vector<std::string> tokens;
  std::vector<std::string> seps; // seps[i] precedes tokens[i]; seps[0] is empty
  std::string trailing;
};

inline SplitForm splitForm(std::string_view s) {
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

inline bool allSpace(std::string_view s) {
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

// Required literals (recognizer_literals.cpp) ---------------------------------------------

using OrSet = std::vector<std::string>; // one of these strings occurs in every match

/// Bounds on how many bytes of a match may lie before or after a required string: kFar when
/// the syntax does not bound them (the scan then looks kMargin bytes either side). White
/// space repeated (\s+, \s*) counts as at most kSpaceRun bytes, as between the words of a
/// literal name.
constexpr uint32_t kFar = 1u << 30, kSpaceRun = 16;
constexpr uint32_t kMargin = 160; // how far a match may reach beyond its required words

/// A requirement: one of `strings` occurs in every match; `atWordStart` when each such
/// occurrence begins at a word start (after a non-word character or at the match's start,
/// which must be one), so the scan need look for it only where a token of the text begins.
struct Req {
  OrSet strings;
  bool atWordStart = false;
  uint32_t before = kFar, after = kFar; // bytes of a match before/after the string
  friend bool operator==(const Req&, const Req&) = default;
};

/// The requirements of the RE2 `pattern`, most selective first (empty: none found; the
/// pattern is then run over the whole text).
std::vector<Req> analyzePattern(std::string_view pattern);

} // namespace recog

using namespace recog; // the three stages' files only

// Tables, trie and filters (recognizer_build.cpp) ------------------------------------------

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
  StartTable formStarts, gateStarts, anyStarts; // anyStarts: either (skim() tests both at once)
  /// The key of `token`, or of a token of `length` bytes that begins with it (its key reads no
  /// more than the first four bytes, which `token` must then hold).
  static uint32_t startOf(std::string_view token, size_t length = SIZE_MAX) {
    const auto* p = reinterpret_cast<const unsigned char*>(token.data());
    return startKey(p, length == SIZE_MAX ? token.size() : length, p + token.size());
  }
  /// A bit per Han, Kana or Hangul character (cjkKey) that starts a surface or a gate: most
  /// characters of Korean and Japanese text start neither and cost one bit test (no hash,
  /// no filter, no gate lookup).
  std::vector<uint64_t> cjkStarts = std::vector<uint64_t>(1024, 0);
  /// The bit of `c`: its low 16 bits without bits 5 and 11, which are bit 0x20 of the second
  /// and third bytes of its UTF-8 form (gates are compared with 0x20 ORed into every byte, so
  /// characters that differ only there share a bit).
  static uint32_t cjkKey(char32_t c) { return static_cast<uint32_t>(c & 0xFFFF) & ~0x820u; }
  void setCjkStart(char32_t c) { cjkStarts[cjkKey(c) >> 6] |= uint64_t{1} << (cjkKey(c) & 63); }
  bool cjkMayStart(char32_t c) const { return (cjkStarts[cjkKey(c) >> 6] >> (cjkKey(c) & 63)) & 1; }
  /// With 900 Korean and Japanese names most common characters start one: a second test on the
  /// character pair. A bit per (first, second) character of every surface that starts with two
  /// of these scripts' characters (white space between them skipped), and a bit per first
  /// character of the others (`cjkSolo`: a surface or a gate whose second character is of
  /// another kind), which always go on to the walk.
  std::vector<uint64_t> cjkPairs = std::vector<uint64_t>(1024, 0),
                        cjkSolo = std::vector<uint64_t>(1024, 0);
  static uint32_t cjkPairKey(char32_t a, char32_t b) {
    return (cjkKey(a) * 0x9E37u + cjkKey(b) * 0x85EBu) >> 0 & 0xFFFFu;
  }
  void setCjkPair(char32_t a, char32_t b) {
    cjkPairs[cjkPairKey(a, b) >> 6] |= uint64_t{1} << (cjkPairKey(a, b) & 63);
  }
  void setCjkSolo(char32_t c) { cjkSolo[cjkKey(c) >> 6] |= uint64_t{1} << (cjkKey(c) & 63); }
  bool cjkSoloStart(char32_t c) const { return (cjkSolo[cjkKey(c) >> 6] >> (cjkKey(c) & 63)) & 1; }
  bool cjkPairMayStart(char32_t a, char32_t b) const {
    return (cjkPairs[cjkPairKey(a, b) >> 6] >> (cjkPairKey(a, b) & 63)) & 1;
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
  // The same gates for the token loop's ASCII tokens, by the token's start key (startKey):
  // a gate whose first word ends inside it ("japan-korea") by that key and the byte after the
  // word (withNext), one of letters and digits only ("treaty", "normali") by the key alone.
  // "Japan" shares its three bytes with some 25 gates, all of them "japan-…" or "japan–…":
  // "Japan and" now reads none of them.
  GateTable nextGates, prefixGates;
  static uint32_t withNext(uint32_t key, unsigned char next) {
    return key ^ ((next | 0x20u) * 0x85EBCA6Bu);
  }
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
        if (n.parent == parent && n.sep == sep && same(n))
          return slotNodes[i];
      }
    }
  }

  uint32_t find(uint32_t parent, uint32_t sep, uint64_t tokenHash, std::string_view token) const {
    return probe(parent, sep, tokenHash, [&](const Node& n) {
      // (a short loop: tokens are a few bytes, and a memcmp call costs more)
      if (n.token.size() != token.size())
        return false;
      for (size_t q = 0; q < token.size(); ++q)
        if (n.token[q] != token[q])
          return false;
      return true;
    });
  }

  /// find() for the folded trie with an ASCII token as written (letters and digits only):
  /// `tokenHash` is its folded hash, and it is compared lower-cased, without a copy.
  uint32_t findAscii(uint32_t parent, uint32_t sep, uint64_t tokenHash, std::string_view token,
                     const unsigned char* end) const {
    const auto* tp = reinterpret_cast<const unsigned char*>(token.data());
    const size_t size = token.size();
    if (size <= 8 && tp + 8 <= end) {
      // most tokens: eight bytes at once, against the stored token's (Node::head)
      uint64_t w;
      std::memcpy(&w, tp, 8);
      w = (w | kFoldMask) & (size == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * size)) - 1);
      return probe(parent, sep, tokenHash,
                   [&](const Node& n) { return n.token.size() == size && n.head == w; });
    }
    return probe(parent, sep, tokenHash, [&](const Node& n) {
      const std::string& stored = n.token;
      if (stored.size() != size)
        return false;
      for (size_t q = 0; q < size; ++q)
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
    std::memcpy(&n.head, token.data(), std::min<size_t>(token.size(), 8));
    nodes.push_back(std::move(n));
    if (size_t len = 0; !token.empty() && isCjkCodePoint(decodeUtf8(token, 0, len)))
      nodes[parent].childCjk |= 1ull << cjkChildBit(decodeUtf8(token, 0, len));
    if (!token.empty() && static_cast<unsigned char>(token[0]) < 0x80) {
      nodes[parent].childFirst |= 1ull << (kLowerAscii[static_cast<unsigned char>(token[0])] & 63);
      // the token and the plurals a walk also tries (see forEachStem): their first two bytes
      std::string forms[4] = {std::string(token), std::string(token) + "s",
                              std::string(token) + "es", std::string()};
      if (token.back() == 'y' || token.back() == 'Y')
        forms[3] = std::string(token.substr(0, token.size() - 1)) + "ies";
      for (const std::string& f : forms)
        if (f.size() >= 2)
          nodes[parent].childSecond |=
              1ull << secondBit(static_cast<unsigned char>(f[0]), static_cast<unsigned char>(f[1]));
    }
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

  /// Adds a surface, and its spacing variants in Korean and mixed scripts: a space between
  /// a Hangul token and another token may be left out ("위안부합의" for "위안부 합의"), and between
  /// a Han, Kana or Hangul token and a Latin one there may be none or one ("한미FTA", "한미 FTA").
  void addSurface(std::string_view surface, uint32_t term, FormKind form, bool exact) {
    // the text is scanned with its full-width forms folded (Recognizer::scan): so are surfaces
    std::string folded;
    if (hasFullWidth(surface, 0, surface.size())) {
      folded = foldFullWidth(surface).text;
      surface = folded;
    }
    SplitForm f = splitForm(surface);
    if (f.tokens.empty())
      return;
    std::vector<size_t> optional; // separators that may be a space or nothing
    for (size_t i = 1; i < f.tokens.size() && optional.size() < 4; ++i) {
      const std::string& sep = f.seps[i];
      if (!sep.empty() && !allSpace(sep))
        continue;
      size_t len = 0;
      const char32_t a = decodeUtf8(f.tokens[i - 1], 0, len), b = decodeUtf8(f.tokens[i], 0, len);
      const bool ca = isCjkCodePoint(a), cb = isCjkCodePoint(b);
      if (ca != cb || (!sep.empty() && (isHangulSyllable(a) || isHangulSyllable(b))))
        optional.push_back(i);
    }
    for (uint32_t mask = 0; mask < (1u << optional.size()); ++mask) {
      SplitForm v = f;
      for (size_t k = 0; k < optional.size(); ++k)
        v.seps[optional[k]] = ((mask >> k) & 1) ? std::string(" ") : std::string();
      addSplit(v, term, form, exact); // (the surface as written is one of the variants)
    }
  }

  void addSplit(const SplitForm& f, uint32_t term, FormKind form, bool exact) {
    // the pair filter (cjkPairs): the first two characters when both are of these scripts
    {
      size_t len = 0;
      const char32_t a = decodeUtf8(f.tokens[0], 0, len);
      if (isCjkCodePoint(a)) {
        size_t len2 = 0;
        const char32_t b = f.tokens.size() > 1 ? decodeUtf8(f.tokens[1], 0, len2) : 0;
        if (len == f.tokens[0].size() && f.tokens.size() > 1 && len2 == 3 && isCjkCodePoint(b) &&
            (f.seps[1].empty() || allSpace(f.seps[1])))
          setCjkPair(a, b);
        else
          setCjkSolo(a);
      }
    }
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

} // namespace accord
