// Byte offsets <-> LSP positions: ASCII, "¥", "↓", Hangul, "😂", CRLF, lone CR, clamping.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "server/positions.h"

using accord::LineIndex;
using accord::PositionEncoding;
using accord::lsp::Position;

namespace {

constexpr auto U16 = PositionEncoding::Utf16;
constexpr auto U8 = PositionEncoding::Utf8;

Position pos(uint32_t line, uint32_t character) {
  return {line, character};
}

struct Fixture {
  explicit Fixture(std::string t) : text(std::move(t)), lines(text) {}
  Position at(uint32_t offset, PositionEncoding enc) const {
    return lines.position(text, offset, enc);
  }
  uint32_t off(Position p, PositionEncoding enc) const { return lines.offset(text, p, enc); }
  std::string text;
  LineIndex lines;
};

} // namespace

TEST_CASE("ASCII positions are bytes in both encodings") {
  Fixture f("abc\ndef");
  CHECK(f.lines.lineCount() == 2);
  for (auto enc : {U16, U8}) {
    CHECK(f.at(0, enc) == pos(0, 0));
    CHECK(f.at(3, enc) == pos(0, 3));
    CHECK(f.at(4, enc) == pos(1, 0));
    CHECK(f.at(7, enc) == pos(1, 3));
    CHECK(f.off(pos(1, 2), enc) == 6);
    CHECK(f.off(pos(0, 3), enc) == 3);
  }
}

TEST_CASE("two-byte ¥ is one UTF-16 unit and two UTF-8 units") {
  Fixture f("a¥b"); // a=0, ¥=1..2, b=3
  CHECK(f.text.size() == 4);
  CHECK(f.at(3, U16) == pos(0, 2));
  CHECK(f.at(3, U8) == pos(0, 3));
  CHECK(f.off(pos(0, 2), U16) == 3);
  CHECK(f.off(pos(0, 3), U8) == 3);
  CHECK(f.off(pos(0, 2), U8) == 1); // inside ¥: back to its start
  CHECK(f.at(2, U16) == pos(0, 1)); // offset inside ¥ reports ¥'s start
}

TEST_CASE("three-byte ↓ and Hangul") {
  Fixture f("↓한국x"); // ↓=0..2, 한=3..5, 국=6..8, x=9
  CHECK(f.text.size() == 10);
  CHECK(f.at(9, U16) == pos(0, 3));
  CHECK(f.at(9, U8) == pos(0, 9));
  CHECK(f.off(pos(0, 1), U16) == 3);
  CHECK(f.off(pos(0, 2), U16) == 6);
  CHECK(f.off(pos(0, 6), U8) == 6);
  CHECK(f.off(pos(0, 7), U8) == 6); // inside 국
  CHECK(f.off(pos(0, 5), U8) == 3); // inside 한
}

TEST_CASE("four-byte 😂 is a surrogate pair in UTF-16") {
  Fixture f("a😂b"); // a=0, 😂=1..4, b=5
  CHECK(f.at(5, U16) == pos(0, 3));
  CHECK(f.at(5, U8) == pos(0, 5));
  CHECK(f.off(pos(0, 3), U16) == 5);
  CHECK(f.off(pos(0, 1), U16) == 1);
  CHECK(f.off(pos(0, 2), U16) == 1); // between the surrogates: clamped to the character start
  CHECK(f.off(pos(0, 3), U8) == 1);  // inside the 4 bytes
  CHECK(f.at(3, U16) == pos(0, 1));
  CHECK(accord::measure(f.text, U16) == 4);
  CHECK(accord::measure(f.text, U8) == 6);
}

TEST_CASE("CRLF is one line end, an offset between CR and LF is the end of the line") {
  Fixture f("ab\r\ncd\r\n");
  CHECK(f.lines.lineCount() == 3);
  CHECK(f.lines.lineStart(1) == 4);
  CHECK(f.lines.lineEnd(f.text, 0) == 2);
  CHECK(f.at(3, U16) == pos(0, 2));
  CHECK(f.at(4, U16) == pos(1, 0));
  CHECK(f.at(8, U16) == pos(2, 0));
  CHECK(f.off(pos(0, 10), U16) == 2); // past the end of the line: before "\r\n"
  CHECK(f.off(pos(2, 0), U16) == 8);
}

