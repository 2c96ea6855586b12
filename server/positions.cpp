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

using bytescan::ascii8; // positions are converted mostly on long ASCII lines: 8 bytes at a time

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

LineIndex::LineIndex(std::string_view text) : end_(static_cast<uint32_t>(text.size())) {
  starts_.push_back(0);
  const char* base = text.data();
  const char* p = base;
  const char* end = base + text.size();
  // The next '\n' is cached so that a text of lone '\r's stays linear.
  const char* nl = nullptr;
  while (p < end) {
    if (!nl || nl < p) {
      nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (!nl)
        nl = end;
    }
    const char* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(nl - p)));
    if (cr) {
      p = cr + 1;
      if (p < end && *p == '\n')
        ++p; // "\r\n" is one line end
    } else if (nl < end) {
      p = nl + 1;
    } else {
      break;
    }
    starts_.push_back(static_cast<uint32_t>(p - base));
  }
}

uint32_t LineIndex::lineEnd(std::string_view text, uint32_t line) const {
  if (line + 1 >= starts_.size())
    return end_;
  uint32_t begin = starts_[line];
  uint32_t e = starts_[line + 1];
  if (e > begin && text[e - 1] == '\n')
    --e;
  if (e > begin && text[e - 1] == '\r')
    --e;
  return e;
}

uint32_t LineIndex::lineOf(uint32_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<uint32_t>(it - starts_.begin()) - 1;
}

lsp::Position LineIndex::position(std::string_view text, uint32_t offset,
                                  PositionEncoding enc) const {
  offset = std::min(offset, end_);
  uint32_t line = lineOf(offset);
  uint32_t begin = starts_[line];
  offset = std::min(offset, lineEnd(text, line)); // between "\r" and "\n": end of the line
  uint32_t units = 0;
  for (uint32_t i = begin; i < offset;) {
    if (i + 8 <= offset && ascii8(text.data() + i)) {
      units += 8;
      i += 8;
      continue;
    }
    uint32_t len = charLength(text, i);
    if (i + len > offset)
      break; // inside a character: report its start
    units += unitsOf(len, enc);
    i += len;
  }
  return {line, units};
}

uint32_t LineIndex::offset(std::string_view text, lsp::Position pos, PositionEncoding enc) const {
  if (pos.line >= starts_.size())
    return end_;
  uint32_t i = starts_[pos.line];
  uint32_t end = lineEnd(text, pos.line);
  uint32_t remaining = pos.character;
  while (i < end && remaining > 0) {
    if (remaining >= 8 && i + 8 <= end && ascii8(text.data() + i)) {
      remaining -= 8;
      i += 8;
      continue;
    }
    uint32_t len = charLength(text, i);
    uint32_t units = unitsOf(len, enc);
    if (units > remaining)
      break; // inside a surrogate pair or a multi-byte character
    remaining -= units;
    i += len;
  }
  return i;
}

Span LineIndex::span(std::string_view text, const lsp::Range& range, PositionEncoding enc) const {
  uint32_t b = offset(text, range.start, enc);
  uint32_t e = offset(text, range.end, enc);
  return {b, std::max(b, e)};
}

} // namespace accord
