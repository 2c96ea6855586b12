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

/// Byte length of the (possibly invalid) UTF-8 sequence at `i`; invalid bytes are 1 long.
uint32_t charLength(std::string_view text, size_t i) {
  size_t len = 0;
  decodeUtf8(text, i, len);
  return static_cast<uint32_t>(len);
}

/// Units one character of byte length `len` occupies.
uint32_t unitsOf(uint32_t len, PositionEncoding enc) {
  if (enc == PositionEncoding::Utf8)
    return len;
  return len == 4 ? 2 : 1; // astral code points are a surrogate pair
}

} // namespace

uint32_t measure(std::string_view text, PositionEncoding enc) {
  if (enc == PositionEncoding::Utf8)
    return static_cast<uint32_t>(text.size());
  uint32_t units = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t len = charLength(text, i);
    units += unitsOf(len, enc);
    i += len;
  }
  return units;
}

namespace {
ColumnUnit unitOf(PositionEncoding enc) {
  return enc == PositionEncoding::Utf8 ? ColumnUnit::Bytes : ColumnUnit::Utf16;
}
} // namespace

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
