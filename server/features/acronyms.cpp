// Acronym-shaped tokens and the context rules of the unknown-acronym check.
#include "server/features/acronyms.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "grammar/text.h"

namespace accord::features {

namespace {

// The default list: acronyms any reader of English policy prose knows, currency codes, units,
// time zones, and the region's companies known by their letters. README.md lists it under
// "Acronyms that need no spelling out".
constexpr std::string_view kCommon[] = {
    "AD", "AI", "AIDS", "AM", "APR", "ASAP", "ATM", "AUD", "BBC", "BC", "BCE", "BP", "CBS", "CCTV",
    "CE", "CEO", "CFO", "CNN", "CNY", "CO2", "COO", "COVID", "CPI", "CT", "CV", "DIY", "DNA", "DVD",
    "EDT", "EST", "ETA", "EU", "EUR", "FAQ", "FBI", "FIFA", "FY", "GB", "GBP", "GDP", "GHz", "GMT",
    "GNP", "GPS", "GW", "GWh", "HIV", "HQ", "HR", "ID", "IMF", "IOC", "IP", "IPO", "IQ", "ISBN",
    "ISSN", "IT", "JPY", "JST", "KB", "KRW", "KST", "LGBT", "LGBTQ", "LNG", "MB", "MBA", "MP",
    "MRI", "MW", "MWh", "NASA", "NATO", "NB", "NBA", "NHK", "NY", "OECD", "OK", "PC", "PDF", "PhD",
    "PM", "PR", "PS", "PST", "RMB", "RSVP", "SARS", "SMS", "SUV", "TB", "TV", "TWh", "UFO", "UHF",
    "UK", "UN", "UNESCO", "UNICEF", "URL", "US", "USA", "USB", "USD", "USSR", "UTC", "VAT", "VIP",
    "VPN", "WHO", "WWI", "WWII", "kW", "kWh", "km", "mph", "vs", "DC", "NYC",
    // companies and broadcasters of the region better known by their letters
    "ANA", "JAL", "JR", "KBS", "KDDI", "KEPCO", "KOGAS", "KT", "LG", "MBC", "NEC", "NTT", "POSCO",
    "SBS", "SK", "TSMC"};

bool isUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool isLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

/// The code point before `i` is a letter or digit of any script (a token must start a word),
/// other than Han, Kana or Hangul: Japanese and Korean write no space before an acronym
/// ("日本はQZRTを").
bool wordBefore(std::string_view t, size_t i) {
  if (i == 0)
    return false;
  size_t s = i - 1;
  while (s > 0 && (static_cast<unsigned char>(t[s]) & 0xC0) == 0x80)
    --s;
  size_t len = 0;
  const char32_t c = decodeUtf8(t, s, len);
  return isWordCodePoint(c) && !isCjkCodePoint(c);
}

/// A full-width letter or digit (Ａ, ｂ, ３) at `i`: its ASCII form, else 0. Japanese writes
/// acronyms in them ("ＱＺＲＴ").
char fullWidthAlnum(std::string_view t, size_t i) {
  if (i + 2 >= t.size() || static_cast<unsigned char>(t[i]) != 0xEF)
    return 0;
  const auto b1 = static_cast<unsigned char>(t[i + 1]), b2 = static_cast<unsigned char>(t[i + 2]);
  if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99)
    return static_cast<char>('0' + (b2 - 0x90));
  if (b1 == 0xBC && b2 >= 0xA1 && b2 <= 0xBA)
    return static_cast<char>('A' + (b2 - 0xA1));
  if (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A)
    return static_cast<char>('a' + (b2 - 0x81));
  return 0;
}

bool romanNumeral(std::string_view k) {
  if (k.empty() || k.size() > 6)
    return false;
  for (char c : k)
    if (c != 'I' && c != 'V' && c != 'X')
      return false;
  return true;
}

size_t lineStart(std::string_view t, size_t i) {
  size_t nl = t.rfind('\n', i == 0 ? 0 : i - 1);
  return nl == std::string_view::npos || i == 0 ? 0 : nl + 1;
}
size_t lineEnd(std::string_view t, size_t i) {
  size_t nl = t.find('\n', i);
  return nl == std::string_view::npos ? t.size() : nl;
}

bool isNumberWord(std::string_view w) {
  return !w.empty() && isDigit(w.front());
}

} // namespace

