// Incremental and full document sync: a table of cases, then thousands of random edits
// checked against a reference model that edits an array of code points.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "server/documents.h"

using accord::DocumentStore;
using accord::LineIndex;
using accord::PositionEncoding;
using accord::TextChange;
using accord::lsp::Position;
using accord::lsp::Range;

namespace {

constexpr auto U16 = PositionEncoding::Utf16;
constexpr auto U8 = PositionEncoding::Utf8;

TextChange edit(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2, std::string text) {
  return {Range{{l1, c1}, {l2, c2}}, std::move(text)};
}
TextChange full(std::string text) {
  return {std::nullopt, std::move(text)};
}

std::string apply(std::string text, std::vector<TextChange> changes, PositionEncoding enc = U16,
                  size_t* clamped = nullptr) {
  LineIndex lines(text);
  size_t n = accord::applyChanges(text, lines, changes, enc);
  if (clamped)
    *clamped = n;
  return text;
}

} // namespace

TEST_CASE("incremental edits: a table of cases") {
  struct Case {
    const char* name;
    std::string before;
    std::vector<TextChange> changes;
    std::string after;
    PositionEncoding enc = U16;
  };
  std::vector<Case> cases = {
      {"insert at start", "abc", {edit(0, 0, 0, 0, "X")}, "Xabc"},
      {"insert at end", "abc", {edit(0, 3, 0, 3, "X")}, "abcX"},
      {"delete a range", "abcdef", {edit(0, 1, 0, 4, "")}, "aef"},
      {"replace across lines", "ab\ncd\nef", {edit(0, 1, 2, 1, "-")}, "a-f"},
      {"insert a line break", "abcd", {edit(0, 2, 0, 2, "\n")}, "ab\ncd"},
      {"join CRLF lines", "ab\r\ncd", {edit(0, 2, 1, 0, "")}, "abcd"},
      {"edit after CRLF", "ab\r\ncd", {edit(1, 1, 1, 2, "X")}, "ab\r\ncX"},
      {"edit after a lone CR", "ab\rcd", {edit(1, 0, 1, 1, "")}, "ab\rd"},
      {"after an emoji (UTF-16)", "😂x", {edit(0, 2, 0, 3, "y")}, "😂y"},
      {"replace an emoji (UTF-16)", "a😂b", {edit(0, 1, 0, 3, "¥")}, "a¥b"},
      {"replace an emoji (UTF-8)", "a😂b", {edit(0, 1, 0, 5, "↓")}, "a↓b", U8},
      {"Hangul (UTF-16)", "한국어", {edit(0, 1, 0, 2, "")}, "한어"},
      {"Hangul (UTF-8)", "한국어", {edit(0, 3, 0, 6, "")}, "한어", U8},
      {"changes apply in order, each to the previous result",
       "abc",
       {edit(0, 0, 0, 0, "12"), edit(0, 2, 0, 3, "X"), edit(0, 4, 0, 4, "!")},
       "12Xb!c"},
      {"typing then deleting in one notification",
       "x",
       {edit(0, 1, 0, 1, "a"), edit(0, 2, 0, 2, "b"), edit(0, 1, 0, 3, "")},
       "x"},
      {"a full text change", "old", {full("new\ntext")}, "new\ntext"},
      {"full then incremental", "old", {full("abc"), edit(0, 1, 0, 2, "")}, "ac"},
      {"incremental then full", "old", {edit(0, 0, 0, 3, "zzz"), full("final")}, "final"},
      {"an empty change list", "same", {}, "same"},
      {"delete everything", "a\nb\nc", {edit(0, 0, 2, 1, "")}, ""},
      {"insert into an empty document", "", {edit(0, 0, 0, 0, "hello")}, "hello"},
  };
  for (auto& c : cases) {
    INFO(c.name);
    size_t clamped = 99;
    CHECK(apply(c.before, c.changes, c.enc, &clamped) == c.after);
    CHECK(clamped == 0);
  }
}

TEST_CASE("ranges outside the text are clamped, and counted") {
  size_t clamped = 0;
  CHECK(apply("abc\ndef", {edit(0, 10, 0, 12, "X")}, U16, &clamped) == "abcX\ndef");
  CHECK(clamped == 1);
  CHECK(apply("abc\ndef", {edit(5, 0, 9, 9, "!")}, U16, &clamped) == "abc\ndef!");
  CHECK(apply("abc", {edit(0, 1, 7, 0, "")}, U16, &clamped) == "a");
  // Inside a surrogate pair: both ends move back to the start of the emoji.
  CHECK(apply("a😂b", {edit(0, 2, 0, 2, "X")}, U16, &clamped) == "aX😂b");
  CHECK(clamped == 1);
  // End before start: an insertion at the start.
  CHECK(apply("abcdef", {edit(0, 4, 0, 1, "X")}, U16, &clamped) == "abcdXef");
  CHECK(clamped == 1);
}

