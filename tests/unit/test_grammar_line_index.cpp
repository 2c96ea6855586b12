// The one line index: line ends, columns in bytes, UTF-16 units and code points, and the
// index-free line counter agreeing with it.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "grammar/line_index.h"

using namespace accord;

TEST_CASE("line index: LF, CRLF and a lone CR end lines") {
  const std::string text = "a\nb\r\nc\rd";
  LineStarts lines(text);
  REQUIRE(lines.lineCount() == 4);
  CHECK(lines.lineStart(1) == 2);
  CHECK(lines.lineStart(2) == 5);
  CHECK(lines.lineStart(3) == 7);
  CHECK(lines.lineEnd(text, 1) == 3);
  CHECK(lines.lineOf(4) == 1); // between "\r" and "\n"
  for (uint32_t o = 0; o <= text.size(); ++o)
    CHECK(lineNumberAt(text, o) == lines.lineOf(o) + 1);
}

TEST_CASE("line index: columns count bytes, UTF-16 units or code points") {
  // "↓" 3 bytes, "¥" 2, "한" 3, "😂" 4 (a surrogate pair in UTF-16)
  const std::string text = "x\n↓¥한😂ROK";
  LineStarts lines(text);
  const uint32_t rok = static_cast<uint32_t>(text.find("ROK"));
  CHECK(lines.column(text, 1, rok, ColumnUnit::Bytes) == 12);
  CHECK(lines.column(text, 1, rok, ColumnUnit::Utf16) == 5);
  CHECK(lines.column(text, 1, rok, ColumnUnit::CodePoints) == 4);
  CHECK(lines.lineColumn1(text, rok, ColumnUnit::CodePoints) ==
        std::pair<uint32_t, uint32_t>{2, 5});
  for (ColumnUnit unit : {ColumnUnit::Bytes, ColumnUnit::Utf16, ColumnUnit::CodePoints}) {
    const uint32_t col = lines.column(text, 1, rok, unit);
    CHECK(lines.offsetAt(text, 1, col, unit) == rok);
  }
  // inside the surrogate pair: back to the emoji's start
  const uint32_t emoji = static_cast<uint32_t>(text.find("😂"));
  CHECK(lines.offsetAt(text, 1, 4, ColumnUnit::Utf16) == emoji);
  // past the end of a line: its end
  CHECK(lines.offsetAt(text, 0, 99, ColumnUnit::Bytes) == 1);
}

TEST_CASE("line index: code-point columns on long lines equal a byte-by-byte count") {
  std::mt19937 rng(7);
  const char* pieces[] = {"a", "B", " ", "↓", "¥", "한", "😂", "\x80", "\xC3", "\n", "\r"};
  for (int round = 0; round < 50; ++round) {
    std::string text;
    for (int k = 0; k < 300; ++k)
      text += pieces[rng() % std::size(pieces)];
    LineStarts lines(text);
    for (uint32_t o = 0; o <= text.size(); o += 7) {
      const uint32_t line = lines.lineOf(o);
      uint32_t expected = 0;
      for (uint32_t i = lines.lineStart(line); i < o; ++i)
        expected += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
      CHECK(lines.column(text, line, o, ColumnUnit::CodePoints) == expected);
      CHECK(lineNumberAt(text, o) == line + 1);
    }
  }
}

TEST_CASE("line index: an edit's line starts, spliced, equal the edited text's") {
  // Edits that make, split and join "\r\n" pairs, at the ends of the text too.
  std::mt19937 rng(20);
  const char* pieces[] = {"\r", "\n", "\r\n", "a", "bc", "\n\n", "é", ""};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int i = 0, n = static_cast<int>(rng() % 12); i < n; ++i)
      text += pieces[rng() % std::size(pieces)];
    LineStarts old(text);
    std::string next = text;
    size_t at = rng() % (next.size() + 1);
    size_t len = std::min<size_t>(rng() % 4, next.size() - at);
    next.replace(at, len, pieces[rng() % std::size(pieces)]);
    LineStarts spliced(old, text, next), fresh(next);
    INFO("'" << text << "' -> '" << next << "'");
    REQUIRE(spliced.lineCount() == fresh.lineCount());
    for (uint32_t line = 0; line <= fresh.lineCount(); ++line)
      REQUIRE(spliced.lineStart(line) == fresh.lineStart(line));
  }
}