bool isCommonAcronym(std::string_view key) {
  return std::find(std::begin(kCommon), std::end(kCommon), key) != std::end(kCommon);
}

std::string acronymKey(std::string_view token) {
  std::string s;
  for (size_t i = 0; i < token.size(); ++i) {
    if (const char a =
            static_cast<unsigned char>(token[i]) == 0xEF ? fullWidthAlnum(token, i) : 0) {
      s += a; // "ＱＺＲＴ" is QZRT
      i += 2;
    } else if (token[i] != '.') {
      s += token[i];
    }
  }
  auto ends = [&](std::string_view e) {
    return s.size() > e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
  };
  if (ends("\xE2\x80\x99s"))
    s.resize(s.size() - 4);
  else if (ends("'s"))
    s.resize(s.size() - 2);
  if (s.size() >= 3 && s.back() == 's' && (isUpper(s[s.size() - 2]) || isDigit(s[s.size() - 2])))
    s.pop_back();
  return s;
}

AcronymContext::AcronymContext(std::string_view text, const std::vector<Span>& nonProse,
                               const std::vector<Section>& sections)
    : AcronymContext(text, nonProse, sections,
                     quotations(text, {0, static_cast<uint32_t>(text.size())})) {}

AcronymContext::AcronymContext(std::string_view text, const std::vector<Span>& nonProse,
                               const std::vector<Section>& sections, std::vector<Span> quotes)
    : text_(text), nonProse_(nonProse), quotes_(std::move(quotes)) {
  for (const Section& s : sections)
    headings_.push_back(s.heading);
}

std::vector<Span> AcronymContext::quotations(std::string_view text, Span range) {
  std::vector<Span> quotes;
  // Quotations: curly, guillemet, corner-bracket and straight quotes paired within a
  // paragraph, and Markdown block quotes.
  struct Pair {
    std::string_view open, close;
  };
  static constexpr Pair kPairs[] = {{"\xE2\x80\x9C", "\xE2\x80\x9D"}, // “ ”
                                    {"\xC2\xAB", "\xC2\xBB"},         // « »
                                    {"\xE2\x80\x9E", "\xE2\x80\x9C"}, // „ “
                                    {"\xE3\x80\x8C", "\xE3\x80\x8D"}, // 「 」
                                    {"\xE3\x80\x8E", "\xE3\x80\x8F"}, // 『 』
                                    {"\"", "\""},
                                    {"``", "''"}};
  const size_t end = std::min<size_t>(range.end, text.size());
  for (const Pair& p : kPairs) {
    for (size_t o = text.find(p.open, range.begin); o != std::string_view::npos && o < end;) {
      size_t c = text.find(p.close, o + p.open.size());
      if (c == std::string_view::npos)
        break;
      size_t para = text.find("\n\n", o);
      if (c - o <= 1200 && (para == std::string_view::npos || para > c)) {
        quotes.push_back({static_cast<uint32_t>(o), static_cast<uint32_t>(c + p.close.size())});
        o = text.find(p.open, c + p.close.size());
      } else {
        o = text.find(p.open, o + p.open.size());
      }
    }
  }
  for (size_t i = range.begin; i < end;) {
    size_t e = lineEnd(text, i);
    size_t k = i;
    while (k < e && (text[k] == ' ' || text[k] == '\t'))
      ++k;
    if (k < e && text[k] == '>')
      quotes.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(e)});
    i = e + 1;
  }
  std::sort(quotes.begin(), quotes.end(), [](Span a, Span b) { return a.begin < b.begin; });
  return quotes;
}

bool AcronymContext::inRanges(const std::vector<Span>& ranges, Span s) const {
  for (const Span& r : ranges) // few ranges besides nonProse, which is searched below
    if (r.begin < s.end && s.begin < r.end)
      return true;
  return false;
}

