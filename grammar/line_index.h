// The one line index: line starts of a text, and columns in bytes, UTF-16 units or code points.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace accord {

/// What a column counts. Invalid UTF-8 bytes count as one unit each in Bytes and Utf16.
enum class ColumnUnit : uint8_t {
  Bytes,      ///< UTF-8 code units
  Utf16,      ///< UTF-16 code units (an astral code point is two)
  CodePoints, ///< characters: the bytes that are not UTF-8 continuation bytes
};

/// Line starts of one UTF-8 text. Line ends are "\n", "\r\n" and a lone "\r".
/// Immutable after construction; the text itself is passed to every call (the index does
/// not keep a pointer to it, so it stays valid when the owning string moves). Build it once
/// per text and ask it many times: each question is a binary search plus a walk along one
/// line. server/positions.h's LineIndex adds the LSP positions on top.
/// How many `unit`s `text` occupies (invalid UTF-8 bytes count one each).
uint32_t measureUnits(std::string_view text, ColumnUnit unit);

class LineStarts {
public:
  LineStarts() : starts_{0} {}
  explicit LineStarts(std::string_view text);
  /// The line starts of `text`, an edit of `oldText` (which `old` describes): those before
  /// and after the changed bytes are taken from `old` (moved), only the changed ones are
  /// read. Equals LineStarts(text); costs the edit, not the text (an edit of a long draft).
  LineStarts(const LineStarts& old, std::string_view oldText, std::string_view text);

  /// Number of lines; a text ending in a line break has an empty last line.
  uint32_t lineCount() const { return static_cast<uint32_t>(starts_.size()); }
  /// Byte offset where `line` starts; text.size() for lines past the end.
  uint32_t lineStart(uint32_t line) const { return line < starts_.size() ? starts_[line] : end_; }
  /// Byte offset where `line`'s content ends (before its line break).
  uint32_t lineEnd(std::string_view text, uint32_t line) const;
  /// The zero-based line that contains byte `offset` (offsets past the end are on the last line).
  uint32_t lineOf(uint32_t offset) const;

  /// The zero-based column of byte `offset` (at most lineEnd) on `line`, in `unit`. In Bytes
  /// and Utf16 an offset inside a multi-byte character counts up to that character's start.
  uint32_t column(std::string_view text, uint32_t line, uint32_t offset, ColumnUnit unit) const;
  /// The byte offset `column` units into `line`, clamped to the line's end (before its
  /// break); a column inside a surrogate pair or a multi-byte character clamps back to its
  /// start. `line` must be < lineCount().
  uint32_t offsetAt(std::string_view text, uint32_t line, uint32_t column, ColumnUnit unit) const;

  /// One-based line and one-based column of byte `offset` (clamped to the text), as
  /// compilers and `accord-ls check` print them.
  std::pair<uint32_t, uint32_t> lineColumn1(std::string_view text, uint32_t offset,
                                            ColumnUnit unit) const;

protected:
  std::vector<uint32_t> starts_; ///< byte offset of each line's first byte; starts_[0] == 0
  uint32_t end_ = 0;             ///< text.size()
};

/// The one-based line of byte `offset` without building an index: one pass over
/// text[0, offset), eight bytes at a time. Equals LineStarts(text).lineOf(offset) + 1; for one
/// question about a long text (a hover), build a LineStarts for many.
uint32_t lineNumberAt(std::string_view text, size_t offset);

} // namespace accord
