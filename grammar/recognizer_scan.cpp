// Scanning a text: the token loop over 64-byte SSE2 masks, the trie walks, the pattern windows
// and the heading rule (see recognizer_internal.h).
#include "grammar/recognizer_internal.h"

namespace accord {

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
        const bool common = isCommonCjk(c); // (no calls for most of Korean and Japanese)
        if (!common && !isWordCodePoint(c)) {
          i += len;
          continue;
        }
        if (common || isCjkCodePoint(c)) {
          // A run of Han, Kana and Hangul: a token a character, read here without going back
          // to skim() (every character would be a token start for it). Most characters start
          // no surface and no gate: one bit test (cjkMayStart).
          size_t matched = 0;
          for (;;) {
            if (im_.cjkMayStart(c) && (im_.cjkSoloStart(c) || pairAt(p, i + len, c))) {
              matched = cjkToken(p, i, len, c, nextMask, tokenGates, out);
              if (matched)
                break;
            }
            i += len;
            // the next character, when it is one of three bytes of these scripts
            // (lead bytes E3–ED: no overlong form; a surrogate is in none of the ranges)
            if (i + 2 >= end || i >= nextMask || p[i] < 0xE3 || p[i] > 0xED ||
                (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80)
              break;
            c = (static_cast<char32_t>(p[i] & 0x0F) << 12) |
                (static_cast<char32_t>(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
            len = 3;
            if (!isCommonCjk(c))
              break;
          }
          if (matched)
            i = matched;
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
        if (tokenGates && im_.gateStarts.has(key))
          gatesAtToken(p, tb, j, key);
        if (!im_.formStarts.has(key)) {
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
      // (tryAt is told what the filters said: it used to ask them again)
      const bool exactHit = tryExact && filterHas(im_.exactFilter, he);
      const bool foldedHit = filterHas(im_.foldedFilter, hf);
      if (!exactHit && !foldedHit) {
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
      size_t matched =
          tryAt(tok, tryExact ? he : 0, hf, tryExact, exactHit, foldedHit, nextMask, out, high);
      if (tokenGates && matched > j)
        gatesWithin(p, j, matched);
      i = matched ? matched : j;
    }
  }

  /// Whether the character after `c` (from `next` on, past up to 16 bytes of white space, as
  /// the walk allows between words) makes a pair some surface starts with (Impl::cjkPairs).
  bool pairAt(const unsigned char* p, size_t next, char32_t c) const {
    size_t j = next;
    while (j < t_.size() && j - next < 16 &&
           (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r'))
      ++j;
    // a character of three bytes (every second character a pair records), read as the token
    // loop reads them
    if (j + 2 >= t_.size() || (p[j] & 0xF0) != 0xE0 || (p[j + 1] & 0xC0) != 0x80 ||
        (p[j + 2] & 0xC0) != 0x80)
      return false;
    const char32_t b = (static_cast<char32_t>(p[j] & 0x0F) << 12) |
                       (static_cast<char32_t>(p[j + 1] & 0x3F) << 6) | (p[j + 2] & 0x3F);
    return im_.cjkPairMayStart(c, b);
  }

  /// The CJK character `c` at [i, i + len), which may start a surface or a gate: its gates, and
  /// the literal match starting with it; returns the match's end or 0.
  size_t cjkToken(const unsigned char* p, size_t i, size_t len, char32_t c, size_t nextMask,
                  bool tokenGates, std::vector<Candidate>& out) {
    if (tokenGates)
      gateAt(p, i);
    Token tok{static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)};
    // (keyHash without its folded copy: folding leaves these scripts as they are)
    const uint64_t h = hashToken(t_.substr(i, len));
    const bool exactHit = filterHas(im_.exactFilter, h), foldedHit = filterHas(im_.foldedFilter, h);
    // A Hangul term does not start inside a Hangul word ("사드" in "아사드").
    if (!(exactHit || foldedHit) || (isHangulSyllable(c) && hangulBefore(i)))
      return 0;
    const size_t matched = tryAt(tok, h, h, true, exactHit, foldedHit, nextMask, out, true);
    if (tokenGates && matched > i + len)
      gatesWithin(p, i + len, matched);
    return matched;
  }

  /// The masks of the 64-byte block of the text holding offset `i` (bytes past the end: none).
  const ByteMasks& masksAt(size_t i) const {
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
    const size_t stop = std::min(end, nextMask); // a token here goes to the token loop
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
        if (tb >= stop)
          return std::min(tb, end);
        const uint64_t rest = ~m.word >> a;
        if (!rest)
          return tb; // runs into the next block
        const size_t e = tb + static_cast<size_t>(__builtin_ctzll(rest));
        if (e > end)
          return tb;
        const uint32_t key = startKey(p + tb, e - tb, textEnd);
        if (im_.anyStarts.has(key)) {
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

  /// gateAt() for an ASCII token [tb, te) with start key `key`: only the gates filed under
  /// that key (and the byte after the token), not all that share its first three bytes.
  __attribute__((always_inline)) void gatesAtToken(const unsigned char* p, size_t tb, size_t te,
                                                   uint32_t key) {
    if (tb + 3 > range_.end)
      return;
    uint64_t head = 0;
    if (tb + 8 <= t_.size())
      std::memcpy(&head, p + tb, 8);
    else
      std::memcpy(&head, p + tb, t_.size() - tb);
    lookUp(im_.nextGates, Impl::withNext(key, te < t_.size() ? p[te] : 0), head, p, tb);
    lookUp(im_.prefixGates, key, head, p, tb);
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
      for (; starts; starts &= starts - 1) {
        const size_t at = base + static_cast<size_t>(__builtin_ctzll(starts));
        if ((p[at] & 0xC0) != 0x80) // (not inside a character: most bytes of Korean, Japanese)
          gateAt(p, at);
      }
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

  /// Whether the code point before `b` is a Hangul syllable.
  bool hangulBefore(size_t b) const {
    if (b < 3)
      return false;
    size_t s = 0;
    return isHangulSyllable(codePointBefore(t_, b, s));
  }

  /// The Korean word-boundary rule after a match that ends in a Hangul syllable at `e`: the
  /// Hangul that follows must be particles (koreanParticlesAt: "지소미아를", "한일기본조약에서는"),
  /// not the rest of a longer word ("사드르"). The mention ends before the particles.
  bool hangulEndOk(size_t e) const {
    // (Hangul syllables are EA B0 80 … ED 9E A3: any other next byte is a boundary)
    if (e >= t_.size() || static_cast<unsigned char>(t_[e]) < 0xEA ||
        static_cast<unsigned char>(t_[e]) > 0xED)
      return true;
    size_t s = 0;
    if (!isHangulSyllable(codePointBefore(t_, e, s)))
      return true;
    return koreanParticlesAt(t_, e);
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
  bool nextToken(size_t e, size_t limit, uint32_t& sep, bool folded, Token& tok, bool& ascii,
                 uint64_t childFirst, uint64_t childSecond, uint64_t childCjk) const {
    size_t j = e;
    int newlines = 0;
    bool onlySpace = true;
    // most words are followed by one space and a word: no loop
    if (e + 1 < range_.end && t_[e] == ' ' &&
        (kClass[static_cast<unsigned char>(t_[e + 1])] & kWord))
      j = e + 1;
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
    if (const auto first = static_cast<unsigned char>(t_[j]); first < 0x80) {
      if (!((childFirst >> (kLowerAscii[first] & 63)) & 1))
        return false;
      // a second ASCII letter or digit: the token is two bytes long or more
      if (j + 1 < t_.size()) {
        const auto second = static_cast<unsigned char>(t_[j + 1]);
        if ((kClass[second] & kWord) && !((childSecond >> secondBit(first, second)) & 1))
          return false;
      }
    }
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
    ascii = true;
    if (char32_t c = p[k] >= 0x80 ? decodeUtf8(t_, k, len) : 0;
        c && (isCommonCjk(c) || isCjkCodePoint(c))) {
      if (!((childCjk >> cjkChildBit(c)) & 1))
        return false; // no child is this character
      k += len;
      ascii = false;
    } else {
      // an ASCII word that ends inside its 64-byte block, before an ASCII byte: its end from
      // the block's masks
      if (p[k] < 0x80) {
        const ByteMasks& m = masksAt(k);
        const unsigned shift = k & 63;
        if (const uint64_t other = ~m.word >> shift) {
          const unsigned n = static_cast<unsigned>(__builtin_ctzll(other));
          if (!((m.high >> (shift + n)) & 1)) {
            tok = {static_cast<uint32_t>(j), static_cast<uint32_t>(k + n)};
            return true;
          }
        }
      }
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
        ascii = false;
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
      size_t len = 0;
      if (isCjkCodePoint(decodeUtf8(s, 0, len)) && len == s.size())
        return s; // one Han, Kana or Hangul character: folding leaves it as it is
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
      if (n.term != kNone && hangulEndOk(curEnd))
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
      bool ascii = true; // (nextToken tells: no byte of 0x80 or above in the token)
      if (!nextToken(curEnd, limit, sep, folded, tok, ascii, n.childFirst, n.childSecond,
                     n.childCjk))
        break;
      // both tries are keyed by the folded token's hash (keyHash); the folded trie also
      // compares folded text, the exact one the text as written
      std::string_view raw = t_.substr(tok.begin, tok.end - tok.begin);
      uint32_t next;
      if (folded && ascii) {
        const auto* p = reinterpret_cast<const unsigned char*>(t_.data());
        next =
            im_.findAscii(cur, sep, hashBytes(p + tok.begin, raw.size(), kFoldMask, p + t_.size()),
                          raw, p + t_.size());
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
  /// `exactHit`, `foldedHit`: whether the filters let `he` (with tryExact) and `hf` through.
  size_t tryAt(const Token& tok, uint64_t he, uint64_t hf, bool tryExact, bool exactHit,
               bool foldedHit, size_t limit, std::vector<Candidate>& out, bool high) {
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
    if (exactHit) {
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
    if (foldedHit) {
      // an ASCII token is compared lower-cased as it stands, without a folded copy
      uint32_t n = high ? im_.find(kFoldedRoot, kSepNone, hf, fold(tokText, foldBuf_))
                        : im_.findAscii(kFoldedRoot, kSepNone, hf, tokText, textEnd);
      if (n != kNone)
        consider(walk(n, tok.end, true, limit));
    }
    if (plural && tokText.size() >= 4 && filterHas(im_.foldedFilter, hfStem)) {
      // (plural: an ASCII token)
      uint32_t n = im_.findAscii(kFoldedRoot, kSepNone, hfStem,
                                 tokText.substr(0, tokText.size() - 1), textEnd);
      if (n != kNone && im_.nodes[n].term != kNone)
        consider({tok.end, im_.nodes[n].term, im_.nodes[n].form, im_.nodes[n].acronym});
    }
    if (best.term == kNone || best.end > range_.end)
      return 0;
    // In an ALL-CAPS heading an acronym that is also an English word ("A NEW ERA FOR US") is
    // taken for the word; a real acronym (ROK, GSOMIA, "U.S.") still counts.
    // (the word first: most acronyms are not one, and their line need not be read)
    if (best.acronym && isCommonWord(t_.substr(tok.begin, best.end - tok.begin)) &&
        inHeading(tok.begin))
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
  mutable ByteMasks masks_;
  mutable size_t masksBase_ = SIZE_MAX; // the block masks_ describes
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
  // Full-width letters, digits and signs ("ＧＳＯＭＩＡ", "６者協議") match as their ASCII forms:
  // a copy of the text with them folded is scanned, and the spans mapped back to the text's
  // bytes. Only drafts that hold one pay for it (one memchr for 0xEF over the range).
  if (hasFullWidth(text, range.begin > 3 ? range.begin - 3 : 0, range.end + 3)) {
    const FullWidthFolded folded = foldFullWidth(text);
    std::vector<Span> foldedMasked;
    foldedMasked.reserve(masked.size());
    for (const Span& m : masked)
      foldedMasked.push_back({folded.toFolded(m.begin), folded.toFolded(m.end)});
    std::vector<Mention> inFolded = scan(
        folded.text, foldedMasked, Span{folded.toFolded(range.begin), folded.toFolded(range.end)});
    for (Mention& m : inFolded)
      m.span = {folded.origin(m.span.begin), folded.origin(m.span.end)};
    return inFolded;
  }
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