std::vector<AcronymToken> AcronymContext::tokens() const {
  return tokens({0, static_cast<uint32_t>(text_.size())});
}

namespace {
/// A run of full-width letters and digits from `i` (fullWidthAlnum): an acronym token when it
/// holds two capitals (or a capital and a digit), no lower-case letter, and starts with a
/// capital, and no letter of another script touches it. Returns where the run ends.
size_t fullWidthToken(std::string_view t, size_t i, std::vector<AcronymToken>& out) {
  const size_t b = i;
  std::string key;
  while (const char a = fullWidthAlnum(t, i)) {
    key += a;
    i += 3;
  }
  int upper = 0, lower = 0, digits = 0;
  for (char k : key) {
    upper += isUpper(k);
    lower += isLower(k);
    digits += isDigit(k);
  }
  if (lower > 0 || upper == 0 || (upper < 2 && digits == 0) || !isUpper(key.front()) ||
      wordBefore(t, b))
    return i;
  if (i < t.size() && static_cast<unsigned char>(t[i]) >= 0x80) {
    size_t len = 0;
    const char32_t c = decodeUtf8(t, i, len);
    if (isWordCodePoint(c) && !isCjkCodePoint(c))
      return i;
  }
  out.push_back({{static_cast<uint32_t>(b), static_cast<uint32_t>(i)}, std::move(key)});
  return i;
}
} // namespace

