// The one place that converts between byte offsets (inside) and LSP positions (at the edge).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "grammar/line_index.h"
#include "grammar/types.h"

namespace accord {

/// How the client counts `character` in a Position. UTF-16 code units unless the client
/// offered "utf-8" in general.positionEncodings (then bytes).
enum class PositionEncoding : uint8_t { Utf16, Utf8 };

/// "utf-16" / "utf-8", as echoed in capabilities.positionEncoding.
std::string_view toString(PositionEncoding);

/// Picks the encoding from the client's general.positionEncodings (in preference order):
/// UTF-8 when it is listed, else UTF-16 (which every client must support).
PositionEncoding negotiateEncoding(const std::vector<std::string_view>& offered);

namespace lsp {

/// Position in a text document expressed as zero-based line and zero-based character offset.
struct Position {
  uint32_t line = 0;      ///< zero-based line
  uint32_t character = 0; ///< zero-based column, in units of the negotiated PositionEncoding
  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position&, const Position&) = default;
};

/// A range in a text document expressed as (zero-based) start and end positions.
struct Range {
  Position start; ///< the range's start position
  Position end;   ///< the range's end position (exclusive)
  friend bool operator==(const Range&, const Range&) = default;
};

} // namespace lsp

/// The line index of one UTF-8 text (grammar/line_index.h: line ends "\n", "\r\n" and a lone
/// "\r"; immutable; the text is passed to every call) with LSP positions on top.
/// Invalid UTF-8 bytes count as one unit each, in both encodings.
class LineIndex : public LineStarts {
public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text) : LineStarts(text) {}
  /// `text` is an edit of `oldText`, which `old` describes (LineStarts' splice).
  LineIndex(const LineIndex& old, std::string_view oldText, std::string_view text)
      : LineStarts(old, oldText, text) {}

  /// The position of byte `offset`. An offset past the end clamps to the end; an offset
  /// inside a multi-byte character or between "\r" and "\n" moves back to the boundary.
  lsp::Position position(std::string_view text, uint32_t offset, PositionEncoding) const;
  /// The byte offset of `pos`. A line past the end clamps to the end of the text; a
  /// character past the end of the line clamps to the line's end (before its break); a
  /// character inside a surrogate pair or a multi-byte character clamps back to its start.
  uint32_t offset(std::string_view text, lsp::Position pos, PositionEncoding) const;

  lsp::Range range(std::string_view text, Span span, PositionEncoding enc) const {
    return {position(text, span.begin, enc), position(text, span.end, enc)};
  }
  /// The byte span of `range`, clamped as offset() does; an end before the start is moved
  /// to the start.
  Span span(std::string_view text, const lsp::Range& range, PositionEncoding enc) const;
};

/// Number of units `text` occupies in `enc` (UTF-16 code units or bytes).
uint32_t measure(std::string_view text, PositionEncoding enc);

} // namespace accord