TEST_CASE("the store tracks versions and snapshots stay immutable") {
  DocumentStore store;
  auto v1 = store.open("file:///a.md", "markdown", 1, "hello\nworld");
  REQUIRE(v1);
  CHECK(v1->language == accord::Language::Markdown);
  CHECK(v1->lines.lineCount() == 2);
  auto v2 = store.change("file:///a.md", 2, {edit(1, 0, 1, 5, "there")}, U16);
  REQUIRE(v2);
  CHECK(v2->text == "hello\nthere");
  CHECK(v2->version == 2);
  CHECK(v1->text == "hello\nworld"); // the old snapshot is untouched
  CHECK(store.get("file:///a.md") == v2);

  // A version that does not increase is accepted (logged): the text is what the client says.
  auto v3 = store.change("file:///a.md", 2, {full("again")}, U16);
  REQUIRE(v3);
  CHECK(v3->text == "again");

  CHECK(store.close("file:///a.md"));
  CHECK(store.get("file:///a.md") == nullptr);
  CHECK_FALSE(store.close("file:///a.md"));
}

TEST_CASE("didChange of an unopened document and a second didOpen are handled") {
  DocumentStore store;
  CHECK(store.change("file:///nope.md", 1, {full("x")}, U16) == nullptr);
  CHECK(store.size() == 0);
  store.open("file:///a.md", "markdown", 1, "first");
  auto again = store.open("file:///a.md", "markdown", 5, "second");
  CHECK(store.size() == 1);
  CHECK(store.get("file:///a.md")->text == "second");
  CHECK(store.get("file:///a.md")->version == 5);
  CHECK(store.all().size() == 1);
}

TEST_CASE("the document language comes from the extension, else from languageId") {
  // eglot 1.9 sends the first draft's languageId for every draft: the extension wins.
  CHECK(accord::languageOf("markdown", "file:///x.tex") == accord::Language::Latex);
  CHECK(accord::languageOf("markdown", "file:///dir/x.latex") == accord::Language::Latex);
  CHECK(accord::languageOf("latex", "file:///x.md") == accord::Language::Markdown);
  CHECK(accord::languageOf("plaintext", "file:///x.markdown") == accord::Language::Markdown);
  CHECK(accord::languageOf("markdown", "file:///x.txt") == accord::Language::PlainText);
  CHECK(accord::languageOf("latex", "file:///x.TXT") == accord::Language::PlainText);
  // No extension, or one Accord does not know: the languageId.
  CHECK(accord::languageOf("latex", "file:///x") == accord::Language::Latex);
  CHECK(accord::languageOf("markdown", "file:///x.draft") == accord::Language::Markdown);
  CHECK(accord::languageOf("latex", "untitled:Untitled-1") == accord::Language::Latex);
  CHECK(accord::languageOf("unknown-thing", "file:///dir/x.tex") == accord::Language::Latex);
  CHECK(accord::languageOf("", "file:///dir/notes.md?x=1") == accord::Language::Markdown);
  CHECK(accord::languageOf("", "untitled:Untitled-1") == accord::Language::PlainText);
}

// --- The randomized differential test --------------------------------------------------------

namespace {

/// The reference: the text as code points; positions computed by walking them.
struct Model {
  std::u32string cps;

