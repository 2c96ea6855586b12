// Required literals of a lexicon pattern, found by a small analysis of its RE2 syntax: the
// recogniser's first stage (see recognizer_internal.h).
#include "grammar/recognizer_internal.h"

namespace accord {

// ---------------------------------------------------------------------------------------
// Required literals of a pattern: a small analysis of RE2 syntax (in the manner of RE2's own
// prefilter) that finds a set of strings one of which occurs in every match. The scan looks
// for those strings and runs the pattern only around them, so a pattern costs nothing where
// its words do not occur. Anything the analysis does not understand weakens the requirement
// (never strengthens it); a pattern without a usable one is run over the whole text.
//
// Why not re2::FilteredRE2 (its prefilter): it gives atoms, strings of which some AND/OR
// combination occurs somewhere in the text, for a pattern to be run over the whole text. The
// scan needs more: where the requirement is (it runs a pattern only in a window around each
// occurrence), how far a match may reach before and after it (the window's width), and
// whether it begins at a word start (looked up at token starts, no byte scan). Measured with
// bench/eval_prefilter (10 MB draft from gen.py, see BENCHMARKS.md, issue 15): both find a
// requirement for all 71 bundled patterns and all 100 of the 10,000-term lexicon; this
// analysis takes 1.0 ms for the 71 against 2.4-4.6 ms for the prefilter (beyond compiling,
// two runs); and the prefilter's way of scanning (atoms found, then the 69 of 71 patterns they
// select run over the whole text) makes the pattern stage 3.7-7 MB/s, against 265 MB/s for
// windows (bench_grammar, "patterns only"). So the analysis stays.

namespace {

constexpr size_t kMaxExact = 16, kMaxExactLen = 48;

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

std::vector<Req> recog::analyzePattern(std::string_view pattern) {
  return PatternAnalyzer(pattern).run();
}

std::vector<std::string> requiredLiterals(std::string_view pattern) {
  std::vector<Req> groups = analyzePattern(pattern);
  return groups.empty() ? std::vector<std::string>{} : groups.front().strings;
}

} // namespace accord
