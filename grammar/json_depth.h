// A guard run before parsing JSON from outside (client messages, lexicon and catalog files):
// refuses nesting deep enough to overflow the stack.
#pragma once
#include <cstddef>
#include <string_view>

namespace accord {

/// Arrays and objects may nest this deep. nlohmann's parser is iterative, but copying,
/// comparing and dumping a value recurse: 100,000 brackets would overflow the stack. LSP
/// messages nest about ten deep, lexicon files four.
inline constexpr size_t kMaxJsonDepth = 512;

/// The byte offset of the bracket that nests deeper than `limit`, or npos when none does.
/// Brackets inside strings do not count. Linear, allocates nothing; the text need not be
/// valid JSON.
inline size_t jsonTooDeepAt(std::string_view text, size_t limit = kMaxJsonDepth) {
  size_t depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit)
        return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

} // namespace accord