  static void encode(char32_t c, std::string& out) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  std::string utf8() const {
    std::string out;
    for (char32_t c : cps)
      encode(c, out);
    return out;
  }
  static uint32_t units(char32_t c, PositionEncoding enc) {
    if (enc == U16)
      return c >= 0x10000 ? 2 : 1;
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  /// [start, contentEnd) of each line, in code point indices.
  std::vector<std::pair<size_t, size_t>> lines() const {
    std::vector<std::pair<size_t, size_t>> out;
    size_t start = 0;
    for (size_t i = 0; i < cps.size(); ++i) {
      if (cps[i] == U'\n' || cps[i] == U'\r') {
        out.push_back({start, i});
        if (cps[i] == U'\r' && i + 1 < cps.size() && cps[i + 1] == U'\n')
          ++i;
        start = i + 1;
      }
    }
    out.push_back({start, cps.size()});
    return out;
  }
  /// The code point index of a position, clamped as the spec of positions.h says.
  size_t index(Position p, PositionEncoding enc) const {
    auto ls = lines();
    if (p.line >= ls.size())
      return cps.size();
    auto [i, end] = ls[p.line];
    uint32_t left = p.character;
    while (i < end && units(cps[i], enc) <= left) {
      left -= units(cps[i], enc);
      ++i;
    }
    return i;
  }
  Position position(size_t index, PositionEncoding enc) const {
    auto ls = lines();
    for (uint32_t l = 0; l < ls.size(); ++l) {
      auto [start, end] = ls[l];
      size_t next = l + 1 < ls.size() ? ls[l + 1].first : cps.size() + 1;
      if (index >= start && index < next) {
        uint32_t col = 0;
        for (size_t i = start; i < std::min(index, end); ++i)
          col += units(cps[i], enc);
        return {l, col};
      }
    }
    return {0, 0};
  }
  size_t byteOffset(size_t index) const {
    std::string prefix;
    for (size_t i = 0; i < index; ++i)
      encode(cps[i], prefix);
    return prefix.size();
  }
};

} // namespace

TEST_CASE("thousands of random incremental edits agree with the code point model") {
  const std::u32string alphabet[] = {U"a", U"b", U" ",  U"¥",    U"↓",  U"한", U"국",
                                     U"😂", U"𝄞", U"\n", U"\r\n", U"\r", U"é",  U"xyz"};
  std::mt19937 rng(20240601);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  size_t edits = 0;
  for (int seed = 0; seed < 40; ++seed) {
    PositionEncoding enc = seed % 4 == 3 ? U8 : U16;
    Model model;
    DocumentStore store;
    const std::string uri = "file:///random.md";
    store.open(uri, "markdown", 0, "");
    for (int step = 1; step <= 150; ++step) {
      auto before = store.get(uri);
      std::vector<TextChange> changes;
      size_t count = 1 + pick(3);
      for (size_t k = 0; k < count; ++k, ++edits) {
        if (pick(50) == 0) { // now and then a full-text change
          std::u32string t;
          for (size_t n = pick(30); n > 0; --n)
            t += alphabet[pick(std::size(alphabet))];
          model.cps = t;
          Model m{t};
          changes.push_back(full(m.utf8()));
          continue;
        }
        auto ls = model.lines();
        // Mostly valid positions, sometimes past the end of a line or of the text.
        auto randomPosition = [&]() -> Position {
          uint32_t line = static_cast<uint32_t>(pick(ls.size() + 1));
          uint32_t width = 0;
          if (line < ls.size())
            for (size_t i = ls[line].first; i < ls[line].second; ++i)
              width += Model::units(model.cps[i], enc);
          return {line, static_cast<uint32_t>(pick(width + 3))};
        };
        Position a = randomPosition(), b = randomPosition();
        if (b < a)
          std::swap(a, b);
        std::u32string insert;
        for (size_t n = pick(4); n > 0; --n)
          insert += alphabet[pick(std::size(alphabet))];
        size_t ia = model.index(a, enc), ib = model.index(b, enc);
        model.cps.replace(ia, ib - ia, insert);
        changes.push_back(edit(a.line, a.character, b.line, b.character, Model{insert}.utf8()));
      }
      auto after = store.change(uri, step, std::move(changes), enc);
      REQUIRE(after);
      std::string expected = model.utf8();
      INFO("seed " << seed << " step " << step);
      REQUIRE(after->text == expected);
      REQUIRE(after->lines.lineCount() == model.lines().size());
      // Positions agree with the model at a few character boundaries.
      for (int probe = 0; probe < 5 && !model.cps.empty(); ++probe) {
        size_t index = pick(model.cps.size() + 1);
        if (index > 0 && index < model.cps.size() && model.cps[index - 1] == U'\r' &&
            model.cps[index] == U'\n')
          continue;
        uint32_t offset = static_cast<uint32_t>(model.byteOffset(index));
        Position p = model.position(index, enc);
        REQUIRE(after->position(offset, enc) == p);
        REQUIRE(after->offset(p, enc) == offset);
      }
      if (model.cps.size() > 400) { // keep the texts small enough to stay fast
        model.cps.resize(100);
        store.change(uri, ++step, {full(model.utf8())}, enc);
      }
    }
  }
  CHECK(edits > 10000);
}
