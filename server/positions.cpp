// Byte offsets <-> LSP positions in UTF-16 or UTF-8 units, with clamping; the only such code.
#include "server/positions.h"

#include <algorithm>
#include <cstring>

#include "grammar/bytescan.h"
#include "grammar/utf8.h"

namespace accord {

std::string_view toString(PositionEncoding enc) {
  return enc == PositionEncoding::Utf8 ? "utf-8" : "utf-16";
}

PositionEncoding negotiateEncoding(const std::vector<std::string_view>& offered) {
  // UTF-8 saves every conversion, so it wins whenever the client can do it.
  for (std::string_view e : offered)
    if (e == "utf-8")
      return PositionEncoding::Utf8;
  return PositionEncoding::Utf16;
}

namespace {
ColumnUnit unitOf(PositionEncoding enc) {
  return enc == PositionEncoding::Utf8 ? ColumnUnit::Bytes : ColumnUnit::Utf16;
}
} // namespace

uint32_t measure(std::string_view text, PositionEncoding enc) {
  return measureUnits(text, unitOf(enc));
}

lsp::Position LineIndex::position(std::string_view text, uint32_t offset,
                                  PositionEncoding enc) const {
  offset = std::min(offset, end_);
  uint32_t line = lineOf(offset);
  offset = std::min(offset, lineEnd(text, line)); // between "\r" and "\n": end of the line
  return {line, column(text, line, offset, unitOf(enc))};
}

uint32_t LineIndex::offset(std::string_view text, lsp::Position pos, PositionEncoding enc) const {
  if (pos.line >= starts_.size())
    return end_;
  return offsetAt(text, pos.line, pos.character, unitOf(enc));
}

Span LineIndex::span(std::string_view text, const lsp::Range& range, PositionEncoding enc) const {
  uint32_t b = offset(text, range.start, enc);
  uint32_t e = offset(text, range.end, enc);
  return {b, std::max(b, e)};
}

} // namespace accord
