// The sentence splitter: paragraphs, abbreviations, page-break artefacts, quoting a sentence.
#include "grammar/sentences.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <unordered_map>

#include "grammar/bytescan.h"
#include "grammar/utf8.h"

namespace accord {

namespace {

struct Para {
  uint32_t begin = 0, end = 0; // trimmed of white space
};
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
          using bytescan::kOnes, bytescan::kHighs;
          uint64_t x = bytescan::load8(t.data() + i);
          const uint64_t notSpace =
              ((x ^ (kOnes * 0x20)) + kOnes * 0x7F) & kHighs; // exact for ASCII
          const uint64_t spaces = ~notSpace & kHighs;
          if (bytescan::highBytes(x) == 0 && bytescan::bytesBelow(x, 0x20) == 0 &&
              (spaces & 0x80) == 0 && (spaces & (spaces << 8)) == 0) {
            if (space) {
              if (n != 0)
                o[n++] = ' ';
              space = false;
            }
            const uint64_t upper =
                (x + kOnes * (0x80 - 'A')) & ~(x + kOnes * (0x80 - 'Z' - 1)) & kHighs;
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

/// A digit, ASCII or full-width (０–９), at `i`.
bool fullWidthDigitAt(std::string_view t, size_t i) {
  if (i < t.size() && t[i] >= '0' && t[i] <= '9')
    return true;
  size_t len = 0;
  const char32_t c = decodeUtf8(t, i, len);
  return c >= 0xFF10 && c <= 0xFF19;
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

/// A paragraph that stops on a function word ("… between South Korea and").
bool endsWithFunctionWord(std::string_view t_, const Para& p) {
  static const char* const kWords[] = {
      "and", "or", "of",   "the", "a",    "an",    "to",   "in",  "for",   "with", "between", "by",
      "on",  "at", "from", "as",  "that", "which", "than", "its", "their", "nor",  "but"};
  size_t b = p.end;
  while (b > p.begin && ((t_[b - 1] | 0x20) >= 'a' && (t_[b - 1] | 0x20) <= 'z'))
    --b;
  std::string w(t_.substr(b, p.end - b));
  for (const char* k : kWords)
    if (w == k)
      return true;
  return false;
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
  SentenceSplitter(std::string_view t, bool repeats)
      : t_(t), paras_(paragraphs(t)), repeats_(repeats) {}

  std::vector<Span> run() {
    if (repeats_)
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

  bool endsWithFunctionWord(const Para& p) const { return accord::endsWithFunctionWord(t_, p); }

  void countRunningHeads() {
    for (const Para& p : paras_)
      if (shortLine(p))
        ++headCounts_[normalizeForCompare(t_.substr(p.begin, p.end - p.begin))];
  }

  bool isArtefact(size_t k) {
    const Para& p = paras_[k];
    if (!repeats_)
      return startsWithFootnoteNumber(t_, p);
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
    auto key8 = [](const char* p) { return bytescan::load8(p); };
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
      size_t w = 0;
      if constexpr (std::endian::native == std::endian::little) {
        for (; w + 8 <= d.size(); w += 8) {
          uint64_t m = bytescan::zeroBytesExact(key8(d.data() + w) ^ (bytescan::kOnes * ' '));
          while (m) {
            visit(w + bytescan::firstFlagged(m) + 1);
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
            using namespace bytescan;
            while (p.end - i >= 8) {
              const uint64_t x = load8(t_.data() + i);
              const uint64_t stop = highBytes(x) | bytesBelow(x, 0x20) | bytesEqual(x, '.') |
                                    bytesEqual(x, '!') | bytesEqual(x, '?');
              uint64_t content = nonZeroBytesExact(x ^ (kOnes * ' ')); // exact: not a space
              if (stop)
                content &= (stop & (~stop + 1)) - 1;
              if (content)
                lastEnd = i + lastFlagged(content) + 1;
              if (stop) {
                i += firstFlagged(stop);
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
        // 。！？ and the full-width full stop ．, which Japanese technical writing uses (not
        // between digits: "３．５")
        bool cjkStop =
            c == 0x3002 || c == 0xFF01 || c == 0xFF1F || (c == 0xFF0E && !fullWidthDigitAt(t_, i));
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
  bool repeats_ = true; ///< running heads and pull quotes are artefacts
  std::unordered_map<std::string, int> headCounts_;
  static constexpr size_t kPullQuoteMin = 30; ///< shorter paragraphs are never pull quotes
  std::vector<bool> pullQuotes_;              ///< per paragraph; computed on first use
  std::vector<Para> pieces_;
  std::vector<Span> out_;
};

} // namespace

std::vector<Span> splitSentences(std::string_view text) {
  return SentenceSplitter(text, true).run();
}

std::vector<Span> splitDraftSentences(std::string_view text) {
  return SentenceSplitter(text, false).run();
}

bool mayJoinAcrossArtefacts(std::string_view text, size_t from, size_t to) {
  // The paragraphs from `from` to ten paragraph ends past `to`: the splitter looks at most nine
  // paragraphs ahead.
  size_t end = std::min(to, text.size());
  for (int ends = 0; end < text.size() && ends < 10;) {
    size_t nl = text.find('\n', end);
    if (nl == std::string_view::npos) {
      end = text.size();
      break;
    }
    size_t next = nl + 1;
    size_t lineEnd = text.find('\n', next);
    if (lineEnd == std::string_view::npos)
      lineEnd = text.size();
    if (blankLine(text, next, lineEnd))
      ++ends;
    end = next;
  }
  from = std::min(from, end);
  const std::string_view t = text.substr(0, end);
  std::vector<Para> paras = paragraphs(t.substr(from));
  for (Para& p : paras) {
    p.begin += static_cast<uint32_t>(from);
    p.end += static_cast<uint32_t>(from);
  }
  // As SentenceSplitter::run with only footnotes as artefacts (splitDraftSentences).
  for (size_t i = 0; i < paras.size() && paras[i].begin < to; ++i) {
    if (!unfinished(t, paras[i]) || i + 1 >= paras.size() || isLowerStart(t, paras[i + 1].begin) ||
        !startsWithFootnoteNumber(t, paras[i + 1]))
      continue;
    return true;
  }
  return false;
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

std::string quoteText(std::string_view text, Span sentence, Span focus, size_t limit) {
  if (sentence.end > text.size() || sentence.begin >= sentence.end)
    return {};
  if (sentence.size() <= limit)
    return sentenceText(text, sentence);
  focus.begin = std::clamp(focus.begin, sentence.begin, sentence.end);
  focus.end = std::clamp(focus.end, focus.begin, sentence.end);
  const size_t room = limit > focus.size() ? (limit - focus.size()) / 2 : 0;
  // A start after a clause break (",;:" or a line end) within the room before the focus, else
  // at a word; an end likewise after it.
  auto isBreak = [&](size_t i) {
    char c = text[i];
    return c == ',' || c == ';' || c == ':' || c == '\n';
  };
  auto isSpaceByte = [&](size_t i) { return text[i] == ' ' || text[i] == '\n' || text[i] == '\t'; };
  size_t b = focus.begin > sentence.begin + room ? focus.begin - room : sentence.begin;
  if (b > sentence.begin) {
    size_t clause = std::string_view::npos, word = std::string_view::npos;
    for (size_t i = b; i < focus.begin; ++i) {
      if (clause == std::string_view::npos && isBreak(i))
        clause = i + 1;
      if (word == std::string_view::npos && isSpaceByte(i))
        word = i + 1;
    }
    b = clause != std::string_view::npos && clause - b < room / 2 ? clause
        : word != std::string_view::npos                          ? word
                                                                  : focus.begin;
  }
  size_t e = focus.end + room < sentence.end ? focus.end + room : sentence.end;
  if (e < sentence.end) {
    size_t clause = std::string_view::npos, word = std::string_view::npos;
    for (size_t i = e; i > focus.end; --i) {
      if (clause == std::string_view::npos && isBreak(i - 1) && text[i - 1] != '\n')
        clause = i;
      if (word == std::string_view::npos && isSpaceByte(i - 1))
        word = i - 1;
    }
    e = clause != std::string_view::npos && e - clause < room / 2 ? clause
        : word != std::string_view::npos                          ? word
                                                                  : focus.end;
  }
  std::string out = sentenceText(text, Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':'))
    out.pop_back();
  if (b > sentence.begin)
    out = "\xE2\x80\xA6 " + out;
  if (e < sentence.end)
    out += " \xE2\x80\xA6";
  return out;
}

} // namespace accord
