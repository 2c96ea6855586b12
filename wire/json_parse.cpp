// A fast JSON reader for incoming messages that builds exactly the value nlohmann::json::parse
// would.
//
// Everything it accepts it must read exactly as nlohmann 3.11.2 does; everything it is unsure
// of it refuses, and the caller asks nlohmann (which then either agrees or throws its own
// error, so error messages never come from here). tests/unit/test_json_parse.cpp and
// fuzz/fuzz_rpc.cpp compare the two readers.
#include "wire/json_parse.h"

#include <bit>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace accord {

namespace {

using json = nlohmann::json;

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;

/// The high bit of each byte of `v` that is zero. Only the lowest flag is exact (a borrow can
/// flag bytes above it), which is all findSpecial needs.
constexpr uint64_t zeroBytes(uint64_t v) {
  return (v - kOnes) & ~v & kHighs;
}

/// A byte a string scan must stop at: the closing quote, an escape, a control character
/// (nlohmann refuses it unescaped), or the start of a multi-byte UTF-8 sequence to validate.
constexpr bool special(unsigned char c) {
  return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

/// The first special byte in [p, end), or end. Eight bytes at a time: message strings are
/// long runs of plain text, and this loop is most of the time spent on a 1 MB didOpen.
const char* findSpecial(const char* p, const char* end) {
  if constexpr (std::endian::native == std::endian::little) {
    while (end - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      // Quote, backslash, below 0x20 (a borrow from a byte < 0x20 sets its high bit), high bit.
      uint64_t hits = zeroBytes(w ^ (kOnes * '"')) | zeroBytes(w ^ (kOnes * '\\')) |
                      ((w - kOnes * 0x20) & ~w & kHighs) | (w & kHighs);
      if (hits)
        return p + std::countr_zero(hits) / 8;
      p += 8;
    }
  }
  while (p < end && !special(static_cast<unsigned char>(*p)))
    ++p;
  return p;
}

constexpr bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

/// The length of the well-formed UTF-8 sequence at p (lead byte >= 0x80), or 0. The ranges are
/// RFC 3629's, which nlohmann's lexer checks byte by byte: no overlongs (C0, C1, E0 80-9F,
/// F0 80-8F), no UTF-16 surrogates (ED A0-BF), nothing above U+10FFFF (F4 90+, F5-FF), no
/// stray continuation bytes.
size_t utf8Length(const char* p, const char* end) {
  auto at = [&](size_t i) { return static_cast<unsigned char>(p[i]); };
  size_t avail = static_cast<size_t>(end - p);
  unsigned char c = at(0);
  if (c < 0xC2)
    return 0;
  if (c < 0xE0)
    return avail >= 2 && continuation(at(1)) ? 2 : 0;
  if (c < 0xF0) {
    if (avail < 3 || !continuation(at(1)) || !continuation(at(2)))
      return 0;
    if ((c == 0xE0 && at(1) < 0xA0) || (c == 0xED && at(1) > 0x9F))
      return 0;
    return 3;
  }
  if (c > 0xF4 || avail < 4 || !continuation(at(1)) || !continuation(at(2)) || !continuation(at(3)))
    return 0;
  if ((c == 0xF0 && at(1) < 0x90) || (c == 0xF4 && at(1) > 0x8F))
    return 0;
  return 4;
}

void appendUtf8(std::string& s, uint32_t cp) {
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    char b[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    s.append(b, 2);
  } else if (cp < 0x10000) {
    char b[3] = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                 static_cast<char>(0x80 | (cp & 0x3F))};
    s.append(b, 3);
  } else {
    char b[4] = {
        static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
        static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    s.append(b, 4);
  }
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

constexpr bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

struct Reader {
  const char* p;
  const char* end;

  void skipSpace() {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
      ++p;
  }

  bool take(char c) {
    if (p == end || *p != c)
      return false;
    ++p;
    return true;
  }

  /// Four hex digits after "\u"; -1 when they are not.
  int32_t hex4() {
    if (end - p < 4)
      return -1;
    int32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      int d = hexDigit(p[i]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
    p += 4;
    return v;
  }

  /// One escape, p just after the backslash.
  bool escape(std::string& s) {
    if (p == end)
      return false;
    switch (*p++) {
    case '"':
      s += '"';
      return true;
    case '\\':
      s += '\\';
      return true;
    case '/':
      s += '/';
      return true;
    case 'b':
      s += '\b';
      return true;
    case 'f':
      s += '\f';
      return true;
    case 'n':
      s += '\n';
      return true;
    case 'r':
      s += '\r';
      return true;
    case 't':
      s += '\t';
      return true;
    case 'u':
      break;
    default:
      return false;
    }
    int32_t cp = hex4();
    if (cp < 0)
      return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      // A high surrogate must be followed by an escaped low one; nlohmann refuses anything else.
      if (!take('\\') || !take('u'))
        return false;
      int32_t low = hex4();
      if (low < 0xDC00 || low > 0xDFFF)
        return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return false;
    }
    appendUtf8(s, static_cast<uint32_t>(cp));
    return true;
  }

  /// The rest of a string, p just after the opening quote. Plain runs are appended whole.
  bool string(std::string& s) {
    const char* run = p;
    for (;;) {
      p = findSpecial(p, end);
      if (p == end)
        return false;
      auto c = static_cast<unsigned char>(*p);
      if (c == '"') {
        s.append(run, p);
        ++p;
        return true;
      }
      if (c == '\\') {
        s.append(run, p);
        ++p;
        if (!escape(s))
          return false;
        run = p;
        continue;
      }
      if (c < 0x20)
        return false;
      // Valid UTF-8 is copied as it stands. Korean or Japanese text is mostly multi-byte
      // characters in a row: check them all before looking for specials again.
      do {
        size_t n = utf8Length(p, end);
        if (n == 0)
          return false;
        p += n;
      } while (p < end && static_cast<unsigned char>(*p) >= 0x80);
    }
  }

  bool literal(std::string_view word, json value, json& out) {
    if (static_cast<size_t>(end - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0)
      return false;
    p += word.size();
    out = std::move(value);
    return true;
  }

  /// A number with JSON's grammar, typed as nlohmann types it: an integer without fraction or
  /// exponent is unsigned when it fits uint64 (non-negative) or integer when it fits int64
  /// (negative, "-0" included); everything else is the double strtod reads from the same
  /// characters, refused when it is not finite (nlohmann throws "number overflow").
  bool number(json& out) {
    const char* start = p;
    bool negative = take('-');
    if (p == end)
      return false;
    if (*p == '0')
      ++p;
    else if (*p >= '1' && *p <= '9')
      while (p < end && isDigit(*p))
        ++p;
    else
      return false;
    const char* intEnd = p;
    bool integral = true;
    if (p < end && *p == '.') {
      ++p;
      if (p == end || !isDigit(*p))
        return false;
      while (p < end && isDigit(*p))
        ++p;
      integral = false;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
      ++p;
      if (p < end && (*p == '+' || *p == '-'))
        ++p;
      if (p == end || !isDigit(*p))
        return false;
      while (p < end && isDigit(*p))
        ++p;
      integral = false;
    }
    if (integral) {
      uint64_t v = 0;
      bool overflow = false;
      for (const char* q = start + (negative ? 1 : 0); q < intEnd; ++q) {
        auto d = static_cast<uint64_t>(*q - '0');
        if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) {
          overflow = true;
          break;
        }
        v = v * 10 + d;
      }
      constexpr uint64_t kMinMagnitude = uint64_t{1} << 63; // |INT64_MIN|
      if (!overflow && !negative) {
        out = static_cast<json::number_unsigned_t>(v);
        return true;
      }
      if (!overflow && v <= kMinMagnitude) {
        out = v == kMinMagnitude ? std::numeric_limits<json::number_integer_t>::min()
                                 : -static_cast<json::number_integer_t>(v);
        return true;
      }
      // Too big for its integer type: nlohmann falls back to strtod, as below.
    }
    // nlohmann hands strtod its token with '.' replaced by the locale's decimal point.
    std::string token(start, p);
    const std::lconv* loc = std::localeconv();
    char point = loc->decimal_point == nullptr ? '.' : *loc->decimal_point;
    if (point != '.')
      for (char& c : token)
        if (c == '.')
          c = point;
    double d = std::strtod(token.c_str(), nullptr);
    if (!std::isfinite(d))
      return false;
    out = static_cast<json::number_float_t>(d);
    return true;
  }

  /// A scalar at p into `out` (containers are the caller's).
  bool scalar(json& out) {
    switch (*p) {
    case '"': {
      ++p;
      out = json::value_t::string;
      return string(out.get_ref<std::string&>());
    }
    case 't':
      return literal("true", true, out);
    case 'f':
      return literal("false", false, out);
    case 'n':
      return literal("null", nullptr, out);
    default:
      return number(out);
    }
  }

  /// `"key":` inside an object; returns where its value goes. A repeated key reuses its slot,
  /// so the last value wins, as with nlohmann's DOM parser (object[key] = value).
  json* member(json& object) {
    skipSpace();
    if (!take('"'))
      return nullptr;
    std::string key;
    if (!string(key))
      return nullptr;
    skipSpace();
    if (!take(':'))
      return nullptr;
    return &object.get_ref<json::object_t&>()[std::move(key)];
  }
};

} // namespace

bool fastParseJson(std::string_view text, json& out) {
  Reader r{text.data(), text.data() + text.size()};
  // The containers being filled, innermost last. Pointers stay valid: only the innermost
  // container grows, and an ancestor is not touched until its child is finished.
  std::vector<json*> open;
  json* slot = &out; // where the next value goes
  for (;;) {
    r.skipSpace();
    if (r.p == r.end)
      return false;
    char c = *r.p;
    if (c == '{') {
      ++r.p;
      *slot = json::value_t::object;
      r.skipSpace();
      if (!r.take('}')) {
        open.push_back(slot);
        slot = r.member(*slot);
        if (!slot)
          return false;
        continue;
      }
    } else if (c == '[') {
      ++r.p;
      *slot = json::value_t::array;
      r.skipSpace();
      if (!r.take(']')) {
        open.push_back(slot);
        slot = &slot->get_ref<json::array_t&>().emplace_back();
        continue;
      }
    } else if (!r.scalar(*slot)) {
      return false;
    }

    // A value is complete: close finished containers, then find the next slot.
    for (;;) {
      r.skipSpace();
      if (open.empty())
        return r.p == r.end; // only whitespace may follow the value
      if (r.p == r.end)
        return false;
      json& parent = *open.back();
      char d = *r.p++;
      bool object = parent.is_object();
      if (d == ',') {
        slot = object ? r.member(parent) : &parent.get_ref<json::array_t&>().emplace_back();
        if (!slot)
          return false;
        break;
      }
      if (d != (object ? '}' : ']'))
        return false;
      open.pop_back();
    }
  }
}

} // namespace accord