std::vector<AcronymToken> AcronymContext::tokens(Span range) const {
  std::vector<AcronymToken> out;
  const std::string_view t = text_;
  // Byte classes: 1 capital, 2 lower case, 4 digit, 8 other byte of a token (& . - /).
  static constexpr auto kClass = [] {
    std::array<uint8_t, 256> c{};
    for (int b = 'A'; b <= 'Z'; ++b)
      c[b] = 1;
    for (int b = 'a'; b <= 'z'; ++b)
      c[b] = 2;
    for (int b = '0'; b <= '9'; ++b)
      c[b] = 4;
    c['&'] = c['.'] = c['-'] = c['/'] = 8;
    c[0xEF] = 16; // may start a full-width letter or digit
    return c;
  }();
  const size_t n = t.size();
  const size_t last = std::min<size_t>(range.end, n);
  for (size_t i = range.begin; i < last;) {
    const auto cls = [&](size_t k) { return kClass[static_cast<unsigned char>(t[k])]; };
    while (i < last && !(cls(i) & 7)) {
      if (cls(i) & 16 && fullWidthAlnum(t, i)) {
        i = fullWidthToken(t, i, out);
        continue;
      }
      ++i;
    }
    if (i >= last)
      break;
    // A run of token bytes; only one that starts with a capital or a digit, not inside a
    // word, and holds a capital can be an acronym. Runs are skipped whole, a table lookup a
    // byte (callgrind on the 1 MB draft: 37 instructions a byte at first, 6 now).
    const size_t b = i;
    size_t e = i;
    if (cls(b) & 2) { // most words: lower case, skipped in a tight loop
      while (e < n && cls(e))
        ++e;
      i = e;
      continue;
    }
    unsigned capitals = 0, lowers = 0, marks = 0;
    while (e < n && cls(e)) {
      const uint8_t k = cls(e);
      capitals |= k & 1;
      lowers += (k & 2) >> 1;
      marks |= k & 8;
      ++e;
    }
    // "The", "Japan", "Seoul": a capitalised word is no acronym (two lower-case letters and no
    // hyphen to end the acronym at: "DPJ-era"); "NGOs" and "DoD" have one.
    if (capitals == 0 || (lowers >= 2 && !marks) || wordBefore(t, b) ||
        (b > 0 && t[b - 1] == '_')) {
      i = e;
      continue;
    }
    // "DPJ-era", "THAAD-related": the acronym ends at a hyphen before a lower-case word
    for (size_t k = b; k + 1 < e; ++k)
      if (t[k] == '-' && isLower(t[k + 1])) {
        e = k;
        break;
      }
    size_t next = e;
    // a final period or hyphen belongs to the sentence, unless the token is dotted (U.S.)
    size_t dots = static_cast<size_t>(
        std::count(t.begin() + static_cast<long>(i), t.begin() + static_cast<long>(e), '.'));
    while (e > i && (t[e - 1] == '-' || (t[e - 1] == '.' && dots < 2)))
      --e;
    if (e + 1 < t.size() && t[e] == '\'' && t[e + 1] == 's')
      e += 2;
    else if (e + 3 < t.size() && t.compare(e, 4, "\xE2\x80\x99s") == 0)
      e += 4;
    std::string_view tok = t.substr(i, e - i);
    i = std::max(next, i + 1);
    // the token ends a word too ("Ré"), unless Japanese or Korean follows, which writes no
    // space after an acronym ("THAAD配備", "KAMD를")
    if (e < t.size() && (static_cast<unsigned char>(t[e]) >= 0x80 || t[e] == '_') && [&] {
          size_t len = 0;
          const char32_t c = decodeUtf8(t, e, len);
          return isWordCodePoint(c) && !isCjkCodePoint(c);
        }())
      continue;
    if (tok.find('/') != std::string_view::npos)
      continue; // a path or a document symbol (A/HRC/51/28)
    // "ROK-US", "US-Japan-ROK": acronyms joined by hyphens are read one by one ("UNC-R" and
    // "PAC-3", whose parts are not all acronyms, stay whole)
    if (tok.find('-') != std::string_view::npos) {
      std::vector<std::pair<size_t, size_t>> parts;
      bool allAcronyms = true;
      for (size_t p = 0; p <= tok.size() && allAcronyms;) {
        size_t q = tok.find('-', p);
        if (q == std::string_view::npos)
          q = tok.size();
        std::string_view part = tok.substr(p, q - p);
        size_t caps = static_cast<size_t>(std::count_if(part.begin(), part.end(), isUpper));
        allAcronyms = part.size() >= 2 && caps == part.size();
        parts.emplace_back(p, q);
        p = q + 1;
      }
      if (allAcronyms && parts.size() > 1) {
        const size_t at = e - tok.size();
        for (auto [p, q] : parts)
          out.push_back({{static_cast<uint32_t>(at + p), static_cast<uint32_t>(at + q)},
                         std::string(tok.substr(p, q - p))});
        continue;
      }
    }
    std::string key = acronymKey(tok);
    int upper = 0, lower = 0, digits = 0;
    for (char k : key) {
      upper += isUpper(k);
      lower += isLower(k);
      digits += isDigit(k);
    }
    // "DoD", "MoU": capitals at both ends of a short token count as an acronym too
    bool capped = lower > 0 && key.size() <= 4 && upper >= 2 && isUpper(key.back()) && lower == 1;
    if ((lower > 0 && !capped) || upper == 0 || (upper < 2 && digits == 0) || !isUpper(key.front()))
      continue;
    out.push_back({{static_cast<uint32_t>(b), static_cast<uint32_t>(e)}, std::move(key)});
  }
  return out;
}