TEST_CASE("a lone CR ends a line, and CR CR LF is two line ends") {
  Fixture f("a\rb\rc");
  CHECK(f.lines.lineCount() == 3);
  CHECK(f.at(2, U16) == pos(1, 0));
  CHECK(f.at(4, U16) == pos(2, 0));
  CHECK(f.off(pos(1, 5), U16) == 3);

  Fixture g("a\r\r\nb");
  CHECK(g.lines.lineCount() == 3);
  CHECK(g.off(pos(1, 0), U16) == 2);
  CHECK(g.off(pos(2, 0), U16) == 4);
  CHECK(g.lines.lineEnd(g.text, 1) == 2);

  Fixture h("\n\r\n\r");
  CHECK(h.lines.lineCount() == 4);
}

TEST_CASE("lines and columns past the end are clamped") {
  Fixture f("one\ntwo");
  for (auto enc : {U16, U8}) {
    CHECK(f.off(pos(0, 99), enc) == 3);
    CHECK(f.off(pos(1, 99), enc) == 7);
    CHECK(f.off(pos(2, 0), enc) == 7);
    CHECK(f.off(pos(1000, 1000), enc) == 7);
    CHECK(f.at(1000, enc) == pos(1, 3));
  }
  Fixture e("");
  CHECK(e.lines.lineCount() == 1);
  CHECK(e.at(0, U16) == pos(0, 0));
  CHECK(e.off(pos(3, 3), U16) == 0);
}

TEST_CASE("a text ending with a line break has an empty last line") {
  Fixture f("x\n");
  CHECK(f.lines.lineCount() == 2);
  CHECK(f.at(2, U16) == pos(1, 0));
  CHECK(f.off(pos(1, 0), U16) == 2);
  CHECK(f.lines.lineOf(2) == 1);
}

TEST_CASE("invalid UTF-8 counts one unit per byte") {
  std::string text = "a\xff\xfe"
                     "b";
  Fixture f(text);
  CHECK(f.at(3, U16) == pos(0, 3));
  CHECK(f.off(pos(0, 2), U16) == 2);
  std::string truncated = "x\xf0\x9f"; // the start of an emoji, cut off
  Fixture g(truncated);
  CHECK(g.at(3, U16) == pos(0, 3));
}

TEST_CASE("ranges and spans") {
  Fixture f("한국\n😂 GSOMIA");
  auto r = f.lines.range(f.text, {12, 18}, U16); // "GSOMIA"
  CHECK(r.start == pos(1, 3));
  CHECK(r.end == pos(1, 9));
  auto s = f.lines.span(f.text, r, U16);
  CHECK(s.begin == 12);
  CHECK(s.end == 18);
  // An end before the start is an empty span at the start.
  auto back = f.lines.span(f.text, {pos(1, 9), pos(1, 3)}, U16);
  CHECK(back.begin == 18);
  CHECK(back.end == 18);
}

TEST_CASE("every character boundary round-trips in both encodings") {
  const char* pieces[] = {"a", "Z", " ", "¥", "↓", "한", "국", "😂", "🇰🇷", "\n", "\r\n", "\r", "é"};
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    std::vector<uint32_t> boundaries{0};
    int n = std::uniform_int_distribution<int>(0, 60)(rng);
    for (int i = 0; i < n; ++i) {
      text += pieces[std::uniform_int_distribution<size_t>(0, std::size(pieces) - 1)(rng)];
      boundaries.push_back(static_cast<uint32_t>(text.size()));
    }
    LineIndex lines(text);
    for (auto enc : {U16, U8}) {
      for (uint32_t b : boundaries) {
        // An offset between "\r" and "\n" has no position of its own.
        if (b > 0 && b < text.size() && text[b - 1] == '\r' && text[b] == '\n')
          continue;
        INFO("text " << text << " offset " << b);
        REQUIRE(lines.offset(text, lines.position(text, b, enc), enc) == b);
      }
    }
  }
}

TEST_CASE("the encoding is UTF-8 only when the client offers it") {
  CHECK(accord::negotiateEncoding({}) == U16);
  CHECK(accord::negotiateEncoding({"utf-16"}) == U16);
  CHECK(accord::negotiateEncoding({"utf-32", "utf-16"}) == U16);
  CHECK(accord::negotiateEncoding({"utf-16", "utf-8"}) == U8);
  CHECK(accord::toString(U8) == "utf-8");
  CHECK(accord::toString(U16) == "utf-16");
}
