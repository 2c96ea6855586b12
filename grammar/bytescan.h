// Byte scanning eight bytes at a time (SWAR) and sixteen with SSE2: the one home of these tricks.
//
// Each test returns a mask with the high bit (0x80) set in the bytes of a little-endian word
// that pass it. "First-exact" tests may also flag bytes above the lowest flagged one (a
// borrow propagates upwards); they answer "is there one" and "where is the first", not "how
// many". Callers that read a word with load8 and use byte positions check
// std::endian::native == std::endian::little themselves.
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace accord::bytescan {

inline constexpr uint64_t kOnes = 0x0101010101010101ull;  ///< 0x01 in every byte
inline constexpr uint64_t kHighs = 0x8080808080808080ull; ///< 0x80 in every byte
inline constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;  ///< 0x7F in every byte

/// The eight bytes at `p` as one word (no alignment needed).
inline uint64_t load8(const void* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

/// The bytes of `w` that are zero; first-exact.
constexpr uint64_t zeroBytes(uint64_t w) {
  return (w - kOnes) & ~w & kHighs;
}
/// The bytes of `w` equal to `c`; first-exact.
constexpr uint64_t bytesEqual(uint64_t w, unsigned char c) {
  return zeroBytes(w ^ (kOnes * c));
}
/// The bytes of `w` below `n` (n <= 0x80); first-exact.
constexpr uint64_t bytesBelow(uint64_t w, unsigned char n) {
  return (w - kOnes * n) & ~w & kHighs;
}
/// The bytes of `w` at or above 0x80; exact.
constexpr uint64_t highBytes(uint64_t w) {
  return w & kHighs;
}
/// The bytes of `w` that are not zero; exact in every byte (no carry leaves a byte).
constexpr uint64_t nonZeroBytesExact(uint64_t w) {
  return (((w & kLow7) + kLow7) | w) & kHighs;
}
/// The bytes of `w` that are zero; exact in every byte (for counting).
constexpr uint64_t zeroBytesExact(uint64_t w) {
  return ~nonZeroBytesExact(w) & kHighs;
}

/// Whether the eight bytes at `p` are all ASCII.
inline bool ascii8(const char* p) {
  return highBytes(load8(p)) == 0;
}

/// The index (0-7) of the lowest flagged byte of a non-zero mask.
constexpr unsigned firstFlagged(uint64_t mask) {
  return static_cast<unsigned>(std::countr_zero(mask)) >> 3;
}
/// The index (0-7) of the highest flagged byte of a non-zero exact mask.
constexpr unsigned lastFlagged(uint64_t mask) {
  return static_cast<unsigned>(63 - std::countl_zero(mask)) >> 3;
}
/// How many bytes an exact mask flags: a sum of 0/1 bytes by one multiply (no popcnt on
/// baseline x86-64, where __builtin_popcountll is a libgcc call).
constexpr unsigned countFlagged(uint64_t exactMask) {
  return static_cast<unsigned>(((exactMask >> 7) * kOnes) >> 56);
}

/// The first of the bytes Cs in p[i, e), or e; 16 bytes at a time with SSE2 (for bytes that are
/// rare in prose: markup characters, the ends of addresses).
template <char... Cs> size_t findAnyOf(const char* p, size_t i, size_t e) {
#if defined(__SSE2__)
  for (; i + 16 <= e; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i any = _mm_setzero_si128();
    ((any = _mm_or_si128(any, _mm_cmpeq_epi8(v, _mm_set1_epi8(Cs)))), ...);
    if (const int bits = _mm_movemask_epi8(any))
      return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
  }
#endif
  for (; i < e; ++i)
    if (((p[i] == Cs) || ...))
      return i;
  return e;
}

// Classifying ASCII bytes -----------------------------------------------------------------

/// Counts ASCII capitals, ASCII small letters and bytes of 0x80 or above in p[0, n).
inline void countCase(const unsigned char* p, size_t n, size_t& upper, size_t& lower,
                      size_t& high) {
  size_t i = 0;
#if defined(__SSE2__)
  // per-byte counters (a compare gives -1 where true), summed every 255 blocks at most
  const __m128i toLetter = _mm_set1_epi8(0x80 - 'a'), toCapital = _mm_set1_epi8(0x80 - 'A'),
                letters = _mm_set1_epi8(-128 + 26), zero = _mm_setzero_si128();
  auto sum = [&](__m128i counts) {
    const __m128i s = _mm_sad_epu8(counts, zero);
    return static_cast<size_t>(_mm_cvtsi128_si32(s)) + static_cast<size_t>(_mm_extract_epi16(s, 4));
  };
  while (i + 16 <= n) {
    __m128i u = zero, l = zero, h = zero;
    for (int blocks = 0; blocks < 255 && i + 16 <= n; ++blocks, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      u = _mm_sub_epi8(u, _mm_cmplt_epi8(_mm_add_epi8(v, toCapital), letters));
      l = _mm_sub_epi8(l, _mm_cmplt_epi8(_mm_add_epi8(v, toLetter), letters));
      h = _mm_sub_epi8(h, _mm_cmplt_epi8(v, zero));
    }
    upper += sum(u);
    lower += sum(l);
    high += sum(h);
  }
#endif
  for (; i < n; ++i) {
    upper += p[i] >= 'A' && p[i] <= 'Z';
    lower += p[i] >= 'a' && p[i] <= 'z';
    high += p[i] >= 0x80;
  }
}

/// Which of 64 bytes are ASCII letters or digits (`word`), capitals or digits (`upper`), at or
/// above 0x80 (`high`): one bit a byte. With SSE2 (every x86-64) a block costs about one
/// instruction a byte, and the token loop finds where a word starts and ends by counting zero
/// bits instead of a table lookup and a branch for every byte.
struct ByteMasks {
  uint64_t word = 0, upper = 0, high = 0;
};
inline ByteMasks classify64(const unsigned char* p) {
  ByteMasks m;
#if defined(__SSE2__)
  // Unsigned ranges by signed compares: adding 0x80 - low moves [low, low + n) to [-128, -128 + n).
  const __m128i toLetter = _mm_set1_epi8(0x80 - 'a'), toCapital = _mm_set1_epi8(0x80 - 'A'),
                toDigit = _mm_set1_epi8(static_cast<char>(0x80 - '0')), fold = _mm_set1_epi8(0x20);
  const __m128i letters = _mm_set1_epi8(-128 + 26), digits = _mm_set1_epi8(-128 + 10);
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, fold), toLetter), letters);
    const __m128i capital = _mm_cmplt_epi8(_mm_add_epi8(v, toCapital), letters);
    const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, toDigit), digits);
    m.word |=
        static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(letter, digit))))
        << (16 * k);
    m.upper |= static_cast<uint64_t>(
                   static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(capital, digit))))
               << (16 * k);
    m.high |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(v))) << (16 * k);
  }
#else
  for (int k = 0; k < 64; ++k) {
    const unsigned char c = p[k];
    const bool digit = c >= '0' && c <= '9', capital = c >= 'A' && c <= 'Z';
    m.word |= static_cast<uint64_t>(digit || capital || (c >= 'a' && c <= 'z')) << k;
    m.upper |= static_cast<uint64_t>(digit || capital) << k;
    m.high |= static_cast<uint64_t>(c >= 0x80) << k;
  }
#endif
  return m;
}

} // namespace accord::bytescan
