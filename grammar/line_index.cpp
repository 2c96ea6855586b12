// Line starts and columns of UTF-8 text: the one line counter of the tree.
#include "grammar/line_index.h"

#include <algorithm>
#include <cstring>

#include "grammar/bytescan.h"
#include "grammar/utf8.h"

namespace accord {

namespace {

/// Byte length of the (possibly invalid) UTF-8 sequence at `i`; invalid bytes are 1 long.
uint32_t charLength(std::string_view text, size_t i) {
  size_t len = 0;
  decodeUtf8(text, i, len);
  return static_cast<uint32_t>(len);
}

/// Units one character of byte length `len` occupies (Bytes or Utf16).
uint32_t unitsOf(uint32_t len, ColumnUnit unit) {
  if (unit == ColumnUnit::Bytes)
    return len;
  return len == 4 ? 2 : 1; // astral code points are a surrogate pair
}

/// Bytes of text[b, e) that start a character (are not continuation bytes), eight at a time.
uint32_t countCharacterStarts(std::string_view text, uint32_t b, uint32_t e) {
  uint32_t n = 0;
  if constexpr (std::endian::native == std::endian::little) {
    using namespace bytescan;
    for (; b + 8 <= e; b += 8) {
      const uint64_t w = load8(text.data() + b);
      const uint64_t continuation = w & ~(w << 1) & kHighs; // 10xxxxxx
      n += 8 - countFlagged(continuation);
    }
  }
  for (; b < e; ++b)
    n += !isContinuationByte(static_cast<unsigned char>(text[b]));
  return n;
}

} // namespace

uint32_t measureUnits(std::string_view text, ColumnUnit unit) {
  if (unit == ColumnUnit::Bytes)
    return static_cast<uint32_t>(text.size());
  uint32_t units = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t len = charLength(text, i);
    units += unit == ColumnUnit::CodePoints ? 1 : unitsOf(len, unit);
    i += len;
  }
  return units;
}

LineStarts::LineStarts(std::string_view text) : end_(static_cast<uint32_t>(text.size())) {
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

LineStarts::LineStarts(const LineStarts& old, std::string_view oldText, std::string_view text)
    : end_(static_cast<uint32_t>(text.size())) {
  // The changed bytes: [s, oldEnd) of the old text are [s, newEnd) of the new one.
  const size_t n = std::min(oldText.size(), text.size());
  size_t s = 0;
  constexpr size_t kBlock = 4096;
  while (s + kBlock <= n && std::memcmp(oldText.data() + s, text.data() + s, kBlock) == 0)
    s += kBlock;
  while (s < n && oldText[s] == text[s])
    ++s;
  size_t suffix = 0;
  const size_t m = n - s;
  while (suffix + kBlock <= m &&
         std::memcmp(oldText.data() + oldText.size() - suffix - kBlock,
                     text.data() + text.size() - suffix - kBlock, kBlock) == 0)
    suffix += kBlock;
  while (suffix < m && oldText[oldText.size() - 1 - suffix] == text[text.size() - 1 - suffix])
    ++suffix;
  const size_t oldEnd = oldText.size() - suffix, newEnd = text.size() - suffix;
  const int64_t delta = static_cast<int64_t>(text.size()) - static_cast<int64_t>(oldText.size());
  // Whether a line starts at p depends on the bytes at p - 1 and p only: a start before s
  // reads unchanged bytes, and so does one after oldEnd (newEnd in the new text).
  auto keptBefore = std::lower_bound(old.starts_.begin(), old.starts_.end(), s);
  starts_.assign(old.starts_.begin(), keptBefore);
  if (starts_.empty())
    starts_.push_back(0);
  for (size_t p = std::max<size_t>(s, 1); p <= newEnd && p <= text.size(); ++p) {
    const char c = text[p - 1];
    if (c == '\n' || (c == '\r' && (p == text.size() || text[p] != '\n')))
      starts_.push_back(static_cast<uint32_t>(p));
  }
  for (auto it = std::upper_bound(old.starts_.begin(), old.starts_.end(), oldEnd);
       it != old.starts_.end(); ++it)
    starts_.push_back(static_cast<uint32_t>(*it + delta));
}

uint32_t LineStarts::lineEnd(std::string_view text, uint32_t line) const {
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

uint32_t LineStarts::lineOf(uint32_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<uint32_t>(it - starts_.begin()) - 1;
}

uint32_t LineStarts::column(std::string_view text, uint32_t line, uint32_t offset,
                            ColumnUnit unit) const {
  const uint32_t begin = starts_[line];
  if (unit == ColumnUnit::CodePoints)
    return countCharacterStarts(text, begin, offset);
  uint32_t units = 0;
  for (uint32_t i = begin; i < offset;) {
    // Positions are converted for every diagnostic, hover and token, mostly on long ASCII
    // lines: taking 8 bytes at a time is several times faster than decoding each.
    if (i + 8 <= offset && bytescan::ascii8(text.data() + i)) {
      units += 8;
      i += 8;
      continue;
    }
    uint32_t len = charLength(text, i);
    if (i + len > offset)
      break; // inside a character: report its start
    units += unitsOf(len, unit);
    i += len;
  }
  return units;
}

uint32_t LineStarts::offsetAt(std::string_view text, uint32_t line, uint32_t column,
                              ColumnUnit unit) const {
  uint32_t i = starts_[line];
  const uint32_t end = lineEnd(text, line);
  uint32_t remaining = column;
  while (i < end && remaining > 0) {
    if (remaining >= 8 && i + 8 <= end && bytescan::ascii8(text.data() + i)) {
      remaining -= 8;
      i += 8;
      continue;
    }
    uint32_t len = charLength(text, i);
    uint32_t units = unit == ColumnUnit::CodePoints ? 1 : unitsOf(len, unit);
    if (units > remaining)
      break; // inside a surrogate pair or a multi-byte character
    remaining -= units;
    i += len;
  }
  return i;
}

std::pair<uint32_t, uint32_t> LineStarts::lineColumn1(std::string_view text, uint32_t offset,
                                                      ColumnUnit unit) const {
  offset = std::min(offset, end_);
  const uint32_t line = lineOf(offset);
  return {line + 1, column(text, line, offset, unit) + 1};
}

uint32_t lineNumberAt(std::string_view text, size_t offset) {
  // Hovers ask this about places deep in a long draft: count the '\n' 8 bytes at a time, then
  // add the lone '\r's (rare, found with memchr).
  uint32_t line = 1;
  const size_t end = std::min<size_t>(offset, text.size());
  const char* p = text.data();
  size_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    using namespace bytescan;
    for (; i + 8 <= end; i += 8)
      line += countFlagged(zeroBytesExact(load8(p + i) ^ (kOnes * '\n')));
  }
  for (; i < end; ++i)
    line += p[i] == '\n';
  for (const char* r = static_cast<const char*>(std::memchr(p, '\r', end)); r;
       r = static_cast<const char*>(
           std::memchr(r + 1, '\r', end - static_cast<size_t>(r + 1 - p)))) {
    const size_t at = static_cast<size_t>(r - p);
    if (!(at + 1 < text.size() && p[at + 1] == '\n'))
      ++line; // "\r\n" is counted at the '\n'
    if (at + 1 >= end)
      break;
  }
  return line;
}

} // namespace accord
