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

#include "grammar/bytescan.h"
#include "grammar/utf8.h"

namespace accord {

namespace {

using json = nlohmann::json;

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
      using namespace bytescan;
      const uint64_t w = load8(p);
      // Quote, backslash, below 0x20, high bit: the lowest flag of each test is exact.
      const uint64_t hits =
          bytesEqual(w, '"') | bytesEqual(w, '\\') | bytesBelow(w, 0x20) | highBytes(w);
      if (hits)
        return p + firstFlagged(hits);
      p += 8;
    }
  }
  while (p < end && !special(static_cast<unsigned char>(*p)))
    ++p;
  return p;
}

/// The length of the well-formed UTF-8 sequence at p (lead byte >= 0x80), or 0. Well-formed is
/// RFC 3629's, which nlohmann's lexer checks byte by byte and grammar/utf8.h's decoder too: no
/// overlongs, no UTF-16 surrogates, nothing above U+10FFFF, no stray continuation bytes.
size_t utf8Length(const char* p, const char* end) {
  return validUtf8Length(std::string_view(p, static_cast<size_t>(end - p)), 0);
}

void appendCodePoint(std::string& s, uint32_t cp) {
  char b[4];
  s.append(b, encodeUtf8(cp, b));
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
    appendCodePoint(s, static_cast<uint32_t>(cp));
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
