// The fast JSON reader against nlohmann::json::parse: same acceptance, same value, same types.
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "wire/json_parse.h"

using accord::fastParseJson;
using json = nlohmann::json;

namespace {

/// The types of every node in document order: `==` alone says 1 == 1.0 and 1u == 1, and
/// dump() alone says 1u and 1 are both "1".
void shape(const json& j, std::string& out) {
  out += std::to_string(static_cast<int>(j.type()));
  if (j.is_structured()) {
    out += '(';
    for (const json& child : j)
      shape(child, out);
    out += ')';
  }
}

std::string shapeOf(const json& j) {
  std::string s;
  shape(j, s);
  return s;
}

std::string dumpOf(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

struct Outcome {
  bool fast = false;
  bool reference = false;
  std::string problem; ///< empty when the two readers agree
};

/// Both readers on `text`. They must agree on the value, its types and its dump when both
/// accept, and on acceptance except in two corners the fast reader leaves to nlohmann: a
/// leading byte order mark, which nlohmann skips, and a NUL byte where a token would start,
/// which nlohmann takes for the end of the input (so "[1]\0junk" is [1]).
Outcome compare(std::string_view text) {
  Outcome o;
  json reference;
  try {
    reference = json::parse(text.begin(), text.end());
    o.reference = true;
  } catch (const json::exception&) {
  }
  json fast;
  o.fast = fastParseJson(text, fast);
  bool bom = text.substr(0, 3) == "\xEF\xBB\xBF";
  bool nul = text.find('\0') != std::string_view::npos;
  if (o.fast && !o.reference)
    o.problem = "fast accepts what nlohmann rejects";
  else if (!o.fast && o.reference && !bom && !nul)
    o.problem = "fast refuses what nlohmann accepts";
  else if (o.fast && (bom || nul))
    o.problem = "fast accepts a byte order mark or a NUL";
  else if (o.fast && !(fast == reference))
    o.problem = "different values";
  else if (o.fast && dumpOf(fast) != dumpOf(reference))
    o.problem = "different dumps";
  else if (o.fast && shapeOf(fast) != shapeOf(reference))
    o.problem = "different types";
  if (!o.problem.empty()) {
    o.problem += " on: " + std::string(text.substr(0, 300));
    if (o.fast)
      o.problem += "\n fast: " + dumpOf(fast).substr(0, 300) + " " + shapeOf(fast).substr(0, 100);
    if (o.reference)
      o.problem += "\n nlohmann: " + dumpOf(reference).substr(0, 300) + " " +
                   shapeOf(reference).substr(0, 100);
  }
  return o;
}

/// Checks agreement and that the fast reader took the input (or, with `accept` false, that
/// it refused it).
void expectFast(std::string_view text, bool accept) {
  Outcome o = compare(text);
  INFO(std::string(text.substr(0, 200)));
  CHECK(o.problem == "");
  CHECK(o.fast == accept);
}

std::string inQuotes(std::string_view inner) {
  return "\"" + std::string(inner) + "\"";
}

} // namespace

TEST_CASE("fast JSON: literals, whitespace and structure match nlohmann", "[json]") {
  for (const char* ok : {"null", "true", "false", " \t\r\n null \t\r\n", "{}", "[]", "[ ]", "{ }",
                         "[[],{}]", "{\"a\":[1,{\"b\":null}],\"c\":{}}", "[true,false,null]",
                         "\"\"", "{\"\":\"\"}", " [ 1 , 2 ] "})
    expectFast(ok, true);
  for (const char* bad : {"",          " ",          "nul",     "nulll",    "True",
                          "[1,]",      "{\"a\":1,}", "[,1]",    "{,}",      "{\"a\"}",
                          "{\"a\":}",  "{a:1}",      "{'a':1}", "[1 2]",    "{\"a\":1 \"b\":2}",
                          "[1]]",      "[[1]",       "{} x",    "{}{}",     "1 2",
                          "\f{}",      "{}\f",       "\v1",     "// c\n{}", "{\"a\":1}/**/",
                          "[\"a\":1]", "{\"a\",1}",  "[}",      "{]"})
    expectFast(bad, false);
  for (std::string_view nul : {std::string_view("[1]\0", 4), std::string_view("[1] \0junk", 9)}) {
    expectFast(nul, false); // nlohmann stops reading at the NUL
    CHECK(compare(nul).reference);
  }
  expectFast(std::string_view("[1\0]", 4), false);
  expectFast(std::string_view("\0", 1), false);
  // nlohmann skips a leading byte order mark; the fast reader leaves that rare case to it.
  expectFast("\xEF\xBB\xBF{}", false);
  CHECK(compare("\xEF\xBB\xBF{}").reference);
}

TEST_CASE("fast JSON: numbers get nlohmann's type and value", "[json]") {
  for (const char* ok : {"0",
                         "-0",
                         "1",
                         "-1",
                         "42",
                         "18446744073709551615",
                         "18446744073709551616",
                         "-9223372036854775808",
                         "-9223372036854775809",
                         "9223372036854775807",
                         "9223372036854775808",
                         "99999999999999999999999",
                         "-99999999999999999999999",
                         "1e5",
                         "1E5",
                         "1e+5",
                         "1e-5",
                         "1E-0",
                         "-0.0",
                         "0.0",
                         "0.1",
                         "-1.5",
                         "1.5e308",
                         "1e-400",
                         "-1e-400",
                         "2.2250738585072011e-308",
                         "4.9e-324",
                         "0.30000000000000004",
                         "123456789012345678901234567890.5e-3",
                         "[0,-0,1e0,-1.0E+2]",
                         "1.7976931348623157e308"})
    expectFast(ok, true);
  for (const char* bad : {"01",       "-01", "00",  "+1",   "1.",   ".5",    "-",      "-a",
                          "1e",       "1e+", "1E-", "1.e5", "0x10", "1e309", "-1e309", "1.8e308",
                          "Infinity", "NaN", "-",   "--1",  "1..2", "1ee5",  "[01]",   "[-]"})
    expectFast(bad, false);

  json j;
  REQUIRE(fastParseJson(
      "[18446744073709551615, -9223372036854775808, -0, 18446744073709551616, 1e5]", j));
  CHECK(j[0].is_number_unsigned());
  CHECK(j[0].get<uint64_t>() == UINT64_MAX);
  CHECK(j[1].is_number_integer());
  CHECK_FALSE(j[1].is_number_unsigned());
  CHECK(j[1].get<int64_t>() == INT64_MIN);
  CHECK(j[2].is_number_integer());
  CHECK_FALSE(j[2].is_number_unsigned());
  CHECK(j[3].is_number_float());
  CHECK(j[4].is_number_float());
  CHECK(j[4].get<double>() == 100000.0);
}

TEST_CASE("fast JSON: escapes and surrogates match nlohmann", "[json]") {
  json j;
  REQUIRE(fastParseJson(R"("\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude02\u0000x")", j));
  CHECK(j.get<std::string>() == std::string("\"\\/\b\f\n\r\t"
                                            "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x82",
                                            18) +
                                    '\0' + "x");
  for (const char* ok : {R"("\u0000")", R"("\u001f")", R"("\u007F")", R"("\u0080")", R"("\u07ff")",
                         R"("\u0800")", R"("\uffff")", R"("\uD800\uDC00")", R"("\uDBFF\uDFFF")",
                         R"("\uE000")", R"("a\u00E9b")", R"({"\n":"\t"})"})
    expectFast(ok, true);
  for (const char* bad :
       {R"("\uD800")",       R"("\uDC00")",   R"("\uDFFF x")", R"("\uD800\u0041")",
        R"("\uD800\uD800")", R"("\uD800\n")", R"("\uD800x")",  R"("\uDBFF\uE000")",
        R"("\u12")",         R"("\u12G4")",   R"("\x41")",     R"("\a")",
        R"("\U0041")",       R"("\)",         R"("\u)",        R"("\uD800\u)",
        R"("abc)",           "\"a\tb\"",      "\"a\nb\"",      "\"\x1f\"",
        "\"\x01\"",          R"("\')"})
    expectFast(bad, false);
  // Every \u escape in each range, alone and as the high half of a pair.
  const char* hex = "0123456789abcdef";
  auto esc = [&](unsigned v) {
    return std::string("\\u") + hex[(v >> 12) & 15] + hex[(v >> 8) & 15] + hex[(v >> 4) & 15] +
           hex[v & 15];
  };
  std::mt19937_64 rng(8);
  int accepted = 0;
  for (unsigned v = 0; v <= 0xFFFF; v += 1 + static_cast<unsigned>(rng() % 97)) {
    for (unsigned low : {0xDC00u, 0xDFFFu, 0xDBFFu, 0xE000u, 0x41u}) {
      Outcome o = compare(inQuotes(esc(v) + esc(low)));
      if (!o.problem.empty())
        FAIL(o.problem);
      accepted += o.fast;
    }
  }
  CHECK(accepted > 1000);
}

TEST_CASE("fast JSON: UTF-8 in strings is validated exactly as nlohmann does", "[json]") {
  for (const char* ok : {"\"\xC2\x80\"", "\"\xDF\xBF\"", "\"\xE0\xA0\x80\"", "\"\xED\x9F\xBF\"",
                         "\"\xEE\x80\x80\"", "\"\xEF\xBF\xBF\"", "\"\xF0\x90\x80\x80\"",
                         "\"\xF4\x8F\xBF\xBF\"", "\"\x7F\"", "\"한국어 日本語 😂 ¥ ↓\""})
    expectFast(ok, true);
  for (const char* bad : {"\"\x80\"",
                          "\"\xBF\"",
                          "\"\xC0\xAF\"",
                          "\"\xC1\xBF\"",
                          "\"\xC2\"",
                          "\"\xC2\x41\"",
                          "\"\xE0\x80\xAF\"",
                          "\"\xE0\x9F\xBF\"",
                          "\"\xED\xA0\x80\"",
                          "\"\xED\xBF\xBF\"",
                          "\"\xF0\x80\x80\x80\"",
                          "\"\xF0\x8F\xBF\xBF\"",
                          "\"\xF4\x90\x80\x80\"",
                          "\"\xF5\x80\x80\x80\"",
                          "\"\xFF\"",
                          "\"\xFE\"",
                          "\"\xE2\x82\"",
                          "\"\xF0\x9F\x98\"",
                          "\"\xE2\x82\x41\"",
                          "\"\xF0\x9F\x41\x82\""})
    expectFast(bad, false);

  // Every lead byte with boundary continuation bytes, in every position of an 8-byte block
  // (the scanner reads eight at a time), also cut short by the closing quote.
  const unsigned char edges[] = {0x00, 0x1F, 0x22, 0x41, 0x5C, 0x7F, 0x80,
                                 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
  int accepted = 0, refused = 0;
  for (unsigned lead = 0x80; lead <= 0xFF; ++lead)
    for (unsigned char b1 : edges)
      for (unsigned char b2 : {0x41, 0x80, 0xBF, 0xC0})
        for (unsigned char b3 : {0x80, 0xBF, 0x22})
          for (size_t pad : {0, 3, 7}) {
            std::string s = "\"" + std::string(pad, 'x');
            s += static_cast<char>(lead);
            s += static_cast<char>(b1);
            s += static_cast<char>(b2);
            s += static_cast<char>(b3);
            s += "\"";
            Outcome o = compare(s);
            if (!o.problem.empty())
              FAIL(o.problem);
            (o.fast ? accepted : refused)++;
          }
  CHECK(accepted > 100);
  CHECK(refused > 100);
  // Every single byte, at every offset in a block.
  for (unsigned c = 0; c <= 0xFF; ++c)
    for (size_t pad = 0; pad < 9; ++pad) {
      std::string s = "\"" + std::string(pad, 'y') + static_cast<char>(c) + "z\"";
      Outcome o = compare(s);
      if (!o.problem.empty())
        FAIL(o.problem);
    }
}

TEST_CASE("fast JSON: duplicate keys keep the last value, as nlohmann does", "[json]") {
  for (const char* doc :
       {R"({"a":1,"a":2})", R"({"a":{"x":1},"a":[2]})", R"({"b":1,"a":2,"b":"3"})",
        R"({"a":[1,2,3],"a":{}})", R"({"a":"long string value here","a":null})"})
    expectFast(doc, true);
  json j;
  REQUIRE(fastParseJson(R"({"a":1,"b":0,"a":{"c":2}})", j));
  CHECK(j.size() == 2);
  CHECK(j["a"] == json{{"c", 2}});
}

TEST_CASE("fast JSON: deep nesting up to the guard's limit", "[json]") {
  for (size_t depth : {1, 10, 512}) {
    std::string arrays = std::string(depth, '[') + "1" + std::string(depth, ']');
    expectFast(arrays, true);
    std::string objects;
    for (size_t i = 0; i < depth; ++i)
      objects += "{\"k\":";
    objects += "[]" + std::string(depth, '}');
    expectFast(objects, true);
    expectFast(std::string(depth, '[') + std::string(depth - 1, ']'), false);
  }
}

TEST_CASE("fast JSON: LSP messages take the fast path", "[json]") {
  std::string text = "# 한국어 초안\n日本語のテキスト 😂 ¥ ↓ \"quoted\" back\\slash\ttab\r\n"
                     "The GSOMIA (General Security of Military Information Agreement) applies.\n";
  json didOpen = {{"jsonrpc", "2.0"},
                  {"method", "textDocument/didOpen"},
                  {"params",
                   {{"textDocument",
                     {{"uri", "file:///tmp/d%20raft.md"},
                      {"languageId", "markdown"},
                      {"version", 1},
                      {"text", text}}}}}};
  expectFast(didOpen.dump(), true);
  expectFast(didOpen.dump(2), true);
  expectFast(didOpen.dump(-1, ' ', true), true); // every non-ASCII character as \u escapes
  expectFast(
      R"({"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.md"},"position":{"line":0,"character":3}}})",
      true);
  expectFast(R"({"jsonrpc":"2.0","id":"abc","result":null})", true);
  expectFast(
      R"({"jsonrpc":"2.0","method":"$/progress","params":{"token":1,"value":{"kind":"report","percentage":42.5}}})",
      true);

  // A 1 MB draft, both as raw UTF-8 and fully escaped.
  std::string big;
  while (big.size() < (1u << 20))
    big += text;
  didOpen["params"]["textDocument"]["text"] = big;
  for (bool ascii : {false, true}) {
    std::string body = didOpen.dump(-1, ' ', ascii);
    json j;
    REQUIRE(fastParseJson(body, j));
    CHECK(j == didOpen);
    CHECK(j["params"]["textDocument"]["version"].is_number_unsigned());
  }
}

namespace {

/// Writes random JSON documents as text (not via dump: with random whitespace, every kind of
/// escape and number spelling), deterministically.
struct Generator {
  std::mt19937_64 rng{20240508};
  uint64_t pick(uint64_t n) { return rng() % n; }

  void space(std::string& out) {
    if (pick(4) != 0)
      return;
    for (uint64_t n = 1 + pick(3); n > 0; --n)
      out += " \t\r\n"[pick(4)];
  }

  void string(std::string& out) {
    static const char* pieces[] = {"plain",
                                   " text ",
                                   "한국어",
                                   "日本語",
                                   "😂",
                                   "¥↓",
                                   "\\n",
                                   "\\\"",
                                   "\\\\",
                                   "\\/",
                                   "\\b\\f\\r\\t",
                                   "\\u00e9",
                                   "\\u0000",
                                   "\\ud83d\\ude02",
                                   "\\uD834\\uDD1E",
                                   "\\u20ac",
                                   "\x7f",
                                   "GSOMIA",
                                   "a long run of ascii text"};
    out += '"';
    for (uint64_t n = pick(6); n > 0; --n) {
      if (pick(8) == 0) {
        static const char* hex = "0123456789abcdefABCDEF";
        out += "\\u";
        for (int i = 0; i < 4; ++i)
          out += hex[pick(22)];
      } else {
        out += pieces[pick(std::size(pieces))];
      }
    }
    out += '"';
  }

  void digits(std::string& out, uint64_t n) {
    for (; n > 0; --n)
      out += static_cast<char>('0' + pick(10));
  }

  void number(std::string& out) {
    switch (pick(8)) {
    case 0:
      out += std::to_string(pick(1000));
      break;
    case 1:
      out += std::to_string(rng());
      break;
    case 2:
      out += std::to_string(static_cast<int64_t>(rng()));
      break;
    case 3:
      out += "-0";
      break;
    case 4: // near the edges of uint64 and int64
      out += pick(2) ? "1844674407370955161" : "-922337203685477580";
      out += static_cast<char>('0' + pick(10));
      break;
    default: // fractions and exponents of all sizes
      if (pick(2))
        out += '-';
      out += static_cast<char>('1' + pick(9));
      digits(out, pick(25));
      if (pick(2)) {
        out += '.';
        digits(out, 1 + pick(20));
      }
      if (pick(2)) {
        out += "eE"[pick(2)];
        if (pick(2))
          out += "+-"[pick(2)];
        out += std::to_string(pick(400));
      }
    }
  }

  void value(std::string& out, int depth) {
    space(out);
    uint64_t kind = depth > 4 ? pick(4) : pick(6);
    switch (kind) {
    case 0:
      string(out);
      break;
    case 1:
      number(out);
      break;
    case 2:
      out += pick(3) == 0 ? "null" : pick(2) ? "true" : "false";
      break;
    case 3:
      string(out);
      break;
    case 4: {
      out += '[';
      uint64_t n = pick(5);
      for (uint64_t i = 0; i < n; ++i) {
        if (i)
          out += ',';
        value(out, depth + 1);
      }
      space(out);
      out += ']';
      break;
    }
    default: {
      static const char* keys[] = {"\"a\"",  "\"b\"",       "\"id\"",    "\"\"",
                                   "\"키\"", "\"\\u0061\"", "\"method\""};
      out += '{';
      uint64_t n = pick(5);
      for (uint64_t i = 0; i < n; ++i) {
        if (i)
          out += ',';
        space(out);
        out += keys[pick(std::size(keys))]; // few keys: duplicates are common
        space(out);
        out += ':';
        value(out, depth + 1);
      }
      space(out);
      out += '}';
    }
    }
    space(out);
  }

  /// One to three random edits: overwrite, insert or delete a byte, cut the text short, or
  /// repeat a slice.
  std::string mutate(std::string s) {
    static const char interesting[] = {
        '"', '\\', '{', '}',  '[',    ']',    ',',    ':',    '-',    '.',    'e',    '0',
        '1', 'u',  ' ', '\n', '\x01', '\x7f', '\x80', '\xbf', '\xc0', '\xed', '\xf4', '\xff'};
    for (uint64_t n = 1 + pick(3); n > 0; --n) {
      size_t at = s.empty() ? 0 : pick(s.size());
      char c = pick(2) ? interesting[pick(sizeof interesting)] : static_cast<char>(pick(256));
      switch (pick(5)) {
      case 0:
        if (!s.empty())
          s[at] = c;
        break;
      case 1:
        s.insert(s.begin() + static_cast<ptrdiff_t>(at), c);
        break;
      case 2:
        if (!s.empty())
          s.erase(at, 1);
        break;
      case 3:
        s.resize(at);
        break;
      default:
        s.insert(at, s.substr(pick(s.size() + 1), pick(8)));
        break;
      }
    }
    return s;
  }
};

} // namespace

TEST_CASE("fast JSON: random documents and their mutations agree with nlohmann", "[json]") {
  Generator gen;
  int fastAccepted = 0, bothRefused = 0, mutants = 0;
  for (int doc = 0; doc < 3000; ++doc) {
    std::string text;
    gen.value(text, 0);
    Outcome o = compare(text);
    if (!o.problem.empty())
      FAIL(o.problem);
    fastAccepted += o.fast;
    for (int m = 0; m < 8; ++m) {
      std::string mutant = gen.mutate(text);
      Outcome mo = compare(mutant);
      if (!mo.problem.empty())
        FAIL(mo.problem);
      ++mutants;
      fastAccepted += mo.fast;
      bothRefused += !mo.fast && !mo.reference;
    }
  }
  // Both sides of the comparison were exercised (a few generated numbers overflow a double).
  CHECK(fastAccepted > 2700 + mutants / 20);
  CHECK(bothRefused > mutants / 4);
}
