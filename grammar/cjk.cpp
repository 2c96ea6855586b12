// Korean and Japanese text: the Korean particles a term may carry, and full-width folding.
#include "grammar/cjk.h"

#include <algorithm>
#include <cstring>

namespace accord {

const std::vector<std::string>& koreanParticles() {
  static const std::vector<std::string> list = {
      "을", "를", "이", "가", "은", "는", "의", "에", "에서", "에게", "께", "께서", "한테", "와",
      "과", "도", "로", "으로", "로서", "으로서", "로써", "으로써", "만", "까지", "부터", "이나",
      "나", "이랑", "랑", "하고", "보다", "처럼", "조차", "마저", "밖에", "만큼", "마다", "대로",
      "뿐", "란", "이란", "라는", "이라는", "라고", "이라고", "이다", "다", "이며", "며", "이고",
      "고", "인", "야", "이야", "요", "이요", "등", "들",
      // the copula's past and connective forms: 사드였다, 지소미아이지만, 독도라도
      "였다", "이었다", "였던", "이었던", "였고", "이었고", "인데", "이지만", "지만", "이라", "라",
      "이라도", "라도", "이든", "든", "이면", "면"};
  return list;
}

namespace {

/// Whether the Hangul syllables [b, e) of `t` split into at most `left` particles.
bool splitsIntoParticles(std::string_view t, size_t b, size_t e, int left) {
  if (b == e)
    return true;
  if (left == 0)
    return false;
  for (const std::string& p : koreanParticles())
    if (p.size() <= e - b && t.compare(b, p.size(), p) == 0 &&
        splitsIntoParticles(t, b + p.size(), e, left - 1))
      return true;
  return false;
}

} // namespace

bool koreanParticlesAt(std::string_view t, size_t pos, size_t* particlesEnd) {
  size_t e = pos;
  for (int n = 0; e < t.size(); ++n) {
    size_t len = 0;
    char32_t c = decodeUtf8(t, e, len);
    if (!isHangulSyllable(c))
      break;
    if (n == 9)
      return false; // longer than any three particles
    e += len;
  }
  if (particlesEnd)
    *particlesEnd = e;
  return splitsIntoParticles(t, pos, e, 3);
}

namespace {
/// The full-width variant at `i` (EF BC 81 … EF BD 9E), as its ASCII byte, or 0.
inline char fullWidthAt(std::string_view t, size_t i) {
  if (i + 2 >= t.size() || static_cast<unsigned char>(t[i]) != 0xEF)
    return 0;
  const auto b1 = static_cast<unsigned char>(t[i + 1]), b2 = static_cast<unsigned char>(t[i + 2]);
  if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF)
    return static_cast<char>(0x21 + (b2 - 0x81));
  if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E)
    return static_cast<char>(0x60 + (b2 - 0x80));
  return 0;
}
} // namespace

bool hasFullWidth(std::string_view t, size_t begin, size_t end) {
  end = std::min(end, t.size());
  for (size_t i = begin; i < end;) {
    const void* hit = std::memchr(t.data() + i, 0xEF, end - i);
    if (!hit)
      return false;
    i = static_cast<size_t>(static_cast<const char*>(hit) - t.data());
    if (fullWidthAt(t, i))
      return true;
    ++i;
  }
  return false;
}

FullWidthFolded foldFullWidth(std::string_view t) {
  // Runs without a full-width form are copied whole (memchr finds the next 0xEF).
  FullWidthFolded f;
  f.text.reserve(t.size());
  for (size_t i = 0; i < t.size();) {
    const void* hit = std::memchr(t.data() + i, 0xEF, t.size() - i);
    const size_t runEnd =
        hit ? static_cast<size_t>(static_cast<const char*>(hit) - t.data()) : t.size();
    f.text.append(t.data() + i, runEnd - i);
    i = runEnd;
    if (i >= t.size())
      break;
    if (const char c = fullWidthAt(t, i)) {
      f.folds.push_back(static_cast<uint32_t>(f.text.size()));
      f.text.push_back(c);
      i += 3;
    } else {
      f.text.push_back(t[i++]);
    }
  }
  return f;
}

} // namespace accord
