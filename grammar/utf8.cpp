// UTF-8 encoding of strings, case folding of strings and term ids (the per-character codec is
// inline in utf8.h).
#include "grammar/utf8.h"

namespace accord {

void appendUtf8(std::string& out, char32_t c) {
  char bytes[4];
  out.append(bytes, encodeUtf8(c, bytes));
}

std::string foldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out += static_cast<char>((b >= 'A' && b <= 'Z') ? b + 32 : b);
      ++i;
      continue;
    }
    size_t len = 0;
    char32_t c = decodeUtf8(text, i, len);
    if (c == 0xFFFD && len == 1) {
      out += text[i];
    } else {
      appendUtf8(out, foldCase(c));
    }
    i += len;
  }
  return out;
}

std::string slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9'))
      out += l;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out.empty() ? "term" : out;
}

} // namespace accord