bool AcronymContext::countsAsUse(Span s) const {
  const std::string_view t = text_;
  // code, URLs, LaTeX commands and their non-prose arguments
  auto it = std::upper_bound(nonProse_.begin(), nonProse_.end(), s.begin,
                             [](uint32_t v, const Span& r) { return v < r.begin; });
  if (it != nonProse_.begin() && std::prev(it)->end > s.begin)
    return false;
  if (it != nonProse_.end() && it->begin < s.end)
    return false;
  std::string_view tok = t.substr(s.begin, s.size());
  std::string key = acronymKey(tok);
  if (romanNumeral(key))
    return false;
  // citation keys, footnote labels, identifiers, designations (PAC-3, KN-23)
  char before = s.begin > 0 ? t[s.begin - 1] : ' ';
  char after = s.end < t.size() ? t[s.end] : ' ';
  if (before == '@' || before == '^' || before == '#' || before == '\\' || before == '$' ||
      before == '{' || before == '=' || after == '_' || after == '(' || after == '=' ||
      after == '}' || after == '@')
    return false;
  for (size_t k = 0; k + 1 < tok.size(); ++k)
    if (tok[k] == '-' && isDigit(tok[k + 1]))
      return false;
  if (inRanges(headings_, s) || inRanges(quotes_, s))
    return false;
  size_t ls = lineStart(t, s.begin), le = lineEnd(t, s.end);
  // a short bold label that opens its line, not a sentence: a masthead ("**KIEP 이슈 브리프**
  // (2022년 9월)") or a heading written in bold, which counts no more than a heading
  {
    size_t f = ls;
    while (f < s.begin && (t[f] == ' ' || t[f] == '\t'))
      ++f;
    if (f + 2 <= s.begin && (t.compare(f, 2, "**") == 0 || t.compare(f, 2, "__") == 0)) {
      const size_t close = t.find(t.substr(f, 2), f + 2);
      if (close != std::string_view::npos && close < le && s.end <= close && close - f <= 80) {
        const std::string_view label = t.substr(f + 2, close - f - 2);
        const bool sentence = label.ends_with(".") || label.ends_with("!") ||
                              label.ends_with("?") || label.ends_with("\xE3\x80\x82");
        if (!sentence)
          return false;
      }
    }
  }
  // lines without a lower-case letter of prose: titles, memo and cable headers, table rows
  // of codes
  bool lowerSeen = false;
  for (size_t k = ls; k < le && !lowerSeen; ++k) {
    // a lower-case letter, or Japanese or Korean, which has no case (lead bytes E3-ED: kana,
    // Han, Hangul; isCjkCodePoint decides)
    if (!isLower(t[k]) && !(static_cast<unsigned char>(t[k]) >= 0xE3 &&
                            static_cast<unsigned char>(t[k]) <= 0xED && [&] {
                              size_t len = 0;
                              return isCjkCodePoint(decodeUtf8(t, k, len));
                            }()))
      continue;
    auto r = std::upper_bound(nonProse_.begin(), nonProse_.end(), static_cast<uint32_t>(k),
                              [](uint32_t v, const Span& x) { return v < x.begin; });
    lowerSeen = !(r != nonProse_.begin() && std::prev(r)->end > k);
  }
  if (!lowerSeen)
    return false;
  // the first word of a line: a dateline ("SEOUL, Dec. 3 —", "TOKYO —") or a label ("TO:")
  size_t first = ls;
  while (first < s.begin && std::strchr(" \t*_>#-", t[first]))
    ++first;
  if (first == s.begin) {
    if (after == ':')
      return false;
    std::string_view rest = t.substr(s.end, std::min<size_t>(40, le - s.end));
    bool dash = rest.find("\xE2\x80\x94") != std::string_view::npos ||
                rest.find(" -- ") != std::string_view::npos ||
                rest.find("\xE2\x80\x93") != std::string_view::npos;
    if (key.size() >= 4 && dash && (after == ',' || after == ' '))
      return false;
  }
  // "3 PM", "10 AM": a time, not the prime minister
  auto wordAt = [&](size_t b) {
    size_t e = b;
    while (e < t.size() && !std::strchr(" \t\r\n", t[e]))
      ++e;
    return t.substr(b, e - b);
  };
  if (key == "PM" || key == "AM" || key == "BC" || key == "AD") {
    size_t p = s.begin;
    while (p > 0 && t[p - 1] == ' ')
      --p;
    size_t pb = p;
    while (pb > 0 && !std::strchr(" \t\r\n", t[pb - 1]))
      --pb;
    if (isNumberWord(t.substr(pb, p - pb)))
      return false;
    if (s.end + 1 < t.size() && t[s.end] == ' ' && isNumberWord(wordAt(s.end + 1)))
      return false;
  }
  // "SK Hynix", "LG Chem": the first word of a company's or an office's name
  if (after == ' ' && s.end + 2 < t.size() && isUpper(t[s.end + 1]) && isLower(t[s.end + 2]))
    return false;
  return true;
}

} // namespace accord::features
